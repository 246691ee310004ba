//! Locates quantity matches by anchored searches at the few places one can start.
//!
//! `Regex::find_iter` over a whole item runs the lazy DFA over every byte, then a reverse scan
//! back to each match's start (~5 % of extraction in profiles), although a quantity can only
//! start where a digit follows a non-word byte (`with_unit`: its pattern opens with an ASCII
//! `\b` and a digit) or at a currency sign (`with_currency`: `US$`, `U$`, `USD`, `R$`, `€`,
//! `$`). Digits and currency signs are rare in news text, so looking for those bytes and
//! running the same pattern anchored at each finds the same matches for a fraction of the
//! work: the leftmost-first match of a search from `at` is the preferred match at the first
//! place at or after `at` where any match starts, and the places skipped here are ones where
//! none can start. Tests check it against `find_iter` over the corpus and generated figures.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, meta};

/// Builds a lazy DFA cache for a thread that has none (the pool's constructor).
type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Where a pattern's matches can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opening {
    /// An ASCII digit after a byte that is not an ASCII word byte (or at the start).
    Number,
    /// A currency sign: `$`, `U$`, `US$`, `USD`, `R$` or `€`.
    Currency,
}

impl Opening {
    /// Whether a match can start at byte `at` of `bytes` (a superset of the places the
    /// pattern's first item accepts; the anchored search decides).
    fn can_start(self, bytes: &[u8], at: usize) -> bool {
        let next = |n: usize| bytes.get(at + n).copied();
        match (self, bytes.get(at)) {
            (Opening::Number, Some(b)) if b.is_ascii_digit() => {
                at == 0 || !bytes.get(at - 1).is_some_and(is_word_byte)
            }
            (Opening::Currency, Some(b'$')) => true,
            (Opening::Currency, Some(b'U')) => matches!(next(1), Some(b'$' | b'S')),
            (Opening::Currency, Some(b'R')) => next(1) == Some(b'$'),
            // € is E2 82 AC.
            (Opening::Currency, Some(0xE2)) => next(1) == Some(0x82) && next(2) == Some(0xAC),
            _ => false,
        }
    }

    /// Whether byte `b` is the first byte of an opening (checked further by `can_start`).
    fn first_byte(self, b: u8) -> bool {
        match self {
            Opening::Number => b.is_ascii_digit(),
            Opening::Currency => matches!(b, b'$' | b'U' | b'R' | 0xE2),
        }
    }
}

