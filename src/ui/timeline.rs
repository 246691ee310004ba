//! The Timeline pane: dated claims in order with a "today" line, and a strip drawing the
//! expected windows over the months around today.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{PaneCtx, clean, format, paint};
use crate::report::ModelReport;
use crate::state::{AppState, Pane};

/// Width of the model names left of the strip.
const LABEL: u16 = 12;
/// Months shown in the strip, starting two months before today's.
const MONTHS: u32 = 12;

/// Splits the inside of the pane into the claim rows and the windows strip (if there is room).
pub(super) fn split(inner: Rect, state: &AppState) -> (Rect, Option<Rect>) {
    let windows = if state.report.is_some() {
        state.derived.strip_models.len() as u16
    } else {
        0
    };
    if inner.height < 10 || inner.width < LABEL + 12 || windows == 0 {
        return (inner, None);
    }
    let strip = (windows + 1).min(inner.height / 2).min(9);
    let rows = Rect::new(inner.x, inner.y, inner.width, inner.height - strip);
    let strip = Rect::new(inner.x, inner.y + rows.height, inner.width, strip);
    (rows, Some(strip))
}

pub(super) fn draw(frame: &mut Frame, ctx: &PaneCtx) {
    let (_, strip) = split(ctx.inner, ctx.state);
    if let Some(strip) = strip {
        draw_strip(frame, strip, ctx);
    }
    if ctx.state.rows.timeline.is_empty() {
        ctx.empty(frame, "dated claims");
        return;
    }
    let height = ctx.state.page_height(Pane::Timeline);
    let (visible, selected) = ctx.visible(Pane::Timeline, height);
    let today = ctx.state.now.date_naive();
    let marker = ctx.state.timeline_marker_line();
    let when_width = visible
        .iter()
        .map(|&i| {
            let e = &ctx.report.timeline[i];
            format::window_parts(e.start, e.end, &e.precision)
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0)
        .clamp(10, 22);
    let mut lines = Vec::new();
    for (k, &i) in visible.iter().enumerate() {
        if marker == Some(k) {
            lines.push(today_line(ctx, today));
        }
        let entry = &ctx.report.timeline[i];
        let past = entry.end < today;
        let base = if past { ctx.theme.dim } else { Style::new() };
        let when = format::window_parts(entry.start, entry.end, &entry.precision);
        let line = Line::from(vec![
            Span::styled(format!("{when:<when_width$.when_width$} "), base),
            Span::styled(
                format!("{:<13.13} ", clean(&entry.subject)),
                if past { base } else { ctx.theme.accent },
            ),
            Span::styled(
                format!("{:<9.9} ", clean(&entry.kind)),
                if past {
                    base
                } else {
                    ctx.theme.kind(&entry.kind)
                },
            ),
            Span::styled(clean(&entry.source), ctx.theme.dim),
        ]);
        lines.push(line.style(ctx.row_style(Some(k) == selected)));
    }
    if marker == Some(visible.len()) {
        lines.push(today_line(ctx, today));
    }
    paint::lines(frame, ctx.rows, &lines);
}

fn today_line<'a>(ctx: &PaneCtx, today: NaiveDate) -> Line<'a> {
    let label = format!("── today {today} ");
    let fill = usize::from(ctx.rows.width).saturating_sub(label.chars().count());
    Line::styled(format!("{label}{}", "─".repeat(fill)), ctx.theme.today)
}

/// The models the strip shows, earliest first (chosen when the snapshot was applied).
fn strip_models<'a>(ctx: &PaneCtx<'a>) -> Vec<&'a ModelReport> {
    let models = &ctx.report.models;
    ctx.state
        .derived
        .strip_models
        .iter()
        .filter_map(|&i| models.get(i))
        .collect()
}

/// Expected and delayed windows in a model's ledger, oldest claim first: the promise moving.
fn promised_windows(model: &ModelReport) -> impl Iterator<Item = (NaiveDate, NaiveDate)> + '_ {
    model
        .claims
        .iter()
        .filter(|c| c.kind == "expected" || c.kind == "delayed")
        .filter_map(|c| Some((c.start?, c.end?)))
}

