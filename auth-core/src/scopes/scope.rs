//! Scopes as types: the machinery behind [`scopes!`](crate::scopes) and the compile-time
//! check of `#[authenticated(scope = "...")]`.
//!
//! `scopes!` turns a provider's scope list into a module with one type per scope and a
//! marker type `Scopes` for the module. A set of the module's scopes is a [`Set`]: a
//! binary trie ([`trie`]) whose leaves name the granted scopes ([`trie::Has<x>`]), in
//! declaration order, with [`trie::NotGranted`] for every subtree that grants nothing.
//! Everything here is plain stable Rust, and it scales: a scope's position is a path of
//! `log2(n)` steps, so declaring `n` scopes costs `O(n log n)` and checking a call costs
//! `O(log n)` trait steps, whether the module has 2 scopes or 500.
//!
//! - `Of<(a, b)>` merges the scopes' tries, so `Of<(a, b)>` and `Of<(b, a)>` are the
//!   same type; an implication (`write => read`) is part of a scope's own set.
//! - A method needing scope `x` has the bounds `S: Find<x, _>` (the second parameter,
//!   always [`Proof`], inferred) and `<S as Find<x, _>>::Leaf: InTheToken`: the leaf at `x`'s position is `Has<x>`, or `x`
//!   itself when the set lacks it, so a missing scope is an unimplemented trait reported
//!   with the message "the token's scopes do not include `x`", at the call, naming the
//!   scope and nothing of the set's type, whatever the module's size.
//!   Generic code writes [`Grants<x>`], which implies both.
//! - Narrowing compares two tries leaf by leaf ([`FirstAdded`] computes the first scope a
//!   narrowing would add): narrowing is free, widening does not compile ("cannot widen a
//!   scope set: it would add `x`"). Widening needs a runtime check: [`ScopeSet::check`]
//!   or [`Scoped::verify`](crate::Scoped::verify). Generic code writes [`SubsetOf`].
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

use std::marker::PhantomData;

use crate::scopes::granted::GrantedScopes;
use crate::scopes::missing::MissingScopes;
use trie::{AnyInTheToken, InTheToken, Leaf, Lookup, Merge, Named, Trie};

/// The type-level "granted" bit (for any-of requirements).
pub enum Yes {}

/// The type-level "not granted" bit.
pub enum No {}

/// A type-level boolean: [`Yes`] or [`No`].
pub trait Bit: 'static {
    /// The bit's value.
    const GRANTED: bool;
    /// `Self OR B`.
    type Or<B: Bit>: Bit;
    /// What an any-of group `G` answers: [`Yes`], or the group itself when no scope of
    /// it is granted, so that the error names the group.
    type Outcome<G>;
}

impl Bit for Yes {
    const GRANTED: bool = true;
    type Or<B: Bit> = Yes;
    type Outcome<G> = Yes;
}

impl Bit for No {
    const GRANTED: bool = false;
    type Or<B: Bit> = B;
    type Outcome<G> = G;
}

/// A module of scopes declared by [`scopes!`](crate::scopes): its marker type `Scopes`.
pub trait Module: 'static {
    /// The module's name (`merchant`).
    const NAME: &'static str;
    /// Every scope the module declares, as the provider spells it, in declaration order.
    const NAMES: &'static [&'static str];
}

/// One scope of a provider, declared by [`scopes!`](crate::scopes).
pub trait Scope: 'static {
    /// The scope's name, as the provider spells it.
    const NAME: &'static str;
    /// The module that declares it.
    type Module: Module;
    /// Where it sits in its module's sets ([`trie::Go`] steps down to [`trie::Here`]).
    type Path;
    /// The set this scope grants on its own: itself and what it implies.
    type Set: ScopeSet;
}

/// A set of one module's scopes: which scopes of `M` a token carries, as a trie `Tr`.
/// Write sets with a module's `Of<...>`, `All` or `Empty` rather than by hand.
pub struct Set<M, Tr>(PhantomData<fn() -> (M, Tr)>);

/// A set of scopes: a [`Set`] of a [`scopes!`](crate::scopes) module, or [`Unscoped`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set of scopes",
    label = "a token's type names a set of scopes",
    note = "write a set with the module of `scopes!`: `module::Of<module::x>`, `module::Of<(module::x, module::y)>`, `module::All` or `module::Empty` (`auth_core::scope::Unscoped` for a provider without scopes); in generic code, bound it: `S: auth_core::scope::ScopeSet`"
)]
pub trait ScopeSet: 'static {
    /// The module's marker type (`merchant::Scopes`), or [`Unscoped`].
    type Module: 'static;
    /// The module's name (`merchant`).
    const MODULE: &'static str;
    /// Every scope the module declares, in declaration order.
    const NAMES: &'static [&'static str];
    /// How many scopes the set grants.
    const LEN: usize;

    /// The names of the scopes this set grants, in declaration order: what to request
    /// from the provider.
    fn granted_names() -> Vec<&'static str>;

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

