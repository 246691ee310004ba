//! HTML fragments from feeds → plain, sanitised text with paragraphs kept.
//!
//! One forward pass over the bytes, no DOM: this runs on every item, so it must stay linear
//! (a stray `<` without `>` must not make it rescan the rest) and must not panic on any input.

use std::borrow::Cow;

use crate::sanitize::{clean, clean_multiline};

mod sink;

use sink::{Gap, TextSink};

/// Converts an HTML fragment to plain text: entities decoded, tags removed, `script`/`style`
/// dropped, block elements as paragraph breaks (`\n\n`), whitespace collapsed, sanitised.
pub fn html_to_text(s: &str) -> String {
    html_to_text_capped(s, usize::MAX)
}

/// [`html_to_text`] that stops after `max_chars` characters of output (cut at a char boundary).
pub fn html_to_text_capped(s: &str, max_chars: usize) -> String {
    let out = convert(s, true, max_chars);
    if is_plain_ascii(&out, true) {
        return out;
    }
    match clean_multiline(&out) {
        Cow::Owned(cleaned) => tidy(&cleaned, true),
        Cow::Borrowed(_) => out,
    }
}

/// Single-line variant for titles: block breaks become spaces, sanitised with [`clean`].
pub fn html_to_line(s: &str) -> String {
    html_to_line_capped(s, usize::MAX)
}

/// [`html_to_line`] that stops after `max_chars` characters of output.
pub fn html_to_line_capped(s: &str, max_chars: usize) -> String {
    let out = convert(s, false, max_chars);
    if is_plain_ascii(&out, false) {
        return out;
    }
    match clean(&out) {
        Cow::Owned(cleaned) => tidy(&cleaned, false),
        Cow::Borrowed(_) => out,
    }
}

/// Printable ASCII (and `\n` if allowed) is exactly what the sanitiser leaves untouched, so
/// this vectorisable check lets most English text skip its per-char scan.
fn is_plain_ascii(s: &str, newlines: bool) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || (newlines && b == b'\n'))
}

fn convert(s: &str, multiline: bool, max_chars: usize) -> String {
    let mut sink = TextSink::new(
        multiline,
        max_chars,
        s.len().min(max_chars.saturating_mul(2)),
    );
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() && !sink.full() {
        let lt = find_byte(bytes, at, b'<').unwrap_or(bytes.len());
        if lt > at {
            sink.push_encoded(&s[at..lt]);
        }
        if lt >= bytes.len() {
            break;
        }
        at = markup(s, lt, &mut sink);
    }
    sink.out
}

/// Collapses whitespace again after the sanitiser removed characters (which can leave a
/// leading, trailing or doubled space); `\n` there can only come from a paragraph break.
fn tidy(s: &str, multiline: bool) -> String {
    let mut sink = TextSink::new(multiline, usize::MAX, s.len());
    for c in s.chars() {
        if c == '\n' {
            sink.block_break();
        } else {
            sink.push_char(c);
        }
    }
    sink.out
}

/// Handles the markup starting at `lt` (a `<`) and returns where text resumes.
/// Every index returned is just after an ASCII byte or the end, so slicing stays on char
/// boundaries.
fn markup(s: &str, lt: usize, sink: &mut TextSink) -> usize {
    let bytes = s.as_bytes();
    let rest = &bytes[lt + 1..];
    if rest.starts_with(b"!--") {
        return find_seq(bytes, lt + 4, b"-->").map_or(bytes.len(), |end| end + 3);
    }
    if rest.starts_with(b"![CDATA[") {
        let start = lt + 9;
        let end = find_seq(bytes, start, b"]]>").unwrap_or(bytes.len());
        sink.push_text(&s[start..end]);
        return (end + 3).min(bytes.len());
    }
    let closing = rest.first() == Some(&b'/');
    let name_start = if closing { 1 } else { 0 };
    let starts_tag = match rest.get(name_start) {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'!' | b'?') => !closing,
        _ => false,
    };
    if !starts_tag {
        // "a < b", "<3": a literal less-than sign.
        sink.push_text("<");
        return lt + 1;
    }
    let Some(gt) = find_byte(bytes, lt + 1, b'>') else {
        // No tag can close any more: everything left is text.
        sink.push_encoded(&s[lt..]);
        return bytes.len();
    };
    let name_bytes = &rest[name_start..];
    let name_len = name_bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name_bytes.len());
    let name = &name_bytes[..name_len];
    if !closing && is_raw_text(name) {
        return skip_raw_text(bytes, gt + 1, name);
    }
    if is_block(name) {
        sink.block_break();
    } else if name.eq_ignore_ascii_case(b"td") || name.eq_ignore_ascii_case(b"th") {
        sink.gap = sink.gap.max(Gap::Space);
    }
    gt + 1
}

