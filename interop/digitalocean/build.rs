//! Generates the client from DigitalOcean's document, as published, into `OUT_DIR`.

fn main() {
    let config = auth_openapi::Config::default().name("DigitalOcean");
    interop_specs::generate("digitalocean.yaml", &config, "digitalocean.rs");
}
