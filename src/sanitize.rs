//! Makes untrusted text safe to draw: no escape sequences, control or invisible characters.
//!
//! Everything from a feed passes through [`clean`] before it is stored or drawn, so a title
//! cannot clear the screen, set the window title, write the clipboard (OSC 52) or reorder text.

use std::borrow::Cow;

/// Returns `s` without escape sequences (CSI, OSC, DCS, ...), C0/C1 controls (tabs and newlines
/// become spaces or are kept, see [`clean_multiline`]), bidi overrides and zero-width characters.
pub fn clean(s: &str) -> Cow<'_, str> {
    clean_with(s, false)
}

/// Like [`clean`] but keeps `\n` so paragraphs survive.
pub fn clean_multiline(s: &str) -> Cow<'_, str> {
    clean_with(s, true)
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}' // BOM / zero-width no-break space
        | '\u{061C}' // Arabic letter mark
        | '\u{00AD}' // soft hyphen
    )
}

fn needs_cleaning(c: char, keep_newlines: bool) -> bool {
    // The controls (general category Cc) are exactly U+0000..U+001F and U+007F..U+009F.
    let control = c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c);
    (control && !(keep_newlines && c == '\n')) || is_invisible(c)
}

/// Whether `s` has nothing to remove. Runs of printable ASCII are skipped in a tight loop and
/// only other characters are decoded, so accented Portuguese and Spanish text stays fast.
fn is_clean(s: &str, keep_newlines: bool) -> bool {
    let mut rest = s;
    loop {
        let bytes = rest.as_bytes();
        let Some(at) = bytes.iter().position(|b| !(0x20..0x7f).contains(b)) else {
            return true;
        };
        // `at` is a character boundary: everything before it is ASCII.
        // Cannot happen; if it did, the full cleaning pass (always right) takes over.
        let Some(c) = rest.get(at..).and_then(|tail| tail.chars().next()) else {
            return false;
        };
        if needs_cleaning(c, keep_newlines) {
            return false;
        }
        rest = rest.get(at + c.len_utf8()..).unwrap_or_default();
    }
}

fn clean_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if is_clean(s, keep_newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers: CSI, OSC, DCS, SOS, PM, APC carry a payload to skip.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if needs_cleaning(c, keep_newlines) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character sequences (ESC c, ESC 7, ...) and charset selections (ESC ( B).
        Some('(' | ')' | '*' | '+' | '#' | '%') => {
            chars.next();
        }
        _ => {}
    }
}

fn skip_csi(chars: &mut Chars<'_>) {
    // Parameters and intermediates run until a final byte in 0x40..=0x7E.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut Chars<'_>) {
    // Runs until BEL, ST (ESC \) or the C1 ST.
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            clean("GPT-4.5 “Orion” — 100 mil GPUs"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn strips_csi_osc_and_controls() {
        let hostile = "a\x1b[2Jb\x1b]0;pwned\x07c\x1b]52;c;SGVsbG8=\x1b\\d\x1b]8;;http://x\x1b\\e\u{9b}31mf\x00\x07g";
        assert_eq!(clean(hostile), "abcdefg");
    }

    #[test]
    fn accented_text_is_borrowed_and_c1_controls_are_found_in_it() {
        let text = "Microsoft lançou “Orion” — inversión de 2 millones\n";
        assert!(matches!(clean_multiline(text), Cow::Borrowed(_)));
        assert_eq!(clean("ação\u{85}é\u{9b}31mñ"), "açãoéñ");
        assert_eq!(clean("ação\u{AD}ño\u{7f}"), "açãoño");
    }

    #[test]
    fn strips_bidi_and_zero_width() {
        assert_eq!(clean("ab\u{202E}cd\u{200B}e\u{2066}f\u{FEFF}"), "abcdef");
    }

    #[test]
    fn newlines_become_spaces_or_are_kept() {
        assert_eq!(clean("a\n\tb"), "a b");
        assert_eq!(clean_multiline("a\n\nb\r\n"), "a\n\nb \n");
    }
}
