//! Discord's HTTP API through the testkit: the current user with a bot token (sent as
//! `Authorization: Bot <token>`) and with an OAuth 2 token of `identify`, and the user's
//! guilds with `guilds`. The document gives no examples for these answers; they follow
//! its schemas.

#![cfg(has_spec)]

use auth_core::testkit::{Key, Route, TestProvider};
use auth_core::{Scoped, StaticToken};
use interop_discord::{DiscordBotTokenClient, DiscordClient, discord};
use serde_json::json;

const BOT: &str = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.example-bot-token";

fn user() -> serde_json::Value {
    json!({"id": "80351110224678912", "username": "Nelly", "avatar": null, "discriminator": "1337",
           "public_flags": 0, "flags": 0, "global_name": "Nelly", "mfa_enabled": false, "locale": "en-US"})
}

async fn provider() -> TestProvider {
    let bot = Key::Header {
        name: "Authorization".into(),
        value: format!("Bot {BOT}"),
    };
    TestProvider::builder()
        .route(
            Route::get("/users/@me")
                .scope("identify")
                .key(bot.clone())
                .json(user()),
        )
        .route(
            Route::get("/users/@me/guilds")
                .scope("guilds")
                .key(bot)
                .json(json!([
                    {"id": "41771983423143936", "name": "A guild", "icon": null, "banner": null,
                     "owner": true, "permissions": "2147483647", "features": []}
                ])),
        )
        .start()
        .await
}

#[tokio::test]
async fn the_current_user_with_a_bot_token() {
    let provider = provider().await;
    let bot = Scoped::unscoped(StaticToken::new(BOT).unwrap());
    let client = DiscordBotTokenClient::with_base_url(bot, &provider.base_url()).unwrap();
    let me = client.get_my_user().await.unwrap();
    assert_eq!(me.username, "Nelly");
}

#[tokio::test]
async fn the_current_user_with_an_identify_token() {
    let provider = provider().await;
    let token = StaticToken::new(provider.issue_token(&["identify"], None)).unwrap();
    let client = DiscordClient::with_base_url(
        Scoped::<discord::Of<discord::identify>>::assume_granted(token),
        &provider.base_url(),
    )
    .unwrap();
    let me = client.get_my_user().await.unwrap();
    assert_eq!(*me.id, "80351110224678912");
    // `client.list_my_guilds(...)` does not compile: it needs `guilds`.
}

#[tokio::test]
async fn the_guilds_with_the_guilds_scope() {
    let provider = provider().await;
    let token = StaticToken::new(provider.issue_token(&["guilds"], None)).unwrap();
    let client = DiscordClient::with_base_url(
        Scoped::<discord::Of<discord::guilds>>::assume_granted(token),
        &provider.base_url(),
    )
    .unwrap();
    let guilds = client.list_my_guilds().limit(10).await.unwrap();
    assert_eq!(guilds.unwrap().len(), 1);
}
