//! Generates the client from Mastodon's document, as published, with the conventions in
//! `config.json` (what the document means, as its provider enforces it).

fn main() {
    println!("cargo::rerun-if-changed=config.json");
    let config = auth_openapi::Config::from_json(include_str!("config.json"))
        .expect("config.json is a generator configuration");
    interop_specs::generate("corpus/mastodon/schema.json", &config, "mastodon.rs");
}
