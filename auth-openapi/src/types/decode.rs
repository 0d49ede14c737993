//! serde's `Deserialize` derive replaced, on the types where it can be, by a smaller
//! impl that reads the same JSON (`auth_core::__private_0_1::de` holds what they share).
//!
//! serde's derive writes about 60 lines of generic code per struct and 25 per field
//! (a field enum with its visitor, a sequence visitor, a map visitor), all type-checked
//! in the crate of the types: for DigitalOcean's 1,946 types, most of the crate's build
//! time and memory (BENCHMARKS.md §4b). Here a struct gets one visitor with
//! `visit_map` and a `match` from field name to index, and a string enum a `match`
//! from variant index to variant.
//!
//! Taken: structs with named fields whose serde attributes are `rename`, `default`
//! (with or without a function), `skip_serializing_if` and
//! `deserialize_with = "::std::option::Option::deserialize"` (typify's required,
//! nullable field); enums whose variants are all unit variants, renamed or not. Any
//! other serde attribute (`flatten`, `transparent`, `untagged`, a container attribute,
//! generics) keeps serde's derive.
//!
//! The impl's own names start with two underscores (`__D`, `__Visitor`, `__f0`), so that
//! a generated type named `D`, `A` or `Fields` is not shadowed in the fields' types.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::{Attribute, Fields, Ident, Item, LitStr, Path, Token};

/// Replaces serde's `Deserialize` derive on the items of `file` it can; returns how
/// many. `runtime` is the runtime crate's path (`::auth_core`).
pub(super) fn lean(file: &mut syn::File, runtime: &TokenStream) -> usize {
    let mut out = Vec::with_capacity(file.items.len() + file.items.len() / 2);
    let mut replaced = 0;
    for mut item in std::mem::take(&mut file.items) {
        let written = match &item {
            Item::Struct(s) if derives_deserialize(&s.attrs) && s.generics.params.is_empty() => {
                plan_struct(s).map(|fields| struct_impl(&s.ident, &fields, runtime))
            }
            Item::Enum(e) if derives_deserialize(&e.attrs) && e.generics.params.is_empty() => {
                plan_enum(e).map(|variants| enum_impl(&e.ident, &variants, runtime))
            }
            _ => None,
        };
        match written {
            Some(tokens) => {
                let attrs = match &mut item {
                    Item::Struct(s) => &mut s.attrs,
                    Item::Enum(e) => &mut e.attrs,
                    _ => unreachable!("only structs and enums are planned"),
                };
                drop_deserialize(attrs);
                super::usage::strip_serde_attributes(&mut item);
                out.push(item);
                // The impl is built from checked parts; it parses.
                match syn::parse2::<Item>(tokens) {
                    Ok(written) => {
                        out.push(written);
                        replaced += 1;
                    }
                    Err(_) => debug_assert!(false, "a written Deserialize impl does not parse"),
                }
            }
            None => out.push(item),
        }
    }
    file.items = out;
    replaced
}

/// One field of a struct, as its impl reads it.
struct FieldPlan {
    ident: Ident,
    ty: syn::Type,
    /// Its name in JSON.
    key: String,
    absent: Absent,
}

/// What an absent field becomes.
enum Absent {
    /// What its type makes of absence (`None` for an `Option`, else `missing field`).
    ByType,
    /// `Default::default()`.
    Default,
    /// The value of this function.
    Function(syn::ExprPath),
    /// `missing field`, whatever its type (`deserialize_with = Option::deserialize`).
    Required,
}

/// The fields of a struct the lean impl can read, or `None` when the derive stays.
fn plan_struct(item: &syn::ItemStruct) -> Option<Vec<FieldPlan>> {
    if item.attrs.iter().any(is_serde) {
        return None;
    }
    let Fields::Named(fields) = &item.fields else {
        return None;
    };
    fields
        .named
        .iter()
        .map(|field| {
            let ident = field.ident.clone()?;
            let mut plan = FieldPlan {
                key: ident.to_string().trim_start_matches("r#").to_owned(),
                ident,
                ty: field.ty.clone(),
                absent: Absent::ByType,
            };
            for attr in field.attrs.iter().filter(|a| is_serde(a)) {
                read_field_attr(attr, &mut plan)?;
            }
            Some(plan)
        })
        .collect()
}

