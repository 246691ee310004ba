//! The News pane: every item newest first, unread and starred marked, entities tagged.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{PaneCtx, clean, paint};
use crate::state::Pane;

pub(super) fn draw(frame: &mut Frame, ctx: &PaneCtx) {
    if ctx.state.rows.news.is_empty() {
        ctx.empty(frame, "items");
        return;
    }
    let (visible, selected) = ctx.visible(Pane::News, usize::from(ctx.rows.height));
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let item = &ctx.report.items[i];
            let date = item
                .published
                .map(|t| t.format("%m-%d").to_string())
                .unwrap_or_else(|| "     ".into());
            let mut spans = vec![
                if item.read {
                    Span::raw(" ")
                } else {
                    Span::styled("●", ctx.theme.fresh)
                },
                if item.starred {
                    Span::styled("★", ctx.theme.warn)
                } else {
                    Span::raw(" ")
                },
                Span::styled(format!("{date} "), ctx.theme.dim),
                Span::styled(format!("{:<10.10} ", clean(&item.source)), ctx.theme.dim),
                Span::styled(
                    clean(&item.title),
                    if item.read {
                        Style::new()
                    } else {
                        Style::new().add_modifier(Modifier::BOLD)
                    },
                ),
            ];
            for tag in item.models.iter().chain(&item.providers) {
                spans.push(Span::styled(format!(" [{}]", clean(tag)), ctx.theme.accent));
            }
            Line::from(spans).style(ctx.row_style(Some(k) == selected))
        })
        .collect();
    paint::lines(frame, ctx.rows, &lines);
}
