//! The report as readable markdown tables (`airadar report --format markdown`).
//!
//! Every cell goes through [`cell`]: feed text is sanitised and markdown's structural characters
//! are escaped, so a hostile title cannot end a cell, start a row, open raw HTML or a link, or
//! carry terminal escapes into a viewer.

use std::fmt::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    CapacityReport, ItemReport, ModelReport, QuantityReport, Report, SourceReport, SourceStatus,
    TimelineEntry, WindowReport,
};
use crate::sanitize::clean;

/// The "Latest items" table shows at most this many; the JSON report has them all.
pub const LATEST_ITEMS: usize = 100;

/// Renders the report as markdown: sources, models, timeline, capacity and the latest items.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("# airadar report\n\n");
    let _ = writeln!(out, "Generated {}.", timestamp(report.generated_at));
    section(
        &mut out,
        "Sources",
        &[
            "Source",
            "Status",
            "Items",
            "Unread",
            "Last fetch",
            "HTTP",
            "Error",
        ],
        report.sources.iter().map(source_row),
    );
    section(
        &mut out,
        "Models",
        &[
            "Model",
            "Vendor",
            "Status",
            "Expected",
            "Released",
            "Slip (days)",
            "Mentions",
            "Sources",
            "Last seen",
        ],
        report.models.iter().map(model_row),
    );
    section(
        &mut out,
        "Timeline",
        &[
            "Start",
            "End",
            "Precision",
            "Subject",
            "Kind",
            "Source",
            "Evidence",
        ],
        report.timeline.iter().map(timeline_row),
    );
    section(
        &mut out,
        "Capacity",
        &["Published", "Provider", "Quantities", "Source", "Note"],
        report.capacity.iter().map(capacity_row),
    );
    section(
        &mut out,
        "Latest items",
        &[
            "Published",
            "Source",
            "Title",
            "Models",
            "Providers",
            "Link",
        ],
        report.items.iter().take(LATEST_ITEMS).map(item_row),
    );
    if report.items.len() > LATEST_ITEMS {
        let _ = writeln!(
            out,
            "\n…and {} more items (see `--format json`).",
            report.items.len() - LATEST_ITEMS
        );
    }
    out
}

/// Writes a `## title` and a table, or a line saying there is nothing.
fn section(
    out: &mut String,
    title: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) {
    let _ = write!(out, "\n## {title}\n\n");
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        out.push_str("_None._\n");
        return;
    }
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

/// Makes untrusted text safe as one table cell: no controls or escapes (sanitised, newlines
/// become spaces), and the characters that build tables, HTML, links, code and emphasis escaped.
pub fn cell(text: &str) -> String {
    let text = clean(text);
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // `<` and `>` as entities: a backslash does not stop raw HTML everywhere.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn opt(text: Option<&str>) -> String {
    text.map(cell).unwrap_or_default()
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn window(w: Option<&WindowReport>) -> String {
    match w {
        Some(w) if w.start == w.end => format!("{} ({})", w.start, cell(&w.precision)),
        Some(w) => format!("{} – {} ({})", w.start, w.end, cell(&w.precision)),
        None => String::new(),
    }
}

fn quantities(qs: &[QuantityReport]) -> String {
    qs.iter()
        .map(|q| {
            // Whole numbers without a trailing ".0"; the range check keeps the cast exact.
            let value = if q.value.fract() == 0.0 && q.value.abs() < 1e15 {
                format!("{}", q.value as i64)
            } else {
                format!("{}", q.value)
            };
            format!("{value} {}", cell(&q.unit))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn list(names: &[String]) -> String {
    names.iter().map(|n| cell(n)).collect::<Vec<_>>().join(", ")
}

fn source_row(s: &SourceReport) -> Vec<String> {
    let status = match s.status {
        SourceStatus::Ok => "ok",
        SourceStatus::Error if s.dead => "dead",
        SourceStatus::Error => "error",
        SourceStatus::Pending => "pending",
    };
    vec![
        cell(&s.name),
        status.to_string(),
        s.items.to_string(),
        s.unread.to_string(),
        s.last_fetch.map(timestamp).unwrap_or_default(),
        s.http_status.map(|c| c.to_string()).unwrap_or_default(),
        opt(s.error.as_deref()),
    ]
}

fn model_row(m: &ModelReport) -> Vec<String> {
    vec![
        cell(&m.name),
        opt(m.vendor.as_deref()),
        cell(&m.status),
        window(m.expected.as_ref()),
        date(m.released),
        m.slip_days.map(|d| d.to_string()).unwrap_or_default(),
        m.mentions.to_string(),
        m.sources.to_string(),
        date(m.last_seen),
    ]
}

fn timeline_row(t: &TimelineEntry) -> Vec<String> {
    vec![
        t.start.to_string(),
        t.end.to_string(),
        cell(&t.precision),
        cell(&t.subject),
        cell(&t.kind),
        cell(&t.source),
        cell(&t.evidence),
    ]
}

fn capacity_row(c: &CapacityReport) -> Vec<String> {
    vec![
        date(c.published),
        cell(&c.provider),
        quantities(&c.quantities),
        cell(&c.source),
        cell(&c.note),
    ]
}

fn item_row(i: &ItemReport) -> Vec<String> {
    vec![
        i.published.map(timestamp).unwrap_or_default(),
        cell(&i.source),
        cell(&i.title),
        list(&i.models),
        list(&i.providers),
        opt(i.url.as_deref()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_escapes_structure_and_strips_controls() {
        let hostile = "a|b\nc\x1b]0;x\x07<script>[l](javascript:1)`\\";
        assert_eq!(
            cell(hostile),
            "a\\|b c&lt;script&gt;\\[l\\](javascript:1)\\`\\\\"
        );
    }

    /// True when every `|` in `s` is escaped: preceded by an odd run of backslashes.
    fn pipes_escaped(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        chars.iter().enumerate().all(|(i, &c)| {
            c != '|' || chars[..i].iter().rev().take_while(|&&b| b == '\\').count() % 2 == 1
        })
    }

    proptest::proptest! {
        #[test]
        fn any_text_stays_inside_one_cell(text in "\\PC*|[|\\\\\n\r\t<>\x1b\x07\u{9b}a-z]*") {
            let out = cell(&text);
            proptest::prop_assert!(!out.chars().any(char::is_control), "{:?}", out);
            proptest::prop_assert!(!out.contains('<') && !out.contains('>'));
            proptest::prop_assert!(pipes_escaped(&out), "{:?}", out);
        }
    }

    #[test]
    fn pipe_check_sees_unescaped_pipes() {
        assert!(pipes_escaped("a\\|b\\\\\\|"));
        assert!(!pipes_escaped("a|b"));
        assert!(!pipes_escaped("a\\\\|b"));
    }

    #[test]
    fn empty_report_says_none() {
        let md = to_markdown(&Report::default());
        assert_eq!(md.matches("_None._").count(), 5);
        assert!(md.starts_with("# airadar report"));
    }

    #[test]
    fn quantities_print_whole_numbers_plainly() {
        let qs = [
            QuantityReport {
                value: 100_000.0,
                unit: "GPUs".into(),
            },
            QuantityReport {
                value: 1.3,
                unit: "GW".into(),
            },
        ];
        assert_eq!(quantities(&qs), "100000 GPUs; 1.3 GW");
    }
}
