//! What an error answer says: a code and a message, read from every shape providers
//! use, never the body itself.
//!
//! | shape | providers (examples) | code | message |
//! |---|---|---|---|
//! | `{"error": "invalid_grant", "error_description": "..."}` | RFC 6749 §5.2, most OAuth servers | `error` | `error_description` |
//! | `error=...&error_description=...` (form) | GitHub, when JSON was not asked for | `error` | `error_description` |
//! | `{"ok": false, "error": "invalid_auth"}` | Slack | `error` | — |
//! | `{"error": {"code": ..., "message": ...}}` | Microsoft Graph, Google, Facebook, Stripe | `error.code` (a string), `error.status`, a numeric `error.code`, `error.type`, `error[".tag"]` | `error.message` |
//! | `{"errors": [{"errorType"/"code"/"errorCode"/"errorId": ..., "message": ...}]}` | Fitbit, Twitter, Amazon SP-API, eBay | the first entry's | the first entry's |
//! | `[{"errorCode": ..., "message": ...}]` | Salesforce | the first entry's | the first entry's |
//! | `{"errors": "..."}` | Shopify | — | `errors` |
//! | `{"errorCode", "errorSummary"}` | Okta | `errorCode` | `errorSummary` |
//! | `{"code": 124, "message": ...}`, `{"name": ..., "message": ...}` | Zoom, Box, Discord, PayPal | `code`, `name`, `serviceErrorCode`, `category` | `message` |
//! | `{"title", "detail"}` | RFC 9457 problem details | `type` | `detail`, `title` |
//! | HTML, empty, anything else | proxies, load balancers | — | — |
//!
//! Every string kept is scrubbed of the request's secrets ([`Redactor`]), stripped of
//! control characters and cut short.

use serde_json::{Map, Value};

use crate::error::BodyKind;
use crate::error::redact::Redactor;

/// The longest error code kept.
const CODE_LEN: usize = 64;
/// The longest message kept.
const MESSAGE_LEN: usize = 300;

/// What an error body says, without its content.
#[derive(Debug, Default)]
pub(crate) struct ErrorSummary {
    pub(crate) kind: Option<BodyKind>,
    /// The provider's error code (`invalid_grant`, `InvalidAuthenticationToken`, `89`).
    pub(crate) code: Option<String>,
    /// Its human-readable message.
    pub(crate) message: Option<String>,
}

impl ErrorSummary {
    /// What the body looked like.
    pub(crate) fn body_kind(&self) -> BodyKind {
        self.kind.unwrap_or(BodyKind::Other)
    }
}

/// A body decoded into fields: a JSON object, the first object of a JSON array, or a
/// form-encoded body (GitHub's default; some servers send it as `text/plain`).
pub(crate) enum Fields {
    Json(Map<String, Value>),
    Form(Map<String, Value>),
    Html,
    Empty,
    Other,
}

impl Fields {
    /// Decodes `body`. `content_type` decides between JSON and a form only when both
    /// could parse; a body that is not JSON is tried as a form when it looks like one.
    pub(crate) fn decode(body: &[u8], content_type: Option<&str>) -> Fields {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Fields::Empty;
        }
        let declared_form = content_type.is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        if !declared_form {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(obj)) => return Fields::Json(obj),
                Ok(Value::Array(items)) => {
                    return match items.into_iter().next() {
                        Some(Value::Object(obj)) => Fields::Json(obj),
                        _ => Fields::Other,
                    };
                }
                Ok(_) => return Fields::Other,
                Err(_) => {}
            }
        }
        if looks_like_html(body) {
            return Fields::Html;
        }
        if declared_form || looks_like_form(body) {
            let map: Map<String, Value> = form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect();
            if !map.is_empty() {
                return Fields::Form(map);
            }
        }
        Fields::Other
    }

    /// The fields, when the body had any.
    pub(crate) fn map(&self) -> Option<&Map<String, Value>> {
        match self {
            Fields::Json(m) | Fields::Form(m) => Some(m),
            _ => None,
        }
    }

    fn kind(&self) -> BodyKind {
        match self {
            Fields::Json(_) => BodyKind::Json,
            Fields::Form(_) => BodyKind::Form,
            Fields::Html => BodyKind::Html,
            Fields::Empty => BodyKind::Empty,
            Fields::Other => BodyKind::Other,
        }
    }
}

