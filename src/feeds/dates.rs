//! Lenient feed dates: RFC 3339/2822 first, then a token reader for what real feeds write.
//!
//! Feeds in Portuguese and Spanish localise month and weekday names
//! (`Seg, 24 Set 2018 19:42:40 -0300`, `24 de setembro de 2018`), some drop the zone
//! (`Sat, Dec 16 2023 02:02:33 PM`) or use slashes (`2020/1/10 14:33:00`). A missing zone is
//! read as UTC: a wrong hour is better than no date at all for ordering a timeline. Bare Unix
//! seconds are accepted too (some feeds put them in `dc:date`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};

mod names;

use names::{is_filler, month, weekday, zone_name};

/// Parses a date as feeds write it; `None` when it cannot be read unambiguously.
pub fn parse_lenient_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    // Unix seconds (`<dc:date>1518478934</dc:date>`): 9 or 10 digits cover 1973..2286.
    if (9..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().and_then(|t| DateTime::from_timestamp(t, 0));
    }
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .ok()
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| parse_tokens(s))
}

/// Date parts collected from the tokens.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    /// Bare numbers not yet assigned (day, or a two-digit year).
    numbers: Vec<u32>,
    time: Option<NaiveTime>,
    pm: Option<bool>,
    offset_secs: Option<i32>,
}

fn parse_tokens(s: &str) -> Option<DateTime<Utc>> {
    let lower = s.to_lowercase();
    let mut parts = Parts::default();
    for (index, raw) in lower.split_whitespace().enumerate() {
        // A trailing comma marks a weekday ("mar," is Tuesday in Spanish, "mar" is March).
        let followed_by_comma = raw.ends_with(',');
        let token = raw.trim_matches(|c| c == ',' || c == '.');
        if token.is_empty() || is_filler(token) {
            continue;
        }
        if index == 0 && followed_by_comma && weekday(token) {
            continue;
        }
        read_token(token, &mut parts)?;
    }
    assemble(parts)
}

/// Reads one token into `parts`; `None` for a token that makes the whole string unreadable.
fn read_token(token: &str, parts: &mut Parts) -> Option<()> {
    let first = token.chars().next()?;
    if first.is_ascii_digit() {
        // `2020-01-10t14:33:00`: an ISO date with its time attached.
        if let Some((date, time)) = token
            .split_once('t')
            .filter(|(date, _)| date.contains(['/', '-']))
        {
            read_date(date, parts)?;
            return read_time(time, parts);
        }
        if token.contains(':') {
            return read_time(token, parts);
        }
        if token.contains(['/', '-']) {
            return read_date(token, parts);
        }
        let digits = token.trim_end_matches(['º', 'ª', 'o', 's', 't', 'n', 'd', 'r', 'h']);
        let n: u32 = digits.parse().ok()?;
        if digits.len() == 4 {
            parts.year = Some(i32::try_from(n).ok()?);
        } else if digits.len() <= 2 {
            parts.numbers.push(n);
        } else {
            return None;
        }
        return Some(());
    }
    if first == '+' || first == '-' {
        parts.offset_secs = Some(numeric_offset(token)?);
        return Some(());
    }
    match token {
        "am" | "a.m" => parts.pm = Some(false),
        "pm" | "p.m" => parts.pm = Some(true),
        _ => {
            if let Some(m) = month(token).filter(|_| parts.month.is_none()) {
                parts.month = Some(m);
            } else if weekday(token) {
                // A weekday without a comma ("Sat Dec 16"): carries no information.
            } else {
                parts.offset_secs = Some(zone_name(token)?);
            }
        }
    }
    Some(())
}

/// `2020/1/10`, `2020-01-10` or `10/01/2020` (day first, as in pt and es).
fn read_date(token: &str, parts: &mut Parts) -> Option<()> {
    let fields: Vec<&str> = token.split(['/', '-']).collect();
    let [a, b, c] = fields.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if y.len() != 4 {
        return None;
    }
    parts.year = Some(y.parse().ok()?);
    parts.month = Some(m.parse().ok()?);
    parts.day = Some(d.parse().ok()?);
    Some(())
}

