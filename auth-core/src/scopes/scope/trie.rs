//! The shape of a scope set: a binary trie over the module's scopes in declaration
//! order, `log2(n)` levels deep. A leaf is [`Has<x>`](Has) for a granted scope `x`; a
//! subtree that grants nothing is [`NotGranted`]. A set's type is therefore determined by its
//! members (the same members in any order give the same trie), and its printed form
//! names the scopes it grants.

use std::marker::PhantomData;

use super::{Bit, No, Scope, Yes};

/// A subtree (or leaf) that grants nothing.
pub enum NotGranted {}

/// A leaf that grants the scope `X`. (Leaves wrap the scope's type rather than being
/// it, so that no trait here needs `X: Scope` to hold for a type it cannot see yet:
/// with a bound over every scope of a module, each generated method's bounds would
/// cost a look at every scope.)
pub struct Has<X>(PhantomData<fn() -> X>);

/// A subtree with its left and right halves.
pub struct Node<L, R>(PhantomData<fn() -> (L, R)>);

/// The end of a path: the leaf itself.
pub enum Here {}

/// One step down a path: [`Left`] or [`Right`], then the rest.
pub struct Go<Step, Rest>(PhantomData<fn() -> (Step, Rest)>);

/// The left half.
pub enum Left {}

/// The right half.
pub enum Right {}

/// A trie: what it grants.
pub trait Trie: 'static {
    /// How many scopes it grants.
    const LEN: usize;
    /// Appends the names of the granted scopes, left to right.
    fn push_names(out: &mut Vec<&'static str>);
}

impl Trie for NotGranted {
    const LEN: usize = 0;
    fn push_names(_: &mut Vec<&'static str>) {}
}

impl<X: Scope> Trie for Has<X> {
    const LEN: usize = 1;
    fn push_names(out: &mut Vec<&'static str>) {
        out.push(X::NAME);
    }
}

impl<L: Trie, R: Trie> Trie for Node<L, R> {
    const LEN: usize = L::LEN + R::LEN;
    fn push_names(out: &mut Vec<&'static str>) {
        L::push_names(out);
        R::push_names(out);
    }
}

/// A leaf: [`Has`] a scope, or [`NotGranted`]; once named for the scope looked up
/// ([`Named`]), a scope that is not granted is that scope itself.
pub trait Leaf {
    /// [`Yes`] for [`Has`], [`No`] for [`NotGranted`] or a scope.
    type Bit: Bit;
}

impl Leaf for NotGranted {
    type Bit = No;
}

impl<X> Leaf for Has<X> {
    type Bit = Yes;
}

impl<X: Scope> Leaf for X {
    type Bit = No;
}

/// The leaf found at scope `Sc`'s position, named for it: [`Has<Sc>`](Has) when the
/// set grants `Sc`, else `Sc` itself. So a missing scope is reported as "the trait
/// `InTheToken` is not implemented for `module::x`", naming the scope, not the trie.
pub trait Named<Sc> {
    /// `Has<Sc>` or `Sc`.
    type Out: Leaf;
}

impl<Sc: Scope> Named<Sc> for NotGranted {
    type Out = Sc;
}

impl<X> Named<X> for Has<X> {
    type Out = Has<X>;
}

/// The leaf at the end of path `P`.
pub trait Lookup<P> {
    /// The scope there, or [`NotGranted`].
    type Leaf: Leaf;
}

impl<P> Lookup<P> for NotGranted {
    type Leaf = NotGranted;
}

impl<L: Lookup<Rest>, R, Rest> Lookup<Go<Left, Rest>> for Node<L, R> {
    type Leaf = L::Leaf;
}

impl<L, R: Lookup<Rest>, Rest> Lookup<Go<Right, Rest>> for Node<L, R> {
    type Leaf = R::Leaf;
}

impl<X> Lookup<Here> for Has<X> {
    type Leaf = Has<X>;
}

/// Satisfied by the leaf [`Has<x>`](Has): the set grants the scope looked up. A scope
/// that is not granted is its own leaf ([`Named`]) and does not implement it.
#[diagnostic::on_unimplemented(
    message = "the token's scopes do not include `{Self}`",
    label = "this call needs the scope `{Self}`",
    note = "get a token that carries `{Self}` and say so in its type, e.g. `Scoped<Of<(..., {Self})>>`; a scope granted only at run time needs `Scoped::verify`"
)]
///
/// A granted leaf's bit is [`Yes`]: in generic code, `S: Grants<a>` tells the
/// compiler that `a`'s bit is `Yes`, which is what ends an any-of group early.
pub trait InTheToken: Leaf<Bit = Yes> {}

#[diagnostic::do_not_recommend]
impl<X> InTheToken for Has<X> {}

/// Satisfied by [`Yes`]: at least one scope of an any-of group is granted. When none
/// is, the group itself (a tuple of scopes, [`Bit::Outcome`]) does not implement it.
#[diagnostic::on_unimplemented(
    message = "the token's scopes include none of {Self}",
    label = "this call needs at least one of {Self}",
    note = "get a token that carries one of these scopes and say so in its type"
)]
pub trait AnyInTheToken {}

#[diagnostic::do_not_recommend]
impl AnyInTheToken for Yes {}

/// The union of two tries of one module.
pub trait Merge<Other> {
    /// The union.
    type Out: Trie;
}

impl Merge<NotGranted> for NotGranted {
    type Out = NotGranted;
}

impl<L: Trie, R: Trie> Merge<NotGranted> for Node<L, R> {
    type Out = Node<L, R>;
}

impl<L: Trie, R: Trie> Merge<Node<L, R>> for NotGranted {
    type Out = Node<L, R>;
}

impl<L1, R1, L2, R2> Merge<Node<L2, R2>> for Node<L1, R1>
where
    L1: Merge<L2>,
    R1: Merge<R2>,
{
    type Out = Node<L1::Out, R1::Out>;
}

impl<X: Scope> Merge<NotGranted> for Has<X> {
    type Out = Has<X>;
}

impl<X: Scope> Merge<Has<X>> for NotGranted {
    type Out = Has<X>;
}

impl<X: Scope> Merge<Has<X>> for Has<X> {
    type Out = Has<X>;
}

/// No scope: what a narrowing adds when it only narrows.
pub enum Nothing {}

/// The scope of the leftmost leaf of `Self` that `Sup` lacks, or [`Nothing`].
pub trait FirstMissing<Sup> {
    /// A scope type, or [`Nothing`].
    type Out;
}

impl<Sup> FirstMissing<Sup> for NotGranted {
    type Out = Nothing;
}

impl<X> FirstMissing<Has<X>> for Has<X> {
    type Out = Nothing;
}

impl<X> FirstMissing<NotGranted> for Has<X> {
    type Out = X;
}

impl<L, R> FirstMissing<NotGranted> for Node<L, R>
where
    L: FirstMissing<NotGranted>,
    R: FirstMissing<NotGranted>,
    L::Out: Either<R::Out>,
{
    type Out = <L::Out as Either<R::Out>>::Out;
}

impl<L1, R1, L2, R2> FirstMissing<Node<L2, R2>> for Node<L1, R1>
where
    L1: FirstMissing<L2>,
    R1: FirstMissing<R2>,
    L1::Out: Either<R1::Out>,
{
    type Out = <L1::Out as Either<R1::Out>>::Out;
}

/// The first of two answers that is a scope.
pub trait Either<B> {
    /// `Self` if it is a scope, else `B`.
    type Out;
}

impl<B> Either<B> for Nothing {
    type Out = B;
}

impl<X: Scope, B> Either<B> for X {
    type Out = X;
}
