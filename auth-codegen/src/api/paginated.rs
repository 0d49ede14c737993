//! `#[paginated(...)]` on a method: how its answer leads to the next page, and where a
//! page's items are. Parsed and checked here, each mistake reported at its own tokens.
//!
//! ```text
//! #[paginated(items = "/droplets", item = Droplet, next_url = "/links/pages/next")]
//! #[paginated(item = Status, link_header)]
//! #[paginated(items = "/data", item = Task, cursor = "/next_page/offset", param = "offset")]
//! #[paginated(items = "/issues", item = Issue, page = "page", total_pages = "/meta/pages")]
//! ```

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, LitStr, Meta, Token, Type};

use crate::ctxt::Ctxt;
use crate::rules::is_json_pointer;

/// A checked `#[paginated(...)]`.
pub(crate) struct Paginated {
    /// The attribute, for error spans.
    pub(crate) tokens: TokenStream,
    /// Where a page's items are (`""`: the body is the array).
    pub(crate) items: String,
    /// The type of one item.
    pub(crate) item: Type,
    pub(crate) next: Next,
}

/// How the next page is found.
pub(crate) enum Next {
    /// `next_url = "/links/pages/next"`.
    UrlInBody(String),
    /// `link_header`.
    LinkHeader,
    /// `cursor = "/next_page/offset", param = "offset"`.
    Cursor { at: String, param: String },
    /// `page = "page"`, with `total_pages` or `total_items` when the body has them.
    PageNumber {
        param: String,
        total_pages: Option<String>,
        total_items: Option<String>,
    },
}

const KEYS: [&str; 9] = [
    "items",
    "item",
    "next_url",
    "link_header",
    "cursor",
    "param",
    "page",
    "total_pages",
    "total_items",
];

const HINT: &str = "write `#[paginated(items = \"/droplets\", item = Droplet, next_url = \
                    \"/links/pages/next\")]`; the next page comes from one of `next_url = \
                    \"<pointer>\"`, `link_header`, `cursor = \"<pointer>\", param = \"<query \
                    parameter>\"` or `page = \"<query parameter>\"` (with `total_pages` or \
                    `total_items`)";

/// What was written, before the checks that need all of it.
#[derive(Default)]
struct Written {
    items: Option<LitStr>,
    item: Option<Type>,
    next_url: Option<LitStr>,
    link_header: Option<Ident>,
    cursor: Option<LitStr>,
    param: Option<LitStr>,
    page: Option<LitStr>,
    total_pages: Option<LitStr>,
    total_items: Option<LitStr>,
}