/// Reads one `#[serde(...)]` of a field into `plan`; `None` for anything not taken.
fn read_field_attr(attr: &Attribute, plan: &mut FieldPlan) -> Option<()> {
    let mut taken = true;
    attr.parse_nested_meta(|meta| {
        let value = |meta: &syn::meta::ParseNestedMeta| meta.value()?.parse::<LitStr>();
        if meta.path.is_ident("rename") {
            plan.key = value(&meta)?.value();
        } else if meta.path.is_ident("default") {
            plan.absent = if meta.input.peek(Token![=]) {
                Absent::Function(value(&meta)?.parse()?)
            } else {
                Absent::Default
            };
        } else if meta.path.is_ident("skip_serializing_if") {
            value(&meta)?;
        } else if meta.path.is_ident("deserialize_with") {
            let with = value(&meta)?.value();
            taken &= with.replace(' ', "") == "::std::option::Option::deserialize";
            plan.absent = Absent::Required;
        } else {
            taken = false;
            skip_value(&meta)?;
        }
        Ok(())
    })
    .ok()?;
    taken.then_some(())
}

/// Reads past an attribute word's `= value`, if it has one: a word not taken.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    }
    Ok(())
}

/// The variants of a string enum (name, JSON name), or `None` when the derive stays.
fn plan_enum(item: &syn::ItemEnum) -> Option<Vec<(Ident, String)>> {
    if item.attrs.iter().any(is_serde) || item.variants.is_empty() {
        return None;
    }
    item.variants
        .iter()
        .map(|variant| {
            if !matches!(variant.fields, Fields::Unit) {
                return None;
            }
            let mut key = variant.ident.to_string();
            for attr in variant.attrs.iter().filter(|a| is_serde(a)) {
                let mut taken = true;
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        key = meta.value()?.parse::<LitStr>()?.value();
                    } else {
                        taken = false;
                        skip_value(&meta)?;
                    }
                    Ok(())
                })
                .ok()?;
                if !taken {
                    return None;
                }
            }
            Some((variant.ident.clone(), key))
        })
        .collect()
}

/// The impl of a struct.
fn struct_impl(name: &Ident, fields: &[FieldPlan], runtime: &TokenStream) -> TokenStream {
    let de = quote!(#runtime::__private_0_1::de);
    let expecting = format!("struct {name}");
    let name_text = name.to_string();
    let slots: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__f{}", i))
        .collect();
    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    let indices = 0..fields.len();
    let types = fields.iter().map(|f| &f.ty);
    let reads = fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (field, slot))| {
            let key = &field.key;
            quote!(#i => #de::put(&mut #slot, &mut map, #key)?,)
        });
    let values = fields.iter().zip(&slots).map(|(field, slot)| {
        let ident = &field.ident;
        let key = &field.key;
        let value = match &field.absent {
            Absent::ByType => quote!(#de::field(#slot, #key)?),
            Absent::Required => quote!(#de::required(#slot, #key)?),
            Absent::Default => quote!(#slot.unwrap_or_default()),
            Absent::Function(path) => quote!(#slot.unwrap_or_else(#path)),
        };
        quote!(#ident: #value)
    });
    deserialize_impl(
        name,
        quote! {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A>(self, mut map: __A) -> ::std::result::Result<#name, __A::Error>
                    where
                        __A: ::serde::de::MapAccess<'de>,
                    {
                        #(let mut #slots: ::std::option::Option<#types> = ::std::option::Option::None;)*
                        let field = #de::Field(|name| match name {
                            #(#keys => #indices,)*
                            _ => usize::MAX,
                        });
                        while let ::std::option::Option::Some(index) = map.next_key_seed(field)? {
                            match index {
                                #(#reads)*
                                _ => #de::skip(&mut map)?,
                            }
                        }
                        ::std::result::Result::Ok(#name { #(#values,)* })
                    }
                }
                deserializer.deserialize_struct(#name_text, &[#(#keys),*], __Visitor)
        },
    )
}

/// The impl of a string enum.
fn enum_impl(name: &Ident, variants: &[(Ident, String)], runtime: &TokenStream) -> TokenStream {
    let de = quote!(#runtime::__private_0_1::de);
    let name_text = name.to_string();
    let keys = variants.iter().map(|(_, key)| key);
    let (last, rest) = variants.split_last().expect("planned enums have variants");
    let indices = 0..rest.len();
    let rest = rest.iter().map(|(ident, _)| ident);
    let last = &last.0;
    deserialize_impl(
        name,
        quote! {
                ::std::result::Result::Ok(
                    match #de::variant(deserializer, #name_text, &[#(#keys),*])? {
                        #(#indices => Self::#rest,)*
                        _ => Self::#last,
                    },
                )
        },
    )
}

/// `impl Deserialize for #name` whose `deserialize` is `body`.
fn deserialize_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                #body
            }
        }
    }
}

