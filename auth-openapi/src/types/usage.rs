//! Which types the operations send: only those need `Serialize`. A type only ever
//! received (in an answer, an error answer, a page) does not implement it, and the build
//! does not pay for it: 1,017 of DigitalOcean's 1,946 types are only received
//! (BENCHMARKS.md §4b). Every type keeps `Deserialize`, so that a body can also be
//! written as JSON (`serde_json::from_value(json!({...}))`); a type no operation
//! reaches keeps both, and so does every type it reaches.
//!
//! The reach is read from the types' own items: a type reaches every type its fields
//! and variants name.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;
use syn::{Attribute, Fields, Item};

use super::decode::{derive_paths, is_serde};

/// The names of the types each item of a module names, by item.
pub(super) struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// The graph of `file`'s structs, enums and type aliases.
    pub(super) fn of(file: &syn::File) -> Graph {
        let mut edges: BTreeMap<String, BTreeSet<String>> = file
            .items
            .iter()
            .filter_map(|item| Some((item_name(item)?.to_string(), BTreeSet::new())))
            .collect();
        let names: BTreeSet<String> = edges.keys().cloned().collect();
        for item in &file.items {
            let Some(name) = item_name(item) else {
                continue;
            };
            let mut found = Names {
                names: &names,
                found: BTreeSet::new(),
            };
            match item {
                Item::Struct(s) => found.visit_fields(&s.fields),
                Item::Enum(e) => e
                    .variants
                    .iter()
                    .for_each(|v| found.visit_fields(&v.fields)),
                Item::Type(t) => found.visit_type(&t.ty),
                _ => {}
            }
            found.found.remove(&name.to_string());
            if let Some(edges) = edges.get_mut(&name.to_string()) {
                *edges = found.found;
            }
        }
        Graph { edges }
    }

    /// Every type's name.
    pub(super) fn names(&self) -> impl Iterator<Item = &String> {
        self.edges.keys()
    }

    /// The types `roots` name, the types `named`, and every type they reach.
    pub(super) fn reach<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a syn::Type>,
        named: impl IntoIterator<Item = &'a String>,
    ) -> BTreeSet<String> {
        let all: BTreeSet<String> = self.edges.keys().cloned().collect();
        let mut found = Names {
            names: &all,
            found: BTreeSet::new(),
        };
        for root in roots {
            found.visit_type(root);
        }
        let mut reached = BTreeSet::new();
        let mut todo: Vec<String> = found.found.into_iter().collect();
        todo.extend(named.into_iter().cloned());
        while let Some(name) = todo.pop() {
            if let Some(next) = self.edges.get(&name) {
                todo.extend(next.iter().filter(|n| !reached.contains(*n)).cloned());
            }
            reached.insert(name);
        }
        reached
    }
}

/// Collects the idents of path segments that are names of `names`.
struct Names<'a> {
    names: &'a BTreeSet<String>,
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        let ident = segment.ident.to_string();
        if self.names.contains(&ident) {
            self.found.insert(ident);
        }
        syn::visit::visit_path_segment(self, segment);
    }
}

/// The name of a struct, enum or type alias.
pub(super) fn item_name(item: &Item) -> Option<&syn::Ident> {
    match item {
        Item::Struct(s) => Some(&s.ident),
        Item::Enum(e) => Some(&e.ident),
        Item::Type(t) => Some(&t.ident),
        _ => None,
    }
}

/// Leaves `Serialize` out of the types not in `serialized` (derives, and typify's own
/// impls); an item left with no serde derive loses its `#[serde(...)]` attributes too.
pub(super) fn serialize_only(file: &mut syn::File, serialized: &BTreeSet<String>) {
    let keeps =
        |name: &str, trait_name: &str| trait_name != "Serialize" || serialized.contains(name);
    file.items.retain(|item| {
        let Item::Impl(imp) = item else { return true };
        let (Some((trait_path, _)), syn::Type::Path(self_ty)) = (&imp.trait_, &*imp.self_ty) else {
            return true;
        };
        let (Some(trait_name), Some(name)) =
            (serde_trait(trait_path), self_ty.path.segments.last())
        else {
            return true;
        };
        keeps(&name.ident.to_string(), trait_name)
    });
    for item in &mut file.items {
        let Some(name) = item_name(item).map(ToString::to_string) else {
            continue;
        };
        let attrs = match item {
            Item::Struct(s) => &mut s.attrs,
            Item::Enum(e) => &mut e.attrs,
            _ => continue,
        };
        for attr in attrs.iter_mut() {
            let Some(paths) = derive_paths(attr) else {
                continue;
            };
            let kept: Vec<&syn::Path> = paths
                .iter()
                .filter(|p| serde_trait(p).is_none_or(|t| keeps(&name, t)))
                .collect();
            if kept.len() != paths.len() {
                *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
            }
        }
        strip_serde_attributes(item);
    }
}

