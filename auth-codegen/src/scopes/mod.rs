//! `scopes!`: a provider's scope list becomes a module of types.
//!
//! ```text
//! scopes! {
//!     /// The merchant API's permissions.
//!     pub mod merchant {
//!         /// Read orders.
//!         can_read_order,
//!         can_write_order => can_read_order,
//!         admin => *,
//!     }
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Ident};

mod lookup;
mod parse;

pub use lookup::undeclared_scope;

use parse::{Implies, Input, Module, ScopeDecl};

use crate::ctxt::{Ctxt, did_you_mean};
use crate::rules::reserved::SCOPE_MODULE_ITEMS as RESERVED;

/// Expands `scopes! { ... }`.
pub fn expand(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input.clone()) {
        Ok(input) => input,
        Err(e) => {
            // The modules as far as they can be read, so that the one error is not
            // followed by one at every use of them; their own problems wait for the fix.
            let error = e.to_compile_error();
            let mut cx = Ctxt::default();
            let krate = quote!(::auth_core);
            let modules: TokenStream = parse::fallback_modules(input)
                .iter()
                .map(|m| expand_module(&mut cx, &krate, m))
                .collect();
            drop(cx.check());
            return quote!(#error #modules);
        }
    };
    let krate = input
        .krate
        .as_ref()
        .map_or_else(|| quote!(::auth_core), |p| quote!(#p));
    let mut cx = Ctxt::default();
    let modules: TokenStream = input
        .modules
        .iter()
        .map(|m| expand_module(&mut cx, &krate, m))
        .collect();
    let errors = cx.check();
    quote!(#errors #modules)
}

/// The masks of each scope (itself plus everything it implies, transitively), after
/// reporting duplicates and unknown implication targets.
fn masks<'m>(cx: &mut Ctxt, module: &'m Module) -> (Vec<&'m ScopeDecl>, Vec<Vec<bool>>) {
    let mut scopes: Vec<&ScopeDecl> = Vec::new();
    for decl in &module.scopes {
        let name = decl.ident.to_string();
        let wire = decl.wire_name();
        if let Some(lit) = &decl.wire
            && !crate::rules::is_scope_name(&wire)
        {
            cx.error_spanned_by(lit, "a scope's name cannot be empty or contain spaces");
        }
        if scopes.iter().any(|s| s.ident == decl.ident) {
            cx.error_spanned_by(&decl.ident, format!("the scope `{name}` is declared twice"));
        } else if scopes.iter().any(|s| s.wire_name() == wire) {
            let at: &dyn quote::ToTokens = match &decl.wire {
                Some(lit) => lit,
                None => &decl.ident,
            };
            cx.error_spanned_by(at, format!("the scope name \"{wire}\" is declared twice"));
        } else if RESERVED.contains(&name.as_str()) || name.starts_with("__") {
            cx.error_spanned_by(
                &decl.ident,
                format!(
                    "`{name}` names an item every scope module defines ({}, and names starting \
                     with `__`); a scope cannot use it",
                    RESERVED.join(", ")
                ),
            );
        } else {
            scopes.push(decl);
        }
    }
    let n = scopes.len();
    let names: Vec<String> = scopes.iter().map(|s| s.ident.to_string()).collect();
    let mut masks: Vec<Vec<bool>> = (0..n).map(|i| (0..n).map(|j| i == j).collect()).collect();
    for (i, decl) in scopes.iter().enumerate() {
        match &decl.implies {
            Implies::Nothing => {}
            Implies::Everything => masks[i] = vec![true; n],
            Implies::Some(targets) => {
                for target in targets {
                    match names.iter().position(|n| target == n) {
                        Some(j) if j == i => cx.error_spanned_by(
                            target,
                            format!(
                                "`{target}` implies itself: a scope always grants itself, so \
                                 this says nothing; remove `=> {target}`, or name the narrower \
                                 scope it was meant to imply"
                            ),
                        ),
                        Some(j) => masks[i][j] = true,
                        None => cx.error_spanned_by(
                            target,
                            format!(
                                "`{target}` is not a scope of `{}`{}",
                                module.ident,
                                did_you_mean(&target.to_string(), names.iter().map(String::as_str))
                            ),
                        ),
                    }
                }
            }
        }
    }
    // Transitive closure (Warshall): a => b and b => c means a => c.
    for k in 0..n {
        let implied_by_k = masks[k].clone();
        for mask in &mut masks {
            if mask[k] {
                for (bit, implied) in mask.iter_mut().zip(&implied_by_k) {
                    *bit |= *implied;
                }
            }
        }
    }
    // A cycle (a => b => a) makes its scopes one permission under several names: the
    // provider's catalogue says otherwise, so it is a mistake in the declaration.
    let mut reported = vec![false; n];
    for j in 0..n {
        if reported[j] || matches!(scopes[j].implies, Implies::Everything) {
            continue;
        }
        let cycle: Vec<usize> = (0..n)
            .filter(|&i| i != j && masks[i][j] && masks[j][i])
            .collect();
        if let Some(&other) = cycle.first() {
            for &i in &cycle {
                reported[i] = true;
            }
            reported[j] = true;
            let everything = matches!(scopes[other].implies, Implies::Everything);
            if !everything {
                cx.error_spanned_by(
                    &scopes[j].ident,
                    format!(
                        "`{}` and `{}` imply each other (an implication cycle), which would make \
                         them one permission; keep the implications in one direction, from the \
                         wider scope to the narrower",
                        names[j], names[other]
                    ),
                );
            }
        }
    }
    (scopes, masks)
}

/// How deep a module's tries are: `ceil(log2(n))` levels, so that every scope has a
/// path of its own.
fn depth_for(n: usize) -> u32 {
    if n <= 1 {
        0
    } else {
        usize::BITS - (n - 1).leading_zeros()
    }
}

/// The path to position `index` in a trie `depth` levels deep: one step per level, most
/// significant bit first.
fn path_to(index: usize, depth: u32) -> TokenStream {
    let mut path = quote!(__Here);
    for level in 0..depth {
        let step = if (index >> level) & 1 == 0 {
            quote!(__Left)
        } else {
            quote!(__Right)
        };
        path = quote!(__Go<#step, #path>);
    }
    path
}

/// The trie of the scopes `mask` marks, over positions `lo..lo + size`. It names the
/// trie types through the module's private `__` aliases, which keeps a 500-scope
/// module's expansion small.
fn trie_of(scopes: &[&ScopeDecl], mask: &[bool], lo: usize, size: usize) -> TokenStream {
    let end = (lo + size).min(mask.len());
    if lo >= end || !mask[lo..end].iter().any(|b| *b) {
        return quote!(__NotGranted);
    }
    if size == 1 {
        let ident = &scopes[lo].ident;
        return quote!(__Has<#ident>);
    }
    let half = size / 2;
    let left = trie_of(scopes, mask, lo, half);
    let right = trie_of(scopes, mask, lo + half, half);
    quote!(__Node<#left, #right>)
}

fn expand_module(cx: &mut Ctxt, krate: &TokenStream, module: &Module) -> TokenStream {
    for error in &module.errors {
        cx.syn_error(error.clone());
    }
    let (scopes, masks) = masks(cx, module);
    let Module {
        attrs, vis, ident, ..
    } = module;
    let module_name = ident.to_string();
    let n = scopes.len();
    let depth = depth_for(n);
    let size = 1usize << depth;
    let set = |mask: &[bool]| {
        let trie = trie_of(&scopes, mask, 0, size);
        quote!(#krate::scope::Set<Scopes, #trie>)
    };
    let all = set(&vec![true; n]);
    let empty = set(&vec![false; n]);
    let names: Vec<String> = scopes.iter().map(|s| s.ident.to_string()).collect();
    let wire_names: Vec<String> = scopes.iter().map(|s| s.wire_name()).collect();
    let marker_doc = format!(
        " The `{module_name}` scope module. A set of its scopes is \
         `auth_core::scope::Set<Scopes, ...>`: write one with [`Of`], [`All`] or [`Empty`]."
    );

    let per_scope = scopes
        .iter()
        .zip(&masks)
        .enumerate()
        .map(|(i, (decl, mask))| {
            let scope = &decl.ident;
            let name = scope.to_string();
            let docs: Vec<&Attribute> = decl
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .collect();
            let default_doc = docs.is_empty().then(|| {
                let line = format!(" The scope `{name}`.");
                quote!(#[doc = #line])
            });
            let other_attrs = decl.attrs.iter().filter(|a| !a.path().is_ident("doc"));
            let wire = decl.wire_name();
            let wire_doc = decl.wire.is_some().then(|| {
                let line = format!(" The provider spells it `{wire}`.");
                quote!(#[doc = ""] #[doc = #line])
            });
            let implied: Vec<String> = names
                .iter()
                .zip(mask)
                .filter(|(n, m)| **m && **n != name)
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            let implied_doc = (!implied.is_empty()).then(|| {
                let line = format!(" Implies {}.", implied.join(", "));
                quote!(#[doc = ""] #[doc = #line])
            });
            let path = path_to(i, depth);
            let own_set = set(mask);
            // Spanned at the declaration, so that errors naming this scope point at it.
            let item = quote::quote_spanned!(scope.span()=> pub enum #scope {});
            quote! {
                #(#docs)*
                #default_doc
                #wire_doc
                #implied_doc
                #(#other_attrs)*
                #item

                impl #krate::scope::Scope for #scope {
                    const NAME: &'static str = #wire;
                    type Module = Scopes;
                    type Path = #path;
                    type Set = #own_set;
                }

                impl #krate::scope::ScopeList for #scope {
                    type Set = #own_set;
                }
            }
        });

    let grants = grants_module(krate, &module_name, &scopes, &masks);
    let idents: Vec<&Ident> = scopes.iter().map(|s| &s.ident).collect();
    let lookup = lookup::lookup_macro(krate, ident, &idents);
    quote! {
        #(#attrs)*
        #vis mod #ident {
            #![allow(non_camel_case_types, dead_code)]

            #[allow(unused_imports)]
            use #krate::scope::trie::{
                Go as __Go, Has as __Has, Here as __Here, Left as __Left, Node as __Node,
                NotGranted as __NotGranted, Right as __Right,
            };

            #[doc = #marker_doc]
            pub enum Scopes {}

            impl #krate::scope::Module for Scopes {
                const NAME: &'static str = #module_name;
                const NAMES: &'static [&'static str] = &[#(#wire_names),*];
            }

            /// The set of the listed scopes and everything they imply: `Of<a>`,
            /// `Of<(a, b)>`. The order does not matter: `Of<(a, b)>` is `Of<(b, a)>`.
            pub type Of<L> = <L as #krate::scope::ScopeList>::Set;

            /// Every scope of this module (a token that may do everything, such as a
            /// personal access token).
            pub type All = #all;

            /// No scope at all (public endpoints only).
            pub type Empty = #empty;

            #(#per_scope)*

            #lookup

            #grants
        }
    }
}

/// The `grants` module: per scope, a trait implied by every set granting it, whose
/// supertraits are `Grants` of the scope and of everything it implies. Generic code
/// bounded by `S: merchant::grants::can_write_order` may then call methods needing
/// `can_read_order` too, which `S: Grants<can_write_order>` alone cannot show.
fn grants_module(
    krate: &TokenStream,
    module_name: &str,
    scopes: &[&ScopeDecl],
    masks: &[Vec<bool>],
) -> TokenStream {
    let traits = scopes.iter().zip(masks).map(|(decl, mask)| {
        let scope = &decl.ident;
        let granted: Vec<&Ident> = scopes
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .map(|(s, _)| &s.ident)
            .collect();
        let doc = format!(
            " Granted `{scope}` and all it implies: the bound for generic code calling \
             methods that need any of these scopes."
        );
        quote! {
            #[doc = #doc]
            pub trait #scope: #krate::scope::ScopeSet #(+ #krate::scope::Grants<super::#granted>)* {}

            impl<__S> #scope for __S where __S: #krate::scope::ScopeSet #(+ #krate::scope::Grants<super::#granted>)* {}
        }
    });
    let doc = format!(
        " Bounds for generic code, one trait per scope of `{module_name}`: `S: \
         {module_name}::grants::x` grants `x` and everything `x` implies."
    );
    quote! {
        #[doc = #doc]
        pub mod grants {
            #(#traits)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: TokenStream) -> String {
        expand(input).to_string()
    }

    #[test]
    fn implications_are_transitive() {
        let input: Input = syn::parse2(quote!(mod m { a => b, b => c, c, d => *, e })).unwrap();
        let mut cx = Ctxt::default();
        let (_, masks) = masks(&mut cx, &input.modules[0]);
        assert!(cx.check().is_empty());
        assert_eq!(masks[0], [true, true, true, false, false]);
        assert_eq!(masks[1], [false, true, true, false, false]);
        assert_eq!(masks[3], [true; 5]);
        assert_eq!(masks[4], [false, false, false, false, true]);
    }

    #[test]
    fn duplicates_reserved_names_and_unknown_targets_are_errors() {
        let out = errors(quote!(mod m { can_read, can_read, Of, can_write => can_raed }));
        assert!(
            out.contains("the scope `can_read` is declared twice"),
            "{out}"
        );
        assert!(
            out.contains("`Of` names an item every scope module defines"),
            "{out}"
        );
        assert!(out.contains("did you mean `can_read`?"), "{out}");
        // The module is still emitted, so that uses of it do not cascade.
        assert!(out.contains("pub enum can_write"), "{out}");
    }

    #[test]
    fn implication_cycles_are_errors_but_aliases_of_everything_are_not() {
        let out = errors(quote!(mod m { a => b, b => c, c => a, d }));
        assert_eq!(out.matches("imply each other").count(), 1, "{out}");
        let out = errors(quote!(mod m { admin => *, root => *, alias => admin, d }));
        assert!(!out.contains("imply each other"), "{out}");
    }

    #[test]
    fn input_that_does_not_parse_still_declares_its_modules() {
        let out = errors(quote!(pub mod m can_read));
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(out.contains("pub mod m"), "{out}");
        for input in [
            quote!(pub mod m { a, b => c } junk),
            quote!(pub m { a, b => c }),
            quote!(pub mod m = { a, b }),
        ] {
            let out = errors(input);
            assert_eq!(out.matches("compile_error").count(), 1, "{out}");
            assert!(out.contains("pub mod m"), "{out}");
            assert!(
                out.contains("pub enum a") && out.contains("pub enum b"),
                "{out}"
            );
        }
    }

    #[test]
    fn a_scope_implying_itself_is_an_error_at_the_target() {
        let out = errors(quote!(mod m { a => a, b => [c, b], c }));
        assert_eq!(out.matches("implies itself").count(), 2, "{out}");
        // The module is still emitted.
        assert!(out.contains("pub enum a"), "{out}");
    }

    #[test]
    fn a_broken_entry_is_reported_and_the_rest_of_the_module_generated() {
        let out = errors(quote!(mod m { a, b => , c = 5, d }));
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        for scope in ["a", "b", "c", "d"] {
            assert!(out.contains(&format!("pub enum {scope}")), "{scope}: {out}");
        }
    }

    #[test]
    fn wire_names_are_checked_too() {
        let out = errors(quote!(mod m { a = "x:y", b = "x:y", c = "has space", d = "" }));
        assert!(
            out.contains(r#"the scope name \"x:y\" is declared twice"#),
            "{out}"
        );
        assert_eq!(
            out.matches("cannot be empty or contain spaces").count(),
            2,
            "{out}"
        );
        let out = expand(quote!(mod m { a = "x:y" }));
        assert!(
            out.to_string()
                .contains(r#"const NAME : & 'static str = "x:y""#),
            "{out}"
        );
    }

    #[test]
    fn paths_are_log2_deep_and_distinct() {
        assert_eq!(
            (depth_for(0), depth_for(1), depth_for(2), depth_for(3)),
            (0, 0, 1, 2)
        );
        assert_eq!((depth_for(4), depth_for(5), depth_for(500)), (2, 3, 9));
        let paths: Vec<String> = (0..5).map(|i| path_to(i, 3).to_string()).collect();
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 5);
        assert!(paths[0].matches("Left").count() == 3, "{}", paths[0]);
    }

    #[test]
    fn the_expansion_grows_about_linearly() {
        let size = |n: usize| {
            let names: Vec<proc_macro2::Ident> = (0..n)
                .map(|i| proc_macro2::Ident::new(&format!("s{i}"), proc_macro2::Span::call_site()))
                .collect();
            expand(quote!(mod m { #(#names),* })).into_iter().count()
                + expand(quote!(mod m { #(#names),* })).to_string().len()
        };
        let (small, large) = (size(50), size(500));
        // O(n log n): 10x the scopes is well under 20x the code (O(n²) was 100x).
        assert!(large < small * 20, "{small} -> {large}");
    }
}
