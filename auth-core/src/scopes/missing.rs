//! The error a scope check gives: which required scopes a token lacks.

/// A token lacks scopes that a typed handle requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct MissingScopes {
    /// Every required scope that was not granted, in declaration order.
    pub missing: Vec<&'static str>,
    /// Whether the provider said which scopes it granted. When it did not, nothing can
    /// be verified at run time.
    pub granted_known: bool,
}

impl MissingScopes {
    fn describe(&self) -> String {
        let list = self
            .missing
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.granted_known {
            format!(
                "the token's granted scopes do not include {list}; request them from the \
                 provider or use a client type that does not need them"
            )
        } else {
            format!(
                "cannot verify that the token grants {list}: the provider's token response \
                 has no `scope`. If a person chose the scopes (in a portal), declare them \
                 with `Scoped::assume_granted`; if they are listed elsewhere (a config \
                 value), check them with `Scoped::checked`; if the provider has no scopes at \
                 all, declare the methods `#[authenticated]` without a scope and use \
                 `Scoped::unscoped`"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_scopes_lists_each_scope() {
        let e = MissingScopes {
            missing: vec!["can_write_order", "can_read_order"],
            granted_known: true,
        };
        let msg = e.to_string();
        assert!(msg.contains("`can_write_order`, `can_read_order`"), "{msg}");
    }
}
