//! The test provider's HTTP side: hyper plumbing and the token and API handlers.

use std::convert::Infallible;
use std::sync::Arc;

use base64::Engine as _;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::reply_body::{ReplyBody, broken_response, response};
use super::{Fault, Issued, Recorded, RefreshGrant, Reply, Request, Shared, State};

const MAX_RECORDED: usize = 100_000;
const MAX_REQUEST_BODY: usize = 1 << 20;
const TOKEN_PATHS: [&str; 4] = [
    "/oauth/token",
    "/v1/bearer-token",
    "/customer/login",
    "/customer/refresh",
];

pub(crate) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    // Connections live in the set, so aborting this task closes them all.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = shared.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let shared = shared.clone();
                        async move { Ok::<_, Infallible>(handle(&shared, req).await) }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn handle(shared: &Shared, req: hyper::Request<Incoming>) -> hyper::Response<ReplyBody> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let mut authorization = None;
    let mut headers = Vec::new();
    for (name, value) in req.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == hyper::header::AUTHORIZATION {
            authorization = Some(value);
        } else {
            headers.push((name.as_str().to_owned(), value));
        }
    }
    // Recorded on arrival (status 0 until answered), so that a request still being
    // answered slowly counts.
    let index = {
        let mut state = shared.lock();
        (state.requests.len() < MAX_RECORDED).then(|| {
            state.requests.push(Recorded {
                method: method.clone(),
                path: path.clone(),
                had_authorization: authorization.is_some(),
                status: 0,
            });
            state.requests.len() - 1
        })
    };
    let record = |status: u16| {
        if let Some(i) = index
            && let Some(r) = shared.lock().requests.get_mut(i)
        {
            r.status = status;
        }
    };

    let fault = {
        let mut state = shared.lock();
        if method == "POST" && TOKEN_PATHS.contains(&path.as_str()) {
            state.stats.token_requests += 1;
        }
        state.take_fault(&path)
    };
    let mut responder = None;
    match fault {
        Some(Fault::Reply(reply)) => {
            record(reply.status);
            return response(reply);
        }
        Some(Fault::CloseMidBody) => {
            record(200);
            return broken_response();
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::Respond(respond)) => responder = Some(respond),
        None => {}
    }

    let body = match http_body_util::Limited::new(req.into_body(), MAX_REQUEST_BODY)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            record(413);
            return response(Reply::json(
                413,
                json!({"message": "request body too large"}),
            ));
        }
    };
    let request = Request {
        method: method.clone(),
        path: path.clone(),
        query,
        params: Default::default(),
        headers,
        authorization: authorization.clone(),
        body,
        scopes: Vec::new(),
    };
    if let Some(respond) = responder {
        let reply = guarded(|| (respond.0)(&request));
        record(reply.status);
        return response(reply);
    }
    let reply = match (method.as_str(), path.as_str()) {
        ("POST", "/oauth/token") => shared.oauth_token(&request, authorization.as_deref()),
        ("POST", "/v1/bearer-token") => shared.json_client_credentials(&request),
        ("POST", "/customer/login") => shared.customer_login(&request),
        ("POST", "/customer/refresh") => shared.customer_refresh(&request),
        ("GET", "/redirect") => redirect(&request),
        _ => shared.api(request, authorization.as_deref()),
    };
    record(reply.status);
    response(reply)
}

/// Runs a test's handler; a panic answers 500 naming it, instead of dropping the
/// connection.
fn guarded(handler: impl FnOnce() -> Reply) -> Reply {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(handler)) {
        Ok(reply) => reply,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a non-string payload".to_owned());
            Reply::json(
                500,
                json!({ "message": format!("the test route's handler panicked: {what}") }),
            )
        }
    }
}

fn redirect(request: &Request) -> Reply {
    let to = request.query.as_deref().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "to")
            .map(|(_, v)| v.into_owned())
    });
    match to {
        Some(to) => Reply::status(302).header("location", to),
        None => Reply::json(400, json!({"message": "missing ?to="})),
    }
}

