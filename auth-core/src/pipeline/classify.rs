//! What an API's answer means, decided in one place: every rule for 401, 403, 429, 5xx
//! and the rest. Whether to retry is decided here; how long to wait and whether the
//! call may spend that long is the attempt loop's business.
//!
//! | answer | verdict |
//! |---|---|
//! | 2xx | [`Verdict::Success`] |
//! | 401 | [`Verdict::TokenRejected`]: drop the token, replay once with a new one |
//! | 429 | [`Verdict::RateLimited`], waiting `Retry-After` or `X-RateLimit-Reset` |
//! | 403 with `Retry-After`, or `X-RateLimit-Remaining: 0` (GitHub's primary and secondary limits) | [`Verdict::RateLimited`] |
//! | other 403 | [`Verdict::Forbidden`]: a permission is missing; never retried |
//! | 503 | [`Verdict::ServerFault`], waiting `Retry-After` when given |
//! | other 5xx, 408 | [`Verdict::ServerFault`] |
//! | anything else | [`Verdict::ClientError`]: the request is wrong; never retried |

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};

use crate::error::BearerChallenge;
use crate::error::redact::Redactor;
use crate::http::retry_after::{REMAINING, any_header, server_wait};

/// What an answer means for the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// 2xx.
    Success,
    /// The token was not accepted (401).
    TokenRejected,
    /// The token lacks a permission (403 without signs of a rate limit).
    Forbidden,
    /// The API limits the rate of calls; the server did not process the request, so any
    /// method may be retried, after `wait` when the server said.
    RateLimited { wait: Option<Duration> },
    /// The server failed (5xx, 408); the request may or may not have been processed.
    ServerFault { wait: Option<Duration> },
    /// The request itself was refused (404, 400, 409, ...).
    ClientError,
}

impl Verdict {
    /// Whether the failure may pass if the call is repeated, and for which methods: a
    /// rate limit for any method, a server fault for those that may be repeated.
    pub(crate) fn retryable(self, idempotent: bool) -> bool {
        match self {
            Verdict::RateLimited { .. } => true,
            Verdict::ServerFault { .. } => idempotent,
            _ => false,
        }
    }

    /// The wait the server asked for.
    pub(crate) fn wait(self) -> Option<Duration> {
        match self {
            Verdict::RateLimited { wait } | Verdict::ServerFault { wait } => wait,
            _ => None,
        }
    }
}

/// Classifies an answer. `now` is the local clock, used only when the answer has no
/// `Date` header to measure dates and epoch resets against.
pub(crate) fn classify(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Verdict {
    if status.is_success() {
        return Verdict::Success;
    }
    match status {
        StatusCode::UNAUTHORIZED => Verdict::TokenRejected,
        StatusCode::TOO_MANY_REQUESTS => Verdict::RateLimited {
            wait: server_wait(headers, now),
        },
        StatusCode::FORBIDDEN if signals_rate_limit(headers) => Verdict::RateLimited {
            wait: server_wait(headers, now),
        },
        StatusCode::FORBIDDEN => Verdict::Forbidden,
        StatusCode::SERVICE_UNAVAILABLE => Verdict::ServerFault {
            wait: server_wait(headers, now),
        },
        s if s.is_server_error() || s == StatusCode::REQUEST_TIMEOUT => {
            Verdict::ServerFault { wait: None }
        }
        _ => Verdict::ClientError,
    }
}

/// A 403 that is a rate limit: it says when to come back, or that no calls are left.
fn signals_rate_limit(headers: &HeaderMap) -> bool {
    headers.contains_key(reqwest::header::RETRY_AFTER)
        || any_header(headers, &REMAINING).is_some_and(|v| v.trim() == "0")
}

/// The `Bearer` challenge of a `WWW-Authenticate` header (RFC 6750 §3), its values
/// scrubbed of the request's secrets.
pub(crate) fn bearer_challenge(
    headers: &HeaderMap,
    redactor: &Redactor,
) -> Option<BearerChallenge> {
    headers.get_all(WWW_AUTHENTICATE).iter().find_map(|value| {
        let params = parse_bearer(value.to_str().ok()?)?;
        let get = |name: &str, max: usize| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| redactor.clean(v, max))
                .filter(|v| !v.is_empty())
        };
        Some(BearerChallenge {
            error: get("error", 64),
            error_description: get("error_description", 300),
            scope: get("scope", 300),
        })
    })
}

/// The auth-params of the `Bearer` challenge in a `WWW-Authenticate` value, which may
/// hold several challenges (`Basic realm="a", Bearer error="invalid_token"`). Values are
/// tokens or quoted strings with `\` escapes (RFC 9110 §11.2).
fn parse_bearer(value: &str) -> Option<Vec<(String, String)>> {
    let mut rest = value;
    let mut found = false;
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c == ',' || c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        if name_end == 0 {
            // A stray `=` (the padding of a token68): skip it.
            rest = &rest[1..];
            continue;
        }
        let name = &rest[..name_end];
        let after = rest[name_end..].trim_start();
        match after.strip_prefix('=').filter(|v| !v.starts_with('=')) {
            Some(value_part) => {
                let (value, remaining) = auth_param_value(value_part.trim_start());
                if found {
                    params.push((name.to_owned(), value));
                }
                rest = remaining;
            }
            None => {
                // A scheme name, or a token68 credential we do not need.
                if found {
                    break;
                }
                found = name.eq_ignore_ascii_case("bearer");
                rest = after;
            }
        }
    }
    found.then_some(params)
}

