//! Reading `scopes!` input: modules of scope entries, each parsed on its own so that a
//! broken entry is reported at its tokens while the rest of the module is read.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitStr, Path, Token, Visibility, braced, bracketed};

pub(super) struct Input {
    pub(super) krate: Option<Path>,
    pub(super) modules: Vec<Module>,
}

pub(super) struct Module {
    pub(super) attrs: Vec<Attribute>,
    pub(super) vis: Visibility,
    pub(super) ident: Ident,
    pub(super) scopes: Vec<ScopeDecl>,
    /// Entries that did not parse, reported when the module is expanded; the module is
    /// still generated (with the scope itself when its name could be read), so that
    /// uses of it do not cascade.
    pub(super) errors: Vec<syn::Error>,
}

pub(super) struct ScopeDecl {
    pub(super) attrs: Vec<Attribute>,
    pub(super) ident: Ident,
    /// `= "orders:read"`: the name on the wire, when it is not an identifier.
    pub(super) wire: Option<LitStr>,
    pub(super) implies: Implies,
}

impl ScopeDecl {
    /// The name the provider uses.
    pub(super) fn wire_name(&self) -> String {
        self.wire
            .as_ref()
            .map_or_else(|| self.ident.to_string(), LitStr::value)
    }
}

pub(super) enum Implies {
    Nothing,
    Some(Vec<Ident>),
    Everything,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut krate = None;
        if input.peek(Token![crate]) && input.peek2(Token![=]) {
            input.parse::<Token![crate]>()?;
            input.parse::<Token![=]>()?;
            krate = Some(input.call(Path::parse_mod_style)?);
            input.parse::<Token![;]>()?;
        }
        let mut modules = Vec::new();
        while !input.is_empty() {
            modules.push(input.parse()?);
        }
        if modules.is_empty() {
            return Err(input.error(
                "declare a module of scopes: `scopes! { pub mod merchant { can_read_order, ... } }`",
            ));
        }
        Ok(Input { krate, modules })
    }
}

impl Parse for Module {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<Token![mod]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected `mod name { scope, ... }`: `scopes!` declares modules, as in \
                     `scopes! { pub mod merchant { can_read_order, ... } }`",
            )
        })?;
        let ident = input.parse()?;
        let content;
        braced!(content in input);
        let body: TokenStream = content.parse()?;
        let mut scopes = Vec::new();
        let mut errors = Vec::new();
        for entry in split_entries(body) {
            match syn::parse2::<ScopeDecl>(entry.clone()) {
                Ok(decl) => scopes.push(decl),
                Err(e) => {
                    errors.push(e);
                    // Keep the scope when its name can be read.
                    let name = (|input: ParseStream| {
                        let attrs = input.call(Attribute::parse_outer)?;
                        let ident: Ident = input.parse()?;
                        input.parse::<TokenStream>()?;
                        Ok((attrs, ident))
                    })
                    .parse2(entry);
                    if let Ok((attrs, ident)) = name {
                        scopes.push(ScopeDecl {
                            attrs,
                            ident,
                            wire: None,
                            implies: Implies::Nothing,
                        });
                    }
                }
            }
        }
        Ok(Module {
            attrs,
            vis,
            ident,
            scopes,
            errors,
        })
    }
}