fn oauth_error(status: u16, code: &str, description: &str) -> Reply {
    Reply::json(
        status,
        json!({ "error": code, "error_description": description }),
    )
    .header("cache-control", "no-store")
}

fn bearer(authorization: Option<&str>) -> Option<&str> {
    let value = authorization?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl State {
    fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let (_, queue) = self
            .faults
            .iter_mut()
            .find(|(prefix, q)| path.starts_with(prefix.as_str()) && !q.is_empty())?;
        let fault = queue.pop_front();
        if fault.is_some() {
            self.stats.faults += 1;
        }
        fault
    }

    pub(super) fn new_secret(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{}-{:016x}", self.counter, fastrand::u64(..))
    }

    fn count_grant(&mut self, grant: &str) {
        *self.stats.by_grant.entry(grant.to_owned()).or_default() += 1;
    }

    fn issue(
        &mut self,
        lifetime: std::time::Duration,
        scopes: Vec<String>,
        refresh: Option<(String, String, std::time::Duration)>,
    ) -> Value {
        let access = self.new_secret("at");
        let scope = scopes.join(" ");
        self.access.insert(
            access.clone(),
            Issued {
                scopes: scopes.clone(),
                expires_at: Some(Instant::now() + lifetime),
            },
        );
        let mut body = json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs(),
            "scope": scope,
        });
        if let Some((client, subject, refresh_lifetime)) = refresh {
            let token = self.new_secret("rt");
            self.refresh.insert(
                token.clone(),
                RefreshGrant {
                    client,
                    subject,
                    scopes,
                    expires_at: Instant::now() + refresh_lifetime,
                    revoked: false,
                },
            );
            body["refresh_token"] = token.into();
        }
        body
    }
}

impl Shared {
    /// The requested scopes narrowed to what the server grants; all of them when none were
    /// requested. `None` when nothing is left (`invalid_scope`).
    fn narrow(&self, requested: Option<&str>) -> Option<Vec<String>> {
        let granted: Vec<String> = match requested {
            None => self.config.grantable.clone(),
            Some(req) => req
                .split(' ')
                .filter(|s| self.config.grantable.iter().any(|g| g == s))
                .map(str::to_owned)
                .collect(),
        };
        (!granted.is_empty()).then_some(granted)
    }

    fn client_ok(&self, id: &str, secret: &str) -> bool {
        self.config
            .clients
            .iter()
            .any(|(i, s)| i == id && s == secret)
    }

