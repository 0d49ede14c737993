//! The layers of `src/` stay layered: code in one folder names only the folders below it
//! (as listed in `lib.rs`), and nothing is imported through the crate root's
//! re-exports. Test modules are exempt: a test may build what it needs from anywhere.

use std::path::Path;

/// Bottom to top, as `lib.rs` declares them.
const LAYERS: [&str; 8] = [
    "support", "scopes", "error", "http", "tokens", "pipeline", "seams", "testkit",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate-relative paths (`crate::x`) a file's non-test code names, with their lines.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((n + 1, name));
        }
    }
    found
}

#[test]
fn each_layer_names_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let top = top.to_str().unwrap().trim_end_matches(".rs");
        let Some(own) = LAYERS.iter().position(|l| *l == top) else {
            continue; // lib.rs and macros.rs: the public face
        };
        for (line, name) in crate_paths(&std::fs::read_to_string(file).unwrap()) {
            match LAYERS.iter().position(|l| *l == name) {
                Some(used) if used <= own => {}
                Some(_) => wrong.push(format!(
                    "{}:{line}: `{top}` uses `{name}`, a layer above it",
                    relative.display()
                )),
                None => wrong.push(format!(
                    "{}:{line}: `crate::{name}` goes through the crate root; import it \
                     from the module that defines it",
                    relative.display()
                )),
            }
        }
    }
    assert!(files.len() > 40, "the walk found the sources");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
