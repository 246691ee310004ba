//! The Capacity pane: per-provider totals (of distinct figures, see
//! [`ProviderNotes::totals`](crate::state::ProviderNotes::totals)) with a sparkline of notes per
//! month, then the notes grouped by provider with their quantities ("4.5 GW", "100k GPUs",
//! "$11.9B").

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PaneCtx, clean, format, paint};
use crate::report::{CapacityReport, QuantityReport};
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

/// A provider's totals as one line, e.g. "4.5 GW · 100k GPUs · $11.9B".
fn totals(totals: &[QuantityReport]) -> String {
    let parts: Vec<String> = totals.iter().map(format::quantity).collect();
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
                Span::raw(format!(" {} ", totals(&group.totals))),
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

    #[test]
    fn totals_read_as_one_line_with_units_from_feeds_sanitised() {
        let q = |value, unit: &str| QuantityReport {
            value,
            unit: unit.into(),
        };
        let line = totals(&[
            q(6.2, "GW"),
            q(100_000.0, "GPUs"),
            q(600e9, "USD"),
            q(2.0, "acres\u{1b}[31m"),
        ]);
        assert_eq!(line, "6.2 GW · 100k GPUs · $600B · 2 acres");
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
