//! Fields typify names alike told apart: `inline-marker-ref` and `inlineMarkerRef` are
//! both `inline_marker_ref` to it, and a struct with the same field twice does not
//! compile. The second becomes `inline_marker_ref_2` (its wire name kept by
//! `#[serde(rename)]`), in the struct and in every struct expression of its `impl`s.

use std::collections::BTreeMap;

use proc_macro2::Span;
use syn::visit_mut::VisitMut;
use syn::{Fields, Ident, Item, Member};

/// Makes every struct's fields in `file` (typify's items) distinct.
pub(super) fn distinct(file: &mut syn::File) {
    // Struct name → its fields' new names, by old name, in order of occurrence.
    let mut renamed: BTreeMap<String, BTreeMap<String, Vec<Ident>>> = BTreeMap::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut taken: Vec<String> = fields
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref().map(Ident::to_string))
            .collect();
        for field in &mut fields.named {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let name = ident.to_string();
            let count = seen.entry(name.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                continue;
            }
            let new = (*count..)
                .map(|i| format!("{name}_{i}"))
                .find(|n| !taken.contains(n))
                .unwrap_or_else(|| format!("{name}_{count}"));
            taken.push(new.clone());
            let new = Ident::new(&new, Span::call_site());
            if !has_rename(&field.attrs) {
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #name)]));
            }
            field.ident = Some(new.clone());
            renamed
                .entry(item.ident.to_string())
                .or_default()
                .entry(name)
                .or_default()
                .push(new);
        }
    }
    if renamed.is_empty() {
        return;
    }
    for item in &mut file.items {
        let Item::Impl(item) = item else { continue };
        let syn::Type::Path(self_ty) = &*item.self_ty else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        if let Some(fields) = renamed.get(&name) {
            Rename { name, fields }.visit_item_impl_mut(item);
        }
    }
}

/// Whether a field has `#[serde(rename = ...)]`.
fn has_rename(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("serde") && {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("rename");
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
            found
        }
    })
}

/// Renames the repeated fields of the struct `name` in struct expressions.
struct Rename<'a> {
    name: String,
    fields: &'a BTreeMap<String, Vec<Ident>>,
}

impl VisitMut for Rename<'_> {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        let ours = expr
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Self" || s.ident == self.name);
        if ours {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for field in &mut expr.fields {
                let Member::Named(ident) = &mut field.member else {
                    continue;
                };
                let name = ident.to_string();
                let count = seen.entry(name.clone()).or_insert(0);
                *count += 1;
                if let Some(new) = count
                    .checked_sub(2)
                    .and_then(|i| self.fields.get(&name)?.get(i))
                {
                    *ident = new.clone();
                }
            }
        }
        syn::visit_mut::visit_expr_struct_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_field_named_twice_gets_a_name_of_its_own_and_keeps_its_wire_name() {
        let mut file: syn::File = syn::parse2(quote! {
            pub struct Node {
                #[serde(rename = "inline-marker-ref", default)]
                pub inline_marker_ref: Option<String>,
                #[serde(rename = "inlineMarkerRef")]
                pub inline_marker_ref: Option<String>,
                pub inline_marker_ref_2: u8,
                pub inline_marker_ref: bool,
            }
            impl ::std::default::Default for Node {
                fn default() -> Self {
                    Self {
                        inline_marker_ref: None,
                        inline_marker_ref: None,
                        inline_marker_ref_2: 0,
                        inline_marker_ref: false,
                    }
                }
            }
        })
        .unwrap();
        distinct(&mut file);
        let code = prettyplease::unparse(&file);
        assert!(
            code.contains(
                "#[serde(rename = \"inlineMarkerRef\")]\n    pub inline_marker_ref_3: Option<String>,"
            ),
            "{code}"
        );
        assert!(
            code.contains(
                "#[serde(rename = \"inline_marker_ref\")]\n    pub inline_marker_ref_4: bool,"
            ),
            "{code}"
        );
        assert!(
            code.contains("inline_marker_ref_3: None,\n            inline_marker_ref_2: 0,\n            inline_marker_ref_4: false,"),
            "{code}"
        );
    }
}
