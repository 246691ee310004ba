//! Reads a quantity match's parts (currency, number, scale, unit) by hand, without capture groups.
//!
//! Once a quantity regex has located a match (`find`), its capture groups cost a bounded
//! backtracker run over the match, which showed in profiles (~7 % of extraction). This module
//! walks the same grammar over the matched span in the regex's own order of preference (leftmost
//! first: earlier alternatives first, greedy repeats longest first) and keeps the first reading
//! that ends exactly where the match ends: that is the reading the capture groups report, since a
//! preferred reading ending anywhere else would have been the match. Tests check it against the
//! capture groups over the corpus and tricky cases.

/// The unit word that closes a match, as far as a quantity needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitWord {
    /// No unit: a currency figure ending at its number or scale.
    Bare,
    /// Power; `giga` when the unit word starts with `g`/`G` (GW, gigawatts...), else megawatts.
    Power {
        /// Gigawatts rather than megawatts.
        giga: bool,
    },
    /// Dollars written after the number ("dólares", "USD").
    Usd,
    /// Chips, GPUs, accelerators.
    Chips,
}

/// The parts of one quantity match (the capture groups `cur`, `num`, `sym`/`scale` and the unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reading<'h> {
    /// The currency sign before the number.
    pub cur: Option<&'h str>,
    /// The number as written.
    pub num: &'h str,
    /// The scale symbol or word after the number ("bn", "mil millones").
    pub scale: Option<&'h str>,
    /// The unit after it.
    pub unit: UnitWord,
}

/// Currency signs, in the pattern's order (case-sensitive).
const CURRENCIES: &[&str] = &["US$", "U$", "USD", "R$", "€", "$"];
/// Scale symbols right after the number (case-sensitive).
const SYMBOLS: &[&str] = &["bn", "mn", "tn", "B", "M", "K"];
/// Scale words after a space (case-insensitive), in the pattern's order, optional letters spelt
/// out longest first and `[óo]`-style classes as separate words.
const SCALES: &[&str] = &[
    "mil milhões",
    "mil milhoes",
    "mil millones",
    "trillion",
    "trilhão",
    "trilhao",
    "trilhões",
    "trilhoes",
    "billones",
    "billón",
    "billon",
    "billion",
    "bilhão",
    "bilhao",
    "bilhões",
    "bilhoes",
    "million",
    "milhão",
    "milhao",
    "milhões",
    "milhoes",
    "millones",
    "millón",
    "millon",
    "thousand",
    "mil",
];
/// Power unit words (case-insensitive), longest spelling first.
const POWER: &[&str] = &[
    "GW",
    "MW",
    "gigawatts",
    "gigawatt",
    "gigavatios",
    "gigavatio",
    "gigawatios",
    "gigawatio",
    "megawatts",
    "megawatt",
    "megavatios",
    "megavatio",
];
/// Dollar words after the number (case-insensitive).
const DOLLARS: &[&str] = &["dólares", "dolares", "dollars", "USD"];
/// Chip words (case-insensitive).
const CHIPS: &[&str] = &[
    "GPUs",
    "GPU",
    "chips",
    "chip",
    "accelerators",
    "accelerator",
    "aceleradores",
    "acelerador",
    "TPUs",
    "TPU",
    "processadores",
    "procesadores",
    "superchips",
    "superchip",
    "H100s",
    "H100",
    "H200s",
    "H200",
    "B200s",
    "B200",
    "GB200s",
    "GB200",
];
/// Naming words allowed between a number and its chip word, besides capitalised words and
/// words with a digit (case-insensitive).
const CHIP_QUALIFIERS: &[&str] = &[
    "de",
    "of",
    "new",
    "more",
    "additional",
    "novas",
    "novos",
    "nuevas",
    "nuevos",
    "mais",
    "más",
    "mas",
];

/// Whether `b` is a word byte for an ASCII `\b`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `t` matches the pattern letter `p` under Unicode simple case folding, for the
/// letters the patterns use: ASCII letters (with `ſ` for `s` and the Kelvin sign for `k`) and
/// the accented vowels, whose only other case is their uppercase.
fn fold_eq(p: char, t: char) -> bool {
    if p == t {
        return true;
    }
    if p.is_ascii_alphabetic() {
        return t.eq_ignore_ascii_case(&p)
            || (p.eq_ignore_ascii_case(&'s') && t == '\u{17F}')
            || (p.eq_ignore_ascii_case(&'k') && t == '\u{212A}');
    }
    // Non-ASCII pattern letters are lowercase accented vowels (ó, ã, õ, á).
    p.to_uppercase().eq(std::iter::once(t))
}

