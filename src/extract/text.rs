//! Text plumbing shared by the finders: sentence and clause boundaries, word boundaries.

use std::ops::Range;

use regex::{Captures, Regex};

/// A regex's capture groups by name, found by a linear scan of its few short names:
/// `Captures::name` hashes the name (SipHash) on every call, which showed in profiles.
#[derive(Debug)]
pub struct Groups(Vec<(Box<str>, usize)>);

impl Groups {
    /// The named groups of `regex`.
    pub fn of(regex: &Regex) -> Groups {
        Groups(
            regex
                .capture_names()
                .enumerate()
                .filter_map(|(i, name)| Some((name?.into(), i)))
                .collect(),
        )
    }

    /// Reads `caps` (captured by the regex these groups are of) by group name.
    pub fn read<'a, 'h>(&'a self, caps: &'a Captures<'h>) -> Fields<'a, 'h> {
        Fields { caps, groups: self }
    }
}

/// Captures read by group name (see [`Groups`]).
pub struct Fields<'a, 'h> {
    caps: &'a Captures<'h>,
    groups: &'a Groups,
}

/// A match's capture groups read by name, whichever engine captured them.
pub trait Named<'h> {
    /// The text of the group `name`, if it took part in the match.
    fn get(&self, name: &str) -> Option<&'h str>;
}

impl<'h> Named<'h> for Fields<'_, 'h> {
    fn get(&self, name: &str) -> Option<&'h str> {
        // Names are a few bytes: compared inline rather than by a call to `memcmp` each.
        let same =
            |n: &str| n.len() == name.len() && n.bytes().zip(name.bytes()).all(|(a, b)| a == b);
        let &(_, index) = self.groups.0.iter().find(|(n, _)| same(n))?;
        self.caps.get(index).map(|m| m.as_str())
    }
}

/// Whether `c` continues a word (letters of any script and digits).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[start..end]` stands as whole words: no word character touches either end, and
/// a `-` or `.` after it does not lead into more word ("GPT-4" is not in "GPT-4.5" or "GPT-4-x").
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before_ok = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let mut after = text[end..].chars();
    let after_ok = match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-' | '.') => after.next().is_none_or(|c| !is_word_char(c)),
        Some(_) => true,
    };
    before_ok && after_ok
}

/// Abbreviations whose period does not end a sentence (compared lowercase).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sr", "sra", "srta", "prof", "inc", "corp", "ltd", "co", "vs", "etc",
    "jr", "st", "no", "nº", "approx", "aprox", "gen", "gov", "sen", "rep", "dept", "est", "ca",
];

/// Bytes that may end a sentence: newline, `.`, `!`, `?` and the lead byte of `…` (E2 80 A6).
const MARKS: [bool; 256] = {
    let mut marks = [false; 256];
    marks[b'\n' as usize] = true;
    marks[b'.' as usize] = true;
    marks[b'!' as usize] = true;
    marks[b'?' as usize] = true;
    marks[0xE2] = true;
    marks
};

/// Whether any byte of `word` is `byte` (exact: the zero-byte test below can only misplace the
/// bytes it flags, not invent a zero in a word without one).
fn has_byte(word: u64, byte: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & (ONES << 7) != 0
}

/// The first offset from `from` whose byte is one of [`MARKS`]: eight bytes tested at a time
/// (sentence marks are some fifty bytes apart), then the chunk that has one, byte by byte.
fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let any = has_byte(word, b'\n')
            | has_byte(word, b'.')
            | has_byte(word, b'!')
            | has_byte(word, b'?')
            | has_byte(word, 0xE2);
        if any {
            break;
        }
        offset += 8;
    }
    let tail = rest.get(offset..)?;
    tail.iter()
        .position(|&b| MARKS[usize::from(b)])
        .map(|at| from + offset + at)
}

