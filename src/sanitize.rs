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

/// Whether `s` has nothing to remove. Runs of printable ASCII are skipped eight bytes at a time
/// ([`first_unprintable`]) and only other characters are decoded, so accented Portuguese and
/// Spanish text stays fast.
fn is_clean(s: &str, keep_newlines: bool) -> bool {
    let mut rest = s;
    loop {
        let bytes = rest.as_bytes();
        let Some(at) = first_unprintable(bytes) else {
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

/// Bytes with their high bit set, one per lane of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// `0x01` in every lane.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The index of the first byte of `bytes` outside printable ASCII (`0x20..0x7f`). Every text
/// stored and drawn is checked this way, and nearly all of it is printable ASCII: each word of
/// eight bytes is tested at once for a byte below `0x20`, equal to `0x7f` or above it, and only
/// a word that has one is looked at byte by byte.
fn first_unprintable(bytes: &[u8]) -> Option<usize> {
    let is_unprintable = |b: &u8| !(0x20..0x7f).contains(b);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(word);
        let w = u64::from_le_bytes(lanes);
        // Some lane < 0x20 (exact as a yes/no for bounds up to 0x80), some lane == 0x7f (a zero
        // lane of `w ^ 0x7f..`), some lane >= 0x80.
        let below = w.wrapping_sub(0x20 * ONES) & !w;
        let del = (w ^ (0x7f * ONES)).wrapping_sub(ONES) & !(w ^ (0x7f * ONES));
        if (below | del | w) & HIGH != 0 {
            return word.iter().position(is_unprintable).map(|i| at + i);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(is_unprintable)
        .map(|i| at + i)
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
    fn the_word_scan_finds_the_first_unprintable_byte_in_every_lane() {
        let naive = |b: &[u8]| b.iter().position(|b| !(0x20..0x7f).contains(b));
        // Each boundary byte, in every lane of the first and second word and in the tail, with
        // printable bytes on either side (including those next to the bounds: ' ', '~').
        for bad in [0x00, 0x0a, 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0xc3, 0xe2, 0xff] {
            for len in 1..=19 {
                for pos in 0..len {
                    let mut text: Vec<u8> = (0..len).map(|i| b" ~Aa0"[i % 5]).collect();
                    text[pos] = bad;
                    assert_eq!(
                        first_unprintable(&text),
                        Some(pos),
                        "{bad:#x} at {pos} of {len}"
                    );
                }
            }
        }
        for len in 0..=19 {
            let text: Vec<u8> = (0..len).map(|i| (0x20 + i * 5) as u8).collect();
            assert_eq!(first_unprintable(&text), naive(&text), "{text:?}");
        }
        // Every byte value against the plain scan, after each of the lanes.
        for b in 0..=255u8 {
            for pos in 0..16 {
                let mut text = vec![b'x'; 16];
                text[pos] = b;
                assert_eq!(first_unprintable(&text), naive(&text), "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn newlines_become_spaces_or_are_kept() {
        assert_eq!(clean("a\n\tb"), "a b");
        assert_eq!(clean_multiline("a\n\nb\r\n"), "a\n\nb \n");
    }
}