/// The months the strip spans: from the earliest window of the models shown to the latest
/// (at least `MONTHS`, at most twice that, ending no earlier than a month after the last
/// window), so history and the future both fit and today is marked when inside.
fn strip_range(models: &[&ModelReport], today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let mut first: Option<NaiveDate> = None;
    let mut last: Option<NaiveDate> = None;
    for model in models {
        let dates = promised_windows(model)
            .flat_map(|(a, b)| [a, b])
            .chain(model.released)
            .chain(
                model
                    .expected
                    .as_ref()
                    .into_iter()
                    .flat_map(|w| [w.start, w.end]),
            );
        for d in dates {
            first = Some(first.map_or(d, |f| f.min(d)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
    }
    let last = last.unwrap_or(today);
    let month_start = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
    let end = month_start(last)
        .checked_add_months(Months::new(1))
        .unwrap_or(last);
    let earliest = end
        .checked_sub_months(Months::new(MONTHS * 2))
        .unwrap_or(end);
    let latest = end.checked_sub_months(Months::new(MONTHS)).unwrap_or(end);
    let start = month_start(first.unwrap_or(today)).clamp(earliest, latest);
    (start, end)
}

/// The month axis and one row per model: `░` over each window promised earlier, `█` over the
/// latest expected window, `◆` on the release day, `│` on today.
fn draw_strip(frame: &mut Frame, area: Rect, ctx: &PaneCtx) {
    let today = ctx.state.now.date_naive();
    let models = strip_models(ctx);
    let (first, last) = strip_range(&models, today);
    let span = usize::from(area.width.saturating_sub(LABEL));
    let total_days = (last - first).num_days().max(1);
    let months = ((last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32)
        .max(1) as usize;
    // Column c covers the days [day_at(c), day_at(c + 1)).
    let day_at =
        |c: usize| first + chrono::Days::new((c as i64 * total_days / span.max(1) as i64) as u64);
    let today_col = (0..span).find(|&c| day_at(c + 1) > today && day_at(c) <= today);

    let mut axis = vec![Span::styled(
        format!("{:<w$}", "windows", w = usize::from(LABEL)),
        ctx.theme.header,
    )];
    // Label every month when a month is at least 4 columns wide, else every other one or third;
    // January shows its year.
    let step = (4 * months).div_ceil(span.max(1)).max(1);
    let mut axis_text = String::new();
    let mut c = 0;
    while c < span {
        let day = day_at(c);
        let starts_month = c == 0 || day_at(c - 1).month() != day.month();
        let months_in =
            (day.year() - first.year()) * 12 + day.month() as i32 - first.month() as i32;
        let label = if day.month() == 1 {
            day.format("%y").to_string()
        } else {
            day.format("%b").to_string()
        };
        let width = label.chars().count();
        if starts_month && (months_in as usize).is_multiple_of(step) && c + width < span {
            axis_text.push_str(&label);
            c += width;
        } else {
            axis_text.push(' ');
            c += 1;
        }
    }
    axis.push(Span::styled(axis_text, ctx.theme.dim));
    let mut lines = vec![Line::from(axis)];

    for model in models
        .into_iter()
        .rev()
        .take(usize::from(area.height.saturating_sub(1)))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let mut spans = vec![Span::styled(
            format!("{:<w$.w$}", clean(&model.name), w = usize::from(LABEL - 1)) + " ",
            ctx.theme.accent,
        )];
        for c in 0..span {
            let (from, to) = (day_at(c), day_at(c + 1));
            let overlaps = |(a, b): (NaiveDate, NaiveDate)| a < to && b >= from;
            let latest = model
                .expected
                .as_ref()
                .is_some_and(|w| overlaps((w.start, w.end)));
            let promised = promised_windows(model).any(overlaps);
            let released = model.released.is_some_and(|d| d >= from && d < to);
            let span_text = if released {
                Span::styled("◆", ctx.theme.ok)
            } else if latest && model.released.is_none() {
                Span::styled("█", ctx.theme.kind(&model.status).patch(ctx.theme.bar))
            } else if latest || promised {
                Span::styled("░", ctx.theme.kind("expected"))
            } else if Some(c) == today_col {
                Span::styled("│", ctx.theme.today)
            } else {
                Span::styled("·", ctx.theme.dim)
            };
            spans.push(span_text);
        }
        lines.push(Line::from(spans));
    }
    paint::lines(frame, area, &lines);
}