/// The modules of input that does not parse, read as far as they can be: each `mod name`
/// with the scope names at the start of its body's entries (no implications). Generated
/// next to the parse error, they keep uses of the modules from failing too.
pub(super) fn fallback_modules(input: TokenStream) -> Vec<Module> {
    use proc_macro2::{Delimiter, TokenTree};
    const KEYWORDS: [&str; 6] = ["pub", "mod", "crate", "in", "self", "super"];
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    let mut modules: Vec<Module> = Vec::new();
    let mut name: Option<&Ident> = None;
    // The name after `mod` is the module's, whatever follows it.
    let (mut after_mod, mut named_by_mod) = (false, false);
    for tt in &tokens {
        let is_mod = matches!(tt, TokenTree::Ident(i) if i == "mod");
        match tt {
            TokenTree::Ident(ident)
                if !KEYWORDS.contains(&ident.to_string().as_str())
                    && (after_mod || !named_by_mod) =>
            {
                name = Some(ident);
                named_by_mod = after_mod;
            }
            TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => {
                // `pub mod merchant { ... }`, also without `mod` or with a stray `=`.
                if let Some(ident) = name.take() {
                    modules.push(fallback_module(ident, Some(body.stream())));
                }
                named_by_mod = false;
            }
            TokenTree::Punct(p) if p.as_char() == ';' || p.as_char() == ',' => {
                // `mod merchant;` and the like: a module whose scopes cannot be read.
                if let Some(ident) = name.take() {
                    modules.push(fallback_module(ident, None));
                }
                named_by_mod = false;
            }
            _ => {}
        }
        after_mod = is_mod;
    }
    if let Some(ident) = name {
        modules.push(fallback_module(ident, None));
    }
    modules
}

/// One module of [`fallback_modules`]: the scope names at the start of its entries.
fn fallback_module(ident: &Ident, body: Option<TokenStream>) -> Module {
    let mut scopes: Vec<ScopeDecl> = Vec::new();
    for entry in body.map(split_entries).unwrap_or_default() {
        let name = (|input: ParseStream| {
            input.call(Attribute::parse_outer)?;
            let ident: Ident = input.parse()?;
            input.parse::<TokenStream>()?;
            Ok(ident)
        })
        .parse2(entry);
        if let Ok(ident) = name
            && !scopes.iter().any(|s| s.ident == ident)
        {
            scopes.push(ScopeDecl {
                attrs: Vec::new(),
                ident,
                wire: None,
                implies: Implies::Nothing,
            });
        }
    }
    Module {
        attrs: Vec::new(),
        vis: syn::parse_quote!(pub),
        ident: ident.clone(),
        scopes,
        errors: Vec::new(),
    }
}

/// The entries of a module's body: its tokens split at top-level commas (lists such as
/// `=> [b, c]` are one token tree), empty entries dropped.
fn split_entries(body: TokenStream) -> Vec<TokenStream> {
    let mut entries = vec![TokenStream::new()];
    for tt in body {
        match &tt {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => {
                entries.push(TokenStream::new());
            }
            _ => {
                if let Some(entry) = entries.last_mut() {
                    entry.extend([tt]);
                }
            }
        }
    }
    entries.retain(|e| !e.is_empty());
    entries
}

impl Parse for ScopeDecl {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let ident = input.parse()?;
        // An error at the end of an entry is reported at its last token (the entry is
        // parsed on its own, where the end has no span of its own).
        let wire = if input.peek(Token![=]) && !input.peek(Token![=>]) {
            let eq = input.parse::<Token![=]>()?;
            let at = if input.is_empty() {
                eq.span
            } else {
                input.span()
            };
            Some(input.parse::<LitStr>().map_err(|_| {
                syn::Error::new(
                    at,
                    "expected the scope's name as the provider spells it: `orders_read = \"orders:read\"`",
                )
            })?)
        } else {
            None
        };
        let implies = if input.peek(Token![=>]) {
            let arrow = input.parse::<Token![=>]>()?;
            let at = if input.is_empty() {
                arrow.spans[1]
            } else {
                input.span()
            };
            if input.peek(Token![*]) {
                input.parse::<Token![*]>()?;
                Implies::Everything
            } else if input.peek(syn::token::Bracket) {
                let content;
                bracketed!(content in input);
                let list = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
                Implies::Some(list.into_iter().collect())
            } else {
                Implies::Some(vec![input.parse().map_err(|_| {
                    syn::Error::new(
                        at,
                        "expected the implied scope: `a => b`, `a => [b, c]` or `a => *`",
                    )
                })?])
            }
        } else {
            Implies::Nothing
        };
        Ok(ScopeDecl {
            attrs,
            ident,
            wire,
            implies,
        })
    }
}