/// Takes the `#[serde(...)]` attributes off a struct or enum, its fields and variants,
/// when it no longer derives a serde trait (they would not compile).
pub(super) fn strip_serde_attributes(item: &mut Item) {
    let derives_serde = |attrs: &[Attribute]| {
        attrs
            .iter()
            .filter_map(derive_paths)
            .any(|paths| paths.iter().any(|p| serde_trait(p).is_some()))
    };
    let strip = |fields: &mut Fields| {
        for field in fields.iter_mut() {
            field.attrs.retain(|a| !is_serde(a));
        }
    };
    match item {
        Item::Struct(s) if !derives_serde(&s.attrs) => {
            s.attrs.retain(|a| !is_serde(a));
            strip(&mut s.fields);
        }
        Item::Enum(e) if !derives_serde(&e.attrs) => {
            e.attrs.retain(|a| !is_serde(a));
            for variant in &mut e.variants {
                variant.attrs.retain(|a| !is_serde(a));
                strip(&mut variant.fields);
            }
        }
        _ => {}
    }
}

/// `Serialize` or `Deserialize` when `path` is serde's.
fn serde_trait(path: &syn::Path) -> Option<&'static str> {
    let first = path.segments.first()?;
    let last = path.segments.last()?;
    if first.ident != "serde" {
        return None;
    }
    if last.ident == "Serialize" {
        Some("Serialize")
    } else if last.ident == "Deserialize" {
        Some("Deserialize")
    } else {
        None
    }
}

/// The feature every type no operation reaches compiles under.
pub(crate) const UNUSED: &str = "unused-schemas";

/// When a type compiles: always (a method without a tag reaches it), or under any of
/// these features.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Gate {
    Always,
    Any(BTreeSet<String>),
}

/// Each type's gate, from each method's features and the types it reaches; a type no
/// method reaches is under [`UNUSED`].
pub(super) fn gates<'a>(
    graph: &Graph,
    by_method: impl Iterator<Item = (&'a [String], BTreeSet<String>)>,
) -> BTreeMap<String, Gate> {
    let mut gates: BTreeMap<String, Gate> = BTreeMap::new();
    for (features, reached) in by_method {
        for name in reached {
            let gate = gates
                .entry(name)
                .or_insert_with(|| Gate::Any(BTreeSet::new()));
            match gate {
                Gate::Any(set) if !features.is_empty() => set.extend(features.iter().cloned()),
                _ => *gate = Gate::Always,
            }
        }
    }
    // What no method reaches is under `unused-schemas`, and so is what it reaches.
    let unused: Vec<String> = graph
        .names()
        .filter(|name| !gates.contains_key(*name))
        .cloned()
        .collect();
    for name in graph.reach([], &unused) {
        match gates
            .entry(name)
            .or_insert_with(|| Gate::Any(BTreeSet::new()))
        {
            Gate::Any(set) => {
                set.insert(UNUSED.to_owned());
            }
            Gate::Always => {}
        }
    }
    gates
}

/// Puts each struct, enum and type alias of `file` under `#[cfg]` of its gate, and each
/// impl (and each function of a module: typify's `defaults`) under the gates of the
/// types it names.
pub(super) fn gate(file: &mut syn::File, gates: &BTreeMap<String, Gate>) {
    let names: BTreeSet<String> = gates.keys().cloned().collect();
    let found = || Names {
        names: &names,
        found: BTreeSet::new(),
    };
    for item in &mut file.items {
        let mut named = found();
        let attrs = match item {
            Item::Struct(s) => {
                named.found.insert(s.ident.to_string());
                &mut s.attrs
            }
            Item::Enum(e) => {
                named.found.insert(e.ident.to_string());
                &mut e.attrs
            }
            Item::Type(t) => {
                named.found.insert(t.ident.to_string());
                &mut t.attrs
            }
            Item::Impl(imp) => {
                named.visit_type(&imp.self_ty);
                if let Some((path, _)) = &imp.trait_ {
                    named.visit_path(path);
                }
                &mut imp.attrs
            }
            Item::Mod(module) => {
                for inner in module.content.iter_mut().flat_map(|(_, items)| items) {
                    if let Item::Fn(function) = inner {
                        let mut named = found();
                        named.visit_item_fn(function);
                        function.attrs.splice(0..0, cfg(&named.found, gates));
                    }
                }
                continue;
            }
            _ => continue,
        };
        // First, before the docs: the crate's build script finds a gated item by it.
        attrs.splice(0..0, cfg(&named.found, gates));
    }
}

/// The `#[cfg]` under which every type of `names` compiles, if any is gated.
fn cfg(names: &BTreeSet<String>, gates: &BTreeMap<String, Gate>) -> Option<Attribute> {
    let mut sets: Vec<&BTreeSet<String>> = names
        .iter()
        .filter_map(|name| match gates.get(name) {
            Some(Gate::Any(set)) => Some(set),
            _ => None,
        })
        .collect();
    sets.sort();
    sets.dedup();
    let any: Vec<TokenStream> = sets.iter().map(|set| features_cfg(set.iter())).collect();
    match any.as_slice() {
        [] => None,
        [one] => Some(syn::parse_quote!(#[cfg(#one)])),
        all => Some(syn::parse_quote!(#[cfg(all(#(#all),*))])),
    }
}

/// The condition "any of these features": `feature = "a"` for one (what clippy's
/// `non_minimal_cfg` asks for), `any(feature = "a", feature = "b")` for more.
pub(crate) fn features_cfg<'a>(features: impl ExactSizeIterator<Item = &'a String>) -> TokenStream {
    if features.len() == 1 {
        let features = features.collect::<Vec<_>>();
        let feature = features[0];
        quote!(feature = #feature)
    } else {
        quote!(any(#(feature = #features),*))
    }
}
