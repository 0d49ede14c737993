//! Generates the client from `spec/digitalocean.yaml`, as published, into `OUT_DIR`.

fn main() {
    let spec = "spec/digitalocean.yaml";
    println!("cargo::rerun-if-changed={spec}");
    let document = std::fs::read_to_string(spec).expect("spec/digitalocean.yaml is in the crate");
    let config = auth_openapi::Config::default().name("DigitalOcean");
    let generated = match auth_openapi::generate(&document, &config) {
        Ok(generated) => generated,
        Err(e) => panic!("{spec}: {e}"),
    };
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("digitalocean.rs");
    std::fs::write(&out, generated.code).expect("OUT_DIR is writable");
}
