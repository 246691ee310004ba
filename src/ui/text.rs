//! Text layout for overlays: word wrapping by display width and entity highlighting.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Word-wraps `text` to `width` columns; words longer than a line are cut.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            loop {
                let needed = if line.is_empty() {
                    word.width()
                } else {
                    line.width() + 1 + word.width()
                };
                if needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    break;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    continue;
                }
                // A word wider than the line: cut it into chunks (at least one char each).
                let mut chunks = Vec::new();
                let mut chunk = String::new();
                for c in word.chars() {
                    let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if !chunk.is_empty() && chunk.width() + w > width {
                        chunks.push(std::mem::take(&mut chunk));
                    }
                    chunk.push(c);
                }
                out.extend(chunks);
                line = chunk;
                break;
            }
        }
        out.push(line);
    }
    out
}

/// Splits `line` into spans with every occurrence of an entity name styled.
pub(super) fn highlight(line: &str, entities: &[String], style: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut rest = line;
    loop {
        let next = entities
            .iter()
            .filter_map(|e| rest.find(e.as_str()).map(|at| (at, e.len())))
            .min_by_key(|(at, len)| (*at, usize::MAX - len));
        match next {
            Some((at, len)) => {
                if at > 0 {
                    spans.push(Span::raw(rest[..at].to_string()));
                }
                spans.push(Span::styled(rest[at..at + len].to_string(), style));
                rest = &rest[at + len..];
            }
            None => {
                if !rest.is_empty() {
                    spans.push(Span::raw(rest.to_string()));
                }
                break;
            }
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_on_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
        assert_eq!(wrap("x", 0), vec!["x"]);
        assert_eq!(wrap("日本", 1), vec!["日", "本"]);
    }

    #[test]
    fn highlight_marks_every_entity() {
        let line = highlight(
            "GPT-5 beats GPT-4.5 says OpenAI",
            &["GPT-5".into(), "OpenAI".into()],
            Style::new(),
        );
        let texts: Vec<&str> = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, vec!["GPT-5", " beats GPT-4.5 says ", "OpenAI"]);
    }
}
