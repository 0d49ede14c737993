// A production URL with the tenant's host left open: `new` takes it, checked at run time.
use auth_core::{Error, Scoped, StaticToken, api};

#[api(production = "https://{site}.atlassian.net", auth = basic)]
pub trait Jira {
    /// The user the credentials belong to.
    #[get("/rest/api/3/myself")]
    #[authenticated]
    async fn myself(&self) -> Result<serde_json::Value, Error>;
}

fn main() -> Result<(), Error> {
    let credentials = Scoped::unscoped(StaticToken::basic("me@example.com", "api-token")?);
    let client = JiraClient::new(credentials.clone(), "acme")?;
    let _ = client.myself();
    let refused = JiraClient::new(credentials, "evil.com/x?").err();
    assert!(refused.is_some());
    Ok(())
}
