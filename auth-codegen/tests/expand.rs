//! Expansion snapshots: each `tests/expand/<name>.rs` holds macro input; its expansion,
//! formatted, must equal `tests/expand/<name>.expanded.rs`.
//!
//! After a deliberate change to the generated code, run with `UPDATE_EXPANSIONS=1`, then
//! read the diff of the `.expanded.rs` files before committing them.

use std::fs;
use std::path::Path;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Expands every `#[api(...)]` item and `scopes! { ... }` invocation of a file.
fn expand_file(source: &str) -> String {
    let file: syn::File = syn::parse_str(source).expect("snapshot input parses");
    let mut out = TokenStream::new();
    for item in file.items {
        match item {
            syn::Item::Trait(mut t) => {
                let pos = t
                    .attrs
                    .iter()
                    .position(|a| a.path().is_ident("api"))
                    .expect("an #[api] attribute");
                let attr = t.attrs.remove(pos);
                let args = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => TokenStream::new(),
                };
                out.extend(auth_codegen::api(args, t.to_token_stream()));
            }
            syn::Item::Macro(m) if m.mac.path.is_ident("scopes") => {
                out.extend(auth_codegen::scopes(m.mac.tokens));
            }
            other => panic!(
                "unexpected item in snapshot input: {}",
                other.to_token_stream()
            ),
        }
    }
    auth_codegen::pretty(&out)
}

#[test]
fn expansions_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let update = std::env::var_os("UPDATE_EXPANSIONS").is_some();
    let mut failures = Vec::new();
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && !p.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let expected_path = input.with_extension("expanded.rs");
        let actual = expand_file(&fs::read_to_string(&input).unwrap());
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{} differs from its expansion; run with UPDATE_EXPANSIONS=1 and review the diff.\n--- actual ---\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
