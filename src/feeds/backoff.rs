//! When a source is due again: the refresh interval with jitter after a success, exponential
//! back-off after failures, Retry-After read and honoured, and 410 Gone parked for good.
//!
//! Pure functions of their inputs (the caller passes `now` and the random jitter), so every
//! case is a table row in the tests below.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use super::FetchError;

/// The largest share of the refresh interval that jitter may add or remove (10 %).
pub const MAX_JITTER: f64 = 0.10;

/// The first retry after a failure comes this long after it; each further failure doubles it.
pub const FIRST_RETRY: Duration = Duration::from_secs(60);

/// Back-off never waits longer than this between retries (unless Retry-After asks for more).
pub const MAX_BACKOFF: Duration = Duration::from_secs(6 * 60 * 60);

/// A Retry-After longer than this is treated as this long: a hostile or broken server must not
/// park a source for years (a manual refresh still runs it at once).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How far ahead a dead (410 Gone) source is scheduled; the scheduler also marks it dead.
pub const DEAD_HORIZON: Duration = Duration::from_secs(10 * 365 * 24 * 60 * 60);

/// Whether an error means the source is gone and should not be fetched on schedule again.
pub fn is_dead(error: &FetchError) -> bool {
    matches!(error, FetchError::Gone)
}

/// The HTTP status the server answered with, if the failure came from one (for status lines
/// and `UpdateOutcome::Failed`).
pub fn http_status(error: &FetchError) -> Option<u16> {
    match error {
        FetchError::Status { status, .. } => Some(*status),
        FetchError::Gone => Some(410),
        _ => None,
    }
}

/// When a source is due next.
///
/// - `refresh`: the source's interval.
/// - `failures`: consecutive failures *including* this outcome (0 after a success).
/// - `error`: the error of this outcome, if it failed.
/// - `jitter`: a sample in `-1.0..=1.0` (clamped) scaling [`MAX_JITTER`], so sources that
///   started together drift apart instead of hitting the network in lockstep.
///
/// A success is due after `refresh ± 10 %`. A failure is retried after 1 min doubling per
/// consecutive failure (± 10 %), capped at [`MAX_BACKOFF`], and never before a Retry-After the
/// server gave (itself capped at [`MAX_RETRY_AFTER`]). A 410 Gone is due only after
/// [`DEAD_HORIZON`].
pub fn next_due(
    now: DateTime<Utc>,
    refresh: Duration,
    failures: u32,
    error: Option<&FetchError>,
    jitter: f64,
) -> DateTime<Utc> {
    let jitter = if jitter.is_finite() {
        jitter.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let delay = match error {
        None => with_jitter(refresh, jitter),
        Some(e) if is_dead(e) => DEAD_HORIZON,
        Some(e) => {
            let backoff = with_jitter(exponential(failures), jitter).min(MAX_BACKOFF);
            match retry_after(e) {
                Some(wait) => backoff.max(wait.min(MAX_RETRY_AFTER)),
                None => backoff,
            }
        }
    };
    add(now, delay)
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date (a past date means no wait).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and the obsolete asctime form.
pub(crate) fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    DateTime::parse_from_rfc2822(value)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y")
                .ok()
                .map(|d| d.and_utc())
        })
}

/// 1 min × 2^(failures − 1), saturating at [`MAX_BACKOFF`].
fn exponential(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1);
    // 2^9 min already exceeds 6 h, so larger exponents need not be computed (or overflow).
    if doublings >= 9 {
        return MAX_BACKOFF;
    }
    (FIRST_RETRY * (1u32 << doublings)).min(MAX_BACKOFF)
}

fn with_jitter(base: Duration, jitter: f64) -> Duration {
    base.mul_f64(1.0 + jitter * MAX_JITTER)
}

