/// Permissions of the merchant API.
pub mod merchant {
    #![allow(non_camel_case_types, dead_code)]
    /** A set of `merchant` scopes: one parameter per scope, in the order `can_read_order`, `can_write_order`, `admin`, each `Yes` (granted) or `No`.

 Write sets with [`Of`], [`All`] or [`Empty`] rather than by hand.*/
    pub struct Scopes<P0, P1, P2>(::core::marker::PhantomData<fn() -> (P0, P1, P2)>);
    /// The set of the listed scopes and everything they imply: `Of<a>`,
    /// `Of<(a, b)>`. The order does not matter: `Of<(a, b)>` is `Of<(b, a)>`.
    pub type Of<L> = <L as ::auth_core::scope::ScopeList>::Set;
    /// Every scope of this module (a token that may do everything, such as a
    /// personal access token).
    pub type All = Scopes<
        ::auth_core::scope::Yes,
        ::auth_core::scope::Yes,
        ::auth_core::scope::Yes,
    >;
    /// No scope at all (public endpoints only).
    pub type Empty = Scopes<
        ::auth_core::scope::No,
        ::auth_core::scope::No,
        ::auth_core::scope::No,
    >;
    /// Read orders.
    pub enum can_read_order {}
    impl ::auth_core::scope::Scope for can_read_order {
        const NAME: &'static str = "can_read_order";
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::No,
            ::auth_core::scope::No,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_read_order {
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::No,
            ::auth_core::scope::No,
        >;
    }
    #[diagnostic::do_not_recommend]
    impl<P1, P2> ::auth_core::scope::Grants<can_read_order>
    for Scopes<::auth_core::scope::Yes, P1, P2> {}
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
    > ::auth_core::scope::__private::Project<can_read_order> for Scopes<P0, P1, P2> {
        type Bit = P0;
    }
    /// Create and change orders.
    ///
    /// Implies `can_read_order`.
    pub enum can_write_order {}
    impl ::auth_core::scope::Scope for can_write_order {
        const NAME: &'static str = "can_write_order";
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
            ::auth_core::scope::No,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_write_order {
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
            ::auth_core::scope::No,
        >;
    }
    #[diagnostic::do_not_recommend]
    impl<P0, P2> ::auth_core::scope::Grants<can_write_order>
    for Scopes<P0, ::auth_core::scope::Yes, P2> {}
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
    > ::auth_core::scope::__private::Project<can_write_order> for Scopes<P0, P1, P2> {
        type Bit = P1;
    }
    /// The scope `admin`.
    ///
    /// Implies `can_read_order`, `can_write_order`.
    pub enum admin {}
    impl ::auth_core::scope::Scope for admin {
        const NAME: &'static str = "admin";
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
        >;
    }
    impl ::auth_core::scope::ScopeList for admin {
        type Set = Scopes<
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
            ::auth_core::scope::Yes,
        >;
    }
    #[diagnostic::do_not_recommend]
    impl<P0, P1> ::auth_core::scope::Grants<admin>
    for Scopes<P0, P1, ::auth_core::scope::Yes> {}
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
    > ::auth_core::scope::__private::Project<admin> for Scopes<P0, P1, P2> {
        type Bit = P2;
    }
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
    > ::auth_core::scope::ScopeSet for Scopes<P0, P1, P2> {
        const MODULE: &'static str = "merchant";
        const NAMES: &'static [&'static str] = &[
            "can_read_order",
            "can_write_order",
            "admin",
        ];
        const GRANTED: &'static [bool] = &[
            <P0 as ::auth_core::scope::Bit>::GRANTED,
            <P1 as ::auth_core::scope::Bit>::GRANTED,
            <P2 as ::auth_core::scope::Bit>::GRANTED,
        ];
    }
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
        Q0: ::auth_core::scope::Bit,
        Q1: ::auth_core::scope::Bit,
        Q2: ::auth_core::scope::Bit,
    > ::auth_core::scope::Union<Scopes<Q0, Q1, Q2>> for Scopes<P0, P1, P2> {
        type Output = Scopes<
            <P0 as ::auth_core::scope::Bit>::Or<Q0>,
            <P1 as ::auth_core::scope::Bit>::Or<Q1>,
            <P2 as ::auth_core::scope::Bit>::Or<Q2>,
        >;
    }
    impl<
        P0: ::auth_core::scope::Bit,
        P1: ::auth_core::scope::Bit,
        P2: ::auth_core::scope::Bit,
        Q0: ::auth_core::scope::Bit,
        Q1: ::auth_core::scope::Bit,
        Q2: ::auth_core::scope::Bit,
    > ::auth_core::scope::SubsetOf<Scopes<Q0, Q1, Q2>> for Scopes<P0, P1, P2>
    where
        P0: ::auth_core::scope::Implies<Q0>,
        P1: ::auth_core::scope::Implies<Q1>,
        P2: ::auth_core::scope::Implies<Q2>,
    {}
}
