//! Selection and scroll of one pane, kept by row identity so new data never moves them.

/// Where the user is in one pane: the selected row and the top visible row, both by key
/// (model name, item id, source name, ...) with their last known index as a fallback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaneCursor {
    /// Key of the selected row, if any row was ever selected.
    pub selected: Option<String>,
    /// Index of the selected row in the pane's visible rows.
    pub index: usize,
    /// Index of the first visible row.
    pub offset: usize,
    /// Key of the first visible row, so scrolling survives rows inserted above.
    pub top: Option<String>,
}

impl PaneCursor {
    /// Re-finds the selected and top rows in `keys` after the rows changed.
    ///
    /// A selected row that vanished (filtered out, deleted) leaves the selection at the same
    /// index, clamped; a vanished top row keeps the offset, clamped.
    pub fn resolve(&mut self, keys: &[String], height: usize) {
        if keys.is_empty() {
            self.index = 0;
            self.offset = 0;
            return;
        }
        let last = keys.len() - 1;
        self.index = match &self.selected {
            Some(key) => keys
                .iter()
                .position(|k| k == key)
                .unwrap_or(self.index.min(last)),
            None => 0,
        };
        self.offset = match &self.top {
            Some(key) => keys
                .iter()
                .position(|k| k == key)
                .unwrap_or(self.offset.min(last)),
            None => 0,
        };
        self.settle(keys, height);
    }

    /// Selects `index` (clamped) and scrolls just enough to show it.
    pub fn select(&mut self, index: usize, keys: &[String], height: usize) {
        if keys.is_empty() {
            return;
        }
        self.index = index.min(keys.len() - 1);
        self.settle(keys, height);
    }

    /// Moves the selection by `delta` rows, clamped to the ends.
    pub fn step(&mut self, delta: isize, keys: &[String], height: usize) {
        let target = self.index.saturating_add_signed(delta);
        self.select(target, keys, height);
    }

    /// Keeps the selection in view and records the keys of the selected and top rows.
    fn settle(&mut self, keys: &[String], height: usize) {
        let height = height.max(1);
        if self.index < self.offset {
            self.offset = self.index;
        } else if self.index >= self.offset + height {
            self.offset = self.index + 1 - height;
        }
        // Don't leave blank space below the last row when the list shrank.
        let max_offset = keys.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
        self.selected = keys.get(self.index).cloned();
        self.top = keys.get(self.offset).cloned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn selection_follows_its_row_when_rows_are_inserted_above() {
        let before = keys(&["a", "b", "c", "d"]);
        let mut cursor = PaneCursor::default();
        cursor.select(2, &before, 2);
        assert_eq!(cursor.selected.as_deref(), Some("c"));
        assert_eq!(cursor.offset, 1);
        let after = keys(&["new1", "new2", "a", "b", "c", "d"]);
        cursor.resolve(&after, 2);
        assert_eq!(cursor.index, 4);
        assert_eq!(cursor.selected.as_deref(), Some("c"));
        assert_eq!(cursor.top.as_deref(), Some("b"));
    }

    #[test]
    fn vanished_row_keeps_index_clamped() {
        let mut cursor = PaneCursor::default();
        cursor.select(3, &keys(&["a", "b", "c", "d"]), 5);
        cursor.resolve(&keys(&["a", "b"]), 5);
        assert_eq!(cursor.index, 1);
        assert_eq!(cursor.selected.as_deref(), Some("b"));
    }

    #[test]
    fn step_scrolls_to_keep_selection_visible() {
        let list = keys(&["a", "b", "c", "d", "e"]);
        let mut cursor = PaneCursor::default();
        cursor.resolve(&list, 2);
        cursor.step(3, &list, 2);
        assert_eq!((cursor.index, cursor.offset), (3, 2));
        cursor.step(-10, &list, 2);
        assert_eq!((cursor.index, cursor.offset), (0, 0));
        cursor.step(10, &list, 2);
        assert_eq!((cursor.index, cursor.offset), (4, 3));
    }
}
