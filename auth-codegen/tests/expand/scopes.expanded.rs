/// Permissions of the merchant API.
pub mod merchant {
    #![allow(non_camel_case_types, dead_code)]
    #[allow(unused_imports)]
    use ::auth_core::scope::trie::{
        Go as __Go, Has as __Has, Here as __Here, Left as __Left, Node as __Node,
        NotGranted as __NotGranted, Right as __Right,
    };
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
        __Node<
            __Node<__Has<can_read_order>, __Has<can_write_order>>,
            __Node<__Has<admin>, __NotGranted>,
        >,
    >;
    /// No scope at all (public endpoints only).
    pub type Empty = ::auth_core::scope::Set<Scopes, __NotGranted>;
    /// Read orders.
    pub enum can_read_order {}
    impl ::auth_core::scope::Scope for can_read_order {
        const NAME: &'static str = "can_read_order";
        type Module = Scopes;
        type Path = __Go<__Left, __Go<__Left, __Here>>;
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<__Node<__Has<can_read_order>, __NotGranted>, __NotGranted>,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_read_order {
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<__Node<__Has<can_read_order>, __NotGranted>, __NotGranted>,
        >;
    }
    /// Create and change orders.
    ///
    /// Implies `can_read_order`.
    pub enum can_write_order {}
    impl ::auth_core::scope::Scope for can_write_order {
        const NAME: &'static str = "can_write_order";
        type Module = Scopes;
        type Path = __Go<__Left, __Go<__Right, __Here>>;
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<__Node<__Has<can_read_order>, __Has<can_write_order>>, __NotGranted>,
        >;
    }
    impl ::auth_core::scope::ScopeList for can_write_order {
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<__Node<__Has<can_read_order>, __Has<can_write_order>>, __NotGranted>,
        >;
    }
    /// The scope `admin`.
    ///
    /// Implies `can_read_order`, `can_write_order`.
    pub enum admin {}
    impl ::auth_core::scope::Scope for admin {
        const NAME: &'static str = "admin";
        type Module = Scopes;
        type Path = __Go<__Right, __Go<__Left, __Here>>;
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<
                __Node<__Has<can_read_order>, __Has<can_write_order>>,
                __Node<__Has<admin>, __NotGranted>,
            >,
        >;
    }
    impl ::auth_core::scope::ScopeList for admin {
        type Set = ::auth_core::scope::Set<
            Scopes,
            __Node<
                __Node<__Has<can_read_order>, __Has<can_write_order>>,
                __Node<__Has<admin>, __NotGranted>,
            >,
        >;
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __auth_core_scope_merchant_bd963c876040ce72 {
        (can_read_order[$($path:tt)*]) => {
            $($path)* ::can_read_order
        };
        (can_write_order[$($path:tt)*]) => {
            $($path)* ::can_write_order
        };
        (admin[$($path:tt)*]) => {
            $($path)* ::admin
        };
        ($other:ident [$($path:tt)*]) => {
            ::auth_core::__private_0_1::undeclared_scope! { [::auth_core]
            "merchant"[can_read_order can_write_order admin] [$($path)*] $other }
        };
    }
    #[doc(hidden)]
    pub mod __lookup {
        pub use crate::*;
    }
    #[doc(hidden)]
    pub use self::__lookup::__auth_core_scope_merchant_bd963c876040ce72 as __scope;
    /// `T` itself: `#[api]` names a scope as `__Id<__scope!(...)>`, so that when the
    /// module cannot be imported (the one error then), the scope is an error type,
    /// checked no further, where a lookup macro that cannot be found stands for `()`.
    #[doc(hidden)]
    pub type __Id<T> = T;
    /// This module's items, as `#[api]` reaches them: through one `use` of
    /// `module::made_by_scopes`, which fails, once and nothing after it, for a path
    /// that is misspelt or names a module not declared by `scopes!`.
    #[doc(hidden)]
    pub mod made_by_scopes {
        pub use super::*;
    }
    /// Bounds for generic code, one trait per scope of `merchant`: `S: merchant::grants::x` grants `x` and everything `x` implies.
    pub mod grants {
        /// Granted `can_read_order` and all it implies: the bound for generic code calling methods that need any of these scopes.
        pub trait can_read_order: ::auth_core::scope::ScopeSet + ::auth_core::scope::Grants<
                super::can_read_order,
            > {}
        impl<__S> can_read_order for __S
        where
            __S: ::auth_core::scope::ScopeSet
                + ::auth_core::scope::Grants<super::can_read_order>,
        {}
        /// Granted `can_write_order` and all it implies: the bound for generic code calling methods that need any of these scopes.
        pub trait can_write_order: ::auth_core::scope::ScopeSet + ::auth_core::scope::Grants<
                super::can_read_order,
            > + ::auth_core::scope::Grants<super::can_write_order> {}
        impl<__S> can_write_order for __S
        where
            __S: ::auth_core::scope::ScopeSet
                + ::auth_core::scope::Grants<super::can_read_order>
                + ::auth_core::scope::Grants<super::can_write_order>,
        {}
        /// Granted `admin` and all it implies: the bound for generic code calling methods that need any of these scopes.
        pub trait admin: ::auth_core::scope::ScopeSet + ::auth_core::scope::Grants<
                super::can_read_order,
            > + ::auth_core::scope::Grants<
                super::can_write_order,
            > + ::auth_core::scope::Grants<super::admin> {}
        impl<__S> admin for __S
        where
            __S: ::auth_core::scope::ScopeSet
                + ::auth_core::scope::Grants<super::can_read_order>
                + ::auth_core::scope::Grants<super::can_write_order>
                + ::auth_core::scope::Grants<super::admin>,
        {}
    }
}
