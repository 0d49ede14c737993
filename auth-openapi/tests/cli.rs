//! The command-line binary as a user runs it: on a schema the type generator panics on,
//! it prints warnings only (no panic message, no backtrace), loses only that schema, and
//! succeeds.

use std::process::Command;

#[test]
fn a_panicking_schema_is_one_warning_and_nothing_else_on_stderr() {
    let document = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/documents/typify-panics.yaml"
    );
    let out = std::env::temp_dir().join(format!("auth-openapi-cli-{}.rs", std::process::id()));
    let run = Command::new(env!("CARGO_BIN_EXE_auth-openapi"))
        .arg(document)
        .arg("-o")
        .arg(&out)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one warning and the summary: {stderr}");
    assert!(lines[0].starts_with("warning: "), "{stderr}");
    assert!(lines[0].contains("at /components/schemas/Odd:"), "{stderr}");
    assert!(
        lines[0].contains("not yet implemented"),
        "typify's reason is kept: {stderr}"
    );
    assert!(
        lines[1].starts_with("auth-openapi: 2 of 2 operations"),
        "{stderr}"
    );
    let code = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(
        code.contains("-> Result<types::Fine, ::auth_core::Error>;"),
        "{code}"
    );
    assert!(
        code.contains("async fn get_odd(&self) -> Result<::serde_json::Value"),
        "{code}"
    );
}

/// `--crate DIR` writes the crate's three files, named after the document's title unless
/// `--name` says otherwise, with the `auth-core` dependency `--auth-core` gives.
#[test]
fn crate_writes_a_manifest_a_lib_and_a_readme() {
    let document = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/documents/typify-panics.yaml"
    );
    let dir = std::env::temp_dir().join(format!("auth-openapi-crate-{}", std::process::id()));
    let run = Command::new(env!("CARGO_BIN_EXE_auth-openapi"))
        .arg(document)
        .arg("--crate")
        .arg(&dir)
        .args(["--auth-core", "{ path = \"../auth-core\" }"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{stderr}");
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
    let manifest = read("Cargo.toml");
    let (lib, readme) = (read("src/lib.rs"), read("README.md"));
    let (generated, build) = (read("src/generated.rs"), read("build.rs"));
    let _ = std::fs::remove_dir_all(&dir);
    // Named after the document's title, `Odd API`.
    assert!(
        stderr.contains("auth-openapi: the crate `odd-api` in "),
        "{stderr}"
    );
    assert!(manifest.contains("\nname = \"odd-api\"\n"), "{manifest}");
    assert!(
        manifest.contains("\nauth-core = { path = \"../auth-core\" }\n"),
        "{manifest}"
    );
    assert!(manifest.contains("[features]\ndefault = ["), "{manifest}");
    assert!(lib.starts_with("//! "), "{lib}");
    assert!(lib.contains("include!(concat!(env!(\"OUT_DIR\")"), "{lib}");
    assert!(generated.contains("pub mod types {"), "{generated}");
    assert!(build.contains("fn main()"), "{build}");
    assert!(readme.contains("## Features"), "{readme}");
}
