//! Rust types for the document's schemas, made by typify (the JSON Schema to Rust
//! generator progenitor uses), with the preparation published documents need.
//!
//! - Component schemas become named types in a `types` module; request bodies and
//!   answers declared inline become `<Operation>Body` and `<Operation>Response`.
//! - Path, query and header parameters of a plain type take plain Rust values (`&str`,
//!   `i64`, `f64`, `bool`; `Option<_>` when not required); any other parameter takes a
//!   `&serde_json::Value`.
//! - OpenAPI 3.0 schema words are turned into JSON Schema before typify reads them:
//!   `nullable` into a `null` type, boolean `exclusiveMinimum`/`exclusiveMaximum` into
//!   numeric bounds; `default: null`, inline `title`s (which would name two different
//!   types alike), `example`, `xml` and `discriminator` are left out.
//! - A `$ref` that does not name a component schema of this document, or a schema typify
//!   cannot express, becomes `serde_json::Value`, with a warning naming its pointer.
//!   Nothing in a document can make the generator panic: typify is also run behind
//!   `catch_unwind`, and a schema on which it fails is retried as `serde_json::Value`.

mod prepare;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::{Components, ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use typify::{TypeId, TypeSpace, TypeSpaceSettings};

use crate::error::{Warning, escape};
use crate::names::{self, Unique};
use crate::refs::{plain, schema_of};

use prepare::prepare;

/// The module the types are generated in.
const MODULE: &str = "types";

/// Builds the types, in two passes over the operations: the first records which inline
/// schemas need a type ([`Types::collecting`]), then [`Types::build`] runs typify once
/// over everything, and the second pass asks for the built types' names.
pub(crate) struct Types {
    runtime: TokenStream,
    /// Component schemas by name, as JSON Schema, `true` for those left untyped.
    components: Vec<(String, Value)>,
    /// Inline schemas: pointer to (type name, JSON Schema).
    inline: BTreeMap<String, (String, Value)>,
    /// Names taken by components and inline types.
    names: Unique,
    /// Warnings about inline schemas, found in the first pass and given by `build`.
    pending: Vec<Warning>,
    built: Option<Built>,
}

struct Built {
    space: TypeSpace,
    inline: BTreeMap<String, TypeId>,
    /// Component schemas by name.
    refs: BTreeMap<String, TypeId>,
    /// Pointers of the schemas typify could not express.
    untyped: BTreeSet<String>,
    /// The types' source, rendered once.
    rendered: TokenStream,
}

impl Types {
    /// Reads the component schemas; every pointer of a schema it must simplify gets a
    /// warning.
    pub(crate) fn collecting(
        schemas: serde_json::Map<String, Value>,
        runtime: TokenStream,
        warnings: &mut Vec<Warning>,
    ) -> Types {
        let known: BTreeSet<String> = schemas.keys().cloned().collect();
        let mut names = Unique::default();
        let mut out = Vec::new();
        for (name, mut value) in schemas {
            let at = format!("/components/schemas/{}", escape(&name));
            prepare(&mut value, &at, &known, warnings);
            names.take(names::camel(&name));
            out.push((name, value));
        }
        Types {
            runtime,
            components: out,
            inline: BTreeMap::new(),
            names,
            pending: Vec::new(),
            built: None,
        }
    }

    /// Runs typify over the component schemas and the inline schemas recorded. A schema
    /// on which it fails is made `serde_json::Value`, with a warning.
    pub(crate) fn build(&mut self, warnings: &mut Vec<Warning>) {
        warnings.append(&mut self.pending);
        let mut untyped = BTreeSet::new();
        // Each failure found takes one more run; a document in which more than a few
        // schemas fail is typed as JSON values as a whole.
        for _ in 0..8 {
            match self.attempt(&untyped) {
                Ok(built) => {
                    for at in &untyped {
                        warnings.push(Warning::new(
                            at,
                            "the type generator cannot express this schema; it is \
                             `serde_json::Value`",
                        ));
                    }
                    self.built = Some(built);
                    return;
                }
                Err(failed) => {
                    if !untyped.insert(failed) {
                        break;
                    }
                }
            }
        }
        warnings.push(Warning::new(
            "/components/schemas",
            "the type generator cannot express these schemas; every body and answer is \
             `serde_json::Value`",
        ));
        let all: BTreeSet<String> = self
            .components
            .iter()
            .map(|(name, _)| format!("/components/schemas/{}", escape(name)))
            .chain(self.inline.keys().cloned())
            .collect();
        if let Ok(built) = self.attempt(&all) {
            self.built = Some(built);
        }
    }

