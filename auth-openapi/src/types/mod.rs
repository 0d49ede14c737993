//! Rust types for the document's schemas, made by typify (the JSON Schema to Rust
//! generator progenitor uses), with the preparation published documents need.
//!
//! Reading the operations records what each body and answer is ([`Types::schema`]
//! returns a [`TypeRef`], an id); [`Types::build`] then runs typify once over every
//! schema recorded, and [`Built::render`] turns an id into the type's tokens.
//!
//! - Component schemas become named types in a `types` module; request bodies and
//!   answers declared inline become `<Operation>Body` and `<Operation>Response`.
//! - OpenAPI 3.0 schema words are turned into JSON Schema before typify reads them
//!   ([`prepare`]), and every type gets a name of its own: component names that typify
//!   would write alike (`Fields`, `fields`) are told apart, and so are nested types named
//!   like a component.
//! - A `$ref` that does not name a component schema of this document is
//!   `serde_json::Value`, with a warning naming its pointer. A schema typify rejects or
//!   panics on costs that schema only: it is `serde_json::Value`, with a warning giving
//!   typify's reason, and every other type is generated ([`run`]).

mod decode;
mod fields;
mod naming;
mod parts;
mod prepare;
mod run;
pub(crate) mod usage;

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::error::{Warning, escape, unescape};
use crate::names;

pub(crate) use parts::{Field, FieldKind, Parts};
use prepare::{Place, Prepare, TypeNames};
use run::{Input, Item, Space};

/// What a body, answer or parameter is, before typify has run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeRef {
    /// `()`: an answer without content.
    Unit,
    /// `serde_json::Value`.
    Json,
    /// `auth_core::RawResponse`: an answer read whole, as it comes.
    Raw,
    /// `auth_core::ByteStream`: an answer read by the caller as it arrives (a file).
    Stream,
    /// `auth_core::Upload`: a body sent as it is (bytes, a file, a stream).
    Upload,
    /// `auth_core::Multipart`: a multipart body the caller builds.
    Multipart,
    /// A generated parts type of a multipart body (an index into the parts types).
    Parts(usize),
    /// A schema's type.
    Schema(SchemaId),
}

/// The types the operations use: those they send (bodies) and those they receive
/// (answers, error answers, pages' items).
#[derive(Default)]
pub(crate) struct Uses {
    pub(crate) sent: Vec<TypeRef>,
    pub(crate) received: Vec<TypeRef>,
    /// Each method's features (see `Config::features`) and the types it uses.
    pub(crate) by_method: Vec<(Vec<String>, Vec<TypeRef>)>,
}

/// A schema recorded for typify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SchemaId {
    /// A component schema (an index into the document's components).
    Component(usize),
    /// A body or answer declared inline.
    Inline(usize),
}

/// The schemas typify will be given, recorded while the operations are read.
pub(crate) struct Types {
    runtime: TokenStream,
    /// Component schemas: (name in the document, type name, prepared schema).
    components: Vec<(String, String, Value)>,
    /// Component names to their index.
    by_name: BTreeMap<String, usize>,
    /// Component names to their type names (what references point at).
    idents: BTreeMap<String, String>,
    /// Inline bodies and answers: (pointer, type name, prepared schema).
    inline: Vec<(String, String, Value)>,
    /// Schemas moved out of line to be named apart: (type name, schema).
    hoisted: Vec<(String, Value)>,
    taken: TypeNames,
    colliding_fields: bool,
    /// Multipart bodies' parts types: (type name, parts).
    parts: Vec<(String, Parts)>,
}

impl Types {
    /// Reads and prepares the component schemas.
    pub(crate) fn new(
        schemas: serde_json::Map<String, Value>,
        runtime: TokenStream,
        warnings: &mut Vec<Warning>,
    ) -> Types {
        let mut taken = TypeNames::default();
        let idents: BTreeMap<String, String> = schemas
            .keys()
            .map(|name| (name.clone(), taken.unique(&naming::pascal(name))))
            .collect();
        let mut types = Types {
            runtime,
            components: Vec::with_capacity(schemas.len()),
            by_name: BTreeMap::new(),
            idents,
            inline: Vec::new(),
            hoisted: Vec::new(),
            taken,
            colliding_fields: false,
            parts: Vec::new(),
        };
        for (name, mut schema) in schemas {
            let at = format!("/components/schemas/{}", escape(&name));
            let ident = types.idents[&name].clone();
            types.prepare(&mut schema, &at, &ident, warnings);
            types.by_name.insert(name.clone(), types.components.len());
            types.components.push((name, ident, schema));
        }
        types
    }

    fn prepare(&mut self, schema: &mut Value, at: &str, name: &str, warnings: &mut Vec<Warning>) {
        Prepare {
            components: &self.idents,
            taken: &mut self.taken,
            hoisted: &mut self.hoisted,
            colliding_fields: &mut self.colliding_fields,
            warnings,
        }
        .schema(schema, at, Some(name), Place::Named);
    }