/// Parses and checks `attr`, reporting every problem; `None` when there was one.
pub(crate) fn parse(cx: &mut Ctxt, attr: &Attribute) -> Option<Paginated> {
    let tokens = quote::ToTokens::to_token_stream(attr);
    let Meta::List(list) = &attr.meta else {
        cx.error_spanned_by(attr, format!("`#[paginated]` takes a list: {HINT}"));
        return None;
    };
    let mut w = Written::default();
    let mut problems = Vec::new();
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            let key = input.call(Ident::parse_any)?;
            let name = key.to_string();
            let dup = || syn::Error::new(key.span(), format!("`{name}` is given twice"));
            if name == "link_header" {
                if w.link_header.replace(key.clone()).is_some() {
                    problems.push(dup());
                }
            } else if name == "item" {
                input.parse::<Token![=]>()?;
                if w.item.replace(input.parse()?).is_some() {
                    problems.push(dup());
                }
            } else {
                let slot = match name.as_str() {
                    "items" => &mut w.items,
                    "next_url" => &mut w.next_url,
                    "cursor" => &mut w.cursor,
                    "param" => &mut w.param,
                    "page" => &mut w.page,
                    "total_pages" => &mut w.total_pages,
                    "total_items" => &mut w.total_items,
                    _ => {
                        let suggestion = crate::ctxt::closest(&name, KEYS)
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default();
                        return Err(syn::Error::new(
                            key.span(),
                            format!("unknown `#[paginated]` argument `{name}`{suggestion}: {HINT}"),
                        ));
                    }
                };
                input.parse::<Token![=]>()?;
                let value: LitStr = input.parse().map_err(|e| {
                    syn::Error::new(e.span(), format!("`{name}` takes a string: {HINT}"))
                })?;
                if slot.replace(value).is_some() {
                    problems.push(dup());
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    if let Err(e) = parser.parse2(list.tokens.clone()) {
        cx.syn_error(e);
        return None;
    }
    let errors_before = cx.len();
    for problem in problems {
        cx.syn_error(problem);
    }
    for pointer in [
        &w.items,
        &w.next_url,
        &w.cursor,
        &w.total_pages,
        &w.total_items,
    ]
    .into_iter()
    .flatten()
    {
        check_pointer(cx, pointer);
    }
    let next = next(cx, &mut w, list.delimiter.span().join());
    let Some(item) = w.item else {
        cx.error_at(
            list.delimiter.span().join(),
            "`#[paginated]` needs `item = Type`: the type of one item of a page, for the \
             call's `.items()` stream (`item = Droplet`)",
        );
        return None;
    };
    match next {
        Some(next) if cx.len() == errors_before => Some(Paginated {
            tokens,
            items: w.items.map(|l| l.value()).unwrap_or_default(),
            item,
            next,
        }),
        _ => None,
    }
}

/// The one way to the next page that was written, with only its own companions.
fn next(cx: &mut Ctxt, w: &mut Written, span: Span) -> Option<Next> {
    let styles: Vec<(&str, Span)> = [
        w.next_url.as_ref().map(|l| ("next_url", l.span())),
        w.link_header.as_ref().map(|i| ("link_header", i.span())),
        w.cursor.as_ref().map(|l| ("cursor", l.span())),
        w.page.as_ref().map(|l| ("page", l.span())),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut ok = true;
    if let [(first, _), rest @ ..] = &styles[..] {
        for (other, span) in rest {
            cx.error_at(
                *span,
                format!(
                    "`{other}` and `{first}` are two ways to the next page; a method's \
                     pages follow one"
                ),
            );
            ok = false;
        }
    } else {
        cx.error_at(
            span,
            format!("`#[paginated]` says how to find the next page: {HINT}"),
        );
        return None;
    }
    // Companions of one style, given with another.
    if let Some(param) = &w.param
        && w.cursor.is_none()
    {
        cx.error_at(
            param.span(),
            "`param` names the query parameter a cursor is sent back as; it goes with \
             `cursor = \"<pointer>\"` (with `page = ...`, the page's parameter is `page`'s value)",
        );
        ok = false;
    }
    for total in [&w.total_pages, &w.total_items].into_iter().flatten() {
        if w.page.is_none() {
            cx.error_at(
                total.span(),
                "`total_pages` and `total_items` end pages numbered by `page = \"<query \
                 parameter>\"`; other styles end when the answer names no next page",
            );
            ok = false;
        }
    }
    if let (Some(cursor), None) = (&w.cursor, &w.param) {
        cx.error_at(
            cursor.span(),
            "a cursor is sent back as a query parameter: add `param = \"<its name>\"` (Slack: \
             `param = \"cursor\"`, Asana: `param = \"offset\"`)",
        );
        ok = false;
    }
    for param in [&w.param, &w.page].into_iter().flatten() {
        if param.value().is_empty() {
            cx.error_at(param.span(), "the query parameter's name is empty");
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(if let Some(at) = w.next_url.take() {
        Next::UrlInBody(at.value())
    } else if w.link_header.is_some() {
        Next::LinkHeader
    } else if let Some(at) = w.cursor.take() {
        Next::Cursor {
            at: at.value(),
            param: w.param.take().map(|l| l.value()).unwrap_or_default(),
        }
    } else {
        Next::PageNumber {
            param: w.page.take().map(|l| l.value()).unwrap_or_default(),
            total_pages: w.total_pages.take().map(|l| l.value()),
            total_items: w.total_items.take().map(|l| l.value()),
        }
    })
}

/// A place in the body is a JSON pointer; a dotted path gets the pointer it meant.
fn check_pointer(cx: &mut Ctxt, lit: &LitStr) {
    let value = lit.value();
    if is_json_pointer(&value) {
        return;
    }
    let hint = if value.contains('.') && !value.contains('/') {
        format!(
            "; write `\"/{}\"`",
            value.replace('~', "~0").replace('.', "/")
        )
    } else if !value.starts_with('/') {
        format!("; write `\"/{}\"`", value.replace('~', "~0"))
    } else {
        "; a `~` is written `~0`, a `/` inside a key `~1`".to_owned()
    };
    cx.error_at(
        lit.span(),
        format!(
            "`{value}` is not a JSON pointer (RFC 6901), the way `#[paginated]` names a place \
             in the body: `\"/links/pages/next\"`, or `\"\"` for the whole body{hint}"
        ),
    );
}
