//! The mouse: which pane is under the pointer, and what a click selects.

use super::{AppState, Pane};

impl AppState {
    pub(super) fn area_at(&self, column: u16, row: u16) -> Option<Pane> {
        let pos = ratatui::layout::Position { x: column, y: row };
        self.layout
            .panes
            .iter()
            .find(|a| a.outer.contains(pos))
            .map(|a| a.pane)
    }

    /// A click on a tab focuses it; on a pane focuses it and selects the row under the pointer.
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let pos = ratatui::layout::Position { x: column, y: row };
        if let Some((pane, _)) = self.layout.tabs.iter().find(|(_, r)| r.contains(pos)) {
            self.focus = *pane;
            return;
        }
        let Some(area) = self
            .layout
            .panes
            .iter()
            .find(|a| a.outer.contains(pos))
            .copied()
        else {
            return;
        };
        self.focus = area.pane;
        if area.rows.contains(pos) {
            let offset = self.cursor(area.pane).offset;
            let mut index = offset + usize::from(row - area.rows.y);
            // The Timeline draws its "today" line between rows; rows below it sit one lower.
            if area.pane == Pane::Timeline
                && let Some(line) = self.timeline_marker_line()
            {
                let line = offset + line;
                if index == line {
                    return;
                }
                if index > line {
                    index -= 1;
                }
            }
            if index < self.rows.get(area.pane).len() {
                let height = self.page_height(area.pane);
                let keys = self.keys(area.pane);
                self.cursors[area.pane.index()].select(index, &keys, height);
            }
        }
    }
}
