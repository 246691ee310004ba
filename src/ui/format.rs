//! Numbers, dates and durations as the panes print them ("4.5 GW", "Q2 2025", "in 4m").

use chrono::{DateTime, NaiveDate, Utc};

use crate::report::{QuantityReport, WindowReport};

/// `1234.0` → `"1.2k"`, `100000.0` → `"100k"`, `11.9e9` → `"11.9B"`.
pub fn compact(value: f64) -> String {
    let abs = value.abs();
    let (scaled, suffix) = if abs >= 1e12 {
        (value / 1e12, "T")
    } else if abs >= 1e9 {
        (value / 1e9, "B")
    } else if abs >= 1e6 {
        (value / 1e6, "M")
    } else if abs >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", trim_decimal(scaled))
}

/// One decimal at most, none when it is zero.
fn trim_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// A quantity with its unit: `"4.5 GW"`, `"300 MW"`, `"100k GPUs"`, `"$11.9B"`.
pub fn quantity(q: &QuantityReport) -> String {
    match q.unit.as_str() {
        "USD" => format!("${}", compact(q.value)),
        "GPUs" => format!("{} GPUs", compact(q.value)),
        // Another unit can only come from a database edited or damaged outside airadar.
        unit => format!("{} {}", trim_decimal(q.value), super::clean(unit)),
    }
}

/// A window at its precision: `"2025-05-12"`, `"2025-05"`, `"Q2 2025"`, `"H1 2025"`, `"2025"`.
pub fn window(w: &WindowReport) -> String {
    window_parts(w.start, w.end, &w.precision)
}

/// Like [`window`] from loose parts.
pub fn window_parts(start: NaiveDate, end: NaiveDate, precision: &str) -> String {
    use chrono::Datelike;
    match precision {
        "day" => start.to_string(),
        "week" => format!("wk {}", start.format("%Y-%m-%d")),
        "month" => start.format("%Y-%m").to_string(),
        "quarter" => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
        "half" => format!("H{} {}", start.month0() / 6 + 1, start.year()),
        "year" => start.year().to_string(),
        _ if start == end => start.to_string(),
        _ => format!("~{}..{}", start.format("%Y-%m"), end.format("%Y-%m")),
    }
}

/// How long ago `at` was: `"now"`, `"5m"`, `"3h"`, `"2d"`.
pub fn ago(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let secs = (now - at).num_seconds().max(0);
    match secs {
        0..60 => "now".into(),
        60..3600 => format!("{}m", secs / 60),
        3600..86_400 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

/// Time until `at`: `"in 35s"`, `"in 4m"`, `"in 2h"`, or `"due"` when past.
pub fn countdown(now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let secs = (at - now).num_seconds();
    match secs {
        ..=0 => "due".into(),
        1..60 => format!("in {secs}s"),
        60..3600 => format!("in {}m", secs / 60),
        3600..86_400 => format!("in {}h", secs / 3600),
        _ => format!("in {}d", secs / 86_400),
    }
}

/// `"1 note"`, `"3 notes"`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Slip in days with a sign: `"+45d"`, `"-3d"`, empty when unknown or zero.
pub fn slip(days: Option<i64>) -> String {
    match days {
        Some(d) if d != 0 => format!("{d:+}d"),
        _ => String::new(),
    }
}

/// A one-line sparkline of `values` with block characters, scaled to the largest.
pub fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| match v {
            0 => '·',
            _ => {
                // max > 0 here because v > 0; the index is at most 7.
                let level = ((v * 7) / max.max(1)) as usize;
                BARS[level.min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(value: f64, unit: &str) -> QuantityReport {
        QuantityReport {
            value,
            unit: unit.into(),
        }
    }

    #[test]
    fn quantities_read_like_headlines() {
        assert_eq!(quantity(&q(4.5, "GW")), "4.5 GW");
        assert_eq!(quantity(&q(300.0, "MW")), "300 MW");
        assert_eq!(quantity(&q(100_000.0, "GPUs")), "100k GPUs");
        assert_eq!(quantity(&q(11.9e9, "USD")), "$11.9B");
        assert_eq!(quantity(&q(500e6, "USD")), "$500M");
        assert_eq!(quantity(&q(2.0, "acres\u{1b}]0;x\u{7}")), "2 acres");
    }

    #[test]
    fn windows_follow_precision() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            window_parts(d("2025-04-01"), d("2025-06-30"), "quarter"),
            "Q2 2025"
        );
        assert_eq!(
            window_parts(d("2025-07-01"), d("2025-12-31"), "half"),
            "H2 2025"
        );
        assert_eq!(
            window_parts(d("2025-05-01"), d("2025-05-31"), "month"),
            "2025-05"
        );
    }

    #[test]
    fn durations_and_sparklines() {
        let now = DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(ago(now, now - chrono::Duration::hours(3)), "3h");
        assert_eq!(
            countdown(now, now + chrono::Duration::seconds(35)),
            "in 35s"
        );
        assert_eq!(countdown(now, now - chrono::Duration::seconds(5)), "due");
        assert_eq!(slip(Some(45)), "+45d");
        assert_eq!(sparkline(&[0, 1, 7]), "·▂█");
    }
}
