//! Property tests of everything that parses what a server sends: no input panics,
//! overflows, or yields an unbounded wait or lifetime.

use std::time::{Duration, SystemTime};

use auth_core::{TokenResponse, parse_rate_limit_reset, parse_retry_after};
use proptest::prelude::*;

/// Ten years: the clamp on any duration taken from a server.
const MAX: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

fn any_time() -> impl Strategy<Value = SystemTime> {
    (0u64..=253_402_300_799).prop_map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
}

/// Numbers as servers write them, and some they should not.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        "[0-9]{1,40}",
        "-?[0-9]{0,5}\\.?[0-9]{0,5}(e[+-]?[0-9]{1,4})?",
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-inf".to_owned()),
        ".{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn token_responses_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = TokenResponse::from_json(&body, "https://auth.example/token");
    }

    #[test]
    fn token_response_fields_are_bounded(
        expires in prop_oneof![
            number_text().prop_map(|n| format!("\"{n}\"")),
            number_text(),
            Just("null".to_owned()),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
        ],
        token_type in prop_oneof![Just("Bearer"), Just("bEaReR"), Just("mac"), Just("")],
        scope in ".{0,60}",
    ) {
        let body = format!(
            r#"{{"access_token":"t","token_type":"{token_type}","expires_in":{expires},"scope":{}}}"#,
            serde_json::Value::String(scope),
        );
        if let Ok(response) = TokenResponse::from_json(body.as_bytes(), "E") {
            prop_assert!(response.expires_in.is_none_or(|d| d <= MAX));
            prop_assert!(token_type.eq_ignore_ascii_case("bearer") || token_type.is_empty());
        }
    }

    #[test]
    fn retry_after_is_bounded(value in prop_oneof![
        number_text(),
        any_time().prop_map(httpdate::fmt_http_date),
        ".{0,40}",
    ], now in any_time()) {
        if let Some(wait) = parse_retry_after(&value, now) {
            prop_assert!(wait <= MAX);
        }
    }

    #[test]
    fn rate_limit_reset_is_bounded(value in number_text(), now in any_time()) {
        if let Some(wait) = parse_rate_limit_reset(&value, now) {
            prop_assert!(wait <= MAX);
        }
    }

    #[test]
    fn epoch_and_delta_resets_agree(delta in 0u64..100_000, now in 1_000_000_000u64..4_000_000_000) {
        let now_time = SystemTime::UNIX_EPOCH + Duration::from_secs(now);
        let from_delta = parse_rate_limit_reset(&delta.to_string(), now_time).unwrap();
        let from_epoch = parse_rate_limit_reset(&(now + delta).to_string(), now_time).unwrap();
        let from_millis = parse_rate_limit_reset(&((now + delta) * 1000).to_string(), now_time).unwrap();
        prop_assert_eq!(from_delta, Duration::from_secs(delta));
        prop_assert_eq!(from_epoch, Duration::from_secs(delta));
        prop_assert_eq!(from_millis, Duration::from_secs(delta));
    }
}
