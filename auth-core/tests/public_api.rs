//! The crate's public paths: every item a user (or generated code) names, by the path
//! they name it with. A path that moves breaks this file's build, so reorganising the
//! crate's modules cannot change its public face unnoticed.

#![allow(unused_imports, dead_code)]

// The crate root.
use auth_core::{
    AccessToken, ApiCall, ApiError, Authorization, Backoff, BearerChallenge, BodyKind, CacheConfig,
    ClientAuth, ClientConfig, ClientCredentials, CustomerLogin, EXPIRY_WARNING, Environment, Error,
    FileStore, GrantedScopes, JsonClientCredentials, Manifest, MemoryStore, MissingScopes,
    OAuthErrorCode, PasswordGrant, RawBody, RawResponse, ResponseProfile, Scoped, StaticToken,
    StoreError, Token, TokenCache, TokenEndpointError, TokenRef, TokenResponse, TokenSource,
    TokenStore, Transport, TransportError, TransportErrorKind, api_http_client, async_trait,
    parse_rate_limit_reset, parse_retry_after, request_token, request_token_with, reqwest, secrecy,
    token_http_client,
};
// Bodies that are not JSON, and answers read as a stream.
use auth_core::{ByteStream, Multipart, Part, Upload};
// The macros.
use auth_core::{api, authenticated, paginated, public, scopes};
// Every page of a list.
use auth_core::paging::{Items as ItemsAgain, Pages as PagesAgain, Paging};
use auth_core::{Items, Pages};
// Scopes as types.
use auth_core::scope::trie::{
    AnyInTheToken, Either, FirstMissing, Go, Has, Here, InTheToken, Leaf, Left, Lookup, Merge,
    Named, Node, NotGranted, Nothing, Right, Trie,
};
use auth_core::scope::{
    Bit, Find, FindAny, FirstAdded, GrantedByEveryMethod, Grants, GrantsAnyOf, GrantsEvery, Module,
    No, NothingAdded, Proof, SameModule, Scope, ScopeList, ScopeSet, Set, SubsetOf, Union,
    Unscoped, Yes,
};
// The manifest.
use auth_core::manifest::{Auth, Described, Endpoint, Manifest as ManifestAgain};
// What arguments and answers of `#[api]` methods must be.
use auth_core::wire::{
    ApiResult, DeclaredUrl, ErrorAnswer, FormBody, HeaderParam, JsonBody, JsonResponse,
    MultipartBody, PathParam, QueryParam, RawBody as RawBodyAgain, raw, unit,
};
// Token sources.
use auth_core::source::{
    ClientAuth as ClientAuthAgain, ClientCredentials as ClientCredentialsAgain,
    CustomerLogin as CustomerLoginAgain, Environment as EnvironmentAgain,
    JsonClientCredentials as JsonClientCredentialsAgain, PasswordGrant as PasswordGrantAgain,
    TokenSource as TokenSourceAgain,
};
// What generated code names.
use auth_core::__private_0_1::{ClientCore, Deferred, JsonValue, Placement, Request, server_url};

// The seams for clients this crate did not generate.
#[cfg(feature = "tower")]
use auth_core::TowerTransport;
#[cfg(feature = "middleware")]
use auth_core::middleware::TokenMiddleware;
#[cfg(feature = "tower")]
use auth_core::middleware::{TokenLayer, TokenService};

// Tokens shared on Redis.
#[cfg(feature = "redis")]
use auth_core::fleet::{
    RedisFleet as FleetAgain, RedisStore as StoreAgain, SharedSource as SharedAgain,
};
#[cfg(feature = "redis")]
use auth_core::{RedisFleet, RedisStore, SharedSource};

// The test provider.
#[cfg(feature = "testkit")]
use auth_core::testkit::{
    Builder, Fault, Key, Recorded, Reply, Request as TestRequest, Responder, Route, Stats,
    TcpProxy, TestProvider,
};

#[test]
fn every_public_path_resolves() {
    // The `use` lines above are the test: they fail to build when a path moves.
    let _: fn() -> Option<Error> = || None;
}
