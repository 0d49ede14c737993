//! DigitalOcean's whole API (659 operations, 142 scopes) as a scope-checked client,
//! generated at build time by `auth-openapi` from DigitalOcean's own OpenAPI document,
//! unchanged, read from `../shared/specs/digitalocean.yaml` (not copied into this
//! repository; without it the crate builds empty and its tests skip, except under
//! `CI=true`).
//!
//! A personal access token created with custom scopes is a `Scoped<Of<...>>` of those
//! scopes, and the client has the methods those scopes allow.
#![cfg_attr(
    has_spec,
    doc = r#"
```no_run
use auth_core::{Environment, Scoped, StaticToken};
use interop_digitalocean::{DigitalOceanClient, digital_ocean};

# async fn run() -> Result<(), Box<dyn std::error::Error>> {
type ReadDroplets = digital_ocean::Of<digital_ocean::droplet_read>;
let token = StaticToken::new(std::env::var("DIGITALOCEAN_TOKEN")?)?;
let token = Scoped::<ReadDroplets>::assume_granted(token);
let client = DigitalOceanClient::new(token, Environment::Production);
let droplets = client.droplets_list().per_page(20).await?;
for droplet in &droplets.droplets {
    println!("{} {} ({})", droplet.id, droplet.name, droplet.status);
}
// client.droplets_destroy(1).await; // does not compile: needs `droplet:delete`
# Ok(())
# }
```

The traits: [`DigitalOcean`] (api.digitalocean.com, `bearer_auth`), [`DigitalOceanInference`]
(inference.do-ai.run, `inference_bearer_auth`, no scopes), [`DigitalOceanInferenceAgentUrl`]
(an agent's own URL, given to its constructor) and [`DigitalOceanOther`] (the public upload
to a presigned URL).
"#
)]
// The provider's descriptions become doc comments as written: their brackets, bare URLs
// and HTML are prose, not rustdoc links.
#![allow(
    rustdoc::broken_intra_doc_links,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags
)]

#[cfg(has_spec)]
include!(concat!(env!("OUT_DIR"), "/digitalocean.rs"));
