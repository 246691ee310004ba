//! The Timeline pane: dated claims in order with a "today" line, and a strip drawing the
//! expected windows over the months around today.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PaneCtx, clean, format};
use crate::report::ModelReport;
use crate::state::{AppState, Pane};

/// Width of the model names left of the strip.
const LABEL: u16 = 12;
/// Months shown in the strip, starting two months before today's.
const MONTHS: u32 = 12;

/// Splits the inside of the pane into the claim rows and the windows strip (if there is room).
pub(super) fn split(inner: Rect, state: &AppState) -> (Rect, Option<Rect>) {
    let from = strip_start(state.now.date_naive());
    let windows = state
        .report
        .as_ref()
        .map_or(0, |r| strip_models(&r.models, from).len()) as u16;
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
            Span::styled(format!("{when:<11}"), base),
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
    frame.render_widget(Paragraph::new(lines), ctx.rows);
}

fn today_line<'a>(ctx: &PaneCtx, today: NaiveDate) -> Line<'a> {
    let label = format!("── today {today} ");
    let fill = usize::from(ctx.rows.width).saturating_sub(label.chars().count());
    Line::styled(format!("{label}{}", "─".repeat(fill)), ctx.theme.today)
}

/// First day of the strip: the first of the month two months before today's.
fn strip_start(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_sub_months(Months::new(2)))
        .unwrap_or(today)
}

/// Models with a window or a release date on or after `from`, earliest first.
fn strip_models(models: &[ModelReport], from: NaiveDate) -> Vec<&ModelReport> {
    let mut list: Vec<&ModelReport> = models
        .iter()
        .filter(|m| {
            let released = m.released.is_some_and(|d| d >= from);
            let expected =
                m.released.is_none() && m.expected.as_ref().is_some_and(|w| w.end >= from);
            released || expected
        })
        .collect();
    list.sort_by_key(|m| {
        (
            m.released.or(m.expected.as_ref().map(|w| w.start)),
            m.name.clone(),
        )
    });
    list
}

/// The month axis and one bar per model: `█` over an expected window, `◆` on a release day,
/// `│` on today.
fn draw_strip(frame: &mut Frame, area: Rect, ctx: &PaneCtx) {
    let today = ctx.state.now.date_naive();
    let first = strip_start(today);
    let last = first
        .checked_add_months(Months::new(MONTHS))
        .unwrap_or(today);
    let span = usize::from(area.width.saturating_sub(LABEL));
    let total_days = (last - first).num_days().max(1);
    // Column c covers the days [day_at(c), day_at(c + 1)).
    let day_at =
        |c: usize| first + chrono::Days::new((c as i64 * total_days / span.max(1) as i64) as u64);
    let today_col = (0..span).find(|&c| day_at(c + 1) > today);

    let mut axis = vec![Span::styled(
        format!("{:<w$}", "windows", w = usize::from(LABEL)),
        ctx.theme.header,
    )];
    // Label every month when a month is at least 4 columns wide, else every other one.
    let step = if span / MONTHS as usize >= 4 { 1 } else { 2 };
    let mut axis_text = String::new();
    let mut c = 0;
    while c < span {
        let day = day_at(c);
        let starts_month = c == 0 || day_at(c - 1).month() != day.month();
        let months_in =
            (day.year() - first.year()) * 12 + day.month() as i32 - first.month() as i32;
        if starts_month && months_in % step == 0 && c + 3 <= span {
            axis_text.push_str(&day.format("%b").to_string());
            c += 3;
        } else {
            axis_text.push(' ');
            c += 1;
        }
    }
    axis.push(Span::styled(axis_text, ctx.theme.dim));
    let mut lines = vec![Line::from(axis)];

    for model in strip_models(&ctx.report.models, first)
        .into_iter()
        .take(usize::from(area.height.saturating_sub(1)))
    {
        let mut spans = vec![Span::styled(
            format!("{:<w$.w$}", clean(&model.name), w = usize::from(LABEL - 1)) + " ",
            ctx.theme.accent,
        )];
        for c in 0..span {
            let (from, to) = (day_at(c), day_at(c + 1));
            let covered = model
                .expected
                .as_ref()
                .is_some_and(|w| w.start < to && w.end >= from);
            let released = model.released.is_some_and(|d| d >= from && d < to);
            let span_text = if released {
                Span::styled("◆", ctx.theme.ok)
            } else if covered {
                Span::styled("█", ctx.theme.kind(&model.status).patch(ctx.theme.bar))
            } else if Some(c) == today_col {
                Span::styled("│", ctx.theme.today)
            } else {
                Span::styled("·", ctx.theme.dim)
            };
            spans.push(span_text);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
