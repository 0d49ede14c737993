//! The parts type of a `multipart/form-data` body: a struct with a field per part (files
//! as `Part`s), built with `new` (the required parts) and a setter per optional part,
//! which converts into the runtime's `Multipart`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Built, TypeRef};

/// A multipart body's parts, as read from its schema.
pub(crate) struct Parts {
    /// The type's name before it is made unique (`CreateAttachmentForObjectParts`).
    pub(crate) base: String,
    /// The operation's method name, for the docs.
    pub(crate) operation: String,
    pub(crate) fields: Vec<Field>,
    /// The features its operation compiles under (see `Config::features`).
    pub(crate) features: Vec<String>,
}

/// One part.
pub(crate) struct Field {
    /// Its name on the wire.
    pub(crate) wire: String,
    /// The field's (and the setter's) name.
    pub(crate) ident: String,
    pub(crate) required: bool,
    pub(crate) kind: FieldKind,
    pub(crate) docs: Vec<String>,
}

/// What a part is sent as.
pub(crate) enum FieldKind {
    /// `format: binary`: a `Part` (a file, bytes, a stream).
    File,
    /// A list of files: one part each, under the same name.
    Files,
    /// A string: a text part.
    Text,
    /// A number or boolean (its Rust type): a text part of its `Display`.
    Scalar(&'static str),
    /// A list of strings: one text part each, under the same name.
    TextList,
    /// Anything else: a JSON part of the document's type.
    Json(TypeRef),
}

impl Built {
    /// The parts types, with their constructors, setters and conversions.
    pub(crate) fn parts_items(&self) -> TokenStream {
        self.parts
            .iter()
            .map(|(name, parts)| self.parts_item(name, parts))
            .collect()
    }

    fn parts_item(&self, name: &str, parts: &Parts) -> TokenStream {
        let runtime = &self.runtime;
        let name = format_ident!("{}", name);
        // The field's type: optional unless required (a list is empty rather than absent).
        let ty = |field: &Field| -> TokenStream {
            let ty = self.part_type(&field.kind);
            if field.required || field.kind.is_list() {
                ty
            } else {
                quote!(Option<#ty>)
            }
        };
        // What `new` and a setter take: `impl Into<_>` for files and text.
        let taken = |field: &Field| -> TokenStream {
            match &field.kind {
                FieldKind::File => quote!(impl Into<#runtime::Part>),
                FieldKind::Text => quote!(impl Into<String>),
                kind => self.part_type(kind),
            }
        };
        let converts = |field: &Field| matches!(field.kind, FieldKind::File | FieldKind::Text);
        let fields = parts.fields.iter().map(|field| {
            let ident = format_ident!("{}", field.ident);
            let ty = ty(field);
            let docs = field_docs(field);
            quote!(#(#[doc = #docs])* pub #ident: #ty,)
        });
        let required: Vec<&Field> = parts.fields.iter().filter(|f| f.required).collect();
        let new_params = required.iter().map(|field| {
            let ident = format_ident!("{}", field.ident);
            let ty = taken(field);
            quote!(#ident: #ty)
        });
        let new_fields = parts.fields.iter().map(|field| {
            let ident = format_ident!("{}", field.ident);
            if field.required && converts(field) {
                quote!(#ident: #ident.into(),)
            } else if field.required {
                quote!(#ident,)
            } else if field.kind.is_list() {
                quote!(#ident: Vec::new(),)
            } else {
                quote!(#ident: None,)
            }
        });
        let setters = parts.fields.iter().filter(|f| !f.required).map(|field| {
            let ident = format_ident!("{}", field.ident);
            let ty = taken(field);
            let wire = &field.wire;
            let (doc, value) = match field.kind {
                FieldKind::Files | FieldKind::TextList => (
                    format!(" Sets the `{wire}` parts (one per item)."),
                    quote!(#ident),
                ),
                _ if converts(field) => (
                    format!(" Sets the `{wire}` part."),
                    quote!(Some(#ident.into())),
                ),
                _ => (format!(" Sets the `{wire}` part."), quote!(Some(#ident))),
            };
            quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #ident(mut self, #ident: #ty) -> Self {
                    self.#ident = #value;
                    self
                }
            }
        });
        // Files go last, after the fields that describe them (some servers read the
        // fields before the file).
        let (files, others): (Vec<&Field>, Vec<&Field>) = parts
            .fields
            .iter()
            .partition(|f| matches!(f.kind, FieldKind::File | FieldKind::Files));
        let adds = others.into_iter().chain(files).map(|field| {
            let ident = format_ident!("{}", field.ident);
            let wire = &field.wire;
            let add = |value: TokenStream| match &field.kind {
                FieldKind::File => quote!(form = form.part(#wire, #value);),
                FieldKind::Text => quote!(form = form.text(#wire, #value);),
                FieldKind::Scalar(_) => quote!(form = form.text(#wire, #value.to_string());),
                FieldKind::Json(_) => quote!(form = form.json(#wire, &#value);),
                FieldKind::Files => quote!(for part in #value { form = form.part(#wire, part); }),
                FieldKind::TextList => {
                    quote!(for text in #value { form = form.text(#wire, text); })
                }
            };
            if field.required || field.kind.is_list() {
                add(quote!(parts.#ident))
            } else {
                let set = add(quote!(value));
                quote!(if let Some(value) = parts.#ident { #set })
            }
        });
        let doc = format!(
            " The `multipart/form-data` body of `{}`: `new` takes the required parts, a \
             setter each of the others; files are `Part`s (`Part::file(path)`, read while \
             sent).",
            parts.operation
        );
        // Nothing required: every part starts unset.
        let default = required.is_empty().then(|| quote!(Default,));
        let features = &parts.features;
        let cfg = (!features.is_empty()).then(|| {
            let condition = super::usage::features_cfg(features.iter());
            quote!(#[cfg(#condition)])
        });
        quote! {
            #cfg
            #[doc = #doc]
            #[derive(Debug, #default)]
            pub struct #name {
                #(#fields)*
            }

            #cfg
            impl #name {
                /// The parts with the required ones set.
                #[allow(clippy::too_many_arguments)]
                pub fn new(#(#new_params),*) -> Self {
                    #name { #(#new_fields)* }
                }

                #(#setters)*
            }

            #cfg
            impl From<#name> for #runtime::Multipart {
                fn from(parts: #name) -> Self {
                    let mut form = #runtime::Multipart::new();
                    #(#adds)*
                    form
                }
            }
        }
    }
}

impl Built {
    /// The Rust type of a part.
    fn part_type(&self, kind: &FieldKind) -> TokenStream {
        let runtime = &self.runtime;
        match kind {
            FieldKind::File => quote!(#runtime::Part),
            FieldKind::Files => quote!(Vec<#runtime::Part>),
            FieldKind::Text => quote!(String),
            FieldKind::Scalar(scalar) => {
                let scalar = format_ident!("{}", scalar);
                quote!(#scalar)
            }
            FieldKind::TextList => quote!(Vec<String>),
            FieldKind::Json(ty) => self.render(ty),
        }
    }
}

impl FieldKind {
    /// A list of parts under one name.
    fn is_list(&self) -> bool {
        matches!(self, FieldKind::Files | FieldKind::TextList)
    }
}

/// A field's doc lines: the document's description, and its name on the wire.
fn field_docs(field: &Field) -> Vec<String> {
    let mut docs: Vec<String> = field.docs.iter().map(|l| format!(" {l}")).collect();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!(" The `{}` part.", field.wire));
    docs
}
