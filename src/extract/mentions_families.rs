//! Family patterns that discover models the catalogue does not know yet, and how to name them.
//!
//! Every family starts with a literal word ("gpt", "claude", "o3"...), listed in
//! [`Family::starts`]. The item's shared Aho-Corasick pass finds those words, and each family
//! pattern is tried only where its word starts, anchored: no regex scans the whole text. The
//! patterns are case-insensitive with Unicode case folding, under which `K` (Kelvin sign) and
//! `ſ` (long s) also match `k` and `s`; a text containing either is scanned with the combined
//! pattern instead, so what is found never depends on the shortcut.

use std::ops::Range;

use aho_corasick::Match;
use regex::{Captures, Regex};

use super::BuildError;
use crate::extract::text::on_word_boundaries;

/// A family pattern and how to spell what it found.
pub(super) struct Family {
    /// Literal words (ASCII case-insensitive) that every match of `pattern` starts with.
    pub(super) starts: &'static [&'static str],
    /// The pattern, with named groups the namer reads.
    pub(super) pattern: &'static str,
    /// The normalised name of a match (`None`: not a model after all).
    pub(super) name: fn(&Captures<'_>) -> Option<String>,
}

fn cap<'a>(c: &Captures<'a>, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

/// "sonnet" → "Sonnet", "405b" → "405B", "mini" stays lowercase (as vendors write it).
fn tidy(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if matches!(lower.as_str(), "mini" | "nano" | "preview") {
        return lower;
    }
    if lower.ends_with('b') && lower[..lower.len() - 1].chars().all(|c| c.is_ascii_digit()) {
        return lower.to_ascii_uppercase();
    }
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

fn suffix(c: &Captures<'_>, name: &str, sep: &str) -> String {
    cap(c, name).map_or_else(String::new, |t| format!("{sep}{}", tidy(t)))
}

/// Model families the catalogue may not know every member of yet.
pub(super) const FAMILIES: &[Family] = &[
    Family {
        starts: &["gpt"],
        pattern: r"(?i)gpt[- ]?(?P<v>[0-9]+(?:\.[0-9]+)?)(?P<o>o)?(?:[- ](?P<t>mini|nano|turbo|pro))?",
        name: |c| {
            let v = cap(c, "v")?;
            // A four-digit "version" is a year: a codename ("GPT-2024"), not a release.
            if v.len() >= 4 && !v.contains('.') {
                return None;
            }
            let o = if c.name("o").is_some() { "o" } else { "" };
            Some(format!("GPT-{v}{o}{}", suffix(c, "t", " ")))
        },
    },
    Family {
        starts: &["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"],
        pattern: r"o(?P<v>[1-9])(?:[- ](?P<t>mini|pro|preview))?",
        name: |c| {
            Some(format!(
                "o{}{}",
                cap(c, "v")?,
                cap(c, "t").map_or(String::new(), |t| format!("-{}", t.to_ascii_lowercase()))
            ))
        },
    },
    Family {
        starts: &["claude"],
        pattern: r"(?i)claude[- ](?:(?P<v>[0-9](?:\.[0-9])?)[- ](?P<t>opus|sonnet|haiku)|(?P<t2>opus|sonnet|haiku)[- ](?P<v2>[0-9](?:\.[0-9])?))",
        name: |c| match (cap(c, "v"), cap(c, "t")) {
            (Some(v), Some(t)) => Some(format!("Claude {v} {}", tidy(t))),
            _ => Some(format!("Claude {} {}", tidy(cap(c, "t2")?), cap(c, "v2")?)),
        },
    },
    Family {
        starts: &["gemini"],
        pattern: r"(?i)gemini[- ](?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>pro|flash(?:[- ]lite)?|ultra|nano))?",
        name: |c| {
            Some(format!(
                "Gemini {}{}",
                cap(c, "v")?,
                suffix(c, "t", " ")
                    .replace("-lite", "-Lite")
                    .replace(" lite", "-Lite")
            ))
        },
    },
    Family {
        starts: &["llama"],
        pattern: r"(?i)llama[- ]?(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>[0-9]+b|scout|maverick|behemoth))?",
        name: |c| Some(format!("Llama {}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        starts: &["grok"],
        pattern: r"(?i)grok[- ](?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>mini|heavy))?",
        name: |c| Some(format!("Grok {}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        starts: &["deepseek"],
        pattern: r"(?i)deepseek[- ]?(?P<t>r|v)(?P<v>[0-9](?:\.[0-9])?)",
        name: |c| {
            Some(format!(
                "DeepSeek-{}{}",
                cap(c, "t")?.to_ascii_uppercase(),
                cap(c, "v")?
            ))
        },
    },
    Family {
        starts: &["qwen"],
        pattern: r"(?i)qwen[- ]?(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>max|[0-9]+b|coder|vl|omni))?",
        name: |c| Some(format!("Qwen{}{}", cap(c, "v")?, suffix(c, "t", "-"))),
    },
    Family {
        starts: &["mistral"],
        pattern: r"(?i)mistral[- ](?P<t>large|medium|small|nemo)(?:[- ](?P<v>[0-9](?:\.[0-9])?))?",
        name: |c| {
            Some(format!(
                "Mistral {}{}",
                tidy(cap(c, "t")?),
                suffix(c, "v", " ")
            ))
        },
    },
    Family {
        starts: &["Phi-"],
        pattern: r"Phi-(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>mini|medium|small|multimodal))?",
        name: |c| Some(format!("Phi-{}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        starts: &["gemma"],
        pattern: r"(?i)gemma[- ]?(?P<v>[0-9])",
        name: |c| Some(format!("Gemma {}", cap(c, "v")?)),
    },
];

/// The family patterns compiled: one anchored pattern per family, and all of them combined for
/// texts the start words cannot be trusted on (see the module docs).
#[derive(Debug)]
pub(super) struct FamilyFinder {
    rows: Vec<Regex>,
    combined: Regex,
    /// For each word of [`FamilyFinder::start_words`]: its family.
    start_family: Vec<usize>,
}

impl FamilyFinder {
    pub(super) fn new() -> Result<FamilyFinder, BuildError> {
        let rows = FAMILIES
            .iter()
            .map(|f| Regex::new(&format!("^(?:{})", f.pattern)))
            .collect::<Result<Vec<_>, _>>()?;
        let combined = FAMILIES
            .iter()
            .enumerate()
            .map(|(i, f)| {
                format!(
                    "(?P<f{i}>{})",
                    crate::extract::timex::strip_names(f.pattern)
                )
            })
            .collect::<Vec<_>>()
            .join("|");
        let start_family = FAMILIES
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.starts.iter().map(move |_| i))
            .collect();
        Ok(FamilyFinder {
            rows,
            combined: Regex::new(&format!(r"(?-u:\b)(?:{combined})"))?,
            start_family,
        })
    }

    /// Every family's start words, in order; the lexicon's matches of these feed [`Self::find`].
    pub(super) fn start_words() -> Vec<&'static str> {
        FAMILIES
            .iter()
            .flat_map(|f| f.starts.iter().copied())
            .collect()
    }

    /// Family matches in `text` on word boundaries, with the family (a row for [`Self::name`]),
    /// given the leftmost-longest matches of [`Self::start_words`] (ASCII case-insensitive). The
    /// same as scanning with the combined pattern: leftmost-first, non-overlapping, and the first
    /// family that matches at a place is the one that counts.
    pub(super) fn find(
        &self,
        text: &str,
        starts: impl IntoIterator<Item = Match>,
    ) -> Vec<(Range<usize>, usize)> {
        // Two single-char searches (memchr on a byte each), not one char-by-char scan.
        if text.contains('\u{17F}') || text.contains('\u{212A}') {
            return self.find_combined(text);
        }
        let mut out = Vec::new();
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut cursor = 0;
        for m in starts {
            let start = m.start();
            // The combined pattern begins with an ASCII word boundary, and every start word
            // with a letter: the byte before must not be a word byte.
            let boundary = start == 0 || !text.as_bytes().get(start - 1).is_some_and(|&b| word(b));
            if start < cursor || !boundary {
                continue;
            }
            let Some(&row) = self.start_family.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(found) = text.get(start..).and_then(|rest| self.rows[row].find(rest)) else {
                continue;
            };
            let whole = start..start + found.end();
            cursor = whole.end;
            if on_word_boundaries(text, whole.start, whole.end) {
                out.push((whole, row));
            }
        }
        out
    }

    /// [`Self::find`] by scanning with the combined pattern.
    fn find_combined(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        for whole in self.combined.find_iter(text) {
            // The first family that matches where the combined pattern did is the one it
            // matched with (leftmost-first); the rows have no look-behind.
            let rest = &text[whole.start()..];
            if let Some(row) = self.rows.iter().position(|r| r.is_match(rest))
                && on_word_boundaries(text, whole.start(), whole.end())
            {
                out.push((whole.range(), row));
            }
        }
        out
    }

    /// The normalised name of `whole`, a match of family `row` from [`Self::find`] (`None`: not
    /// a model after all).
    pub(super) fn name(&self, text: &str, row: usize, whole: Range<usize>) -> Option<String> {
        // Only the matched span: the backtracker sizes its work to the haystack it is given.
        let caps = self.rows.get(row)?.captures(text.get(whole)?)?;
        (FAMILIES[row].name)(&caps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// The start words find what the combined pattern finds, on the corpus and on edge cases.
    #[test]
    fn start_words_find_what_the_combined_pattern_finds() {
        let finder = FamilyFinder::new().unwrap();
        let starts = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(FamilyFinder::start_words())
            .unwrap();
        let mut texts = crate::extract::corpus_files();
        texts.extend(
            [
                "GPT-4o mini, gpt 5, GPT-2024, xgpt-5, _gpt-5, ágpt-5, GPT-4.5-turbo GPT-4.5.1",
                "o3-mini o1 pro O3 o0 so3 4o3 Phi-4 phi-4 Phi-o3 xPhi-4 Phi-4-mini Phi-4 multimodal",
                "Claude 3.7 Sonnet, claude-opus-4, Claude Sonnet 4.5 Gemini 2.5 Flash-Lite gemma3",
                "Llama 4 Maverick llama3.1 405B Grok 3 mini DeepSeek-R1 deepseekv3 Qwen2.5-Max",
                "Mistral Large 2 mistral-small Gemma 2 Gemini-1.5 pro grok-4-heavy o4 mini",
                "",
                "gpt",
                "o9",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for text in &texts {
            let fast = finder.find(text, starts.find_iter(text.as_str()));
            assert_eq!(fast, finder.find_combined(text), "{text}");
            found += fast.len();
        }
        assert!(found > 40, "{found}");
    }

    /// A Kelvin sign or long s takes the combined pattern, which folds them.
    #[test]
    fn unicode_case_folding_is_kept() {
        let finder = FamilyFinder::new().unwrap();
        let text = "Gro\u{212A} 3 and Deep\u{17F}eek-R1";
        let found: Vec<String> = finder
            .find(text, [])
            .into_iter()
            .filter_map(|(span, row)| finder.name(text, row, span))
            .collect();
        assert_eq!(found, vec!["Grok 3".to_string(), "DeepSeek-R1".to_string()]);
    }
}
