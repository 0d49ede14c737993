//! `AUTH_MACROS_DUMP=<dir>` writes each expansion, formatted, for reading. (Its own test
//! binary: the variable is process-wide.)

#[test]
fn expansions_are_dumped_to_the_named_directory() {
    let dir = std::env::temp_dir().join(format!("auth-macros-dump-{}", std::process::id()));
    // SAFETY: this test binary runs this one test; no other thread reads the environment.
    unsafe { std::env::set_var(auth_codegen::DUMP_ENV, &dir) };
    auth_codegen::api(
        quote::quote!(scopes = shop),
        quote::quote! {
            pub trait Shop {
                #[get("/orders")]
                #[authenticated(scope = "orders")]
                async fn orders(&self) -> Result<(), Error>;
            }
        },
    );
    let dumped = std::fs::read_to_string(dir.join("Shop.rs")).unwrap();
    assert!(dumped.contains("pub struct ShopClient<S> {"), "{dumped}");
    assert!(
        dumped.contains("    pub fn orders<__ScopeProof>(&self)"),
        "formatted: {dumped}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
