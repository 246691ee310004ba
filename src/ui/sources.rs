//! The Sources pane: each source's health, counts, last fetch, next-fetch countdown, latency.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::status::SPINNER;
use super::{PaneCtx, Theme, format};
use crate::report::{SourceReport, SourceStatus};
use crate::sanitize::clean;
use crate::state::{AppState, LiveFetch, Pane};

/// A source not successfully fetched for this long is shown as stale.
const STALE_AFTER: Duration = Duration::hours(24);

/// Health as the pane words it.
pub(super) fn health<'a>(
    source: &SourceReport,
    state: &AppState,
    theme: &Theme,
) -> (&'a str, Style) {
    match state.live.get(&source.name) {
        Some(LiveFetch::Fetching) => {
            return (SPINNER[state.status.spinner % SPINNER.len()], theme.accent);
        }
        Some(LiveFetch::Failed(_)) => return ("error", theme.error),
        None => {}
    }
    if source.dead {
        return ("dead", theme.error);
    }
    match source.status {
        SourceStatus::Error => ("error", theme.error),
        SourceStatus::Pending => ("pending", theme.dim),
        SourceStatus::Ok => {
            let stale = source
                .last_success
                .is_none_or(|t| state.now - t > STALE_AFTER);
            if stale {
                ("stale", theme.warn)
            } else {
                ("ok", theme.ok)
            }
        }
    }
}

/// The error to show for a source: a live failure first, else the snapshot's.
pub(super) fn error_of<'a>(source: &'a SourceReport, state: &'a AppState) -> Option<&'a str> {
    match state.live.get(&source.name) {
        Some(LiveFetch::Failed(message)) => Some(message),
        _ => source.error.as_deref(),
    }
}

pub(super) fn draw(frame: &mut Frame, ctx: &PaneCtx) {
    if ctx.state.rows.sources.is_empty() {
        ctx.empty(frame, "sources");
        return;
    }
    let (visible, selected) = ctx.visible(Pane::Sources, usize::from(ctx.rows.height));
    let now = ctx.state.now;
    let rows = visible.iter().enumerate().map(|(k, &i)| {
        let source = &ctx.report.sources[i];
        let (word, style) = health(source, ctx.state, ctx.theme);
        let last = source
            .last_fetch
            .map(|t| format::ago(now, t))
            .unwrap_or_else(|| "—".into());
        let next = match (source.dead, source.next_fetch) {
            (true, _) => "never".into(),
            (false, Some(t)) => format::countdown(now, t),
            (false, None) => "—".into(),
        };
        let latency = source
            .latency_ms
            .map(|ms| format!("{ms}ms"))
            .unwrap_or_default();
        let note = error_of(source, ctx.state).map(clean).unwrap_or_default();
        let cells = vec![
            Line::from(Span::styled(word, style)),
            Line::raw(clean(&source.name)),
            Line::raw(source.items.to_string()),
            Line::raw(source.unread.to_string()),
            Line::raw(last),
            Line::raw(next),
            Line::raw(latency),
            Line::from(Span::styled(note, ctx.theme.error)),
        ];
        (cells, ctx.row_style(Some(k) == selected))
    });
    let widths = [
        Constraint::Length(7),
        Constraint::Min(12),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Fill(1),
    ];
    let header = [
        "status", "source", "items", "unread", "last", "next", "latency", "error",
    ];
    ctx.render_table(frame, &widths, &header, rows);
}
