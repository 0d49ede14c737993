//! Error collection: every problem is reported, each at its own span, and the collection
//! cannot be dropped without being checked (as serde_derive's `Ctxt`).

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Collects errors while parsing and validating, so that one mistake does not hide
/// the next. Consume it with [`check`](Self::check); dropping it unchecked panics, so a
/// code path that forgets its errors fails loudly in tests.
pub(crate) struct Ctxt {
    errors: Option<Vec<syn::Error>>,
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt {
            errors: Some(Vec::new()),
        }
    }
}

impl Ctxt {
    fn errors(&mut self) -> &mut Vec<syn::Error> {
        self.errors
            .as_mut()
            .expect("the error context is used after `check`")
    }

    /// An error spanning `tokens`.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&mut self, tokens: T, message: M) {
        self.errors().push(syn::Error::new_spanned(tokens, message));
    }

    /// An error at `span`.
    pub(crate) fn error_at<M: Display>(&mut self, span: proc_macro2::Span, message: M) {
        self.errors().push(syn::Error::new(span, message));
    }

    /// An error from syn.
    pub(crate) fn syn_error(&mut self, error: syn::Error) {
        self.errors().push(error);
    }

    /// How many errors so far.
    pub(crate) fn len(&self) -> usize {
        self.errors.as_ref().map_or(0, Vec::len)
    }

    /// The errors as `compile_error!` invocations (empty when there are none), consuming
    /// the context.
    pub(crate) fn check(mut self) -> TokenStream {
        self.errors
            .take()
            .unwrap_or_default()
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if self.errors.is_some() && !std::thread::panicking() {
            panic!("an error context was dropped without `check`");
        }
    }
}

/// The edit distance counting a swap of two neighbours as one edit (optimal string
/// alignment), for "did you mean" hints: `qurey` is one edit from `query`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The closest of `candidates` to `name`, if close enough to be a typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean `x`?`, or nothing.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(name, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos_only() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("qurey", "query"), 1);
        assert_eq!(closest("qurey", ["query", "body", "header"]), Some("query"));
        assert_eq!(
            closest("can_raed_order", ["can_read_order", "can_write_order"]),
            Some("can_read_order")
        );
        assert_eq!(closest("delete_everything", ["can_read_order"]), None);
        assert_eq!(closest("scope", ["scopes", "staging"]), Some("scopes"));
    }

    #[test]
    #[should_panic(expected = "dropped without `check`")]
    fn an_unchecked_context_panics() {
        let mut cx = Ctxt::default();
        cx.error_at(proc_macro2::Span::call_site(), "lost");
    }

    #[test]
    fn check_returns_every_error() {
        let mut cx = Ctxt::default();
        cx.error_at(proc_macro2::Span::call_site(), "one");
        cx.error_at(proc_macro2::Span::call_site(), "two");
        assert_eq!(cx.len(), 2);
        assert_eq!(cx.check().to_string().matches("compile_error").count(), 2);
    }
}
