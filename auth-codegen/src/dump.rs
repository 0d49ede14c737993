//! `AUTH_MACROS_DUMP=<dir>`: write each expansion, formatted, to `<dir>/<Name>.rs`.

use proc_macro2::TokenStream;

/// The environment variable naming the directory expansions are written to.
pub const DUMP_ENV: &str = "AUTH_MACROS_DUMP";

pub(crate) fn dump(name: &str, tokens: &TokenStream) {
    let Some(dir) = std::env::var_os(DUMP_ENV) else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    // Reading the dump is a debugging aid: a failure to write must not fail the build.
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.rs")), pretty(tokens));
}

/// Formats generated code for reading; falls back to the raw tokens if they do not
/// parse as a file (an expansion that carries `compile_error!`s still parses).
pub fn pretty(tokens: &TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}
