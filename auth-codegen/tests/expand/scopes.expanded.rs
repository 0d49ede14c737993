/// Permissions of the merchant API.
pub mod merchant {
    #![allow(non_camel_case_types, dead_code)]
    /// The `merchant` scope module. A set of its scopes is `auth_core::scope::Set<Scopes, ...>`: write one with [`Of`], [`All`] or [`Empty`].
    pub enum Scopes {}
    impl ::auth_core::scope::Module for Scopes {
        const NAME: &'static str = "merchant";
        const NAMES: &'static [&'static str] = &[
            "can_read_order",
            "can_write_order",
            "admin",
        ];
    }
    /// The set of the listed scopes and everything they imply: `Of<a>`,
    /// `Of<(a, b)>`. The order does not matter: `Of<(a, b)>` is `Of<(b, a)>`.
    pub type Of<L> = <L as ::auth_core::scope::ScopeList>::Set;
    /// Every scope of this module (a token that may do everything, such as a
    /// personal access token).
    pub type All = ::auth_core::scope::Set<
        Scopes,
        ::auth_core::scope::trie::Node<
            ::auth_core::scope::trie::Node<can_read_order, can_write_order>,
            ::auth_core::scope::trie::Node<admin, ::auth_core::scope::trie::NotGranted>,
        >,
    >;
    /// No scope at all (public endpoints only).
    pub type Empty = ::auth_core::scope::Set<
        Scopes,
        ::auth_core::scope::trie::NotGranted,
    >;
    /// Read orders.
    pub enum can_read_order {}
    impl ::auth_core::scope::Scope for can_read_order {
        const NAME: &'static str = "can_read_order";
        type Module = Scopes;
        type Path = ::auth_core::scope::trie::Go<
            ::auth_core::scope::trie::Left,
            ::auth_core::scope::trie::Go<
                ::auth_core::scope::trie::Left,
                ::auth_core::scope::trie::Here,
            >,
        >;
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<
                    can_read_order,
                    ::auth_core::scope::trie::NotGranted,
                >,
                ::auth_core::scope::trie::NotGranted,
            >,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_read_order {
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<
                    can_read_order,
                    ::auth_core::scope::trie::NotGranted,
                >,
                ::auth_core::scope::trie::NotGranted,
            >,
        >;
    }
    /// Create and change orders.
    ///
    /// Implies `can_read_order`.
    pub enum can_write_order {}
    impl ::auth_core::scope::Scope for can_write_order {
        const NAME: &'static str = "can_write_order";
        type Module = Scopes;
        type Path = ::auth_core::scope::trie::Go<
            ::auth_core::scope::trie::Left,
            ::auth_core::scope::trie::Go<
                ::auth_core::scope::trie::Right,
                ::auth_core::scope::trie::Here,
            >,
        >;
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<can_read_order, can_write_order>,
                ::auth_core::scope::trie::NotGranted,
            >,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_write_order {
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<can_read_order, can_write_order>,
                ::auth_core::scope::trie::NotGranted,
            >,
        >;
    }
    /// The scope `admin`.
    ///
    /// Implies `can_read_order`, `can_write_order`.
    pub enum admin {}
    impl ::auth_core::scope::Scope for admin {
        const NAME: &'static str = "admin";
        type Module = Scopes;
        type Path = ::auth_core::scope::trie::Go<
            ::auth_core::scope::trie::Right,
            ::auth_core::scope::trie::Go<
                ::auth_core::scope::trie::Left,
                ::auth_core::scope::trie::Here,
            >,
        >;
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<can_read_order, can_write_order>,
                ::auth_core::scope::trie::Node<
                    admin,
                    ::auth_core::scope::trie::NotGranted,
                >,
            >,
        >;
    }
    impl ::auth_core::scope::ScopeList for admin {
        type Set = ::auth_core::scope::Set<
            Scopes,
            ::auth_core::scope::trie::Node<
                ::auth_core::scope::trie::Node<can_read_order, can_write_order>,
                ::auth_core::scope::trie::Node<
                    admin,
                    ::auth_core::scope::trie::NotGranted,
                >,
            >,
        >;
    }
}