/// `14:33`, `14:33:00`, `14:33:00.123`, optionally followed by `z`, `+03:00` or `-0300`.
fn read_time(token: &str, parts: &mut Parts) -> Option<()> {
    let zone_at = token.find(['+', '-', 'z']);
    let (clock, zone) = match zone_at {
        Some(at) => token.split_at(at),
        None => (token, ""),
    };
    if !zone.is_empty() {
        parts.offset_secs = Some(if zone == "z" {
            0
        } else {
            numeric_offset(zone)?
        });
    }
    let mut fields = clock.split(':');
    let h: u32 = fields.next()?.parse().ok()?;
    let m: u32 = fields.next()?.parse().ok()?;
    let sec: u32 = match fields.next() {
        Some(sec) => sec.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if fields.next().is_some() {
        return None;
    }
    parts.time = Some(NaiveTime::from_hms_opt(h, m, sec)?);
    Some(())
}

/// `+0300`, `-03:00`, `+03`.
fn numeric_offset(token: &str) -> Option<i32> {
    let sign = if token.starts_with('-') { -1 } else { 1 };
    let digits: String = token[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

fn assemble(mut parts: Parts) -> Option<DateTime<Utc>> {
    let month = parts.month?;
    let mut numbers = parts.numbers.drain(..);
    let day = match parts.day {
        Some(d) => d,
        None => numbers.next()?,
    };
    let year = match parts.year {
        Some(y) => y,
        // RFC 822 two-digit years: 70..99 are 19xx.
        None => {
            let y = i32::try_from(numbers.next()?).ok()?;
            if y < 70 { 2000 + y } else { 1900 + y }
        }
    };
    if numbers.next().is_some() {
        return None;
    }
    let mut time = parts.time.unwrap_or(NaiveTime::MIN);
    if let Some(pm) = parts.pm {
        time = twelve_hour(time, pm)?;
    }
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_time(time);
    let offset = FixedOffset::east_opt(parts.offset_secs.unwrap_or(0))?;
    naive
        .and_local_timezone(offset)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// Applies AM/PM to a 12-hour clock reading.
fn twelve_hour(time: NaiveTime, pm: bool) -> Option<NaiveTime> {
    use chrono::Timelike;
    let h = time.hour();
    if !(1..=12).contains(&h) {
        return None;
    }
    let h24 = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    time.with_hour(h24)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc))
    }

    #[test]
    fn rfc3339_and_rfc2822() {
        assert_eq!(
            parse_lenient_date("2025-03-03T10:00:00+01:00"),
            utc("2025-03-03T09:00:00Z")
        );
        assert_eq!(
            parse_lenient_date("Mon, 03 Mar 2025 10:00:00 GMT"),
            utc("2025-03-03T10:00:00Z")
        );
    }

    #[test]
    fn portuguese_weekday_and_month() {
        assert_eq!(
            parse_lenient_date("Seg, 24 Set 2018 19:42:40 -0300"),
            utc("2018-09-24T22:42:40Z")
        );
    }

    #[test]
    fn spanish_weekday_that_looks_like_a_month() {
        assert_eq!(
            parse_lenient_date("lun, 3 mar 2025 10:00:00 +0100"),
            utc("2025-03-03T09:00:00Z")
        );
        assert_eq!(
            parse_lenient_date("mar, 4 mar 2025 10:00:00 +0100"),
            utc("2025-03-04T09:00:00Z")
        );
    }

    #[test]
    fn long_portuguese_date_without_time() {
        assert_eq!(
            parse_lenient_date("24 de setembro de 2018"),
            utc("2018-09-24T00:00:00Z")
        );
        assert_eq!(
            parse_lenient_date("3 de marzo de 2025"),
            utc("2025-03-03T00:00:00Z")
        );
    }

    #[test]
    fn month_first_with_pm_and_no_zone() {
        assert_eq!(
            parse_lenient_date("Sat, Dec 16 2023 02:02:33 PM"),
            utc("2023-12-16T14:02:33Z")
        );
        assert_eq!(
            parse_lenient_date("Dec 16 2023 12:05 AM"),
            utc("2023-12-16T00:05:00Z")
        );
    }

    #[test]
    fn slashes_and_missing_zone_are_utc() {
        assert_eq!(
            parse_lenient_date("2020/1/10 14:33:00"),
            utc("2020-01-10T14:33:00Z")
        );
        assert_eq!(
            parse_lenient_date("2020-01-10T14:33:00"),
            utc("2020-01-10T14:33:00Z")
        );
        assert_eq!(
            parse_lenient_date("10/01/2020 14:33"),
            utc("2020-01-10T14:33:00Z")
        );
    }

    #[test]
    fn zone_names_and_compact_offsets() {
        assert_eq!(
            parse_lenient_date("Tue, 5 Nov 2024 9:30:00 PST"),
            utc("2024-11-05T17:30:00Z")
        );
        assert_eq!(
            parse_lenient_date("2024-11-05T09:30:00.123+0300"),
            utc("2024-11-05T06:30:00Z")
        );
        assert_eq!(
            parse_lenient_date("Thursday, 13 July 2011 07:38:00 UTC"),
            utc("2011-07-13T07:38:00Z")
        );
    }

    #[test]
    fn unix_seconds() {
        assert_eq!(
            parse_lenient_date("1518478934"),
            utc("2018-02-12T23:42:14Z")
        );
        assert_eq!(parse_lenient_date("15184789"), None);
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(
            parse_lenient_date("02 Jan 06 15:04 -0700"),
            utc("2006-01-02T22:04:00Z")
        );
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "yesterday",
            "31 Fev 2020",
            "2020/13/01",
            "Seg, 24 Set 2018 25:00:00",
            "13:00 PM 1 Jan 2020",
            "1 2 3 Jan 2020",
            "Jan 2020 hello",
        ] {
            assert_eq!(parse_lenient_date(s), None, "{s}");
        }
    }
}
