//! Credentials other than bearer tokens, end to end: API keys in a header with the
//! provider's prefix (Discord's `Authorization: Bot <token>`), in a header of their own
//! (Figma's `X-Figma-Token`), in the query, and HTTP basic credentials (Jira's email and
//! API token), each through the same pipeline as a bearer token, and none of them ever
//! in an error, also when the server quotes it back.

use auth_core::testkit::{Key, Reply, Route, TestProvider};
use auth_core::{Error, Scoped, StaticToken, api};
use serde_json::{Value, json};

#[api]
trait Bot {
    #[get("/users/@me")]
    #[authenticated]
    async fn me(&self) -> Result<Value, Error>;
}

#[api(auth = api_key(header = "Authorization", prefix = "Bot "))]
trait DiscordBot {
    #[get("/users/@me")]
    #[authenticated]
    async fn me(&self) -> Result<Value, Error>;
}

#[api(auth = api_key(header = "X-Figma-Token"))]
trait FigmaPat {
    #[get("/v1/me")]
    #[authenticated]
    async fn me(&self) -> Result<Value, Error>;
}

#[api(auth = api_key(query = "key"))]
trait QueryKey {
    #[get("/v1/me")]
    #[authenticated]
    async fn me(&self) -> Result<Value, Error>;
}

#[api(auth = basic)]
trait JiraBasic {
    #[get("/rest/api/3/myself")]
    #[authenticated]
    async fn myself(&self) -> Result<Value, Error>;
}

const BOT_TOKEN: &str = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs";
const FIGMA_TOKEN: &str = "figd_SENTINEL-figma-personal-access-token";
const JIRA_TOKEN: &str = "ATATT-SENTINEL-jira-api-token";

fn echo(request: &auth_core::testkit::Request) -> Reply {
    Reply::json(
        200,
        json!({
            "authorization": request.authorization,
            "figma": request.header("x-figma-token"),
            "query": request.query,
        }),
    )
}

async fn provider() -> TestProvider {
    TestProvider::builder()
        .route(
            Route::get("/users/@me")
                .key(Key::Header {
                    name: "Authorization".into(),
                    value: format!("Bot {BOT_TOKEN}"),
                })
                .respond(echo),
        )
        .route(
            Route::get("/v1/me")
                .key(Key::Header {
                    name: "X-Figma-Token".into(),
                    value: FIGMA_TOKEN.into(),
                })
                .respond(echo),
        )
        .route(
            Route::get("/rest/api/3/myself")
                .key(Key::Basic {
                    user: "me@example.com".into(),
                    password: JIRA_TOKEN.into(),
                })
                .respond(echo),
        )
        .start()
        .await
}

fn key(secret: &str) -> Scoped<auth_core::scope::Unscoped> {
    Scoped::unscoped(StaticToken::new(secret.to_owned()).unwrap())
}

#[tokio::test]
async fn each_credential_goes_where_its_provider_reads_it() {
    let provider = provider().await;
    let url = provider.base_url();

    let discord = DiscordBotClient::with_base_url(key(BOT_TOKEN), &url).unwrap();
    let me = discord.me().await.unwrap();
    assert_eq!(me["authorization"], format!("Bot {BOT_TOKEN}"));

    let figma = FigmaPatClient::with_base_url(key(FIGMA_TOKEN), &url).unwrap();
    let me = figma.me().await.unwrap();
    assert_eq!(me["figma"], FIGMA_TOKEN);
    assert_eq!(
        me["authorization"],
        Value::Null,
        "no bearer header besides the key"
    );

    let basic = Scoped::unscoped(StaticToken::basic("me@example.com", JIRA_TOKEN).unwrap());
    let jira = JiraBasicClient::with_base_url(basic, &url).unwrap();
    let me = jira.myself().await.unwrap();
    assert!(me["authorization"].as_str().unwrap().starts_with("Basic "));
}

#[tokio::test]
async fn a_key_in_the_query_is_a_query_parameter() {
    let provider = TestProvider::builder()
        .route(
            Route::get("/v1/me")
                .key(Key::Query {
                    name: "key".into(),
                    value: "q-SENTINEL".into(),
                })
                .respond(echo),
        )
        .start()
        .await;
    let client = QueryKeyClient::with_base_url(key("q-SENTINEL"), &provider.base_url()).unwrap();
    let me = client.me().await.unwrap();
    assert_eq!(me["query"], "key=q-SENTINEL");
    assert_eq!(me["authorization"], Value::Null);
}

#[tokio::test]
async fn the_same_key_sent_as_a_bearer_token_is_refused_and_says_what_to_do() {
    let provider = provider().await;
    // The trait without `auth = ...` sends `Authorization: Bearer`, which Discord refuses.
    let bearer = BotClient::with_base_url(key(BOT_TOKEN), &provider.base_url()).unwrap();
    let err = bearer.me().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("StaticToken::rotate"), "{shown}");
    assert!(!shown.contains(BOT_TOKEN), "{shown}");
}

#[tokio::test]
async fn no_key_or_password_in_errors_when_the_server_quotes_them() {
    use base64::Engine as _;
    let basic_b64 =
        base64::engine::general_purpose::STANDARD.encode(format!("me@example.com:{JIRA_TOKEN}"));
    let quoted = format!(
        "bad credentials Bot {BOT_TOKEN} {FIGMA_TOKEN} {JIRA_TOKEN} Basic {basic_b64} q-SENTINEL"
    );
    let answer = move |_: &auth_core::testkit::Request| {
        Reply::json(
            400,
            json!({ "error": "invalid_request", "message": quoted }),
        )
    };
    let provider = TestProvider::builder()
        .route(Route::get("/users/@me").public().respond(answer.clone()))
        .route(Route::get("/v1/me").public().respond(answer.clone()))
        .route(Route::get("/rest/api/3/myself").public().respond(answer))
        .start()
        .await;
    let url = provider.base_url();
    let basic = Scoped::unscoped(StaticToken::basic("me@example.com", JIRA_TOKEN).unwrap());
    let errors = [
        DiscordBotClient::with_base_url(key(BOT_TOKEN), &url)
            .unwrap()
            .me()
            .await
            .unwrap_err(),
        FigmaPatClient::with_base_url(key(FIGMA_TOKEN), &url)
            .unwrap()
            .me()
            .await
            .unwrap_err(),
        QueryKeyClient::with_base_url(key("q-SENTINEL"), &url)
            .unwrap()
            .me()
            .await
            .unwrap_err(),
        JiraBasicClient::with_base_url(basic, &url)
            .unwrap()
            .myself()
            .await
            .unwrap_err(),
    ];
    for (err, secret) in errors
        .iter()
        .zip([BOT_TOKEN, FIGMA_TOKEN, "q-SENTINEL", JIRA_TOKEN])
    {
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("bad credentials"), "{shown}");
        assert!(!shown.contains(secret), "{shown}");
    }
    let jira = format!("{} {:?}", errors[3], errors[3]);
    assert!(!jira.contains(&basic_b64), "{jira}");
}
