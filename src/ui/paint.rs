//! Writing styled lines straight into the buffer, cell for cell as `Paragraph::new(lines)` (no
//! wrap, no block, left-aligned) draws them, but with a fast path for ASCII text (one grapheme
//! per byte) instead of segmenting every line into graphemes.

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Draws `lines` into `area`, one per row, cut at its right edge: same cells as
/// `frame.render_widget(Paragraph::new(lines), area)`.
pub(super) fn lines(frame: &mut Frame, area: Rect, lines: &[Line]) {
    let buf = frame.buffer_mut();
    let area = area.intersection(buf.area);
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        let mut row = RowWriter::new(buf, area.x, y, area.width, line.style);
        for span in &line.spans {
            row.span(span);
        }
    }
}

/// Writes one row left to right; once a grapheme does not fit, the rest of the row is dropped.
struct RowWriter<'b> {
    buf: &'b mut Buffer,
    /// Next column to write.
    x: u16,
    y: u16,
    /// One past the last column.
    right: u16,
    /// Width of the row: graphemes wider than this are skipped, not a reason to stop.
    width: u16,
    /// The line's style, under each span's.
    base: Style,
    full: bool,
}

impl<'b> RowWriter<'b> {
    fn new(buf: &'b mut Buffer, x: u16, y: u16, width: u16, line_style: Style) -> Self {
        Self {
            buf,
            x,
            y,
            right: x.saturating_add(width),
            width,
            base: Style::default().patch(line_style),
            full: width == 0,
        }
    }

    fn span(&mut self, span: &Span) {
        if self.full {
            return;
        }
        let text: &str = &span.content;
        if text.is_ascii() {
            let style = self.base.patch(span.style);
            for (at, byte) in text.bytes().enumerate() {
                // Control characters never reach the screen (ratatui filters them too).
                if byte.is_ascii_control() {
                    continue;
                }
                if !self.put(&text[at..=at], 1, style) {
                    return;
                }
            }
        } else if is_one_char(text) {
            // One char is one grapheme (the strip draws a span per cell).
            if text.contains(char::is_control) {
                return;
            }
            let width = text.cell_width();
            if width <= self.width {
                self.put(text, width, self.base.patch(span.style));
            }
        } else {
            for grapheme in span.styled_graphemes(self.base) {
                let width = grapheme.symbol.cell_width();
                if width > self.width {
                    continue;
                }
                if !self.put(grapheme.symbol, width, grapheme.style) {
                    return;
                }
            }
        }
    }

    /// Writes one grapheme `width` cells wide; false (and the row is done) if it does not fit.
    fn put(&mut self, symbol: &str, width: u16, style: Style) -> bool {
        if self.x.saturating_add(width) > self.right {
            self.full = true;
            return false;
        }
        if width == 0 {
            return true;
        }
        if let Some(cell) = self.buf.cell_mut(Position::new(self.x, self.y)) {
            cell.set_symbol(symbol).set_style(style);
        }
        self.x += width;
        true
    }
}

fn is_one_char(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some() && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::Paragraph;

    fn both(lines: Vec<Line<'static>>, width: u16) {
        let area = Rect::new(1, 1, width, 4);
        let draw = |fast: bool| {
            let mut terminal = Terminal::new(TestBackend::new(width + 3, 6)).expect("terminal");
            terminal
                .draw(|frame| {
                    if fast {
                        super::lines(frame, area, &lines);
                    } else {
                        frame.render_widget(Paragraph::new(lines.clone()), area);
                    }
                })
                .expect("draw");
            terminal.backend().buffer().clone()
        };
        assert_eq!(draw(true), draw(false), "width {width}");
    }

    #[test]
    fn lines_match_paragraph_cell_for_cell() {
        let red = Style::new().fg(Color::Red);
        let lines = vec![
            Line::from(vec![
                Span::styled("plain ascii ", red),
                Span::raw("日本語 wide"),
                Span::styled("é combining e\u{301} ok", Style::new().bg(Color::Blue)),
            ])
            .style(Style::new().add_modifier(Modifier::REVERSED)),
            Line::from("tab\there\r\nbell\u{7}"),
            Line::from(vec![
                Span::raw("·"),
                Span::styled("█", red),
                Span::raw("日"),
                Span::raw("\u{301}"),
                Span::raw("\u{85}"),
                Span::raw("◆"),
            ]),
            Line::from(vec![
                Span::raw("a"),
                Span::raw(""),
                Span::raw("日b\u{200B}c"),
            ]),
            Line::raw("extra line below the area"),
            Line::raw("and one more"),
        ];
        for width in [0, 1, 2, 3, 5, 8, 13, 40] {
            both(lines.clone(), width);
        }
    }
}