    /// `POST /oauth/token`.
    fn oauth_token(&self, request: &Request, authorization: Option<&str>) -> Reply {
        let form: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&request.body).unwrap_or_default();
        let field = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let grant = field("grant_type").unwrap_or("").to_owned();
        let mut state = self.lock();
        state.count_grant(if grant.is_empty() { "missing" } else { &grant });
        state.stats.last_token_params = form
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "password" | "client_secret" | "refresh_token"))
            .cloned()
            .collect();

        // Client authentication: HTTP Basic, else the body.
        let basic = authorization.and_then(|a| {
            let (scheme, value) = a.split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then_some(value.trim())
        });
        state.stats.last_used_basic = basic.is_some();
        let client = match basic {
            Some(encoded) => {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                decoded.and_then(|d| {
                    let (id, secret) = d.split_once(':')?;
                    let dec = |s: &str| {
                        if self.config.basic_urldecode {
                            form_urlencoded::parse(format!("x={s}").as_bytes())
                                .next()
                                .map(|(_, v)| v.into_owned())
                                .unwrap_or_default()
                        } else {
                            s.to_owned()
                        }
                    };
                    Some((dec(id), dec(secret)))
                })
            }
            None => match (field("client_id"), field("client_secret")) {
                (Some(id), Some(secret)) => Some((id.to_owned(), secret.to_owned())),
                _ => None,
            },
        };
        let Some((client_id, _)) = client.filter(|(i, s)| self.client_ok(i, s)) else {
            return oauth_error(401, "invalid_client", "Client authentication failed")
                .header("www-authenticate", "Basic realm=\"test-provider\"");
        };

        let lifetime = self.config.token_lifetime;
        match grant.as_str() {
            "client_credentials" => match self.narrow(field("scope")) {
                Some(scopes) => Reply::json(200, state.issue(lifetime, scopes, None)),
                None => oauth_error(400, "invalid_scope", "No requested scope can be granted"),
            },
            "password" => {
                let ok = match (field("username"), field("password")) {
                    (Some(u), Some(p)) => {
                        self.config.users.iter().any(|(uu, pp)| uu == u && pp == p)
                    }
                    _ => false,
                };
                if !ok {
                    return oauth_error(400, "invalid_grant", "Invalid resource owner credentials");
                }
                let Some(scopes) = self.narrow(field("scope")) else {
                    return oauth_error(400, "invalid_scope", "No requested scope can be granted");
                };
                let subject = field("username").unwrap_or_default().to_owned();
                let refresh = Some((client_id, subject, self.config.refresh_lifetime));
                Reply::json(200, state.issue(lifetime, scopes, refresh))
            }
            "refresh_token" => {
                let token = field("refresh_token").unwrap_or("");
                self.refresh(&mut state, token, Some(&client_id), field("scope"))
            }
            "" => oauth_error(400, "invalid_request", "Missing parameter: `grant_type`"),
            _ => oauth_error(400, "unsupported_grant_type", "Unsupported grant type"),
        }
        .header("cache-control", "no-store")
    }

    fn refresh(
        &self,
        state: &mut State,
        token: &str,
        client: Option<&str>,
        scope: Option<&str>,
    ) -> Reply {
        let now = Instant::now();
        let Some(grant) = state.refresh.get(token) else {
            return oauth_error(400, "invalid_grant", "Invalid refresh token");
        };
        if grant.revoked {
            state.stats.refresh_token_reuse += 1;
            return oauth_error(400, "invalid_grant", "Refresh token was already used");
        }
        if grant.expires_at <= now {
            return oauth_error(400, "invalid_grant", "Refresh token has expired");
        }
        if client.is_some_and(|c| c != grant.client) {
            return oauth_error(
                400,
                "invalid_grant",
                "Refresh token was issued to another client",
            );
        }
        let scopes = match scope {
            None => grant.scopes.clone(),
            Some(req) => {
                let req: Vec<String> = req.split(' ').map(str::to_owned).collect();
                if req.iter().any(|s| !grant.scopes.contains(s)) {
                    return oauth_error(
                        400,
                        "invalid_scope",
                        "Scope wider than the original grant",
                    );
                }
                req
            }
        };
        let (client, subject) = (grant.client.clone(), grant.subject.clone());
        let refresh = if self.config.rotate_refresh {
            if let Some(g) = state.refresh.get_mut(token) {
                g.revoked = true;
            }
            Some((client, subject, self.config.refresh_lifetime))
        } else {
            None
        };
        Reply::json(
            200,
            state.issue(self.config.token_lifetime, scopes, refresh),
        )
    }

    /// `POST /v1/bearer-token` with JSON credentials.
    fn json_client_credentials(&self, request: &Request) -> Reply {
        let mut state = self.lock();
        state.count_grant("json_client_credentials");
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let ok = match (body["client_id"].as_str(), body["client_secret"].as_str()) {
            (Some(id), Some(secret)) => self.client_ok(id, secret),
            _ => false,
        };
        if !ok {
            return Reply::json(401, json!({ "message": "Unauthorized" }));
        }
        let mut token = state.issue(
            self.config.token_lifetime,
            self.config.grantable.clone(),
            None,
        );
        if let Some(obj) = token.as_object_mut() {
            obj.remove("scope");
        }
        Reply::json(200, token)
    }

    /// `POST /customer/login`.
    fn customer_login(&self, request: &Request) -> Reply {
        let mut state = self.lock();
        state.count_grant("customer_login");
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let email = body["email"].as_str().unwrap_or("");
        let ok = self
            .config
            .customers
            .iter()
            .any(|(e, p)| e == email && Some(p.as_str()) == body["password"].as_str());
        if !ok {
            return Reply::json(401, json!({ "message": "Invalid email or password" }));
        }
        let refresh = Some((
            "customer".to_owned(),
            email.to_owned(),
            self.config.refresh_lifetime,
        ));
        Reply::json(
            200,
            state.issue(
                self.config.token_lifetime,
                self.config.grantable.clone(),
                refresh,
            ),
        )
    }

    /// `POST /customer/refresh`.
    fn customer_refresh(&self, request: &Request) -> Reply {
        let mut state = self.lock();
        state.count_grant("customer_refresh");
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let token = body["refresh_token"].as_str().unwrap_or("");
        self.refresh(&mut state, token, None, None)
    }

    /// An API route: token and scope checks, then the route's handler.
    fn api(&self, mut request: Request, authorization: Option<&str>) -> Reply {
        let found = self
            .config
            .routes
            .iter()
            .filter_map(|route| {
                route
                    .matches(&request.method, &request.path)
                    .map(|params| (route, params))
            })
            .min_by_key(|(route, _)| route.specificity());
        let Some((route, params)) = found else {
            return Reply::json(404, json!({ "message": "no such route" }));
        };
        request.params = params;
        let key = format!("{} {}", route.method, route.template);
        let mut state = self.lock();
        *state.stats.api_requests.entry(key).or_default() += 1;
        let keyed = route
            .key
            .as_ref()
            .is_some_and(|key| key.carried_by(&request));
        if route.key.is_some() && !keyed && route.scopes.is_empty() && route.any_scopes.is_empty() {
            state.stats.unauthorized += 1;
            return Reply::json(401, json!({ "message": "Invalid or missing API key" }));
        }
        if !route.public && !keyed {
            let Some(token) = bearer(authorization) else {
                state.stats.unauthorized += 1;
                return Reply::json(
                    401,
                    json!({ "message": "Missing or malformed bearer token" }),
                )
                .header("www-authenticate", "Bearer realm=\"test-provider\"");
            };
            let now = Instant::now();
            let scopes = match state.access.get(token) {
                Some(issued) if issued.expires_at.is_none_or(|at| at > now) => {
                    issued.scopes.clone()
                }
                _ => {
                    state.stats.unauthorized += 1;
                    return Reply::json(
                        401,
                        json!({ "message": "The access token is invalid, inactive, expired or revoked" }),
                    )
                    .header(
                        "www-authenticate",
                        "Bearer realm=\"test-provider\", error=\"invalid_token\"",
                    );
                }
            };
            let missing = route
                .scopes
                .iter()
                .find(|s| !scopes.contains(s))
                .cloned()
                .or_else(|| {
                    route
                        .any_scopes
                        .iter()
                        .find(|group| !group.iter().any(|s| scopes.contains(s)))
                        .map(|group| format!("one of {}", group.join(", ")))
                });
            if let Some(missing) = missing {
                state.stats.forbidden += 1;
                return Reply::json(
                    403,
                    json!({ "message": format!("The token lacks the permission `{missing}`") }),
                )
                .header(
                    "www-authenticate",
                    format!(
                        "Bearer realm=\"test-provider\", error=\"insufficient_scope\", scope=\"{}\"",
                        route.scopes.join(" ")
                    ),
                );
            }
            request.scopes = scopes;
        }
        drop(state);
        guarded(|| (route.handler)(&request))
    }
}