    /// The type of a JSON body or answer whose schema is at `at`: a component's type, or
    /// a type named `<Operation><suffix>` for a schema declared inline.
    pub(crate) fn schema(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        operation: &str,
        suffix: &str,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> TypeRef {
        let Some(schema) = schema else {
            return TypeRef::Json;
        };
        let at = format!("{at}/schema");
        match schema {
            ReferenceOr::Reference { reference } => {
                let index = reference
                    .strip_prefix("#/components/schemas/")
                    .and_then(|name| self.by_name.get(&unescape(name)));
                match index {
                    Some(&index) => TypeRef::Schema(SchemaId::Component(index)),
                    None => {
                        warnings.push(Warning::new(
                            &at,
                            format!(
                                "the reference `{reference}` does not name a component schema of \
                                 this document; the type is `serde_json::Value`"
                            ),
                        ));
                        TypeRef::Json
                    }
                }
            }
            ReferenceOr::Item(item) => {
                let mut json = serde_json::to_value(item).unwrap_or(Value::Bool(true));
                let name = self
                    .taken
                    .unique(&format!("{}{suffix}", names::camel(operation)));
                self.prepare(&mut json, &at, &name, warnings);
                self.inline.push((at, name, json));
                TypeRef::Schema(SchemaId::Inline(self.inline.len() - 1))
            }
        }
    }

    /// Records a multipart body's parts type, named apart from every other type.
    pub(crate) fn parts(&mut self, parts: Parts) -> TypeRef {
        let name = self.taken.unique(&parts.base);
        self.parts.push((name, parts));
        TypeRef::Parts(self.parts.len() - 1)
    }

    /// Runs typify over everything recorded. What it cannot take is
    /// `serde_json::Value`, each with a warning giving its reason. Types only received
    /// do not implement `Serialize` ([`usage`]; unless [`Config::full_serde`]), and serde's `Deserialize` derive is replaced by the
    /// smaller impls of [`decode`] where they read the same (unless
    /// [`Config::derive_deserialize`]).
    ///
    /// [`Config::full_serde`]: crate::Config::full_serde
    /// [`Config::derive_deserialize`]: crate::Config::derive_deserialize
    pub(crate) fn build(
        self,
        warnings: &mut Vec<Warning>,
        uses: &Uses,
        config: &crate::config::Config,
    ) -> Built {
        let definitions: Vec<(&str, &Value)> = self
            .components
            .iter()
            .map(|(_, ident, schema)| (ident.as_str(), schema))
            .chain(
                self.hoisted
                    .iter()
                    .map(|(ident, schema)| (ident.as_str(), schema)),
            )
            .collect();
        let inline: Vec<(&str, &Value)> = self
            .inline
            .iter()
            .map(|(_, name, schema)| (name.as_str(), schema))
            .collect();
        let (space, untyped) = run::run(&Input {
            definitions,
            inline,
        });
        for (item, reason) in &untyped {
            let at = match *item {
                Item::Definition(i) if i < self.components.len() => {
                    format!("/components/schemas/{}", escape(&self.components[i].0))
                }
                Item::Definition(i) => {
                    let (name, _) = &self.hoisted[i - self.components.len()];
                    format!("/components/schemas (the type `{name}` declared inside a schema)")
                }
                Item::Inline(i) => self.inline[i].0.clone(),
            };
            warnings.push(Warning::new(
                at,
                format!("the type generator cannot express this schema ({reason}); it is `serde_json::Value`"),
            ));
        }
        let mut space = space;
        if let Some(space) = &mut space {
            // typify's output is Rust; were it not, it is kept as it is.
            if let Ok(mut file) = syn::parse2::<syn::File>(space.rendered.clone()) {
                if self.colliding_fields {
                    fields::distinct(&mut file);
                }
                if !config.full_serde {
                    let graph = usage::Graph::of(&file);
                    let sent = graph.reach(&self.root_types(space, &uses.sent), []);
                    let received = graph.reach(&self.root_types(space, &uses.received), []);
                    // A type no operation reaches keeps `Serialize`, and so do the
                    // types it reaches.
                    let unused: Vec<String> = graph
                        .names()
                        .filter(|n| !sent.contains(*n) && !received.contains(*n))
                        .cloned()
                        .collect();
                    let serialized = graph.reach(&self.root_types(space, &uses.sent), &unused);
                    usage::serialize_only(&mut file, &serialized);
                }
                if !config.derive_deserialize {
                    decode::lean(&mut file, &self.runtime);
                }
                if config.features {
                    let graph = usage::Graph::of(&file);
                    let by_method = uses.by_method.iter().map(|(features, refs)| {
                        (
                            features.as_slice(),
                            graph.reach(&self.root_types(space, refs), []),
                        )
                    });
                    usage::gate(&mut file, &usage::gates(&graph, by_method));
                }
                space.rendered = quote::ToTokens::into_token_stream(file);
            }
        }
        let components = self.components.len();
        Built {
            runtime: self.runtime,
            parts: self.parts,
            space,
            untyped_components: (0..components)
                .map(|i| untyped.contains_key(&Item::Definition(i)))
                .collect(),
        }
    }
}

impl Types {
    /// The Rust types of `refs` (a parts type stands for its JSON parts' types).
    fn root_types(&self, space: &Space, refs: &[TypeRef]) -> Vec<syn::Type> {
        let mut out = Vec::new();
        let mut todo: Vec<&TypeRef> = refs.iter().collect();
        while let Some(ty) = todo.pop() {
            match ty {
                TypeRef::Schema(id) => {
                    let typed = match *id {
                        SchemaId::Component(i) => space.definitions.get(i).cloned().flatten(),
                        SchemaId::Inline(i) => space.inline.get(i).cloned().flatten(),
                    };
                    if let Some(ty) = typed
                        .and_then(|t| space.space.get_type(&t).ok())
                        .and_then(|t| syn::parse2::<syn::Type>(t.ident()).ok())
                    {
                        out.push(ty);
                    }
                }
                TypeRef::Parts(i) => {
                    for field in &self.parts[*i].1.fields {
                        if let FieldKind::Json(ty) = &field.kind {
                            todo.push(ty);
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// The types, built.
pub(crate) struct Built {
    runtime: TokenStream,
    /// Multipart bodies' parts types: (type name, parts).
    parts: Vec<(String, Parts)>,
    space: Option<Space>,
    /// Components typify could not take.
    untyped_components: Vec<bool>,
}

impl Built {
    /// The tokens of a body taken by reference: `&types::Droplet`, and `&str` or `&[T]`
    /// for a string or a list (what a caller has at hand, and what clippy asks for).
    pub(crate) fn render_body(&self, ty: &TypeRef) -> TokenStream {
        use typify::TypeDetails;
        let ty_of = |id: &typify::TypeId| self.space.as_ref()?.space.get_type(id).ok();
        let typed = match ty {
            TypeRef::Schema(id) => self.type_id(*id).and_then(|id| ty_of(&id)),
            // Taken by value: their parts and streams are read once.
            TypeRef::Upload | TypeRef::Multipart | TypeRef::Parts(_) => return self.render(ty),
            _ => None,
        };
        match typed.as_ref().map(typify::Type::details) {
            Some(TypeDetails::String) => quote!(&str),
            Some(TypeDetails::Vec(item)) => match ty_of(&item) {
                Some(item) => {
                    let item = item.ident();
                    quote!(&[#item])
                }
                None => quote!(&[::serde_json::Value]),
            },
            _ => {
                let ty = self.render(ty);
                quote!(&#ty)
            }
        }
    }

    /// The typify type of a schema, when it is typed.
    fn type_id(&self, id: SchemaId) -> Option<typify::TypeId> {
        let space = self.space.as_ref()?;
        match id {
            SchemaId::Component(i) if !self.untyped_components[i] => {
                space.definitions.get(i).cloned().flatten()
            }
            SchemaId::Component(_) => None,
            SchemaId::Inline(i) => space.inline.get(i).cloned().flatten(),
        }
    }

    /// The tokens of a type (`types::Droplet`, `::serde_json::Value`, ...).
    pub(crate) fn render(&self, ty: &TypeRef) -> TokenStream {
        let runtime = &self.runtime;
        let json = quote!(::serde_json::Value);
        match ty {
            TypeRef::Unit => quote!(()),
            TypeRef::Json => json,
            TypeRef::Raw => quote!(#runtime::RawResponse),
            TypeRef::Stream => quote!(#runtime::ByteStream),
            TypeRef::Upload => quote!(#runtime::Upload),
            TypeRef::Multipart => quote!(#runtime::Multipart),
            TypeRef::Parts(i) => {
                let name = quote::format_ident!("{}", self.parts[*i].0);
                quote!(#name)
            }
            TypeRef::Schema(id) => self
                .type_id(*id)
                .and_then(|id| self.space.as_ref()?.space.get_type(&id).ok())
                .map_or(json, |t| t.ident()),
        }
    }

    /// The `types` module's items.
    pub(crate) fn items(&self) -> TokenStream {
        self.space
            .as_ref()
            .map(|s| s.rendered.clone())
            .unwrap_or_default()
    }

    /// Crates the generated types use besides `serde` and `serde_json`.
    pub(crate) fn crates(&self) -> Vec<&'static str> {
        let Some(space) = &self.space else {
            return Vec::new();
        };
        let space = &space.space;
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
