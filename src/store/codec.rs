//! How domain values are written to and read back from SQLite columns.
//!
//! Timestamps are integer milliseconds since the epoch (cheap to index and compare), dates are
//! `YYYYMMDD` integers (sort like the date, read at a glance, decode without a text parser),
//! enums are their report names (`ClaimKind::name` and friends).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// Milliseconds since the epoch, as stored.
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The inverse of [`to_ms`]; out-of-range values (only possible in a tampered file) read as none.
pub(crate) fn from_ms(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

/// A date as stored.
pub(crate) fn date_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The inverse of [`date_number`]; an impossible date reads as none.
pub(crate) fn from_date_number(n: Option<i64>) -> Option<NaiveDate> {
    let n = n?;
    let year = i32::try_from(n.div_euclid(10_000)).ok()?;
    let rest = n.rem_euclid(10_000);
    NaiveDate::from_ymd_opt(year, (rest / 100) as u32, (rest % 100) as u32)
}

/// A 64-bit FNV-1a hash over the parts, each followed by a separator so `("ab","c")` and
/// `("a","bc")` differ. Written out rather than `DefaultHasher` because the value is persisted and
/// must not change between Rust releases.
pub(crate) fn content_hash(parts: &[&str]) -> i64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    // Stored as SQLite's signed integer; the bit pattern is what matters.
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_separates_parts_and_is_stable() {
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
        // A fixed value: changing the function would mark every stored item as updated.
        assert_eq!(content_hash(&[]), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(content_hash(&["a"]), content_hash(&["a"]));
    }

    #[test]
    fn dates_and_times_round_trip() {
        let d = NaiveDate::from_ymd_opt(2025, 2, 21);
        assert_eq!(d.map(date_number), Some(20250221));
        assert_eq!(from_date_number(d.map(date_number)), d);
        assert_eq!(from_date_number(Some(20251341)), None);
        let t = DateTime::from_timestamp_millis(1_740_000_000_123);
        assert_eq!(from_ms(t.map(to_ms)), t);
    }
}
