//! The Capacity pane: per-provider totals with a sparkline of notes per month, then the notes
//! grouped by provider with their quantities ("4.5 GW", "100k GPUs", "$11.9B").
//!
//! A total adds each distinct figure once: the same plan is retold by many stories ("$500
//! billion" in ten outlets is one $500B, not $5T), so a repeated figure is taken for a retelling.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PaneCtx, clean, format, paint};
use crate::report::CapacityReport;
use crate::state::{AppState, Pane};

/// Months in each provider's sparkline, ending with the month of the newest note (or the current
/// month, if a note is dated in the future), so an archive of older news still draws a trend.
const TREND_MONTHS: usize = 12;

/// Splits the inside of the pane into the provider summary and the note rows (after a header).
pub(super) fn split(inner: Rect, state: &AppState) -> (Rect, Rect) {
    let providers = if state.report.is_some() {
        state.derived.providers.len() as u16
    } else {
        0
    };
    let summary = if inner.height >= 6 {
        providers.min(inner.height / 3)
    } else {
        0
    };
    let header = u16::from(inner.height > summary);
    let rows_y = inner.y + summary + header;
    (
        Rect::new(inner.x, inner.y, inner.width, summary),
        Rect::new(
            inner.x,
            rows_y,
            inner.width,
            inner.height - summary - header,
        ),
    )
}

/// Sum of each unit over the distinct figures of a provider's notes, e.g. "4.5 GW · 100k GPUs ·
/// $11.9B" (see the module docs).
fn totals<'a>(notes: impl Iterator<Item = &'a CapacityReport>) -> String {
    let figures: BTreeSet<(&str, u64)> = notes
        .flat_map(|n| &n.quantities)
        .map(|q| (q.unit.as_str(), q.value.to_bits()))
        .collect();
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for (unit, value) in figures {
        *sums.entry(unit).or_default() += f64::from_bits(value);
    }
    let order = ["GW", "MW", "GPUs", "USD"];
    let mut parts: Vec<String> = order
        .iter()
        .filter_map(|u| {
            sums.get(u).map(|v| {
                format::quantity(&crate::report::QuantityReport {
                    value: *v,
                    unit: (*u).into(),
                })
            })
        })
        .collect();
    parts.extend(
        sums.iter()
            .filter(|(u, _)| !order.contains(u))
            .map(|(u, v)| format!("{} {}", format::compact(*v), clean(u))),
    );
    parts.join(" · ")
}

/// Notes per month over the [`TREND_MONTHS`] months ending with `end`'s, oldest first.
fn trend<'a>(notes: impl Iterator<Item = &'a CapacityReport>, end: NaiveDate) -> Vec<u64> {
    let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let now = month_index(end);
    let mut counts = vec![0u64; TREND_MONTHS];
    for note in notes {
        if let Some(published) = note.published {
            let back = now - month_index(published);
            if (0..TREND_MONTHS as i32).contains(&back) {
                counts[TREND_MONTHS - 1 - back as usize] += 1;
            }
        }
    }
    counts
}

pub(super) fn draw(frame: &mut Frame, ctx: &PaneCtx) {
    let (summary, rows) = split(ctx.inner, ctx.state);
    let today = ctx.state.now.date_naive();
    let trend_end = ctx
        .state
        .derived
        .newest_note
        .map_or(today, |newest| newest.min(today));
    let capacity = &ctx.report.capacity;
    // Only the providers the summary has room for.
    let summary_lines: Vec<Line> = ctx
        .state
        .derived
        .providers
        .iter()
        .take(usize::from(summary.height))
        .map(|group| {
            let notes = || group.notes.iter().filter_map(|&i| capacity.get(i));
            Line::from(vec![
                Span::styled(
                    format!("{:<12.12} ", clean(&group.provider)),
                    ctx.theme.accent,
                ),
                Span::styled(format::sparkline(&trend(notes(), trend_end)), ctx.theme.bar),
                Span::raw(format!(" {} ", totals(notes()))),
                Span::styled(
                    format!("({})", format::count(group.notes.len(), "note")),
                    ctx.theme.dim,
                ),
            ])
        })
        .collect();
    paint::lines(frame, summary, &summary_lines);
    if ctx.state.rows.capacity.is_empty() {
        ctx.empty(frame, "capacity notes");
        return;
    }
    if rows.y > summary.bottom() {
        let header = Rect::new(ctx.inner.x, summary.bottom(), ctx.inner.width, 1);
        frame.render_widget(
            Paragraph::new(Line::styled(
                "provider     date   figures            note",
                ctx.theme.header,
            )),
            header,
        );
    }
    let (visible, selected) = ctx.visible(Pane::Capacity, usize::from(rows.height));
    let all = &ctx.state.rows.capacity;
    let offset = ctx.state.cursor(Pane::Capacity).offset;
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let note = &ctx.report.capacity[i];
            // Name the provider only on the first row of its group (or the first visible row).
            let first_of_group = offset + k == 0
                || ctx.report.capacity[all[offset + k - 1]].provider != note.provider;
            let provider = if first_of_group {
                clean(&note.provider)
            } else {
                String::new()
            };
            let figures: Vec<String> = note.quantities.iter().map(format::quantity).collect();
            let date = note
                .published
                .map(|d| d.format("%m-%d").to_string())
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("{provider:<12.12} "), ctx.theme.accent),
                Span::styled(format!("{date:<6} "), ctx.theme.dim),
                Span::styled(format!("{:<18.18} ", figures.join(", ")), ctx.theme.warn),
                Span::raw(clean(&note.note)),
            ])
            .style(ctx.row_style(Some(k) == selected))
        })
        .collect();
    paint::lines(frame, rows, &lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(y: i32, m: u32) -> CapacityReport {
        CapacityReport {
            provider: "Meta".into(),
            published: NaiveDate::from_ymd_opt(y, m, 15),
            ..CapacityReport::default()
        }
    }

    fn figures(quantities: &[(f64, &str)]) -> CapacityReport {
        CapacityReport {
            quantities: quantities
                .iter()
                .map(|&(value, unit)| crate::report::QuantityReport {
                    value,
                    unit: unit.into(),
                })
                .collect(),
            ..note(2025, 3)
        }
    }

    #[test]
    fn totals_add_each_distinct_figure_once() {
        let notes = [
            figures(&[(500e9, "USD"), (5.0, "GW")]),
            figures(&[(500e9, "USD")]),
            figures(&[(100e9, "USD"), (100_000.0, "GPUs")]),
            figures(&[(5.0, "GW"), (1.2, "GW")]),
        ];
        assert_eq!(totals(notes.iter()), "6.2 GW · 100k GPUs · $600B");
    }

    #[test]
    fn trend_counts_notes_per_month_up_to_the_end_month() {
        let notes = [note(2025, 3), note(2025, 3), note(2025, 1), note(2023, 1)];
        let end = NaiveDate::from_ymd_opt(2025, 3, 31).expect("date");
        let counts = trend(notes.iter(), end);
        assert_eq!(counts.len(), TREND_MONTHS);
        assert_eq!(counts[TREND_MONTHS - 1], 2, "March");
        assert_eq!(counts[TREND_MONTHS - 3], 1, "January");
        assert_eq!(counts.iter().sum::<u64>(), 3, "2023 is outside the window");
    }
}
