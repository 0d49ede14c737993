//! The scopes a provider granted, as it listed them: the run-time side of scope checks.

use std::fmt;
use std::sync::Arc;

/// The scopes a provider says it granted (the `scope` field of a token response).
///
/// Parsed leniently: space- or comma-separated, or a JSON array of strings.
#[derive(Clone, PartialEq, Eq)]
pub struct GrantedScopes(Arc<[Box<str>]>);

impl GrantedScopes {
    /// Scopes from any list of names; empty names are dropped and duplicates removed.
    pub fn new<I, S>(scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut v: Vec<Box<str>> = Vec::new();
        for s in scopes {
            let s = s.as_ref().trim();
            if !s.is_empty() && !v.iter().any(|x| &**x == s) {
                v.push(s.into());
            }
        }
        GrantedScopes(v.into())
    }

    /// Parses a `scope` string: names separated by spaces (RFC 6749) or commas.
    pub fn parse(scope: &str) -> Self {
        Self::new(scope.split([' ', ',', '\t']))
    }

    /// Whether `scope` was granted.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| &**s == scope)
    }

    /// The granted scope names, in the order the provider listed them.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| &**s)
    }

    /// The scopes as an RFC 6749 `scope` parameter (space-separated).
    pub fn to_param(&self) -> String {
        self.iter().collect::<Vec<_>>().join(" ")
    }

    /// Whether no scope is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for GrantedScopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
