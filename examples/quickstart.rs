//! The quickest tour: a client-credentials token from a loopback test provider, cached and
//! reused. Run with `cargo run --example quickstart`.

use auth_core::testkit::TestProvider;
use auth_core::{ClientCredentials, TokenCache};

#[tokio::main]
async fn main() -> Result<(), auth_core::Error> {
    let provider = TestProvider::builder().start().await;
    println!("test provider listening on {}", provider.base_url());

    let source = ClientCredentials::new(
        &provider.token_url(),
        provider.client_id(),
        provider.client_secret(),
    )?
    .scopes(["can_read_order"]);
    let cache = TokenCache::new(source);

    let first = cache.token().await?;
    println!("token fetched: {first:?}");
    let second = cache.token().await?;
    println!("same token reused from memory: {}", first.same_as(&second));
    println!("token requests made: {}", provider.stats().token_requests);
    Ok(())
}