/// Skips past the `</name ...>` that closes a raw-text element, or to the end.
fn skip_raw_text(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(lt) = find_byte(bytes, at, b'<') {
        let after = &bytes[lt + 1..];
        if after.first() == Some(&b'/')
            && after.len() > name.len()
            && after[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return find_byte(bytes, lt, b'>').map_or(bytes.len(), |gt| gt + 1);
        }
        at = lt + 1;
    }
    bytes.len()
}

/// Elements whose content is not text to show.
fn is_raw_text(name: &[u8]) -> bool {
    [
        &b"script"[..],
        b"style",
        b"noscript",
        b"template",
        b"iframe",
        b"svg",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Elements that start a new paragraph.
fn is_block(name: &[u8]) -> bool {
    const BLOCKS: &[&[u8]] = &[
        b"p",
        b"br",
        b"div",
        b"li",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"ul",
        b"ol",
        b"tr",
        b"table",
        b"blockquote",
        b"pre",
        b"hr",
        b"section",
        b"article",
        b"header",
        b"footer",
        b"aside",
        b"figure",
        b"figcaption",
        b"dl",
        b"dt",
        b"dd",
        b"nav",
        b"main",
        b"address",
        b"details",
        b"summary",
    ];
    BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b))
}

fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|b| *b == needle)
        .map(|i| i + from)
}

fn find_seq(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_tags_and_paragraphs() {
        let html = "<p>GPT&#8209;5 &amp; <b>Gemini</b> launch</p><p>Second&nbsp;para<br>line</p>";
        assert_eq!(
            html_to_text(html),
            "GPT\u{2011}5 & Gemini launch\n\nSecond para\n\nline"
        );
    }

    #[test]
    fn script_style_and_comments_are_dropped() {
        let html = "a<script>alert('<p>')</script>b<STYLE>p{}</style >c<!-- x -->d";
        assert_eq!(html_to_text(html), "abcd");
    }

    #[test]
    fn unclosed_script_drops_the_rest() {
        assert_eq!(html_to_text("keep<script>var x = 1 < 2;"), "keep");
    }

    #[test]
    fn literal_less_than_and_unclosed_tags_stay_text() {
        assert_eq!(html_to_text("1 < 2 and 3<4"), "1 < 2 and 3<4");
        assert_eq!(html_to_text("x <b unclosed"), "x <b unclosed");
    }

    #[test]
    fn cdata_is_text() {
        assert_eq!(html_to_text("<![CDATA[a &amp; <b>]]>z"), "a &amp; <b>z");
    }

    #[test]
    fn whitespace_collapses_and_trims() {
        assert_eq!(
            html_to_text("  \n a \t\n b  <div> </div><div>c</div>  "),
            "a b\n\nc"
        );
    }

    #[test]
    fn unicode_whitespace_separates_words() {
        assert_eq!(
            html_to_text("a\u{2003}b\u{3000}\u{a0}c\u{85}d é"),
            "a b c d é"
        );
    }

    #[test]
    fn titles_are_one_line() {
        assert_eq!(
            html_to_line("<b>OpenAI</b> ships<br/>o3 &lt;mini&gt;"),
            "OpenAI ships o3 <mini>"
        );
    }

    #[test]
    fn control_characters_from_entities_are_removed() {
        // C0 references stay literal (html-escape refuses them); C1 ones decode and get stripped.
        assert_eq!(html_to_line("a&#x9b;31mb\x1b[2Jc\u{202e}d"), "abcd");
        assert_eq!(html_to_line("x&#x1b;y"), "x&#x1b;y");
    }

    #[test]
    fn removed_controls_leave_no_stray_spaces() {
        assert_eq!(html_to_text("\u{0} a <p>\u{200b}</p><p>b \u{1}"), "a\n\nb");
        assert_eq!(html_to_line("\u{7f} a\u{9b}m b"), "a b");
    }

    #[test]
    fn cap_cuts_at_char_boundary() {
        assert_eq!(html_to_text_capped("<p>ação</p><p>mais</p>", 3), "açã");
        assert_eq!(html_to_line_capped("ab cd", 3), "ab");
        assert_eq!(html_to_line_capped("ab cd", 4), "ab c");
    }

    #[test]
    fn stray_lt_is_linear() {
        // 100k unclosed '<' must not rescan: the first miss ends tag handling.
        let s = "<a".repeat(100_000);
        assert_eq!(html_to_text(&s).len(), s.len());
    }
}