// `do_not_recommend`, on both: not listed under "`x` is not a set of scopes", whose note
// says how to write a set in the user's terms.
#[diagnostic::do_not_recommend]
impl<M: Module, Tr: Trie> ScopeSet for Set<M, Tr> {
    type Module = M;
    const MODULE: &'static str = M::NAME;
    const NAMES: &'static [&'static str] = M::NAMES;
    const LEN: usize = Tr::LEN;

    fn granted_names() -> Vec<&'static str> {
        let mut out = Vec::with_capacity(Tr::LEN);
        Tr::push_names(&mut out);
        out
    }
}

/// The scope set of a provider that has no scopes (a vendor portal's client
/// credentials, a retail platform's password grant): its tokens are all alike, and an
/// `#[api]` trait for it declares methods `#[authenticated]` without a scope. Get one
/// with [`Scoped::unscoped`](crate::Scoped::unscoped).
pub enum Unscoped {}

#[diagnostic::do_not_recommend]
impl ScopeSet for Unscoped {
    type Module = Unscoped;
    const MODULE: &'static str = "(no scopes)";
    const NAMES: &'static [&'static str] = &[];
    const LEN: usize = 0;

    fn granted_names() -> Vec<&'static str> {
        Vec::new()
    }
}

/// The leaf of a set at scope `Sc`'s position: [`trie::Has<Sc>`] when granted, else
/// `Sc` itself ([`trie::Named`]). Only sets of `Sc`'s own module have one. (Constructors of
/// generated clients refuse a token of another module, so a missing `Find` is met in
/// generic code, where the set is a type parameter.)
///
/// `Pr` is always [`Proof`]. A generated method needing a scope leaves it to inference
/// (a type parameter of the method), because rustc never proposes a bound that names a
/// type still to be inferred: generic code without [`Grants`] is told what to write by
/// the note below, and no help proposes `Find`, which would not be enough.
#[diagnostic::on_unimplemented(
    message = "the scope set `{Self}` is not known to grant `{Sc}`",
    label = "this call needs the scope `{Sc}`",
    note = "in generic code, require the scope with a bound: `{Self}: auth_core::scope::Grants<{Sc}>` (`module::grants::x` for a scope `x` and everything it implies); a method that needs any of several scopes takes `auth_core::scope::GrantsAnyOf<(x, y)>` as it lists them, or `Grants` of the first"
)]
pub trait Find<Sc, Pr = Proof> {
    /// `Has<Sc>` or `Sc`.
    type Leaf: Leaf;
}

/// The one answer to [`Find`]'s second parameter.
pub enum Proof {}

// `do_not_recommend`: not listed as "the trait `Find` is implemented for `Set`" under an
// error in generic code, where it is no help.
#[diagnostic::do_not_recommend]
impl<M, Tr, Sc> Find<Sc, Proof> for Set<M, Tr>
where
    Sc: Scope<Module = M>,
    Tr: Lookup<Sc::Path, Leaf: Named<Sc>>,
{
    type Leaf = <<Tr as Lookup<Sc::Path>>::Leaf as Named<Sc>>::Out;
}

/// Membership, for generic code: the set grants scope `Sc` (itself, or through an
/// implication). A generated method needing `Sc` can be called on a client whose scope
/// set is a type parameter `S: Grants<Sc>`.
///
/// ```
/// auth_core::scopes! { pub mod shop { orders, products } }
/// use auth_core::scope::Grants;
///
/// fn grants_orders<S: Grants<shop::orders>>() {}
/// grants_orders::<shop::All>();
/// grants_orders::<shop::Of<shop::orders>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "the scope set `{Self}` is not known to grant `{Sc}`",
    label = "this call needs the scope `{Sc}`",
    note = "in generic code, require it: `{Self}: auth_core::scope::Grants<{Sc}>`, or `{Self}: module::grants::x` for a scope `x` and everything it implies"
)]
pub trait Grants<Sc>: ScopeSet + Find<Sc, Leaf: InTheToken> {}

impl<S, Sc> Grants<Sc> for S
where
    S: ScopeSet + Find<Sc>,
    S::Leaf: InTheToken,
{
}

