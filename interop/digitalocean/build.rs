//! Generates the client from DigitalOcean's document, as published, into `OUT_DIR`; and,
//! for `tests/decode.rs`, the same types with serde's own `Deserialize` derive, with a
//! table pairing each type with its twin.

use std::fmt::Write as _;

fn main() {
    let config = auth_openapi::Config::default().name("DigitalOcean");
    interop_specs::generate("digitalocean.yaml", &config, "digitalocean.rs");
    derived_twins(&config);
}

/// Writes `derived.rs`: the `types` module generated with `derive_deserialize` (serde's
/// derive on every type), and `TWINS`, each type's name with a function decoding a JSON
/// text as this crate's type and as its derived twin (each answer `Debug`-printed).
fn derived_twins(config: &auth_openapi::Config) {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("derived.rs");
    let Some(path) = interop_specs::path("digitalocean.yaml") else {
        std::fs::write(&out, "").expect("OUT_DIR is writable");
        return;
    };
    let document = std::fs::read_to_string(&path).expect("the document reads");
    let mut config = config.clone();
    config.derive_deserialize = true;
    let code = auth_openapi::generate(&document, &config)
        .expect("the document generates")
        .code;
    let start = code
        .find("\npub mod types {\n")
        .expect("the code has a types module");
    let types = &code[start..];
    let mut table = String::from(
        "/// Each type: its name, a JSON text decoded as it and as its derived twin, and the\n\
         /// shape it asks the deserializer for.\n\
         pub const TWINS: &[(&str, fn(&str) -> (Decoded, Decoded), fn() -> Shape)] = &[\n",
    );
    for line in types.lines() {
        let name = ["    pub struct ", "    pub enum "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .and_then(|rest| rest.split([' ', '(', '{', ';']).next());
        if let Some(name) = name {
            writeln!(
                table,
                "    (\"{name}\", |json| (decode::<interop_digitalocean::types::{name}>(json), \
                 decode::<types::{name}>(json)), shape::<types::{name}>),"
            )
            .unwrap();
        }
    }
    table.push_str("];\n");
    std::fs::write(&out, format!("{types}\n{table}")).expect("OUT_DIR is writable");
}
