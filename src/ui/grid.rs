//! A table drawn straight into the buffer, cell for cell as ratatui's `Table` draws a header
//! and single-line rows with no selection state, but with a fast path for printable ASCII cells
//! (the common case) instead of segmenting and measuring every cell's graphemes.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::Widget;

/// Column placement of a table, computed once per frame.
pub(super) struct Grid {
    /// `(x offset, width)` of each column inside the table.
    columns: Vec<(u16, u16)>,
}

impl Grid {
    /// Columns for a table `width` wide, as `Table::new(_, widths).column_spacing(spacing)`.
    pub(super) fn new(width: u16, widths: &[Constraint], spacing: u16) -> Self {
        let area = Rect::new(0, 0, width, 1);
        let columns = Layout::horizontal(widths.iter().copied())
            .flex(Flex::Start)
            .spacing(spacing)
            .split(area)
            .iter()
            .map(|c| (c.x, c.width))
            .collect();
        Self { columns }
    }

    /// Draws `header` on the first line of `area` and `rows` below it, as `Table` would.
    pub(super) fn draw<'a>(
        &self,
        frame: &mut Frame,
        area: Rect,
        header: (&[Line], Style),
        rows: impl IntoIterator<Item = (Vec<Line<'a>>, Style)>,
    ) {
        if area.is_empty() {
            return;
        }
        let buf = frame.buffer_mut();
        let mut lines = area.rows();
        if let Some(line) = lines.next() {
            self.row(buf, line, header.0, header.1);
        }
        for (line, (cells, style)) in lines.zip(rows) {
            self.row(buf, line, &cells, style);
        }
    }

    fn row(&self, buf: &mut Buffer, line: Rect, cells: &[Line], style: Style) {
        buf.set_style(line, style);
        for (cell, &(x, width)) in cells.iter().zip(&self.columns) {
            let area = Rect::new(line.x + x, line.y, width, 1).intersection(buf.area);
            draw_cell(buf, area, cell);
        }
    }
}

/// One cell's line, as `Table` draws it (`Line::render` into the cell's area).
fn draw_cell(buf: &mut Buffer, area: Rect, line: &Line) {
    let printable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !line.spans.iter().all(|s| printable(&s.content)) {
        Text::from(line.clone()).render(area, buf);
        return;
    }
    // Printable ASCII: one cell per byte, and a span is as wide as it is long.
    if area.is_empty() || line.spans.iter().all(|s| s.content.is_empty()) {
        return;
    }
    buf.set_style(area, line.style);
    let mut x = area.x;
    for span in &line.spans {
        for byte in span.content.as_bytes() {
            if x >= area.right() {
                return;
            }
            if let Some(cell) = buf.cell_mut(Position::new(x, area.y)) {
                let mut utf8 = [0; 4];
                cell.set_symbol(char::from(*byte).encode_utf8(&mut utf8))
                    .set_style(span.style);
            }
            x += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::{Cell, Row, Table};

    #[test]
    fn grid_matches_table_cell_for_cell() {
        let widths = [
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Min(3),
        ];
        let red = Style::new().fg(Color::Red);
        let header: Vec<Line> = ["", "name", "count", "note"].map(Line::raw).into();
        let rows: Vec<(Vec<Line>, Style)> = vec![
            (
                vec![
                    Line::from(Span::styled("+", red)),
                    Line::from(vec![Span::raw("ab"), Span::styled("cdefghijkl", red)]),
                    Line::raw("12345"),
                    Line::raw(""),
                ],
                Style::new().add_modifier(Modifier::REVERSED),
            ),
            (
                vec![
                    Line::raw(" "),
                    Line::raw("日本語のモデル名"),
                    Line::from(Span::styled("é\u{301}x", red)).style(red),
                    Line::raw("tab\there"),
                ],
                Style::new(),
            ),
            (vec![Line::raw("x")], Style::new().bg(Color::Blue)),
            (vec![Line::raw("hidden: below the area")], Style::new()),
        ];
        for (width, height) in [(40, 4), (18, 5), (9, 2), (3, 3), (0, 2), (12, 1)] {
            let area = Rect::new(1, 1, width, height);
            let draw = |fast: bool| {
                let mut terminal = Terminal::new(TestBackend::new(44, 7)).expect("terminal");
                terminal
                    .draw(|frame| {
                        if fast {
                            Grid::new(area.width, &widths, 1).draw(
                                frame,
                                area,
                                (&header, red),
                                rows.clone(),
                            );
                        } else {
                            let table_rows = rows.iter().map(|(cells, style)| {
                                Row::new(cells.iter().cloned().map(Cell::from)).style(*style)
                            });
                            let table = Table::new(table_rows, widths)
                                .header(Row::new(header.clone()).style(red))
                                .column_spacing(1);
                            frame.render_widget(table, area);
                        }
                    })
                    .expect("draw");
                terminal.backend().buffer().clone()
            };
            assert_eq!(draw(true), draw(false), "{width}x{height}");
        }
    }
}