/// Splits `text` into sentences (byte ranges, trimmed of surrounding whitespace).
///
/// A sentence ends at a newline, or at `.`, `!`, `?` or `…` (plus closing quotes or brackets)
/// followed by whitespace and then something that can start a sentence: an uppercase letter, a
/// digit, a quote, or `¿`/`¡`. Decimal points ("4.5") never qualify, abbreviations and initials
/// ("U.S.") do not either.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the next byte that can end a sentence.
        match next_mark(bytes, i) {
            Some(at) => i = at,
            None => break,
        }
        let b = bytes[i];
        if b == b'\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?')
            // '…' is E2 80 A6; checking the lead byte first keeps other bytes to one compare.
            || (b == 0xE2 && text.is_char_boundary(i) && text[i..].starts_with('…'))
        {
            let mut end = i + text[i..].chars().next().map_or(1, char::len_utf8);
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            if text[end..].starts_with(['’', '”', '»']) {
                end += text[end..].chars().next().map_or(0, char::len_utf8);
            }
            if ends_sentence(text, start, i, end) {
                push_trimmed(text, start..end, &mut out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn ends_sentence(text: &str, start: usize, mark: usize, end: usize) -> bool {
    let rest = &text[end..];
    let after_space = rest.trim_start();
    if after_space.len() == rest.len() && !rest.is_empty() {
        return false; // no whitespace: "4.5", "U.S"
    }
    let next_ok = after_space.chars().next().is_none_or(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '“' | '«' | '¿' | '¡' | '\'' | '‘')
    });
    if !next_ok {
        return false;
    }
    if text.as_bytes()[mark] != b'.' {
        return true;
    }
    let word_start = text[start..mark]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c) && c != '.')
        .map_or(start, |(j, c)| start + j + c.len_utf8());
    let word = &text[word_start..mark];
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let dotted = word.contains('.'); // "U.S", "e.g"
    !(single_initial || dotted || ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a)))
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Bytes that may end a clause: `,`, `;`, `:` and the lead byte of `—` and `–` (E2).
const CLAUSE_MARKS: [bool; 256] = {
    let mut marks = [false; 256];
    marks[b',' as usize] = true;
    marks[b';' as usize] = true;
    marks[b':' as usize] = true;
    marks[0xE2] = true;
    marks
};

/// Clause boundaries inside `sentence` (absolute byte offsets where a new clause starts).
///
/// Clauses end at `,` or `;` or `:` followed by a space and at dashes; thousands separators
/// ("100,000") are not followed by a space so they do not count. Brackets do not end a clause:
/// they hold asides such as "(provavelmente o codinome GPT-5)" or a day "(22)".
pub fn clause_starts(text: &str, sentence: Range<usize>) -> Vec<usize> {
    let mut starts = vec![sentence.start];
    let s = &text[sentence.clone()];
    let bytes = s.as_bytes();
    // Only ASCII punctuation and the dashes' lead byte (E2) can start a boundary, so other
    // bytes are skipped by one table look-up each, without decoding characters.
    let marks = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| CLAUSE_MARKS[usize::from(b)]);
    for (i, &b) in marks {
        if let Some(after) = clause_break_after(s, i, b) {
            starts.push(sentence.start + after);
        }
    }
    starts
}

/// Where a new clause starts when byte `b` at `i` of `s` ends one: after a comma, semicolon or
/// colon followed by a space (or the end), after an em or en dash.
fn clause_break_after(s: &str, i: usize, b: u8) -> Option<usize> {
    match b {
        b',' | b';' | b':' => {
            let next = s.get(i + 1..).and_then(|rest| rest.chars().next());
            next.is_none_or(char::is_whitespace).then_some(i + 1)
        }
        0xE2 => s
            .get(i..)
            .filter(|rest| rest.starts_with(['—', '–']))
            .map(|_| i + '—'.len_utf8()),
        _ => None,
    }
}