    /// One run of typify with the schemas at `untyped` as any value. On failure, the
    /// pointer of a schema to leave untyped.
    fn attempt(&self, untyped: &BTreeSet<String>) -> Result<Built, String> {
        let mut settings = TypeSpaceSettings::default();
        settings.with_type_mod(MODULE);
        let mut space = TypeSpace::new(&settings);
        let components: Vec<(String, schemars::schema::Schema)> = self
            .components
            .iter()
            .map(|(name, value)| {
                let at = format!("/components/schemas/{}", escape(name));
                let value = if untyped.contains(&at) {
                    &Value::Bool(true)
                } else {
                    value
                };
                (name.clone(), to_schemars(value))
            })
            .collect();
        let batch = catch_unwind(AssertUnwindSafe(|| space.add_ref_types(components)));
        if !matches!(batch, Ok(Ok(()))) {
            return Err(self.first_failing_component(untyped).unwrap_or_default());
        }
        let mut refs = BTreeMap::new();
        for (name, _) in &self.components {
            let reference = to_schemars(&serde_json::json!({
                "$ref": format!("#/components/schemas/{}", escape(name)),
            }));
            if let Ok(Ok(id)) = catch_unwind(AssertUnwindSafe(|| space.add_type(&reference))) {
                refs.insert(name.clone(), id);
            }
        }
        let mut inline = BTreeMap::new();
        for (at, (name, value)) in &self.inline {
            let value = if untyped.contains(at) {
                &Value::Bool(true)
            } else {
                value
            };
            let schema = to_schemars(value);
            let added = catch_unwind(AssertUnwindSafe(|| {
                space.add_type_with_name(&schema, Some(name.clone()))
            }));
            match added {
                Ok(Ok(id)) => {
                    inline.insert(at.clone(), id);
                }
                _ => return Err(at.clone()),
            }
        }
        // Rendering can fail too (typify asserts on some shapes).
        let Ok(rendered) = catch_unwind(AssertUnwindSafe(|| space.to_stream())) else {
            return Err(self.first_failing_component(untyped).unwrap_or_default());
        };
        Ok(Built {
            space,
            inline,
            refs,
            untyped: untyped.clone(),
            rendered,
        })
    }

    /// The first component schema typify fails on when every other is any value.
    fn first_failing_component(&self, untyped: &BTreeSet<String>) -> Option<String> {
        for (i, (name, value)) in self.components.iter().enumerate() {
            let at = format!("/components/schemas/{}", escape(name));
            if untyped.contains(&at) {
                continue;
            }
            let batch: Vec<(String, schemars::schema::Schema)> = self
                .components
                .iter()
                .enumerate()
                .map(|(j, (other, other_value))| {
                    let v = if i == j { value } else { other_value };
                    let at_j = format!("/components/schemas/{}", escape(other));
                    let v = if i != j || untyped.contains(&at_j) {
                        &Value::Bool(true)
                    } else {
                        v
                    };
                    (other.clone(), to_schemars(v))
                })
                .collect();
            let ok = catch_unwind(AssertUnwindSafe(|| {
                let mut settings = TypeSpaceSettings::default();
                settings.with_type_mod(MODULE);
                let mut space = TypeSpace::new(&settings);
                space.add_ref_types(batch).is_ok() && {
                    let _ = space.to_stream();
                    true
                }
            }));
            if !matches!(ok, Ok(true)) {
                return Some(at);
            }
        }
        None
    }

