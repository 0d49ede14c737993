//! Generates the client from `orders.json`, as progenitor's README recommends, with an
//! inner type that carries the application's middleware stack.

fn main() {
    let src = "orders.json";
    println!("cargo:rerun-if-changed={src}");
    let spec = serde_json::from_reader(std::fs::File::open(src).unwrap()).unwrap();
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_inner_type(quote_inner());
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(&spec).unwrap();
    let ast = syn::parse2(tokens).unwrap();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("codegen.rs");
    std::fs::write(out, prettyplease::unparse(&ast)).unwrap();
}

/// `crate::Runtime`, as progenitor wants it: a token stream.
fn quote_inner() -> proc_macro2::TokenStream {
    "crate::Runtime".parse().unwrap()
}
