//! Scopes as types: the machinery behind [`scopes!`](crate::scopes) and the compile-time
//! check of `#[authenticated(scope = "...")]`.
//!
//! `scopes!` turns a provider's scope list into a module with one type per scope and a
//! set type `Scopes<P0, P1, ...>` holding one parameter per declared scope, each [`Yes`]
//! or [`No`]. Everything here is plain stable Rust:
//!
//! - `Of<(a, b)>` folds the scopes' masks with a position-wise OR, so `Of<(a, b)>` and
//!   `Of<(b, a)>` are the same type; an implication (`write => read`) is a wider mask.
//! - [`Grants<Sc>`] is implemented position-wise (`Scopes<Yes, ..>` grants the first
//!   scope), so a missing scope is an unimplemented trait, reported with the message
//!   "the token's scopes do not include ...".
//! - [`SubsetOf`] is a position-wise "implies": narrowing a set is free, widening does not
//!   compile. Widening needs a runtime check: [`ScopeSet::check`] or
//!   [`Scoped::verify`](crate::Scoped::verify).
//!
//! ```
//! auth_core::scopes! {
//!     /// The merchant API's permissions.
//!     pub mod merchant {
//!         /// Read orders.
//!         can_read_order,
//!         /// Create and change orders; implies reading them.
//!         can_write_order => can_read_order,
//!         can_read_sales_channels,
//!     }
//! }
//! use auth_core::scope::{Grants, ScopeSet};
//! use merchant::{Of, can_read_order, can_write_order};
//!
//! fn needs_read<S: Grants<can_read_order>>() {}
//! needs_read::<Of<(can_write_order,)>>(); // implied
//!
//! // Order does not matter: these are one type.
//! let same: fn(Of<(can_read_order, can_write_order)>) -> Of<(can_write_order, can_read_order)> = |s| s;
//! assert_eq!(<Of<can_write_order>>::granted_names(), ["can_read_order", "can_write_order"]);
//! ```

use crate::{GrantedScopes, MissingScopes};

/// The type-level "granted" bit.
pub enum Yes {}

/// The type-level "not granted" bit.
pub enum No {}

/// A type-level boolean: [`Yes`] or [`No`].
pub trait Bit: 'static {
    /// The bit's value.
    const GRANTED: bool;
    /// `Self OR B`.
    type Or<B: Bit>: Bit;
}

impl Bit for Yes {
    const GRANTED: bool = true;
    type Or<B: Bit> = Yes;
}

impl Bit for No {
    const GRANTED: bool = false;
    type Or<B: Bit> = B;
}

/// `Self ≤ B`: a bit may go from granted to not granted (narrowing), never back.
#[diagnostic::on_unimplemented(
    message = "cannot widen a scope set without a runtime check",
    label = "the target set has a scope that the source set does not grant",
    note = "narrowing is free; to widen, check the granted scopes at run time with `Scoped::verify` or `ScopeSet::check`"
)]
pub trait Implies<B: Bit>: Bit {}
#[diagnostic::do_not_recommend]
impl<B: Bit> Implies<B> for No {}
#[diagnostic::do_not_recommend]
impl Implies<Yes> for Yes {}

/// One scope of a provider, declared by [`scopes!`](crate::scopes).
pub trait Scope: 'static {
    /// The scope's name, as the provider spells it.
    const NAME: &'static str;
    /// The set this scope grants on its own: itself and what it implies.
    type Set: ScopeSet;
}

