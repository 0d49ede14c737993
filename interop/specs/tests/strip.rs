//! What a generated crate's `build.rs` leaves out (`auth_openapi::strip_features`) is
//! exactly what rustc's `cfg` would strip: for every real document generated as a crate
//! (`"features": true`), with no feature, one, two and all, the stripped source parses
//! to the same tokens as the whole source with every item whose `#[cfg]` is false
//! removed by syn.

use auth_openapi::{Config, generate, strip_features};
use quote::ToTokens;
use syn::visit_mut::VisitMut;

const DOCUMENTS: [(&str, &str); 7] = [
    ("digitalocean.yaml", r#"{"name": "DigitalOcean"}"#),
    (
        "corpus/figma/openapi.yaml",
        include_str!("../../corpus/figma/config.json"),
    ),
    (
        "corpus/xero/xero_accounting.yaml",
        include_str!("../../corpus/xero/config.json"),
    ),
    (
        "corpus/discord/openapi.json",
        include_str!("../../corpus/discord/config.json"),
    ),
    (
        "corpus/asana/asana_oas.yaml",
        include_str!("../../corpus/asana/config.json"),
    ),
    (
        "corpus/mastodon/schema.json",
        include_str!("../../corpus/mastodon/config.json"),
    ),
    (
        "corpus/jira/swagger-v3.v3.json",
        include_str!("../../corpus/jira/config.json"),
    ),
];

/// rustc's reading of `#[cfg(...)]` of features, over syn's tree.
fn holds(meta: &syn::Meta, on: &[&str]) -> bool {
    match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => on.contains(&s.value().as_str()),
            other => panic!("unexpected cfg value {}", other.to_token_stream()),
        },
        syn::Meta::List(list) => {
            let inner: Vec<syn::Meta> = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .unwrap()
                .into_iter()
                .collect();
            if list.path.is_ident("any") {
                inner.iter().any(|m| holds(m, on))
            } else if list.path.is_ident("all") {
                inner.iter().all(|m| holds(m, on))
            } else if list.path.is_ident("not") {
                !holds(&inner[0], on)
            } else {
                panic!("unexpected cfg {}", list.to_token_stream())
            }
        }
        other => panic!("unexpected cfg {}", other.to_token_stream()),
    }
}

fn kept(attrs: &[syn::Attribute], on: &[&str]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("cfg")).all(|a| {
        let meta: syn::Meta = a.parse_args().unwrap();
        holds(&meta, on)
    })
}

/// Removes what `cfg` strips, at every depth.
struct Cfg<'a>(&'a [&'a str]);

impl VisitMut for Cfg<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        file.items.retain(|item| kept(item_attrs(item), self.0));
        syn::visit_mut::visit_file_mut(self, file);
    }
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.retain(|item| kept(item_attrs(item), self.0));
        }
        syn::visit_mut::visit_item_mod_mut(self, module);
    }
    fn visit_item_trait_mut(&mut self, item: &mut syn::ItemTrait) {
        item.items.retain(|inner| match inner {
            syn::TraitItem::Fn(f) => kept(&f.attrs, self.0),
            syn::TraitItem::Type(t) => kept(&t.attrs, self.0),
            syn::TraitItem::Const(c) => kept(&c.attrs, self.0),
            _ => true,
        });
        syn::visit_mut::visit_item_trait_mut(self, item);
    }
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        item.items.retain(|inner| match inner {
            syn::ImplItem::Fn(f) => kept(&f.attrs, self.0),
            syn::ImplItem::Type(t) => kept(&t.attrs, self.0),
            syn::ImplItem::Const(c) => kept(&c.attrs, self.0),
            _ => true,
        });
        syn::visit_mut::visit_item_impl_mut(self, item);
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

#[test]
fn the_build_script_strips_what_cfg_strips_in_every_real_document() {
    for (path, config) in DOCUMENTS {
        let Some(file) = interop_specs::require(path) else {
            continue;
        };
        let source = std::fs::read_to_string(file).unwrap();
        let mut config = Config::from_json(config).unwrap();
        config.features = true;
        let code = generate(&source, &config).unwrap().code;
        let whole: syn::File = syn::parse_file(&code).unwrap();
        let features: Vec<String> = {
            let mut all: Vec<String> = code
                .split("feature = \"")
                .skip(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
                .collect();
            all.sort();
            all.dedup();
            all
        };
        // Discord's document has no tags: its only feature is `unused-schemas`.
        let middle = features.get(features.len() / 2).map_or("", String::as_str);
        let first = features.first().map_or("", String::as_str);
        let sets: [Vec<&str>; 4] = [
            vec![],
            vec![middle],
            vec![first, "unused-schemas"],
            features.iter().map(String::as_str).collect(),
        ];
        for on in &sets {
            let stripped = strip_features(&code, &|f: &str| on.contains(&f));
            let parsed = syn::parse_file(&stripped)
                .unwrap_or_else(|e| panic!("{path} with {on:?}: the stripped source parses: {e}"));
            let mut expected = whole.clone();
            Cfg(on).visit_file_mut(&mut expected);
            assert!(
                parsed.to_token_stream().to_string() == expected.to_token_stream().to_string(),
                "{path} with {on:?}: the same items as cfg strips"
            );
            if features.iter().any(|f| !on.contains(&f.as_str())) {
                assert!(
                    stripped.len() < code.len(),
                    "{path} with {on:?}: something is left out"
                );
            }
        }
    }
}