/// Whether a set grants at least one scope of the group `G` (a tuple of up to 16
/// scopes): the OR of each scope's [`trie::Leaf::Bit`], taken left to right and
/// stopping at the first granted one ([`OrElse`]). So generic code holding
/// `S: Grants<a>` may call a method that needs `any(a, b)`: `a` is granted, and `b` is
/// never looked up.
///
/// `Pr` is always [`Proof`], and a generated method leaves it to inference, as for
/// [`Find`]. Each group has a second implementation, for [`NoProof`], that no set has:
/// with two candidates, rustc reports a failing lookup in generic code as the group, with
/// the note below, rather than as the first scope with a proposal to bound `Find`.
#[diagnostic::on_unimplemented(
    message = "the scope set `{Self}` is not known to grant any of {G}",
    label = "this call needs one of {G}",
    note = "in generic code, require the group with a bound: `{Self}: auth_core::scope::GrantsAnyOf<{G}>`, the scopes as `any(...)` lists them, or `{Self}: auth_core::scope::Grants<x>` of the first"
)]
pub trait FindAny<G, Pr = Proof> {
    /// [`Yes`] or [`No`].
    type Bit: Bit;
    /// [`Yes`], or the group `G` when none of it is granted ([`Bit::Outcome`]).
    type Answer;
}

/// The answer to [`FindAny`]'s second parameter that no set has (see there).
pub enum NoProof {}

/// Implemented by no type: the bound of [`FindAny`]'s [`NoProof`] implementations.
pub trait Unprovable {}

/// The OR of an any-of group, lazily: [`Yes`] ends it; after [`No`], the rest of the
/// group `Rest` is looked up in the set `S`.
pub trait OrElse<S, Rest> {
    /// [`Yes`] or [`No`].
    type Out: Bit;
}

impl<S, Rest> OrElse<S, Rest> for Yes {
    type Out = Yes;
}

impl<S: FindAny<Rest>, Rest> OrElse<S, Rest> for No {
    type Out = <S as FindAny<Rest>>::Bit;
}

/// Membership of any one of a group, for generic code: the set grants at least one
/// scope of `G`, a tuple of scopes listed as in `#[authenticated(scope = any(...))]`,
/// in the same order. A generated method needing `any(a, b)` can be called on a client
/// whose scope set is a type parameter `S: GrantsAnyOf<(a, b)>`.
///
/// ```
/// auth_core::scopes! { pub mod shop { orders_read, orders_write, products } }
/// use auth_core::scope::GrantsAnyOf;
/// use shop::{Of, orders_read, orders_write};
///
/// fn reads_orders<S: GrantsAnyOf<(orders_read, orders_write)>>() {}
/// reads_orders::<Of<orders_write>>();
/// reads_orders::<Of<(orders_read, shop::products)>>();
/// ```
pub trait GrantsAnyOf<G>: ScopeSet + FindAny<G, Answer: AnyInTheToken> {}

impl<S, G> GrantsAnyOf<G> for S
where
    S: ScopeSet + FindAny<G>,
    S::Answer: AnyInTheToken,
{
}

/// The bit of scope `Sc` in set `S`.
type BitOf<S, Sc> = <<S as Find<Sc>>::Leaf as Leaf>::Bit;

// `do_not_recommend`, on both: an unmet lookup is reported as `FindAny` of the group, whose
// note says what to write, not as a `Find` of its first scope or a list of these impls.
macro_rules! find_any {
    ($first:ident) => {
        #[diagnostic::do_not_recommend]
        impl<S: Find<$first>, $first> FindAny<($first,), Proof> for S {
            type Bit = BitOf<S, $first>;
            type Answer = <BitOf<S, $first> as Bit>::Outcome<($first,)>;
        }

        #[diagnostic::do_not_recommend]
        impl<S: Unprovable, $first> FindAny<($first,), NoProof> for S {
            type Bit = No;
            type Answer = ($first,);
        }
    };
    ($first:ident, $($rest:ident),+) => {
        #[diagnostic::do_not_recommend]
        impl<S, $first, $($rest),+> FindAny<($first, $($rest),+), Proof> for S
        where
            S: Find<$first>,
            BitOf<S, $first>: OrElse<S, ($($rest,)+)>,
        {
            type Bit = <BitOf<S, $first> as OrElse<S, ($($rest,)+)>>::Out;
            type Answer = <Self::Bit as Bit>::Outcome<($first, $($rest),+)>;
        }

        #[diagnostic::do_not_recommend]
        impl<S: Unprovable, $first, $($rest),+> FindAny<($first, $($rest),+), NoProof> for S {
            type Bit = No;
            type Answer = ($first, $($rest),+);
        }
        find_any!($($rest),+);
    };
}

find_any!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);

