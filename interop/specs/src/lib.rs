//! The real OpenAPI documents the interop crates generate clients from, and the
//! conventions for reading them: documents live in `../shared/specs/` next to the
//! repository (or in `$AUTH_SPECS_DIR`), never in it.
//!
//! - In a `build.rs`, [`generate`] writes the client for a document into `OUT_DIR` and
//!   sets the cfg `has_spec` when the document is there; without it, the crate builds
//!   empty.
//! - In tests, [`require`] says whether the document is there: a missing one skips the
//!   test with a message saying why, except under `CI=true`, where it fails. [`read`]
//!   reads a document as JSON, on its own (not through the generator), for tests that
//!   check the generated clients against it.
//!
//! ```no_run
//! // build.rs of a crate whose lib.rs has
//! // `#[cfg(has_spec)] include!(concat!(env!("OUT_DIR"), "/figma.rs"));`
//! let config = auth_openapi::Config::from_json(r#"{"name": "Figma"}"#).unwrap();
//! interop_specs::generate("corpus/figma/openapi.yaml", &config, "figma.rs");
//! ```

pub mod check;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Where the documents are: `$AUTH_SPECS_DIR`, else `../shared/specs` next to the
/// repository.
pub fn specs_dir() -> PathBuf {
    match std::env::var_os("AUTH_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs"),
    }
}

/// The path of the document `relative` (`digitalocean.yaml`, `corpus/jira/swagger-v3.v3.json`),
/// when it is there.
pub fn path(relative: &str) -> Option<PathBuf> {
    let path = specs_dir().join(relative);
    path.is_file().then_some(path)
}

/// For a `build.rs`: generates the client for `relative` with `config` into
/// `$OUT_DIR/<out>` and sets the cfg `has_spec`; when the document is absent, writes an
/// empty file and sets nothing, with a cargo warning saying why.
///
/// # Panics
///
/// When the document is there but does not generate (a bug to see at once), or
/// `OUT_DIR` is not writable.
pub fn generate(relative: &str, config: &auth_openapi::Config, out: &str) {
    println!("cargo::rustc-check-cfg=cfg(has_spec)");
    println!("cargo::rerun-if-env-changed=AUTH_SPECS_DIR");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out);
    let Some(path) = path(relative) else {
        println!(
            "cargo::warning=`{}` is not there: the client is not generated and its tests skip \
             (they fail under CI=true). Put the shared specs next to the repository, or set \
             AUTH_SPECS_DIR.",
            specs_dir().join(relative).display()
        );
        std::fs::write(&out, "").expect("OUT_DIR is writable");
        return;
    };
    println!("cargo::rerun-if-changed={}", path.display());
    let document =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let generated = auth_openapi::generate(&document, config)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(&out, generated.code).expect("OUT_DIR is writable");
    println!("cargo::rustc-cfg=has_spec");
}

/// For tests: the path of `relative`, or `None` after printing why the test is skipped.
///
/// # Panics
///
/// Under `CI=true`, when the document is missing: CI must test against it.
pub fn require(relative: &str) -> Option<PathBuf> {
    let found = path(relative);
    if found.is_none() {
        let message = format!(
            "`{}` is not there, so this test is skipped: put the shared specs next to the \
             repository (../shared/specs) or set AUTH_SPECS_DIR",
            specs_dir().join(relative).display()
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message} (CI=true: a missing document fails)");
        }
        eprintln!("skipped: {message}");
    }
    found
}

/// The document `relative` as JSON (YAML read as JSON, mapping keys that are numbers as
/// their text), to be read on its own, not through the generator.
///
/// # Panics
///
/// When it is missing or not YAML or JSON.
pub fn read(relative: &str) -> Value {
    let path =
        path(relative).unwrap_or_else(|| panic!("{relative} is not in {}", specs_dir().display()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    auth_openapi::document_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The document's operations: (HTTP method in upper case, path, operation), by path.
pub fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for verb in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(op) = item.get(verb) {
                out.push((verb.to_ascii_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

/// The example a document gives for the JSON answer `status` of `method` (lower case)
/// at `path`: the content's `example`, or its first `examples` entry (references
/// followed); an example written as a JSON string (as Atlassian writes them) is read as
/// the JSON it holds.
pub fn example(document: &Value, method: &str, path: &str, status: &str) -> Option<Value> {
    let content = document["paths"][path][method]["responses"][status]["content"]
        .as_object()?
        .iter()
        .find(|(media, _)| media.contains("json"))
        .map(|(_, content)| content)?;
    let example = match content.get("example") {
        Some(example) => example.clone(),
        None => {
            let (_, first) = content.get("examples")?.as_object()?.iter().next()?;
            let first = match first.get("$ref").and_then(Value::as_str) {
                Some(reference) => document.pointer(reference.strip_prefix('#')?)?,
                None => first,
            };
            first.get("value")?.clone()
        }
    };
    Some(match example {
        Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        other => other,
    })
}