/// Whether a text whose first byte is `t` can start with a char [`fold_eq`] to the pattern
/// letter whose first byte is `p`: an ASCII pattern letter only folds to itself in either case,
/// `ſ` (C5 BF) for `s` and the Kelvin sign (E2 84 AA) for `k`; anything else is left to the
/// full compare.
fn may_start(p: u8, t: u8) -> bool {
    if !p.is_ascii_alphabetic() {
        return true;
    }
    let lower = p.to_ascii_lowercase();
    t.to_ascii_lowercase() == lower || (lower == b's' && t == 0xC5) || (lower == b'k' && t == 0xE2)
}

/// Whether `c` belongs to `[A-Za-z0-9-]` matched case-insensitively.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '\u{17F}' || c == '\u{212A}'
}

/// One match being read: the haystack (for `\b` at the edges) and where the match ends.
struct Walk<'h> {
    text: &'h str,
    end: usize,
}

impl<'h> Walk<'h> {
    fn boundary(&self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        let before = at > 0 && is_word_byte(bytes[at - 1]);
        let after = bytes.get(at).is_some_and(|&b| is_word_byte(b));
        before != after
    }

    /// The offset after one whitespace character at `at`, if there is one.
    fn space(&self, at: usize) -> Option<usize> {
        let c = self.text.get(at..)?.chars().next()?;
        c.is_whitespace().then_some(at + c.len_utf8())
    }

    /// Where `word` ends when it is at `at` (case-insensitively), if it is.
    fn word_ci(&self, at: usize, word: &str) -> Option<usize> {
        // Most listed words fail on their first letter: rejected on one byte each before any
        // char decoding (profiles showed the full compare of every word at every place).
        if let Some(&first) = word.as_bytes().first()
            && !may_start(first, *self.text.as_bytes().get(at)?)
        {
            return None;
        }
        self.word_ci_chars(at, word)
    }

    /// [`Self::word_ci`] compared char by char, without the first-byte rejection.
    fn word_ci_chars(&self, at: usize, word: &str) -> Option<usize> {
        let mut rest = self.text.get(at..)?.char_indices();
        for p in word.chars() {
            let (_, t) = rest.next()?;
            if !fold_eq(p, t) {
                return None;
            }
        }
        Some(rest.next().map_or(self.text.len(), |(i, _)| at + i))
    }