/// Satisfied when a token's scope set and a client's API use the same scope module:
/// `Self` is the token's module ([`ScopeSet::Module`]), `M` the one `#[api(scopes = ...)]`
/// names.
#[diagnostic::on_unimplemented(
    message = "the token's scopes are those of `{Self}`, but this client's API is checked against `{M}`",
    label = "a token typed with another module's scopes",
    note = "type the token with the module named in `#[api(scopes = ...)]`: `Scoped<module::Of<...>>`, `Scoped<module::All>`"
)]
pub trait SameModule<M> {}

#[diagnostic::do_not_recommend]
impl<M> SameModule<M> for M {}

/// A list of scopes folded into one set: a scope, or a tuple of scopes of one module.
/// `Of<L>` in each [`scopes!`](crate::scopes) module is `<L as ScopeList>::Set`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of scopes of one module",
    label = "a set of scopes: each one declared by `scopes!`, all of the same module",
    note = "one set holds the scopes of one `scopes!` module (`module::Of<(module::a, module::b)>`, at most 16 to a tuple); a token of another provider is a `Scoped<other::Of<...>>` of its own"
)]
pub trait ScopeList {
    /// The union of the listed scopes' sets.
    type Set: ScopeSet;
}

/// The union of two sets of the same module.
pub trait Union<Other: ScopeSet>: ScopeSet {
    /// The union.
    type Output: ScopeSet;
}

impl<M: Module, A: Trie + Merge<B>, B: Trie> Union<Set<M, B>> for Set<M, A> {
    type Output = Set<M, A::Out>;
}

/// `Self ⊆ Sup`, for generic code: every scope of `Self` is granted by `Sup`. Narrowing
/// is free; widening does not compile, and the error names a scope it would add.
pub trait SubsetOf<Sup: ScopeSet>: ScopeSet + FirstAdded<Sup, Out: NothingAdded> {}

impl<A, B> SubsetOf<B> for A
where
    A: ScopeSet + FirstAdded<B>,
    B: ScopeSet,
    A::Out: NothingAdded,
{
}

/// The first scope (in declaration order) that `Self` grants and `Sup` does not, or
/// [`trie::Nothing`]: what a narrowing from `Sup` to `Self` would add. Computed, not
/// checked, so that the error names that scope and nothing else.
#[diagnostic::on_unimplemented(
    message = "`{Self}` and `{Sup}` are sets of different scope modules",
    note = "a token typed with one module's scopes cannot be narrowed to another's"
)]
pub trait FirstAdded<Sup> {
    /// A scope type, or [`trie::Nothing`].
    type Out;
}

impl<M, A: trie::FirstMissing<B>, B> FirstAdded<Set<M, B>> for Set<M, A> {
    type Out = A::Out;
}

/// Satisfied by [`trie::Nothing`]: the scopes of every method of an `#[api]` trait add
/// nothing to a client's set, so the client implements the trait.
#[diagnostic::on_unimplemented(
    message = "the token's scopes do not include `{Self}`, which a method of this API needs",
    label = "a client implements its API's trait only when its token grants the scopes of every method",
    note = "call the methods this token allows on the client itself, or get a token that also carries `{Self}`"
)]
pub trait GrantedByEveryMethod {}

#[diagnostic::do_not_recommend]
impl GrantedByEveryMethod for trie::Nothing {}

/// `Self` grants every scope of the list `L` (a scope, or nested tuples of at most 16):
/// the bound under which a generated client implements its API's trait, one predicate
/// however many methods the trait has.
pub trait GrantsEvery<L> {}

impl<S, L> GrantsEvery<L> for S
where
    L: ScopeList,
    L::Set: FirstAdded<S>,
    <L::Set as FirstAdded<S>>::Out: GrantedByEveryMethod,
{
}

/// Satisfied by [`trie::Nothing`]: a narrowing adds no scope.
#[diagnostic::on_unimplemented(
    message = "cannot widen a scope set: it would add `{Self}`",
    label = "the target set has a scope that the source set does not grant",
    note = "narrowing is free; to widen, check the granted scopes at run time with `Scoped::verify` or `ScopeSet::check`"
)]
pub trait NothingAdded {}

#[diagnostic::do_not_recommend]
impl NothingAdded for trie::Nothing {}

// `do_not_recommend`: a list that does not fold (scopes of two modules, a type that is
// not a scope) is reported as the list the user wrote, not as the union of two tries.
macro_rules! tuple_lists {
    ($first:ident) => {
        #[diagnostic::do_not_recommend]
        impl<$first: ScopeList> ScopeList for ($first,) {
            type Set = $first::Set;
        }
    };
    ($first:ident, $($rest:ident),+) => {
        #[diagnostic::do_not_recommend]
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

pub mod trie;
