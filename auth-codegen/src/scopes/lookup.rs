//! How `#[api]` finds a scope by the name its author wrote: each `scopes!` module carries
//! a lookup macro, `module::__scope!`, with one arm per scope and a last arm for any other
//! name, which reports that name with the module's scopes closest by spelling.
//!
//! A path (`merchant::can_raed_order`) would leave an undeclared name to rustc, which
//! looks for a similar name among every item of the module (and proposes the set `All`
//! for "all") or finds none. A macro is the one place where both the author's name and the
//! module's names are known while expanding; and it expands to the plain path, so that the
//! generated where-clauses hold the scope's own type (a projection there, normalized or
//! not, is not matched against the bounds of generic code).

use std::hash::{Hash, Hasher};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::bracketed;
use syn::parse::{Parse, ParseStream};

use crate::ctxt::edit_distance;

/// The lookup macro of a module, its path-reachable name `__scope`, and `made_by_scopes`,
/// the module's items as `#[api]` imports them.
///
/// `#[macro_export]` puts the macro at the crate root under a name of its own (the
/// module's name and a hash of its scopes and place); the module reaches it through a hidden glob
/// re-export of the crate root, which the lint against naming macro-expanded exported
/// macros by path does not cover, and re-exports it as `__scope`, so that `#[api]` in this
/// crate or another one writes `module::__scope!(name [module])`.
pub(super) fn lookup_macro(krate: &TokenStream, module: &Ident, scopes: &[&Ident]) -> TokenStream {
    // Unique in the crate: two modules of one name (in two test modules, say) each get
    // their own, told apart by their scopes and by where they are declared (a span prints
    // its position in the compiler's source map).
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    module.to_string().hash(&mut hasher);
    format!("{:?}", module.span()).hash(&mut hasher);
    for scope in scopes {
        scope.to_string().hash(&mut hasher);
    }
    let exported = format_ident!("__auth_core_scope_{}_{:016x}", module, hasher.finish());
    let module_name = module.to_string();
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #exported {
            // The name first: an arm for another scope fails at its first token, before
            // the path is matched.
            #(
                (#scopes [$($path:tt)*]) => { $($path)*::#scopes };
            )*
            ($other:ident [$($path:tt)*]) => {
                #krate::__private_0_1::undeclared_scope! {
                    [#krate] #module_name [#(#scopes)*] [$($path)*] $other
                }
            };
        }


        #[doc(hidden)]
        pub mod __lookup {
            pub use crate::*;
        }

        #[doc(hidden)]
        pub use self::__lookup::#exported as __scope;

        /// `T` itself: `#[api]` names a scope as `__Id<__scope!(...)>`, so that when the
        /// module cannot be imported (the one error then), the scope is an error type,
        /// checked no further, where a lookup macro that cannot be found stands for `()`.
        #[doc(hidden)]
        pub type __Id<T> = T;

        /// This module's items, as `#[api]` reaches them: through one `use` of
        /// `module::made_by_scopes`, which fails, once and nothing after it, for a path
        /// that is misspelt or names a module not declared by `scopes!`.
        #[doc(hidden)]
        pub mod made_by_scopes {
            pub use super::*;
        }
    }
}

/// The input of `undeclared_scope!`: `[krate] "module" [scope ...] [path] name`.
struct Undeclared {
    krate: TokenStream,
    module: syn::LitStr,
    scopes: Vec<Ident>,
    path: TokenStream,
    name: Ident,
}

impl Parse for Undeclared {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let krate;
        bracketed!(krate in input);
        let module = input.parse()?;
        let content;
        bracketed!(content in input);
        let mut scopes = Vec::new();
        while !content.is_empty() {
            scopes.push(content.parse()?);
        }
        let path;
        bracketed!(path in input);
        let name = input.parse()?;
        Ok(Undeclared {
            krate: krate.parse()?,
            module,
            scopes,
            path: path.parse()?,
            name,
        })
    }
}

