//! Every real document generates with its configuration: every operation as a method,
//! the traits its credentials give, the same bytes twice, each warning naming a node of
//! the document. (That each output compiles without warnings is the interop crates'
//! build, under CI's clippy `-D warnings`.)

use auth_openapi::{Config, Generated, generate};

struct Document {
    path: &'static str,
    config: &'static str,
    operations: usize,
    traits: &'static [&'static str],
}

const DOCUMENTS: [Document; 7] = [
    Document {
        path: "digitalocean.yaml",
        config: r#"{"name": "DigitalOcean"}"#,
        operations: 659,
        traits: &[
            "DigitalOcean",
            "DigitalOceanOther",
            "DigitalOceanInference",
            "DigitalOceanInferenceAgentUrl",
        ],
    },
    Document {
        path: "corpus/figma/openapi.yaml",
        config: include_str!("../../corpus/figma/config.json"),
        operations: 47,
        traits: &["Figma", "FigmaOrgOAuth2", "FigmaPersonalAccessToken"],
    },
    Document {
        path: "corpus/xero/xero_accounting.yaml",
        config: include_str!("../../corpus/xero/config.json"),
        operations: 235,
        traits: &["Xero"],
    },
    Document {
        path: "corpus/discord/openapi.json",
        config: include_str!("../../corpus/discord/config.json"),
        operations: 242,
        traits: &["Discord", "DiscordBotToken"],
    },
    Document {
        path: "corpus/asana/asana_oas.yaml",
        config: include_str!("../../corpus/asana/config.json"),
        operations: 247,
        traits: &["Asana", "AsanaOauth2"],
    },
    Document {
        path: "corpus/mastodon/schema.json",
        config: include_str!("../../corpus/mastodon/config.json"),
        operations: 210,
        traits: &["Mastodon"],
    },
    Document {
        path: "corpus/jira/swagger-v3.v3.json",
        config: include_str!("../../corpus/jira/config.json"),
        operations: 595,
        traits: &["Jira", "JiraGranular", "JiraBasic"],
    },
];

fn generated(document: &Document) -> Option<(String, Generated)> {
    let path = interop_specs::require(document.path)?;
    let source = std::fs::read_to_string(&path).unwrap();
    let config = Config::from_json(document.config).unwrap();
    let generated = generate(&source, &config).unwrap_or_else(|e| panic!("{}: {e}", document.path));
    Some((source, generated))
}

#[test]
fn every_document_generates_every_operation_the_same_way_twice() {
    for document in &DOCUMENTS {
        let Some((source, first)) = generated(document) else {
            continue;
        };
        let at = document.path;
        assert_eq!(
            (first.operations, first.generated),
            (document.operations, document.operations),
            "{at}: every operation is a method"
        );
        let names: Vec<&str> = first.traits.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, document.traits, "{at}");
        let config = Config::from_json(document.config).unwrap();
        let second = generate(&source, &config).unwrap();
        assert!(
            first.code == second.code,
            "{at}: the same document gives the same bytes"
        );
        assert_eq!(first.warnings, second.warnings, "{at}");
        for warning in &first.warnings {
            assert!(
                ["/paths/", "/components/", "/security"]
                    .iter()
                    .any(|p| warning.pointer.starts_with(p)),
                "{at}: {warning}"
            );
            assert!(!warning.message.contains("panicked"), "{at}: {warning}");
        }
    }
}

#[test]
fn no_document_loses_its_types() {
    for document in &DOCUMENTS {
        let Some((_, generated)) = generated(document) else {
            continue;
        };
        let untyped: Vec<_> = generated
            .warnings
            .iter()
            .filter(|w| w.message.contains("cannot express this schema"))
            .collect();
        assert!(untyped.is_empty(), "{}: {untyped:#?}", document.path);
    }
}

#[test]
fn digitalocean_keeps_every_scope_with_its_wire_name() {
    let Some((_, generated)) = generated(&DOCUMENTS[0]) else {
        return;
    };
    assert_eq!(generated.traits[0].scopes.as_deref(), Some("digital_ocean"));
    assert_eq!(
        generated.traits[2].scopes, None,
        "the inference scheme declares no scopes"
    );
    let scopes = generated
        .code
        .split("pub mod digital_ocean {")
        .nth(1)
        .unwrap();
    let scopes = &scopes[..scopes.find("\n    }\n}").unwrap()];
    assert_eq!(
        scopes.matches(" = \"").count(),
        142,
        "every scope, with its wire name"
    );
}

