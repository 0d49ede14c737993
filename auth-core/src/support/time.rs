//! Small helpers for wall-clock times in messages and durations from servers.

use std::time::{Duration, SystemTime};

/// The longest lifetime or wait taken from a server's word (ten years): larger values
/// are clamped so that `Instant + Duration` cannot overflow.
pub(crate) const MAX_SERVER_DURATION: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// Formats a wall-clock time as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), the form
/// providers use in headers, so a message and a header can be compared by eye.
pub(crate) fn fmt_system_time(t: SystemTime) -> String {
    // httpdate cannot represent times before 1970 or after 9999; clamp rather than panic.
    let t = t.clamp(
        SystemTime::UNIX_EPOCH,
        SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799),
    );
    httpdate::fmt_http_date(t)
}

/// Seconds from a server, clamped to [`MAX_SERVER_DURATION`]. Negative and NaN become zero.
pub(crate) fn secs_f64(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        Duration::ZERO
    } else if secs >= MAX_SERVER_DURATION.as_secs_f64() {
        MAX_SERVER_DURATION
    } else {
        Duration::from_secs_f64(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_http_date() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(fmt_system_time(t), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn clamps_server_seconds() {
        assert_eq!(secs_f64(-5.0), Duration::ZERO);
        assert_eq!(secs_f64(f64::NAN), Duration::ZERO);
        assert_eq!(secs_f64(1e300), MAX_SERVER_DURATION);
        assert_eq!(secs_f64(2.5), Duration::from_millis(2500));
    }
}