/// `a=b&c=d` with nothing a form would not have: no spaces, no quotes, no braces.
fn looks_like_form(body: &[u8]) -> bool {
    let text = body.trim_ascii();
    !text.is_empty()
        && text.contains(&b'=')
        && text
            .iter()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'{' | b'}' | b'<' | b'>'))
}

/// Reads code and message from `body`.
pub(crate) fn summarize(
    body: &[u8],
    content_type: Option<&str>,
    redactor: &Redactor,
) -> ErrorSummary {
    summarize_fields(&Fields::decode(body, content_type), redactor)
}

/// Reads code and message from decoded fields.
pub(crate) fn summarize_fields(fields: &Fields, redactor: &Redactor) -> ErrorSummary {
    let mut summary = ErrorSummary {
        kind: Some(fields.kind()),
        ..ErrorSummary::default()
    };
    if let Some(obj) = fields.map() {
        let (code, message) = code_and_message(obj);
        summary.code = code.map(|c| redactor.clean(&c, CODE_LEN));
        summary.message = message.map(|m| redactor.clean(m, MESSAGE_LEN));
    }
    summary
}

fn text(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A code given as a string or a number.
fn code(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn code_and_message(obj: &Map<String, Value>) -> (Option<String>, Option<&str>) {
    let mut code_found: Option<String> = None;
    let mut message: Option<&str> = None;
    match obj.get("error") {
        Some(Value::String(s)) if !s.trim().is_empty() => code_found = Some(s.trim().to_owned()),
        Some(Value::Object(inner)) => {
            // A string `code` is a provider's code; `status` (Google) names the class;
            // a numeric `code` (Facebook's 190) is next; `type` and `.tag` last. A
            // numeric `status` is only the HTTP status again.
            code_found = text(inner.get("code"))
                .map(str::to_owned)
                .or_else(|| text(inner.get("status")).map(str::to_owned))
                .or_else(|| code(inner.get("code")))
                .or_else(|| text(inner.get("type")).map(str::to_owned))
                .or_else(|| text(inner.get(".tag")).map(str::to_owned));
            message = text(inner.get("message"));
        }
        _ => {}
    }
    match obj.get("errors") {
        Some(Value::Array(items)) => {
            if let Some(Value::Object(first)) = items.first() {
                if code_found.is_none() {
                    code_found = [
                        "errorType",
                        "code",
                        "errorCode",
                        "error_code",
                        "errorId",
                        "error",
                    ]
                    .iter()
                    .find_map(|k| code(first.get(*k)));
                }
                message = message.or_else(|| text(first.get("message")));
            }
        }
        Some(Value::String(s)) if !s.trim().is_empty() => message = message.or(Some(s)),
        _ => {}
    }
    if code_found.is_none() {
        code_found = [
            "errorCode",
            "error_code",
            "code",
            "serviceErrorCode",
            "name",
            "category",
            "type",
        ]
        .iter()
        .find_map(|k| code(obj.get(*k)));
    }
    let message = text(obj.get("error_description"))
        .or_else(|| text(obj.get("message")))
        .or(message)
        .or_else(|| text(obj.get("errorSummary")))
        .or_else(|| text(obj.get("error_summary")))
        .or_else(|| text(obj.get("error_message")))
        .or_else(|| text(obj.get("detail")))
        .or_else(|| text(obj.get("title")));
    (code_found, message)
}

/// Whether a 2xx token response is an error in disguise: no access token, and an
/// `error`, an `errors` list, or `"ok": false`.
pub(crate) fn is_error_in_success(obj: &Map<String, Value>, access_token_field: &str) -> bool {
    let has_token = obj
        .get(access_token_field)
        .is_some_and(|v| v.as_str().is_some_and(|s| !s.is_empty()));
    !has_token
        && (obj.get("error").is_some_and(|v| !v.is_null())
            || obj.get("errors").is_some_and(|v| !v.is_null())
            || obj.get("ok") == Some(&Value::Bool(false)))
}

/// Whether a body starts like an HTML page (a login page or a proxy's error page).
pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 64)];
    head.first() == Some(&b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(body: &str) -> (Option<String>, Option<String>) {
        let s = summarize(body.as_bytes(), None, &Redactor::default());
        (s.code, s.message)
    }

    fn pair(code: Option<&str>, message: Option<&str>) -> (Option<String>, Option<String>) {
        (code.map(str::to_owned), message.map(str::to_owned))
    }

    #[test]
    fn every_shape_gives_its_code_and_message() {
        for (body, code, message) in [
            (
                r#"{"error":"invalid_grant","error_description":"bad"}"#,
                Some("invalid_grant"),
                Some("bad"),
            ),
            (
                "error=bad_verification_code&error_description=The+code+is+wrong",
                Some("bad_verification_code"),
                Some("The code is wrong"),
            ),
            (
                r#"{"ok":false,"error":"invalid_auth"}"#,
                Some("invalid_auth"),
                None,
            ),
            (
                r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}"#,
                Some("InvalidAuthenticationToken"),
                Some("Access token is empty."),
            ),
            (
                r#"{"error":{"code":401,"message":"m","status":"UNAUTHENTICATED"}}"#,
                Some("UNAUTHENTICATED"),
                Some("m"),
            ),
            (
                r#"{"error":{"message":"m","type":"OAuthException","code":190}}"#,
                Some("190"),
                Some("m"),
            ),
            (
                r#"{"error":{"status":401,"message":"The access token expired"}}"#,
                None,
                Some("The access token expired"),
            ),
            (
                r#"{"error_summary":"expired_access_token/","error":{".tag":"expired_access_token"}}"#,
                Some("expired_access_token"),
                Some("expired_access_token/"),
            ),
            (
                r#"{"errors":[{"errorType":"expired_token","message":"m"}],"success":false}"#,
                Some("expired_token"),
                Some("m"),
            ),
            (
                r#"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#,
                Some("89"),
                Some("Invalid or expired token."),
            ),
            (
                r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
                Some("INVALID_SESSION_ID"),
                Some("Session expired or invalid"),
            ),
            (
                r#"{"errors":"[API] Invalid API key or access token"}"#,
                None,
                Some("[API] Invalid API key or access token"),
            ),
            (
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
                Some("E0000011"),
                Some("Invalid token provided"),
            ),
            (
                r#"{"code":124,"message":"Invalid access token."}"#,
                Some("124"),
                Some("Invalid access token."),
            ),
            (
                r#"{"name":"INVALID_REQUEST","message":"m"}"#,
                Some("INVALID_REQUEST"),
                Some("m"),
            ),
            (
                r#"{"title":"Unauthorized","detail":"d","status":401}"#,
                None,
                Some("d"),
            ),
            (r#"{"message":"Unauthorized"}"#, None, Some("Unauthorized")),
        ] {
            assert_eq!(summary(body), pair(code, message), "{body}");
        }
    }

    #[test]
    fn bodies_without_fields_keep_only_their_kind() {
        let kind = |b: &str| summarize(b.as_bytes(), None, &Redactor::default()).body_kind();
        assert_eq!(kind(""), BodyKind::Empty);
        assert_eq!(kind("  <!DOCTYPE html><p>token=abc</p>"), BodyKind::Html);
        assert_eq!(kind("Internal error, token abc"), BodyKind::Other);
        assert_eq!(kind("[1, 2]"), BodyKind::Other);
        assert_eq!(summary("plain text"), (None, None));
    }

    #[test]
    fn a_declared_form_wins_over_json_looks() {
        let s = summarize(
            b"error=invalid_client",
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            &Redactor::default(),
        );
        assert_eq!(
            (s.kind, s.code.as_deref()),
            (Some(BodyKind::Form), Some("invalid_client"))
        );
    }

    #[test]
    fn errors_in_a_success_are_recognised() {
        let obj = |s: &str| match serde_json::from_str(s).unwrap() {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        assert!(is_error_in_success(
            &obj(r#"{"error":"bad_verification_code"}"#),
            "access_token"
        ));
        assert!(is_error_in_success(
            &obj(r#"{"ok":false,"error":"invalid_code"}"#),
            "access_token"
        ));
        assert!(!is_error_in_success(
            &obj(r#"{"ok":true,"access_token":"x"}"#),
            "access_token"
        ));
        assert!(!is_error_in_success(
            &obj(r#"{"access_token":"x","error":null}"#),
            "access_token"
        ));
    }
}
