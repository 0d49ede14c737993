//! One rulebook: every path template, header name and server URL the generator writes
//! also passes `#[api]`'s checks (and every scope `scopes!`'s), whatever a document
//! holds. Generated documents with random paths, header names and servers; each trait
//! and `scopes!` module of the output is expanded by `auth-codegen` and must have no
//! error.

use proptest::prelude::*;
use quote::ToTokens;

fn document(path: &str, header: &str, server: &str, scope: &str) -> String {
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Rules", "version": "1"},
        "servers": [{"url": server}],
        "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {
            "clientCredentials": {"tokenUrl": "https://auth.example/token", "scopes": {scope: "a scope"}}}}}},
        "paths": {path: {"get": {
            "operationId": "op",
            "security": [{"oauth": [scope]}],
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "x", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": header, "in": "header", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    doc.to_string()
}

/// Every `#[api]` trait and `scopes!` module of `code`, expanded: the errors they give.
fn errors(code: &str) -> Vec<String> {
    let file = syn::parse_file(code).expect("the generator writes Rust");
    let mut errors = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Trait(mut item) => {
                let Some(at) = item
                    .attrs
                    .iter()
                    .position(|a| a.path().segments.last().is_some_and(|s| s.ident == "api"))
                else {
                    continue;
                };
                let attr = item.attrs.remove(at);
                let args = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => Default::default(),
                };
                let out = auth_codegen::api(args, item.to_token_stream()).to_string();
                if out.contains("compile_error") {
                    errors.push(out);
                }
            }
            syn::Item::Macro(item) => {
                let out = auth_codegen::scopes(item.mac.tokens).to_string();
                if out.contains("compile_error") {
                    errors.push(out);
                }
            }
            _ => {}
        }
    }
    errors
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn what_the_generator_writes_passes_the_macro(
        path in r"/[a-z{}/\t ?#-]{0,6}\{id\}[a-z{}/.~\t-]{0,6}(\{x\})?[a-z}{/]{0,3}",
        header in r"[A-Za-z0-9 :_.\-\t!]{1,12}",
        server in r"https://(\{[a-zA-Z_-]{1,6}\}|your-[a-z]{1,5}|api)(\.[a-z{}]{1,5}){0,2}(/[a-z{}0-9.]{0,5})?",
        scope in r"[a-z:. /\-{}]{1,12}",
    ) {
        let source = document(&path, &header, &server, &scope);
        let Ok(generated) = auth_openapi::generate(&source, &auth_openapi::Config::default()) else {
            return Ok(());
        };
        let errors = errors(&generated.code);
        prop_assert!(errors.is_empty(), "{source}\n{}\n{errors:#?}", generated.code);
    }
}
