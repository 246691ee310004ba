//! The help overlay, generated from the keymap in use (overrides included).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::Theme;
use super::overlay::centred;
use crate::state::AppState;

pub(super) fn draw(frame: &mut Frame, body: Rect, state: &AppState, theme: &Theme) {
    let area = centred(body, 64, 90);
    if area.width < 3 || area.height < 3 {
        return;
    }
    let mut lines = Vec::new();
    let mut scope = "";
    for row in &state.key_help {
        if row.scope != scope {
            scope = row.scope;
            lines.push(Line::styled(scope.to_string(), theme.header));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18} ", row.keys), theme.accent),
            Span::raw(row.description),
        ]));
    }
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(" Help · esc closes ");
    let inner_height = usize::from(block.inner(area).height);
    let scroll = state
        .help_scroll
        .min(lines.len().saturating_sub(inner_height));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(visible).block(block), area);
}