/// Index of the clause (per [`clause_starts`]) containing `offset`.
pub fn clause_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_split_on_marks_but_not_decimals_or_abbreviations() {
        let text = "GPT-4.5 is here. Mr. Altman said so in the U.S. Tuesday! Is it? Yes\nNew line";
        assert_eq!(
            split(text),
            vec![
                "GPT-4.5 is here.",
                "Mr. Altman said so in the U.S. Tuesday!",
                "Is it?",
                "Yes",
                "New line"
            ]
        );
    }

    #[test]
    fn multibyte_text_and_ellipses_split_without_panicking() {
        assert_eq!(
            split("Ação em março… Não é só isso. É mais"),
            vec!["Ação em março…", "Não é só isso.", "É mais"]
        );
    }

    #[test]
    fn a_multibyte_symbol_before_a_period_is_handled() {
        // Found by proptest: the word start was computed as if every character were one byte.
        assert_eq!(split("\n🌀. Next"), vec!["🌀.", "Next"]);
    }

    #[test]
    fn lowercase_after_a_period_does_not_split() {
        assert_eq!(
            split("Version 2. it works. Done"),
            vec!["Version 2. it works.", "Done"]
        );
    }

    #[test]
    fn word_boundaries_reject_longer_versions() {
        let t = "GPT-4.5 and GPT-4, o3-mini, xo3";
        assert!(!on_word_boundaries(t, 0, 5)); // GPT-4 inside GPT-4.5
        assert!(on_word_boundaries(t, 0, 7));
        assert!(on_word_boundaries(t, 12, 17)); // "GPT-4" before ","
        assert!(!on_word_boundaries(t, 19, 21)); // o3 in o3-mini
        assert!(!on_word_boundaries(t, 29, 31)); // o3 in xo3
    }

    /// The eight-at-a-time search finds the mark a byte-by-byte search finds, from every
    /// offset of the corpus and of every byte value placed at every offset of a chunk.
    #[test]
    fn chunked_mark_search_finds_the_first_mark() {
        let plain = |bytes: &[u8], from: usize| {
            bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| MARKS[usize::from(b)]))
                .map(|at| from + at)
        };
        let mut found = 0;
        for text in crate::extract::corpus_files() {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() + 1 {
                assert_eq!(next_mark(bytes, from), plain(bytes, from), "{from}");
                found += usize::from(plain(bytes, from).is_some());
            }
        }
        for byte in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[at] = byte;
                assert_eq!(next_mark(&bytes, 0), plain(&bytes, 0), "{byte} at {at}");
                assert_eq!(next_mark(&bytes, 3), plain(&bytes, 3), "{byte} at {at}");
            }
        }
        assert!(found > 10_000, "{found}");
    }

    /// Clause boundaries as they were found before marks were looked up in a table: every byte
    /// is given to the boundary rule, none skipped.
    fn reference_clause_starts(text: &str, sentence: Range<usize>) -> Vec<usize> {
        let mut starts = vec![sentence.start];
        let s = &text[sentence.clone()];
        for (i, &b) in s.as_bytes().iter().enumerate() {
            if let Some(after) = clause_break_after(s, i, b) {
                starts.push(sentence.start + after);
            }
        }
        starts
    }

    #[test]
    fn table_lookup_finds_the_clauses_the_byte_match_found() {
        let mut texts = crate::extract::corpus_files();
        texts.push("a, b;c: d — e – f … “g”,\u{2003}h:\nI ‘j’ —k,".into());
        let mut clauses = 0;
        for text in &texts {
            let whole = std::iter::once(0..text.len());
            for sentence in sentences(text).into_iter().chain(whole) {
                let expected = reference_clause_starts(text, sentence.clone());
                assert_eq!(clause_starts(text, sentence), expected);
                clauses += expected.len();
            }
        }
        assert!(clauses > 1000, "{clauses}");
    }

    #[test]
    fn clauses_ignore_thousands_separators() {
        let t = "Microsoft, they say, bought 100,000 GPUs (H100) today";
        let starts = clause_starts(t, 0..t.len());
        assert_eq!(starts.len(), 3);
        assert_eq!(clause_of(&starts, t.find("100,000").unwrap()), 2);
    }
}