fn retry_after(error: &FetchError) -> Option<Duration> {
    match error {
        FetchError::Status { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// `now + delay`, saturating instead of panicking on absurd values.
fn add(now: DateTime<Utc>, delay: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(delay)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 2, 21, 12, 0, 0).unwrap()
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn status(code: u16, retry: Option<u64>) -> FetchError {
        FetchError::Status {
            status: code,
            retry_after: retry.map(secs),
        }
    }

    #[test]
    fn table_of_cases() {
        let refresh = secs(30 * 60);
        let timeout = FetchError::Timeout(secs(20));
        let cases: Vec<(&str, u32, Option<FetchError>, f64, u64)> = vec![
            ("success, no jitter", 0, None, 0.0, 1800),
            ("success, +10 %", 0, None, 1.0, 1980),
            ("success, -10 %", 0, None, -1.0, 1620),
            ("success, jitter clamped", 0, None, 7.0, 1980),
            ("success, NaN jitter ignored", 0, None, f64::NAN, 1800),
            ("1st failure", 1, Some(timeout.clone()), 0.0, 60),
            ("2nd failure", 2, Some(timeout.clone()), 0.0, 120),
            ("3rd failure", 3, Some(timeout.clone()), 0.0, 240),
            ("3rd failure, -10 %", 3, Some(timeout.clone()), -1.0, 216),
            ("9th failure", 9, Some(timeout.clone()), 0.0, 256 * 60),
            (
                "10th failure capped",
                10,
                Some(timeout.clone()),
                0.0,
                6 * 3600,
            ),
            (
                "cap holds with jitter",
                10,
                Some(timeout.clone()),
                1.0,
                6 * 3600,
            ),
            ("huge count", u32::MAX, Some(timeout.clone()), 0.0, 6 * 3600),
            ("failure count 0 acts as 1st", 0, Some(timeout), 0.0, 60),
            ("500", 1, Some(status(500, None)), 0.0, 60),
            (
                "429 longer Retry-After",
                1,
                Some(status(429, Some(900))),
                0.0,
                900,
            ),
            (
                "503 short Retry-After",
                4,
                Some(status(503, Some(5))),
                0.0,
                480,
            ),
            (
                "Retry-After past cap",
                1,
                Some(status(429, Some(9 * 3600))),
                0.0,
                9 * 3600,
            ),
            (
                "absurd Retry-After capped",
                1,
                Some(status(429, Some(u64::MAX / 4))),
                0.0,
                MAX_RETRY_AFTER.as_secs(),
            ),
            (
                "gone",
                1,
                Some(FetchError::Gone),
                0.0,
                DEAD_HORIZON.as_secs(),
            ),
        ];
        for (name, failures, error, jitter, want) in cases {
            let got = next_due(now(), refresh, failures, error.as_ref(), jitter);
            assert_eq!(
                (got - now()).num_seconds(),
                want as i64,
                "case {name}: got {got}"
            );
        }
    }

    fn http_now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap()
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(parse_retry_after("120", http_now()), secs(120));
        assert_eq!(parse_retry_after(" 0 ", http_now()), secs(0));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", http_now()),
            secs(120)
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:29:00 2015", http_now()),
            secs(60)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", http_now()),
            secs(0),
            "a past date means retry now"
        );
        assert_eq!(parse_retry_after("soon", http_now()), None);
        assert_eq!(parse_retry_after("-5", http_now()), None);
    }

    #[test]
    fn http_status_only_when_the_server_answered() {
        assert_eq!(http_status(&status(503, Some(5))), Some(503));
        assert_eq!(http_status(&FetchError::Gone), Some(410));
        assert_eq!(http_status(&FetchError::Timeout(secs(1))), None);
    }

    #[test]
    fn only_gone_is_dead() {
        assert!(is_dead(&FetchError::Gone));
        assert!(!is_dead(&status(404, None)));
        assert!(!is_dead(&FetchError::Timeout(secs(1))));
    }

    #[test]
    fn far_future_now_saturates() {
        let got = next_due(DateTime::<Utc>::MAX_UTC, secs(60), 0, None, 0.0);
        assert_eq!(got, DateTime::<Utc>::MAX_UTC);
    }
}
