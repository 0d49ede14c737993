//! How long a server asks us to wait: `Retry-After` (seconds or an HTTP date, read
//! against the answer's own `Date`) and the rate-limit headers (`X-RateLimit-Reset` and
//! its spellings, as seconds or as epoch dates).

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::support::time::MAX_SERVER_DURATION;

/// Epoch seconds from here on are dates, not delays: 10⁹ s is 2001-09-09, and no server
/// means a delay of 31 years.
const EPOCH_SECONDS: f64 = 1e9;
/// Epoch milliseconds from here on (2001-09-09 in milliseconds).
const EPOCH_MILLIS: f64 = 1e12;

/// Parses `X-RateLimit-Reset` as a wait from `now`. Providers send either the epoch
/// second (or millisecond) when the window resets, or the seconds until it does; the
/// magnitude tells them apart. Unparseable, negative or non-finite values give `None`;
/// waits are clamped to ten years.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use auth_core::parse_rate_limit_reset;
///
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(parse_rate_limit_reset("30", now), Some(Duration::from_secs(30)));
/// assert_eq!(parse_rate_limit_reset("1700000045", now), Some(Duration::from_secs(45)));
/// assert_eq!(parse_rate_limit_reset("1700000045000", now), Some(Duration::from_secs(45)));
/// assert_eq!(parse_rate_limit_reset("1699999999", now), Some(Duration::ZERO));
/// ```
pub fn parse_rate_limit_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let v: f64 = value.trim().parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let epoch_secs = if v >= EPOCH_MILLIS {
        v / 1000.0
    } else if v >= EPOCH_SECONDS {
        v
    } else {
        return Some(crate::support::time::secs_f64(v));
    };
    let now_secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    Some(crate::support::time::secs_f64(epoch_secs - now_secs))
}

/// The server's clock: its `Date` header.
pub(crate) fn server_clock(headers: &HeaderMap) -> Option<SystemTime> {
    let value = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    httpdate::parse_http_date(value.trim()).ok()
}

/// `Retry-After` as a wait: delta-seconds, or an HTTP-date measured against the
/// answer's own `Date` header (RFC 9110 §10.2.3), so that a skewed local clock does not
/// change the wait; `now` is used when the answer has no `Date`. Unparseable values are
/// ignored; waits are clamped to ten years.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    parse_retry_after(value, server_clock(headers).unwrap_or(now))
}

/// Parses a `Retry-After` value: delta-seconds (fractions such as `2.128`, which some
/// APIs send, are honoured) or an HTTP-date, relative to `now`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use auth_core::parse_retry_after;
///
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("2.128", now), Some(Duration::from_millis(2128)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now), Some(Duration::from_secs(120)));
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(crate::support::time::MAX_SERVER_DURATION));
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && value.bytes().filter(|b| *b == b'.').count() == 1
        && let Ok(secs) = value.parse::<f64>()
    {
        return Some(crate::support::time::secs_f64(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(crate::support::time::MAX_SERVER_DURATION),
    )
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// The wait a response asks for: `Retry-After`, else `X-RateLimit-Reset`. Dates and
/// epoch times are read against the response's `Date` header when it has one (a skewed
/// local clock would otherwise wait too long or not at all), else against `now`.
pub(crate) fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let now = server_clock(headers).unwrap_or(now);
    retry_after(headers, now)
        .or_else(|| parse_rate_limit_reset(any_header(headers, &RESET)?, now))
        .map(|d| d.min(MAX_SERVER_DURATION))
}

/// The names providers give the reset header: `X-RateLimit-Reset` (most),
/// `X-Rate-Limit-Reset` (X/Twitter), `RateLimit-Reset` (the IETF draft).
const RESET: [&str; 3] = ["x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"];
/// The same for the calls left.
pub(crate) const REMAINING: [&str; 3] = [
    "x-ratelimit-remaining",
    "x-rate-limit-remaining",
    "ratelimit-remaining",
];
/// The same for the limit.
const LIMIT: [&str; 3] = ["x-ratelimit-limit", "x-rate-limit-limit", "ratelimit-limit"];

/// The first of `names` the response carries.
pub(crate) fn any_header<'h>(headers: &'h HeaderMap, names: &[&str]) -> Option<&'h str> {
    names.iter().find_map(|name| header(headers, name))
}

/// `X-RateLimit-Remaining`, `X-RateLimit-Limit` and the reset, when all make sense.
pub(crate) fn quota(headers: &HeaderMap, now: SystemTime) -> Option<(u64, u64, Duration)> {
    let now = server_clock(headers).unwrap_or(now);
    let remaining = any_header(headers, &REMAINING)?.trim().parse().ok()?;
    let limit = any_header(headers, &LIMIT)?.trim().parse().ok()?;
    let reset = parse_rate_limit_reset(any_header(headers, &RESET)?, now)?;
    Some((remaining, limit, reset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_forms_are_told_apart() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_rate_limit_reset("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_rate_limit_reset("59.5", now),
            Some(Duration::from_millis(59_500))
        );
        assert_eq!(
            parse_rate_limit_reset(" 1700000060 ", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_rate_limit_reset("-1", now), None);
        assert_eq!(parse_rate_limit_reset("NaN", now), None);
        assert_eq!(parse_rate_limit_reset("inf", now), None);
        assert_eq!(parse_rate_limit_reset("soon", now), None);
        assert_eq!(
            parse_rate_limit_reset("1e300", now),
            Some(MAX_SERVER_DURATION)
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(MAX_SERVER_DURATION)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.", now), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after("1.2.3", now), None);
    }

    #[test]
    fn retry_after_dates_are_read_against_the_answers_date() {
        let mut h = HeaderMap::new();
        h.insert(
            RETRY_AFTER,
            "Sun, 06 Nov 1994 08:51:37 GMT".parse().unwrap(),
        );
        h.insert(
            reqwest::header::DATE,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
        );
        // The local clock is an hour ahead: without the server's Date it would wait 0 s.
        let skewed = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777 + 3600);
        assert_eq!(retry_after(&h, skewed), Some(Duration::from_secs(120)));
        h.remove(reqwest::header::DATE);
        assert_eq!(retry_after(&h, skewed), Some(Duration::ZERO));
    }
}