    fn digits(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        bytes.get(at..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    }

    fn is_sep(&self, at: usize) -> bool {
        matches!(self.text.as_bytes().get(at), Some(b'.' | b','))
    }

    /// `[0-9]{1,3}(?:[.,][0-9]{3})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?` after `\b`, each way
    /// of reading it handed to `next` in the pattern's order.
    fn number<R>(&self, at: usize, next: &mut impl FnMut(usize) -> Option<R>) -> Option<R> {
        if !self.boundary(at) {
            return None;
        }
        let run = self.digits(at);
        for lead in (1..=run.min(3)).rev() {
            let first = at + lead;
            let mut groups = 0;
            while self.is_sep(first + 4 * groups) && self.digits(first + 4 * groups + 1) >= 3 {
                groups += 1;
            }
            for count in (1..=groups).rev() {
                if let Some(r) = self.decimals(first + 4 * count, next) {
                    return Some(r);
                }
            }
        }
        for len in (1..=run).rev() {
            if let Some(r) = self.decimals(at + len, next) {
                return Some(r);
            }
        }
        None
    }

    /// `(?:[.,][0-9]+)?` at `at`.
    fn decimals<R>(&self, at: usize, next: &mut impl FnMut(usize) -> Option<R>) -> Option<R> {
        if self.is_sep(at) {
            for len in (1..=self.digits(at + 1)).rev() {
                if let Some(r) = next(at + 1 + len) {
                    return Some(r);
                }
            }
        }
        next(at)
    }

    /// `(?:sym\b|\s scale\b)?` at `at`, then `next`.
    fn scale<R>(
        &self,
        at: usize,
        next: &mut impl FnMut(usize, Option<&'h str>) -> Option<R>,
    ) -> Option<R> {
        let rest = self.text.get(at..).unwrap_or_default();
        for sym in SYMBOLS {
            let end = at + sym.len();
            if rest.starts_with(sym)
                && self.boundary(end)
                && let Some(r) = next(end, Some(&rest[..sym.len()]))
            {
                return Some(r);
            }
        }
        if let Some(from) = self.space(at) {
            for word in SCALES {
                if let Some(end) = self.word_ci(from, word).filter(|&e| self.boundary(e))
                    && let Some(r) = next(end, self.text.get(from..end))
                {
                    return Some(r);
                }
            }
        }
        next(at, None)
    }

    /// Whether one of `words` ends exactly at the match's end when it is at `at`, with `\b`.
    fn last_word(&self, at: usize, words: &[&str]) -> bool {
        self.boundary(self.end) && words.iter().any(|w| self.word_ci(at, w) == Some(self.end))
    }

    /// The unit that takes the match from `at` to its end; `Bare` only when `optional`.
    fn unit(&self, at: usize, optional: bool) -> Option<UnitWord> {
        // `\s?power`
        for from in self.space(at).into_iter().chain([at]) {
            if self.last_word(from, POWER) {
                let giga = self.text[from..].starts_with(['g', 'G']);
                return Some(UnitWord::Power { giga });
            }
        }
        if let Some(from) = self.space(at) {
            // `\s(?:(?:de|of)\s)?usd`
            let linked = ["de", "of"]
                .iter()
                .find_map(|w| self.word_ci(from, w).and_then(|e| self.space(e)));
            if linked
                .into_iter()
                .chain([from])
                .any(|s| self.last_word(s, DOLLARS))
            {
                return Some(UnitWord::Usd);
            }
            // `\s(?:qualifier\s){0,3}chips`
            let mut starts = [from; 4];
            let mut count = 0;
            while count < 3 {
                match self.qualifier(starts[count]) {
                    Some(next) => {
                        count += 1;
                        starts[count] = next;
                    }
                    None => break,
                }
            }
            if starts[..=count]
                .iter()
                .rev()
                .any(|&s| self.last_word(s, CHIPS))
            {
                return Some(UnitWord::Chips);
            }
        }
        (optional && at == self.end).then_some(UnitWord::Bare)
    }

    /// Where the word after a naming word at `at` starts, if one is there: a word of
    /// [`CHIP_QUALIFIERS`], a capitalised name or a name with a digit, then one whitespace.
    fn qualifier(&self, at: usize) -> Option<usize> {
        let rest = self.text.get(at..)?;
        let len = rest.find(char::is_whitespace)?;
        let word = &rest[..len];
        let named = word.chars().all(is_name_char)
            && (word.starts_with(|c: char| c.is_ascii_uppercase())
                || word.bytes().any(|b| b.is_ascii_digit()));
        let listed = || {
            CHIP_QUALIFIERS
                .iter()
                .any(|q| self.word_ci(at, q) == Some(at + len))
        };
        (len > 0 && (named || listed())).then(|| self.space(at + len))?
    }
}

/// Reads the match `text[start..end]` of the quantity pattern with a currency sign
/// (`with_currency`) or of the one with a unit.
pub(super) fn read(
    text: &str,
    start: usize,
    end: usize,
    with_currency: bool,
) -> Option<Reading<'_>> {
    let walk = Walk { text, end };
    let mut cur = None;
    let mut at = start;
    if with_currency {
        let rest = text.get(start..)?;
        let sign = CURRENCIES.iter().find(|c| rest.starts_with(**c))?;
        cur = Some(&rest[..sign.len()]);
        at += sign.len();
    }
    // `\s?` before the number, only after a currency sign: with the space first.
    let spaced = walk.space(at).filter(|_| with_currency);
    let starts = spaced.into_iter().chain([at]);
    starts.into_iter().find_map(|from| {
        walk.number(from, &mut |num_end| {
            walk.scale(num_end, &mut |scale_end, scale| {
                let unit = walk.unit(scale_end, with_currency)?;
                Some(Reading {
                    cur,
                    num: text.get(from..num_end)?,
                    scale,
                    unit,
                })
            })
        })
    })
}

#[cfg(test)]
#[path = "capacity_reading_word_tests.rs"]
mod word_tests;