/// Paged operations: recognised where the document leaves no doubt (DigitalOcean's
/// `links.pages.next`, Asana's `next_page.uri`, Mastodon's arrays with a `Link` header),
/// configured where it does not say (Xero's numbered pages), and never guessed.
#[test]
fn paged_operations_are_recognised_or_configured_never_guessed() {
    let expected: [(&str, usize, &str); 7] = [
        ("digitalocean.yaml", 86, "next_url = \"/links/pages/next\""),
        ("corpus/figma/openapi.yaml", 0, ""),
        ("corpus/xero/xero_accounting.yaml", 9, "page = \"page\""),
        ("corpus/discord/openapi.json", 0, ""),
        (
            "corpus/asana/asana_oas.yaml",
            124,
            "next_url = \"/next_page/uri\"",
        ),
        ("corpus/mastodon/schema.json", 26, "link_header"),
        ("corpus/jira/swagger-v3.v3.json", 0, ""),
    ];
    for document in &DOCUMENTS {
        let Some((_, generated)) = generated(document) else {
            continue;
        };
        let code = &generated.code;
        let (_, count, style) = expected.iter().find(|(p, ..)| *p == document.path).unwrap();
        let attributes: Vec<&str> = code.split("#[paginated(").skip(1).collect();
        assert_eq!(attributes.len(), *count, "{}", document.path);
        assert!(
            attributes.iter().all(|a| a.contains(style)),
            "{}: every paged operation has {style}",
            document.path
        );
    }
}

#[test]
fn configured_paging_can_turn_a_recognised_operation_off_and_names_unknown_ones() {
    let Some(path) = interop_specs::require("digitalocean.yaml") else {
        return;
    };
    let source = std::fs::read_to_string(path).unwrap();
    let config = Config::from_json(
        r#"{"name": "DigitalOcean", "paging": {
            "droplets_list": {"off": true},
            "no_such_operation": {"link_header": true}
        }}"#,
    )
    .unwrap();
    let generated = generate(&source, &config).unwrap();
    assert_eq!(generated.code.matches("#[paginated(").count(), 85);
    let droplets_list = generated.code.find("async fn droplets_list(").unwrap();
    let before = &generated.code[..droplets_list];
    let attrs = &before[before.rfind("///").unwrap()..];
    assert!(!attrs.contains("paginated"), "{attrs}");
    assert!(
        generated.warnings.iter().any(|w| w
            .to_string()
            .contains("`no_such_operation`, which the document does not have")),
        "{:?}",
        generated.warnings
    );
}

/// DigitalOcean's `Droplets` tag alone: its 19 operations, the types they reach, and the
/// whole scopes module, the same as the whole document's.
#[test]
fn a_tag_of_digitalocean_generates_its_operations_and_every_scope() {
    let Some(path) = interop_specs::require("digitalocean.yaml") else {
        return;
    };
    let source = std::fs::read_to_string(path).unwrap();
    let whole = generate(
        &source,
        &Config::from_json(r#"{"name": "DigitalOcean"}"#).unwrap(),
    )
    .unwrap();
    let droplets = generate(
        &source,
        &Config::from_json(r#"{"name": "DigitalOcean", "include": {"tags": ["Droplets"]}}"#)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(droplets.generated, 19);
    assert!(droplets.code.contains("async fn droplets_list("));
    assert!(!droplets.code.contains("async fn volumes_list("));
    let types = |code: &str| {
        code.matches("\n    pub struct ").count() + code.matches("\n    pub enum ").count()
    };
    assert!(
        types(&droplets.code) * 10 < types(&whole.code),
        "{} of {}",
        types(&droplets.code),
        types(&whole.code)
    );
    let scopes = |code: &str| {
        let start = code.find("scopes!").unwrap();
        code[start..start + code[start..].find("\n}\n").unwrap()].to_owned()
    };
    assert_eq!(scopes(&droplets.code), scopes(&whole.code));
}
