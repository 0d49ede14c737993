//! `auth-openapi DOCUMENT [-o OUT.rs | --crate DIR] [--config CONFIG.json]`: writes the
//! scope-checked client for an OpenAPI document, as one source file or as a whole crate
//! with a Cargo feature per tag. Warnings go to stderr, one per line, with their JSON
//! pointer.

use std::process::ExitCode;

const USAGE: &str = "usage: auth-openapi DOCUMENT [-o OUT.rs] [--config CONFIG.json]\n\
       auth-openapi DOCUMENT --crate DIR [--name NAME] [--auth-core TOML] [--config CONFIG.json]\n\
    \n\
    Writes scopes! modules and #[api] traits for an OpenAPI 3.0/3.1 document (YAML or\n\
    JSON) to OUT.rs (stdout without -o); with --crate, a crate in DIR (Cargo.toml with one\n\
    feature per tag, build.rs, src/lib.rs, src/generated.rs, README.md with the scope\n\
    table), named NAME (the document's title in kebab-case by default), depending on\n\
    auth-core as TOML says\n\
    (\"0.1\" by default; '{ path = \"../auth-core\" }'). CONFIG.json (every key optional):\n\
    {\"name\": \"Shop\", \"implies\": [[\":update\", \":read\"]], \"either\": [\"OAuth2\"],\n\
     \"scopes_extension\": {\"name\": \"x-atlassian-oauth2-scopes\", \"suffix\": \"Granular\"},\n\
     \"api_keys\": {\"BotToken\": {\"prefix\": \"Bot \"}}, \"runtime\": \"::auth_core\",\n\
     \"paging\": {\"getInvoices\": {\"items\": \"/Invoices\", \"page\": \"page\"}},\n\
     \"include\": {\"tags\": [\"Droplets\"], \"paths\": [\"/v2/droplets*\"], \"operations\": [\"droplets_list\"]},\n\
     \"exclude\": {\"operations\": [\"droplets_destroy_byTag\"]},\n\
     \"full_serde\": false, \"derive_deserialize\": false, \"features\": false}";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("auth-openapi: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut document = None;
    let mut out = None;
    let mut krate: Option<String> = None;
    let mut name: Option<String> = None;
    let mut auth_core: Option<String> = None;
    let mut config = auth_openapi::Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "-o" | "--out" => out = Some(args.next().ok_or("-o needs a file")?),
            "--crate" => krate = Some(args.next().ok_or("--crate needs a directory")?),
            "--name" => name = Some(args.next().ok_or("--name needs a name")?),
            "--auth-core" => auth_core = Some(args.next().ok_or("--auth-core needs TOML")?),
            "--config" => {
                let path = args.next().ok_or("--config needs a file")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                config =
                    auth_openapi::Config::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
            }
            _ if document.is_none() && !arg.starts_with('-') => document = Some(arg),
            _ => return Err(format!("unexpected argument `{arg}`\n{USAGE}")),
        }
    }
    let path = document.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let generated = match &krate {
        Some(dir) => {
            let mut options = auth_openapi::PackageOptions::new(name.as_deref().unwrap_or(""));
            if let Some(auth_core) = auth_core {
                options.auth_core = auth_core;
            }
            let package = auth_openapi::generate_crate(&text, &config, &options)
                .map_err(|e| format!("{path}: {e}"))?;
            for (file, contents) in &package.files {
                let at = std::path::Path::new(dir).join(file);
                if let Some(parent) = at.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("{}: {e}", parent.display()))?;
                }
                std::fs::write(&at, contents).map_err(|e| format!("{}: {e}", at.display()))?;
            }
            eprintln!(
                "auth-openapi: the crate `{}` in {dir}, {} features",
                package.name,
                package.features.len()
            );
            package.generated
        }
        None => auth_openapi::generate(&text, &config).map_err(|e| format!("{path}: {e}"))?,
    };
    for warning in &generated.warnings {
        eprintln!("warning: {path}: {warning}");
    }
    if krate.is_none() {
        match &out {
            Some(file) => {
                std::fs::write(file, &generated.code).map_err(|e| format!("{file}: {e}"))?;
            }
            None => print!("{}", generated.code),
        }
    }
    eprintln!(
        "auth-openapi: {} of {} operations as methods of {} traits, {} warnings{}",
        generated.generated,
        generated.operations,
        generated.traits.len(),
        generated.warnings.len(),
        if generated.crates.is_empty() {
            String::new()
        } else {
            format!("; the types also use {}", generated.crates.join(", "))
        }
    );
    Ok(())
}
