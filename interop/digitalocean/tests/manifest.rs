//! Every operation of DigitalOcean's document is a method, with the scopes its
//! `security` names: the generated clients' manifests against the document itself.

#![cfg(has_spec)]

use std::collections::BTreeSet;

use auth_core::manifest::{Auth, Manifest};
use interop_digitalocean::{
    DigitalOceanClient, DigitalOceanInferenceAgentUrlClient, DigitalOceanInferenceClient,
    DigitalOceanOtherClient,
};

/// The document's operations as (method, path with parameters as `{}`, operationId),
/// read on their own.
fn document_operations() -> Vec<(String, String, String)> {
    let document = interop_specs::read("digitalocean.yaml");
    interop_specs::operations(&document)
        .into_iter()
        .map(|(verb, path, op)| {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            (verb, normalise(&path), id)
        })
        .collect()
}

fn normalise(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn manifests() -> [&'static Manifest; 4] {
    [
        &DigitalOceanClient::MANIFEST,
        &DigitalOceanOtherClient::MANIFEST,
        &DigitalOceanInferenceClient::MANIFEST,
        &DigitalOceanInferenceAgentUrlClient::MANIFEST,
    ]
}

#[test]
fn the_manifests_list_all_659_operations() {
    let document = document_operations();
    assert_eq!(document.len(), 659);
    let generated: BTreeSet<(String, String)> = manifests()
        .iter()
        .flat_map(|m| m.endpoints.iter())
        .map(|e| (e.method.to_owned(), normalise(e.path)))
        .collect();
    let declared: BTreeSet<(String, String)> = document
        .iter()
        .map(|(verb, path, _)| (verb.clone(), path.clone()))
        .collect();
    assert_eq!(declared.len(), 659);
    let missing: Vec<_> = declared.difference(&generated).collect();
    let extra: Vec<_> = generated.difference(&declared).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    let methods: usize = manifests().iter().map(|m| m.endpoints.len()).sum();
    assert_eq!(
        methods, 659,
        "each operation once: none takes two credentials"
    );
}

#[test]
fn methods_need_the_scopes_the_document_names() {
    let api = &DigitalOceanClient::MANIFEST;
    let auth = |name: &str| api.endpoint(name).unwrap_or_else(|| panic!("{name}")).auth;
    assert_eq!(
        auth("droplets_destroy"),
        Auth::Scopes {
            all: &["droplet:delete"],
            any_of: &[]
        }
    );
    assert_eq!(
        auth("volumes_list"),
        Auth::Scopes {
            all: &["api:read", "api:write", "block_storage:read"],
            any_of: &[]
        }
    );
    assert_eq!(
        auth("domains_create_record"),
        Auth::Scopes {
            all: &[],
            any_of: &[&["domain:create", "domain:update"]]
        }
    );
    assert_eq!(
        auth("one_clicks_install_kubernetes"),
        Auth::Scopes {
            all: &["kubernetes:update", "addon:create"],
            any_of: &[]
        }
    );
    // The upload to a presigned URL is `security: []`.
    let upload = DigitalOceanOtherClient::MANIFEST
        .endpoint("inference_upload_batch_file")
        .unwrap();
    assert_eq!(upload.auth, Auth::Public);
    // The inference API's bearer scheme declares no scopes: a token is all it needs.
    for endpoint in DigitalOceanInferenceClient::MANIFEST.endpoints {
        assert_eq!(
            endpoint.auth,
            Auth::Scopes {
                all: &[],
                any_of: &[]
            },
            "{}",
            endpoint.name
        );
    }
    assert!(api.scopes.contains(&"droplet:delete"));
    assert_eq!(api.scopes.len(), 142, "every scope the document names");
}

#[test]
fn method_names_are_the_operation_ids_in_snake_case() {
    let names: BTreeSet<&str> = manifests()
        .iter()
        .flat_map(|m| m.endpoints.iter().map(|e| e.name))
        .collect();
    assert_eq!(names.len(), 659, "one distinct name per operation");
    let ids: BTreeSet<String> = document_operations()
        .into_iter()
        .map(|(_, _, id)| id)
        .collect();
    for (id, name) in [
        ("droplets_list", "droplets_list"),
        ("sshKeys_list", "ssh_keys_list"),
        ("invoices_get_byUUID", "invoices_get_by_uuid"),
        (
            "oneClicks_install_kubernetes",
            "one_clicks_install_kubernetes",
        ),
        ("inference_upload_batch_file", "inference_upload_batch_file"),
    ] {
        assert!(ids.contains(id), "{id} is in the document");
        assert!(names.contains(name), "{id} is the method {name}");
    }
}