/// `undeclared_scope! { [krate] "module" [scope ...] [path] name }`, where a type is
/// expected: the error for a scope name the module does not declare, at the name, listing
/// the module's scopes closest by spelling. The type it stands for is the closest scope,
/// reached through a constant holding the error: a type that references an error is not
/// checked further, so nothing is reported after it.
pub fn undeclared_scope(input: TokenStream) -> TokenStream {
    let input: Undeclared = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let scopes: Vec<String> = input.scopes.iter().map(Ident::to_string).collect();
    let message = undeclared_message(&input.module.value(), &input.name.to_string(), &scopes);
    let span = input.name.span();
    let error = quote_spanned!(span=> ::core::compile_error!{ #message });
    let Undeclared {
        krate, path, name, ..
    } = &input;
    let closest = closest_scopes(&name.to_string(), &scopes)
        .first()
        .map(|scope| {
            let scope = Ident::new(scope, span);
            quote!(#path::#scope)
        })
        .unwrap_or_else(|| quote!(()));
    quote! {
        <#closest as #krate::__private_0_1::Reported<{ #error; 0 }>>::Type
    }
}

/// How many close scopes the message lists, at most.
const LISTED: usize = 3;

/// "`merchant` declares no scope `can_raed_order`; the closest by spelling: "can_read_order",
/// "can_write_order"": up to [`LISTED`] scopes, the closest first (declaration order on a
/// tie), the others only when about as close as the closest.
fn undeclared_message(module: &str, name: &str, scopes: &[String]) -> String {
    let mut message = format!("`{module}` declares no scope `{name}`");
    if scopes.is_empty() {
        message.push_str(": it declares no scopes at all");
        return message;
    }
    if name.eq_ignore_ascii_case("all") {
        // Meant as "any scope will do" or "every scope": neither is a scope.
        message.push_str(&format!(
            ": `{module}::All` is the set of every scope, for typing a token; a method names \
             the scopes it needs, such as \"{}\", or `any(\"a\", \"b\")` for any one of them",
            scopes[0]
        ));
        return message;
    }
    let listed: Vec<String> = closest_scopes(name, scopes)
        .iter()
        .map(|scope| format!("\"{scope}\""))
        .collect();
    message.push_str("; the closest by spelling: ");
    message.push_str(&listed.join(", "));
    message
}

/// Up to [`LISTED`] of `scopes`, the closest to `name` by edit distance first
/// (declaration order on a tie), the others only when about as close as the closest.
fn closest_scopes<'s>(name: &str, scopes: &'s [String]) -> Vec<&'s str> {
    let mut by_distance: Vec<(usize, &String)> = scopes
        .iter()
        .map(|scope| (edit_distance(name, scope), scope))
        .collect();
    by_distance.sort_by_key(|(distance, _)| *distance);
    let Some(&(best, _)) = by_distance.first() else {
        return Vec::new();
    };
    by_distance
        .iter()
        .take(LISTED)
        .filter(|(distance, _)| *distance <= best + 2)
        .map(|(_, scope)| scope.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_typo_lists_the_closest_first_and_only_the_close_ones() {
        let merchant = scopes(&[
            "can_read_order",
            "can_write_order",
            "can_read_sales_channels",
            "admin",
        ]);
        assert_eq!(
            undeclared_message("merchant", "can_raed_order", &merchant),
            "`merchant` declares no scope `can_raed_order`; the closest by spelling: \
             \"can_read_order\""
        );
        assert_eq!(
            undeclared_message("merchant", "can_rite_order", &merchant),
            "`merchant` declares no scope `can_rite_order`; the closest by spelling: \
             \"can_write_order\", \"can_read_order\""
        );
        assert_eq!(
            undeclared_message("merchant", "admn", &merchant),
            "`merchant` declares no scope `admn`; the closest by spelling: \"admin\""
        );
    }

    #[test]
    fn a_name_far_from_every_scope_still_gets_the_closest() {
        let merchant = scopes(&["can_read_order", "can_write_order", "admin"]);
        let message = undeclared_message("merchant", "orders", &merchant);
        assert!(
            message.starts_with(
                "`merchant` declares no scope `orders`; the closest by spelling: \"admin\""
            ),
            "{message}"
        );
    }

    #[test]
    fn all_is_pointed_at_the_set_of_every_scope() {
        assert_eq!(
            undeclared_message("merchant", "all", &scopes(&["read", "write"])),
            "`merchant` declares no scope `all`: `merchant::All` is the set of every scope, for \
             typing a token; a method names the scopes it needs, such as \"read\", or \
             `any(\"a\", \"b\")` for any one of them"
        );
    }

    #[test]
    fn a_module_without_scopes_says_so() {
        assert_eq!(
            undeclared_message("empty", "read", &[]),
            "`empty` declares no scope `read`: it declares no scopes at all"
        );
    }

    #[test]
    fn the_error_stands_at_the_name() {
        let out = undeclared_scope(quote!(
            [::auth_core] "merchant" [can_read_order can_write_order] [merchant] can_raed_order
        ));
        let out = out.to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("the closest by spelling"), "{out}");
        assert!(out.starts_with("< merchant :: can_read_order as"), "{out}");
    }
}