/// Why a [`Locator`] could not be built (a bug in the constant patterns).
#[derive(Debug, thiserror::Error)]
pub enum LocatorBuildError {
    /// The lazy DFA failed to build.
    #[error("quantity pattern DFA: {0}")]
    Dfa(#[from] Box<regex_automata::hybrid::BuildError>),
    /// The fallback regex failed to build.
    #[error("quantity pattern: {0}")]
    Regex(#[from] Box<meta::BuildError>),
}

/// `byte` in every byte of a word.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// Whether any byte of `word` is zero: the borrow of subtracting 1 reaches the top bit only of
/// a byte that was zero, or of one above a zero byte (so the answer is exact, only which byte
/// it is could be wrong, and [`next_byte`] finds that byte by byte).
fn has_zero_byte(word: u64) -> bool {
    word.wrapping_sub(splat(1)) & !word & splat(0x80) != 0
}

/// Whether any byte of `word` is an ASCII digit: `^ '0'` maps the digits, and only them, to
/// bytes below 10, found like zero bytes.
fn has_digit(word: u64) -> bool {
    let shifted = word ^ splat(b'0');
    shifted.wrapping_sub(splat(10)) & !shifted & splat(0x80) != 0
}

/// Whether any byte of `word` is `$`, `U`, `R` or 0xE2 (the first byte of `€`).
fn has_currency_byte(word: u64) -> bool {
    [b'$', b'U', b'R', 0xE2]
        .iter()
        .any(|&b| has_zero_byte(word ^ splat(b)))
}

/// The first place at or after `from` whose byte is `wanted`, looked for eight bytes at a time
/// by `word_has` (true when a word holds such a byte): a branch per byte costs more than the
/// lazy DFA's scan did.
fn next_byte(
    bytes: &[u8],
    from: usize,
    word_has: impl Fn(u64) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in chunks.by_ref() {
        if let Ok(word) = <[u8; 8]>::try_from(chunk)
            && word_has(u64::from_le_bytes(word))
            && let Some(i) = chunk.iter().position(|&b| wanted(b))
        {
            return Some(base + i);
        }
        base += 8;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| wanted(b)).map(|i| base + i)
}

/// What `(?-u:\b)` counts as a word byte.
fn is_word_byte(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || *b == b'_'
}

/// A quantity pattern searched only at its openings.
///
/// The searches run the pattern's forward lazy DFA alone: anchored, the end is all there is to
/// find, and `meta::Regex::search` costs several times the DFA walk of a short figure in
/// set-up per call. Its cache is taken from the pool once per text.
#[derive(Debug)]
pub(super) struct Locator {
    forward: DFA,
    caches: Pool<Cache, CacheFn>,
    /// The same pattern, for a search the lazy DFA gives up on (it cannot with the default
    /// configuration used here, which has no quit bytes and never gives up on its cache).
    regex: meta::Regex,
    opening: Opening,
}

impl Locator {
    /// Compiles `pattern`, whose every match starts at an `opening`.
    pub(super) fn new(pattern: &str, opening: Opening) -> Result<Locator, LocatorBuildError> {
        let forward = DFA::new(pattern).map_err(Box::new)?;
        let maker = forward.clone();
        Ok(Locator {
            forward,
            caches: Pool::new(Box::new(move || maker.create_cache())),
            regex: meta::Regex::new(pattern).map_err(Box::new)?,
            opening,
        })
    }

    /// Calls `found` with the start and end of each match in `text`, in order: the matches
    /// `find_iter` of the same pattern gives.
    pub(super) fn for_each(&self, text: &str, mut found: impl FnMut(usize, usize)) {
        let bytes = text.as_bytes();
        let mut cache = self.caches.get();
        let mut at = 0;
        while let Some(candidate) = match self.opening {
            Opening::Number => next_byte(bytes, at, has_digit, |b| b.is_ascii_digit()),
            Opening::Currency => next_byte(bytes, at, has_currency_byte, |b| {
                Opening::Currency.first_byte(b)
            }),
        } {
            at = candidate + 1;
            if !self.opening.can_start(bytes, candidate) {
                continue;
            }
            // The whole text stays the haystack, so `\b` sees the byte before the candidate.
            let input = Input::new(text).range(candidate..).anchored(Anchored::Yes);
            let end = match self.forward.try_search_fwd(&mut cache, &input) {
                Ok(half) => half.map(|h| h.offset()),
                Err(_) => self.regex.search(&input).map(|m| m.end()),
            };
            if let Some(end) = end {
                found(candidate, end);
                // Like `find_iter`, the next match is looked for from this one's end (every
                // match holds a digit, so it is never empty and the walk moves on).
                at = end.max(at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(locator: &Locator, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        locator.for_each(text, |s, e| spans.push((s, e)));
        spans
    }

    fn searched(regex: &regex::Regex, text: &str) -> Vec<(usize, usize)> {
        regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// Each pattern located at its openings gives exactly `find_iter`'s matches: on the corpus,
    /// on figures glued to words, signs and other figures, and on every combination of a few
    /// prefixes, signs, numbers and units.
    /// The word tests say yes exactly when a byte of the word is wanted: every byte value at
    /// every place of a word, among neighbours that could borrow or carry.
    #[test]
    fn word_tests_agree_with_byte_tests() {
        for fill in [0u8, 0x01, b'0' - 1, b'9' + 1, b'$' + 1, 0xE1, 0xFF, b'a'] {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut word = [fill; 8];
                    word[place] = b;
                    let either = |f: fn(u8) -> bool| f(b) || f(fill);
                    let packed = u64::from_le_bytes(word);
                    assert_eq!(
                        has_digit(packed),
                        either(|x| x.is_ascii_digit()),
                        "{word:?}"
                    );
                    assert_eq!(
                        has_currency_byte(packed),
                        either(|x| Opening::Currency.first_byte(x)),
                        "{word:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn openings_locate_what_find_iter_finds() {
        let patterns = super::super::patterns();
        let mut texts = crate::extract::corpus_files();
        texts.extend(
            [
                "x100 GPUs, _5 GW, a5 GW, 5GW, €5 bn, U$ 5 GPUs, US$5, USD 5, R$ 5, ’5 GW",
                "$$5 GW, UU$5, RR$ 5 mil, USSD 5, 5 GW5 GW 5 GW, 5,5,5 GW, 12.5.GW ,7 MW",
                "€€ 5 bilhões, “5 GW”, (5 GW), -5 GW, é5 GW, 5 GW_x, ſ5 GPUs, 5 GPUſ, US$ 14",
                "$1,000,000 $2 $3 billion USD4 USD 5 chips U 5 GPUs R 5 GW 6 7 8 9 GW $",
            ]
            .map(String::from),
        );
        let heads = [
            "", "x", "_", " ", "$", "U$", "US$ ", "R$", "€ ", "USD ", "é", "’",
        ];
        let bodies = [
            "1",
            "12,5",
            "1.234",
            "7.",
            "5B",
            "3 mil",
            "2bn",
            "9 Billion",
        ];
        let tails = [
            "",
            " GW",
            "MW",
            " de dólares",
            " GPUs",
            " new H100 chips",
            "x",
            "9",
        ];
        for head in heads {
            for body in bodies {
                for tail in tails {
                    texts.push(format!("a {head}{body}{tail} {head}{body}{tail}"));
                }
            }
        }
        let mut total = 0;
        for (pattern, opening) in patterns {
            let regex = regex::Regex::new(&pattern).unwrap();
            let locator = Locator::new(&pattern, opening).unwrap();
            for text in &texts {
                let expected = searched(&regex, text);
                assert_eq!(
                    located(&locator, text),
                    expected,
                    "{opening:?} in {text:.80}"
                );
                total += expected.len();
            }
        }
        assert!(total > 1000, "{total}");
    }
}