    /// The type of a path, query or cookie parameter: a plain value when the schema is
    /// one, else `&serde_json::Value`.
    pub(crate) fn param(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        components: &Components,
        required: bool,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> TokenStream {
        let plain = schema
            .and_then(|s| schema_of(s, components))
            .and_then(|s| plain(s, components));
        let ty = plain.unwrap_or_else(|| {
            if self.built.is_some() {
                warnings.push(Warning::new(
                    at,
                    "a parameter that is not a string, number or boolean is taken as \
                     `&serde_json::Value`",
                ));
            }
            quote!(&::serde_json::Value)
        });
        if required { ty } else { quote!(Option<#ty>) }
    }

    /// The type of a header parameter.
    pub(crate) fn header(&self) -> TokenStream {
        quote!(&str)
    }

    /// The type of a JSON request body (taken by reference).
    pub(crate) fn body(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        base: &str,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> TokenStream {
        let ty = self.schema_type(schema, base, "Body", at, warnings);
        quote!(&#ty)
    }

    /// The type of a JSON answer.
    pub(crate) fn response(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        base: &str,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> TokenStream {
        self.schema_type(schema, base, "Response", at, warnings)
    }

    /// A request body the caller encodes.
    pub(crate) fn raw_body(&self) -> TokenStream {
        let runtime = &self.runtime;
        quote!(&#runtime::RawBody)
    }

    /// An answer read as it comes.
    pub(crate) fn raw(&self) -> TokenStream {
        let runtime = &self.runtime;
        quote!(#runtime::RawResponse)
    }

    fn schema_type(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        base: &str,
        suffix: &str,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> TokenStream {
        let value = quote!(::serde_json::Value);
        let Some(schema) = schema else {
            return value;
        };
        let at = format!("{at}/schema");
        if let ReferenceOr::Reference { reference } = schema {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .map(|n| n.replace("~1", "/").replace("~0", "~"));
            let Some(name) = name.filter(|n| self.components.iter().any(|(c, _)| c == n)) else {
                if self.built.is_some() {
                    warnings.push(Warning::new(
                        &at,
                        format!(
                            "the reference `{reference}` does not name a component schema of \
                             this document; the type is `serde_json::Value`"
                        ),
                    ));
                }
                return value;
            };
            let Some(built) = &self.built else {
                return value;
            };
            let untyped = built
                .untyped
                .contains(&format!("/components/schemas/{}", escape(&name)));
            if untyped {
                return value;
            }
            return built
                .refs
                .get(&name)
                .and_then(|id| built.space.get_type(id).ok())
                .map_or(value.clone(), |t| t.ident());
        }
        match &self.built {
            None => {
                let mut json = serde_json::to_value(schema).unwrap_or(Value::Bool(true));
                let known: BTreeSet<String> =
                    self.components.iter().map(|(n, _)| n.clone()).collect();
                prepare(&mut json, &at, &known, &mut self.pending);
                let name = self.names.take(format!("{}{suffix}", names::camel(base)));
                self.inline.insert(at, (name, json));
                value
            }
            Some(built) => match built.inline.get(&at) {
                Some(id) if !built.untyped.contains(&at) => built
                    .space
                    .get_type(id)
                    .map_or(value.clone(), |t| t.ident()),
                _ => value,
            },
        }
    }

    /// The `types` module's source, in two parts that format alike alone: the module
    /// with the first half of its items, and with the second half (empty when there
    /// are few). Formatting is most of the generator's time; the halves are formatted
    /// on two threads and joined by [`join_halves`].
    pub(crate) fn module_halves(&self) -> (String, String) {
        let items: Vec<proc_macro2::TokenTree> = self
            .built
            .as_ref()
            .map(|b| b.rendered.clone().into_iter().collect())
            .unwrap_or_default();
        // An item boundary: after a `{...}` group, before `#[...]`, `pub` or `impl`.
        let starts_item = |i: usize| {
            use proc_macro2::{Delimiter, TokenTree};
            matches!(&items[i - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
                && match &items[i] {
                    TokenTree::Punct(p) => p.as_char() == '#',
                    TokenTree::Ident(ident) => ident == "pub" || ident == "impl",
                    _ => false,
                }
        };
        // The second half is formatted with the traits: a little less of the types.
        let split = (items.len() * 11 / 20..items.len())
            .find(|&i| i > 0 && starts_item(i))
            .unwrap_or(items.len());
        let module = |items: &[proc_macro2::TokenTree]| {
            let items: TokenStream = items.iter().cloned().collect();
            quote! {
                /// The document's schemas as Rust types (generated by typify).
                #[allow(clippy::all, clippy::pedantic, dead_code, unused_imports, missing_docs)]
                pub mod types {
                    #items
                }
            }
            .to_string()
        };
        let second = if split < items.len() {
            module(&items[split..])
        } else {
            String::new()
        };
        (module(&items[..split]), second)
    }

    /// Crates the generated types use besides `serde` and `serde_json`.
    pub(crate) fn crates(&self) -> Vec<&'static str> {
        let Some(built) = &self.built else {
            return Vec::new();
        };
        let space = &built.space;
        [
            (space.uses_chrono(), "chrono"),
            (space.uses_regress(), "regress"),
            (space.uses_uuid(), "uuid"),
        ]
        .into_iter()
        .filter_map(|(used, name)| used.then_some(name))
        .collect()
    }
}

/// The formatted `types` module from its two formatted halves: the first without its
/// closing brace, the second without its opening lines.
pub(crate) fn join_halves(first: &str, second: &str) -> String {
    if second.is_empty() {
        return first.to_owned();
    }
    let open = "pub mod types {\n";
    let (Some(close), Some(start)) = (first.rfind("}\n"), second.find(open)) else {
        return format!("{first}{second}");
    };
    format!("{}{}", &first[..close], &second[start + open.len()..])
}

/// A prepared JSON Schema value as schemars' model (anything it cannot read is any
/// value).
fn to_schemars(value: &Value) -> schemars::schema::Schema {
    serde_json::from_value(value.clone()).unwrap_or(schemars::schema::Schema::Bool(true))
}
