//! The status bar: fetch progress with a spinner, the last error, the filter prompt, the clock.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, clean};
use crate::report::SourceStatus;
use crate::state::AppState;

/// Spinner frames, advanced once per tick while fetching.
pub(super) const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let clock = format!(" {} ", state.now.format("%Y-%m-%d %H:%M UTC"));
    let hint = " ? help ";
    let right_width = if area.width >= 60 {
        (clock.chars().count() + hint.len()) as u16
    } else {
        0
    };
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);

    let mut spans = Vec::new();
    let status = &state.status;
    if state.filter_input {
        spans.push(Span::styled(
            format!(" /{}▏ ", clean(state.filter(state.focus))),
            theme.warn,
        ));
        spans.push(Span::raw("enter keep · esc clear "));
    } else if status.fetching() {
        spans.push(Span::raw(format!(
            " {} {}/{} sources ",
            SPINNER[status.spinner % SPINNER.len()],
            status.done,
            status.total
        )));
    } else if let Some(report) = &state.report {
        let failing = report
            .sources
            .iter()
            .filter(|s| s.status == SourceStatus::Error || s.dead)
            .count();
        let count = report.sources.len();
        let noun = if count == 1 { "source" } else { "sources" };
        spans.push(Span::raw(format!(" {count} {noun}")));
        if failing > 0 {
            spans.push(Span::raw(format!(", {failing} failing")));
        }
        spans.push(Span::raw(" "));
    } else {
        spans.push(Span::raw(" loading… "));
    }
    if let Some(message) = &status.message {
        spans.push(Span::raw(format!("· {} ", clean(message))));
    }
    if let Some(error) = &status.last_error {
        spans.push(Span::styled(format!("· {} ", clean(error)), theme.error));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.status), left);
    if right_width > 0 {
        let line = Line::from(vec![Span::raw(hint), Span::raw(clock)]);
        frame.render_widget(Paragraph::new(line).style(theme.status), right);
    }
}
