//! DigitalOcean's document as a whole crate (`auth_openapi::generate_crate`, what
//! `auth-openapi --crate DIR` writes): one Cargo feature per tag, and the crate builds
//! with no tag, with one tag (`droplets`, also under clippy `-D warnings`), with one
//! tag and the schemas no operation uses, and with every tag (the default). Built by
//! cargo in a workspace of its own under `target/`, offline, against this repository's
//! `auth-core` and lock file.
#![cfg(has_spec)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the crate is written: a workspace of its own under the target directory.
fn workspace() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join("target/generated-crate")
}

fn cargo(dir: &Path, args: &[&str]) {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg(args[0])
        .args(["--offline", "-q", "-p", "do-crate"])
        .args(&args[1..])
        .current_dir(dir)
        .env_remove("RUSTFLAGS")
        // Only what the builds prove; the disk of CI machines is not large.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_crate_builds_with_no_tag_one_tag_and_every_tag() {
    let Some(path) = interop_specs::require("digitalocean.yaml") else {
        return;
    };
    let document = std::fs::read_to_string(path).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let core = root.join("auth-core").canonicalize().unwrap();
    let mut options = auth_openapi::PackageOptions::new("do-crate");
    options.auth_core = format!("{{ path = {:?}, features = [\"default\"] }}", core);
    let config = auth_openapi::Config::default().name("DigitalOcean");
    let package = auth_openapi::generate_crate(&document, &config, &options).unwrap();

    // A feature per tag, with its methods; the README names the scopes.
    let features: Vec<&str> = package
        .features
        .iter()
        .map(|(f, _, _)| f.as_str())
        .collect();
    assert!(features.contains(&"droplets") && features.contains(&"1-click-applications"));
    assert!(features.len() < 300, "crates.io takes up to 300 features");
    let droplets = package
        .features
        .iter()
        .find(|(f, _, _)| f == "droplets")
        .unwrap();
    assert_eq!((droplets.1.as_str(), droplets.2), ("Droplets", 19));
    let file = |name: &str| {
        &package
            .files
            .iter()
            .find(|(path, _)| path == name)
            .unwrap()
            .1
    };
    assert!(file("Cargo.toml").contains("\ndroplets = []\n"));
    assert!(file("Cargo.toml").contains("default = [\"1-click-applications\", "));
    let readme = file("README.md");
    assert!(
        readme.contains("| `droplet:read` | `digital_ocean::droplet_read` |"),
        "{readme}"
    );
    assert!(file("src/generated.rs").contains("#[cfg(feature = \"droplets\")]"));

    let dir = workspace();
    let _ = std::fs::remove_dir_all(dir.join("do-crate"));
    for (name, contents) in &package.files {
        let at = dir.join("do-crate").join(name);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, contents).unwrap();
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"do-crate\"]\nresolver = \"3\"\n",
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    cargo(&dir, &["build", "--no-default-features"]);
    cargo(
        &dir,
        &["build", "--no-default-features", "--features", "droplets"],
    );
    cargo(
        &dir,
        &[
            "clippy",
            "--no-default-features",
            "--features",
            "droplets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &dir,
        &[
            "build",
            "--no-default-features",
            "--features",
            "ssh-keys,unused-schemas",
        ],
    );
    cargo(&dir, &["build"]);
    let _ = std::fs::remove_dir_all(dir.join("target"));
}