/// A set of one module's scopes: `Scopes<P0, P1, ...>` of a [`scopes!`](crate::scopes)
/// module.
pub trait ScopeSet: 'static {
    /// The module's name (`merchant`).
    const MODULE: &'static str;
    /// Every scope the module declares, in declaration order.
    const NAMES: &'static [&'static str];
    /// For each of [`NAMES`](Self::NAMES), whether this set grants it.
    const GRANTED: &'static [bool];

    /// The names of the scopes this set grants, in declaration order: what to request
    /// from the provider.
    fn granted_names() -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .zip(Self::GRANTED)
            .filter(|(_, granted)| **granted)
            .map(|(name, _)| *name)
            .collect()
    }

    /// Checks scopes known only at run time (a token response's `scope`, a config
    /// value) against this set: the error names every scope that is missing.
    ///
    /// ```
    /// auth_core::scopes! { pub mod shop { orders, products } }
    /// use auth_core::GrantedScopes;
    /// use auth_core::scope::ScopeSet;
    ///
    /// let granted = GrantedScopes::parse("orders");
    /// assert!(<shop::Of<shop::orders>>::check(&granted).is_ok());
    /// let err = <shop::All>::check(&granted).unwrap_err();
    /// assert_eq!(err.missing, ["products"]);
    /// ```
    fn check(granted: &GrantedScopes) -> Result<(), MissingScopes> {
        let missing: Vec<&'static str> = Self::granted_names()
            .into_iter()
            .filter(|name| !granted.contains(name))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(MissingScopes {
                missing,
                granted_known: true,
            })
        }
    }
}

/// The scope set of a provider that has no scopes (a vendor portal's client
/// credentials, a retail platform's password grant): its tokens are all alike, and an
/// `#[api]` trait for it declares methods `#[authenticated]` without a scope. Get one
/// with [`Scoped::unscoped`](crate::Scoped::unscoped).
pub enum Unscoped {}

impl ScopeSet for Unscoped {
    const MODULE: &'static str = "(no scopes)";
    const NAMES: &'static [&'static str] = &[];
    const GRANTED: &'static [bool] = &[];
}

/// Membership: the set grants scope `Sc`. Implemented position-wise by
/// [`scopes!`](crate::scopes); a generated client method requiring `Sc` has the bound
/// `S: Grants<Sc>`.
#[diagnostic::on_unimplemented(
    message = "the token's scopes do not include `{Sc}`",
    label = "this call needs the scope `{Sc}`",
    note = "get a token that carries `{Sc}` and say so in its type, e.g. `Scoped<Of<(..., {Sc})>>`; a scope granted only at run time needs `Scoped::verify`"
)]
pub trait Grants<Sc: Scope> {}

/// A list of scopes folded into one set: a scope, or a tuple of scopes of one module.
/// `Of<L>` in each [`scopes!`](crate::scopes) module is `<L as ScopeList>::Set`.
pub trait ScopeList {
    /// The union of the listed scopes' sets.
    type Set: ScopeSet;
}

/// Position-wise OR of two sets of the same module.
pub trait Union<Other: ScopeSet>: ScopeSet {
    /// The union.
    type Output: ScopeSet;
}

/// `Self ⊆ Sup`: every scope of `Self` is granted by `Sup`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a subset of `{Sup}`",
    note = "narrowing is free; to widen, check the granted scopes at run time with `Scoped::verify` or `ScopeSet::check`"
)]
pub trait SubsetOf<Sup: ScopeSet>: ScopeSet {}

macro_rules! tuple_lists {
    ($first:ident) => {
        impl<$first: ScopeList> ScopeList for ($first,) {
            type Set = $first::Set;
        }
    };
    ($first:ident, $($rest:ident),+) => {
        impl<$first: ScopeList, $($rest: ScopeList),+> ScopeList for ($first, $($rest),+)
        where
            ($($rest,)+): ScopeList,
            $first::Set: Union<<($($rest,)+) as ScopeList>::Set>,
        {
            type Set = <$first::Set as Union<<($($rest,)+) as ScopeList>::Set>>::Output;
        }
        tuple_lists!($($rest),+);
    };
}

tuple_lists!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);

#[doc(hidden)]
pub mod __private {
    //! Used by code the macros generate; not a stable API.
    use super::{Bit, Scope};

    /// The bit of scope `Sc` in a set.
    pub trait Project<Sc: Scope> {
        /// [`Yes`](super::Yes) or [`No`](super::No).
        type Bit: Bit;
    }

    /// Satisfied by `Yes`: at least one scope of the group `G` is granted.
    #[diagnostic::on_unimplemented(
        message = "the token's scopes include none of {G}",
        label = "this call needs at least one of {G}",
        note = "get a token that carries one of these scopes and say so in its type"
    )]
    pub trait AnyGranted<G> {}
    #[diagnostic::do_not_recommend]
    impl<G> AnyGranted<G> for super::Yes {}
}