/// A token or a quoted string, and what follows it.
fn auth_param_value(input: &str) -> (String, &str) {
    let Some(quoted) = input.strip_prefix('"') else {
        let end = input.find(',').unwrap_or(input.len());
        return (input[..end].trim().to_owned(), &input[end..]);
    };
    let mut out = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            '"' => return (out, &quoted[i + 1..]),
            _ => out.push(c),
        }
    }
    (out, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn every_rule_as_a_table() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let secs = |s| Some(Duration::from_secs(s));
        let date = "Tue, 14 Nov 2023 22:13:20 GMT"; // 1_700_000_000
        type Case<'a> = (u16, &'a [(&'a str, &'a str)], Verdict);
        let cases: &[Case] = &[
            (200, &[], Verdict::Success),
            (204, &[], Verdict::Success),
            (
                401,
                &[("www-authenticate", "Bearer error=\"invalid_token\"")],
                Verdict::TokenRejected,
            ),
            (429, &[], Verdict::RateLimited { wait: None }),
            (
                429,
                &[("retry-after", "30")],
                Verdict::RateLimited { wait: secs(30) },
            ),
            (
                429,
                &[("retry-after", "2.5")],
                Verdict::RateLimited {
                    wait: Some(Duration::from_millis(2500)),
                },
            ),
            (
                429,
                &[("x-ratelimit-reset", "1700000045")],
                Verdict::RateLimited { wait: secs(45) },
            ),
            // The server's clock, not ours: the local clock is an hour behind here.
            (
                429,
                &[("x-ratelimit-reset", "1700000045"), ("date", date)],
                Verdict::RateLimited { wait: secs(45) },
            ),
            (
                403,
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1700000060"),
                ],
                Verdict::RateLimited { wait: secs(60) },
            ),
            (
                403,
                &[("retry-after", "60")],
                Verdict::RateLimited { wait: secs(60) },
            ),
            (
                403,
                &[("ratelimit-remaining", "0")],
                Verdict::RateLimited { wait: None },
            ),
            (403, &[("x-ratelimit-remaining", "12")], Verdict::Forbidden),
            (403, &[], Verdict::Forbidden),
            (
                503,
                &[("retry-after", "5")],
                Verdict::ServerFault { wait: secs(5) },
            ),
            (
                500,
                &[("retry-after", "5")],
                Verdict::ServerFault { wait: None },
            ),
            (502, &[], Verdict::ServerFault { wait: None }),
            (408, &[], Verdict::ServerFault { wait: None }),
            (404, &[], Verdict::ClientError),
            (400, &[("retry-after", "5")], Verdict::ClientError),
            (409, &[], Verdict::ClientError),
        ];
        let local = now - Duration::from_secs(3600);
        for (status, hs, expected) in cases {
            let clock = if hs.iter().any(|(k, _)| *k == "date") {
                local
            } else {
                now
            };
            let got = classify(StatusCode::from_u16(*status).unwrap(), &headers(hs), clock);
            assert_eq!(got, *expected, "{status} {hs:?}");
        }
    }

    #[test]
    fn retryable_by_verdict_and_method() {
        let rl = Verdict::RateLimited { wait: None };
        let sf = Verdict::ServerFault { wait: None };
        assert!(rl.retryable(false) && rl.retryable(true));
        assert!(sf.retryable(true) && !sf.retryable(false));
        for v in [
            Verdict::Forbidden,
            Verdict::TokenRejected,
            Verdict::ClientError,
        ] {
            assert!(!v.retryable(true));
        }
    }

    #[test]
    fn bearer_challenges_are_parsed_and_scrubbed() {
        let mut redactor = Redactor::default();
        redactor.add("at-SENTINEL");
        let c = bearer_challenge(
            &headers(&[(
                "www-authenticate",
                r#"Bearer realm="example", error="invalid_token", error_description="The access token at-SENTINEL expired""#,
            )]),
            &redactor,
        )
        .unwrap();
        assert_eq!(c.error.as_deref(), Some("invalid_token"));
        assert_eq!(
            c.error_description.as_deref(),
            Some("The access token [redacted] expired")
        );

        let c = bearer_challenge(
            &headers(&[(
                "www-authenticate",
                r#"Basic realm="x", Bearer error=insufficient_scope, scope="a b", error_description="say \"hi\"""#,
            )]),
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(
            (
                c.error.as_deref(),
                c.scope.as_deref(),
                c.error_description.as_deref()
            ),
            (Some("insufficient_scope"), Some("a b"), Some("say \"hi\""))
        );
        assert!(
            bearer_challenge(
                &headers(&[("www-authenticate", "Basic realm=\"x\"")]),
                &Redactor::default()
            )
            .is_none()
        );
        assert!(bearer_challenge(&headers(&[]), &Redactor::default()).is_none());
        // Garbage never panics.
        for junk in [
            "Bearer",
            "Bearer =",
            "Bearer a=\"unterminated",
            "=,=,",
            "Bearer error=\"x\\",
            ",,, Bearer ,,",
        ] {
            let _ = bearer_challenge(
                &headers(&[("www-authenticate", junk)]),
                &Redactor::default(),
            );
        }
    }
}