/// Whether an attribute is `#[serde(...)]`.
pub(super) fn is_serde(attr: &Attribute) -> bool {
    attr.path().is_ident("serde")
}

/// Whether a derive path is serde's `Deserialize`.
fn is_deserialize(path: &Path) -> bool {
    path.segments
        .last()
        .is_some_and(|s| s.ident == "Deserialize")
        && path.segments.first().is_some_and(|s| s.ident == "serde")
}

/// The paths of a `#[derive(...)]`, when `attr` is one.
pub(super) fn derive_paths(attr: &Attribute) -> Option<Punctuated<Path, Token![,]>> {
    if !attr.path().is_ident("derive") {
        return None;
    }
    attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        .ok()
}

/// Whether the item derives serde's `Deserialize`.
fn derives_deserialize(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter_map(derive_paths)
        .any(|paths| paths.iter().any(is_deserialize))
}

/// Takes serde's `Deserialize` out of the item's derives.
fn drop_deserialize(attrs: &mut [Attribute]) {
    for attr in attrs.iter_mut() {
        let Some(paths) = derive_paths(attr) else {
            continue;
        };
        let kept = paths.iter().filter(|p| !is_deserialize(p));
        *attr = syn::parse_quote_spanned!(Span::call_site() => #[derive(#(#kept),*)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tokens: TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        lean(&mut file, &quote!(::auth_core));
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_plain_struct_gets_the_lean_impl_with_its_wire_names_and_defaults() {
        let code = run(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Droplet {
                pub id: i64,
                #[serde(rename = "type")]
                pub type_: ::std::string::String,
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub tags: ::std::vec::Vec<::std::string::String>,
                #[serde(default = "defaults::droplet_size")]
                pub size: i64,
                #[serde(deserialize_with = "::std::option::Option::deserialize")]
                pub image: ::std::option::Option<::std::string::String>,
            }
        });
        assert!(
            code.contains("#[derive(::serde::Serialize, Clone, Debug)]"),
            "{code}"
        );
        assert!(code.contains("\"type\" => 1usize"), "{code}");
        assert!(
            code.contains("id: ::auth_core::__private_0_1::de::field(__f0, \"id\")?"),
            "{code}"
        );
        assert!(code.contains("tags: __f2.unwrap_or_default()"), "{code}");
        assert!(
            code.contains("size: __f3.unwrap_or_else(defaults::droplet_size)"),
            "{code}"
        );
        assert!(
            code.contains("image: ::auth_core::__private_0_1::de::required(__f4, \"image\")?"),
            "{code}"
        );
        assert!(code.contains("deserialize_struct(\n                \"Droplet\",\n                &[\"id\", \"type\", \"tags\", \"size\", \"image\"],"), "{code}");
    }

    #[test]
    fn a_string_enum_gets_the_lean_impl() {
        let code = run(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug)]
            pub enum Status {
                #[serde(rename = "new")]
                New,
                #[serde(rename = "active")]
                Active,
                Off,
            }
        });
        assert!(
            code.contains("#[derive(::serde::Serialize, Clone, Copy, Debug)]"),
            "{code}"
        );
        assert!(code.contains("&[\"new\", \"active\", \"Off\"]"), "{code}");
        assert!(code.contains("0usize => Self::New,\n                1usize => Self::Active,\n                _ => Self::Off,"), "{code}");
    }

    #[test]
    fn what_the_lean_impl_cannot_read_keeps_the_derive() {
        let kept = [
            quote! {
                #[derive(::serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                pub struct Strict { pub a: i64 }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                pub struct Extra {
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                pub struct Custom {
                    #[serde(deserialize_with = "my::reader")]
                    pub a: i64,
                }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                #[serde(untagged)]
                pub enum Either { A(i64), B(String) }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                pub enum Tuple { A(i64) }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                #[serde(transparent)]
                pub struct Name(String);
            },
        ];
        for tokens in kept {
            let code = run(tokens);
            assert!(code.contains("::serde::Deserialize)]"), "{code}");
            assert!(!code.contains("__private_0_1"), "{code}");
        }
    }
}
