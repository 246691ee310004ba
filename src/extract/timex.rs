//! Time phrases in en/pt/es and the windows they resolve to, against an item's published date.
//!
//! [`table::TABLE`] is the single place that says which phrase family maps to which window.
//! Phrases are found first ([`TimeFinder::find`]) and resolved later ([`TimeFinder::resolve`])
//! because phrases without a year or with a bare weekday need the tense of the claim they
//! belong to:
//!
//! * [`Direction::Future`] (expected, delayed to, "next"): the nearest matching window ending on
//!   or after the published date P;
//! * [`Direction::Past`] (released, announced, "last"): the nearest one starting on or before P;
//! * [`Direction::Neutral`] (no tense known): months, quarters and halves take the candidate
//!   nearest to P; weekdays take the past one, since news mostly reports what happened.

use chrono::NaiveDate;
use regex::Regex;

use super::{Precision, TimeWindow};

#[path = "timex_resolve.rs"]
mod resolve;
#[path = "timex_table.rs"]
mod table;

use resolve::resolve;
use table::{MONTHS_EN, MONTHS_PTES, TABLE};

/// Which side of the published date a phrase without a year (or a weekday) lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// After the published date (future tense, "next").
    Future,
    /// Before the published date (past tense, "last").
    Past,
    /// Unknown tense.
    Neutral,
}

/// One time phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte offset of the phrase.
    pub start: usize,
    /// Byte offset after the phrase.
    pub end: usize,
    rule: usize,
}

/// The compiled [`table::TABLE`]: one combined regex to find phrases, one per row to read them.
#[derive(Debug)]
pub struct TimeFinder {
    combined: Regex,
    rows: Vec<Regex>,
}

/// Expands the placeholders of a [`table::TABLE`] pattern.
fn expand(pattern: &str, named: bool) -> String {
    let group = |name: &str, alternatives: &str| {
        if named {
            format!("(?P<{name}>{alternatives})")
        } else {
            format!("(?:{alternatives})")
        }
    };
    pattern
        .replace('~', r"(?-u:\b)")
        .replace("<MEN>", &group("mon", &format!("(?-i:{MONTHS_EN})")))
        .replace("<MPE>", &group("mon", &format!("(?i:{MONTHS_PTES})")))
        .replace(
            "<M>",
            &group("mon", &format!("(?-i:{MONTHS_EN})|(?i:{MONTHS_PTES})")),
        )
}

impl TimeFinder {
    /// Compiles the table. Patterns are constants checked by tests, so failure is a bug.
    pub fn new() -> Result<TimeFinder, regex::Error> {
        let mut rows = Vec::with_capacity(TABLE.len());
        let mut alternatives = Vec::with_capacity(TABLE.len());
        for (i, (_, pattern, _)) in TABLE.iter().enumerate() {
            rows.push(Regex::new(&format!("^(?:{})", expand(pattern, true)))?);
            // The combined regex names only the row, so inner names cannot clash.
            let unnamed = strip_names(&expand(pattern, false));
            alternatives.push(format!("(?P<r{i}>{unnamed})"));
        }
        Ok(TimeFinder {
            combined: Regex::new(&alternatives.join("|"))?,
            rows,
        })
    }

    /// All time phrases in `text`, in order, not overlapping.
    ///
    /// The combined regex only finds where phrases are; which row matched is asked of the
    /// (much smaller) row patterns, anchored at the phrase: asking the combined regex for its
    /// groups made the capture engine walk the whole table for every phrase.
    pub fn find(&self, text: &str) -> Vec<TimeMention> {
        let mut found = Vec::new();
        for m in self.combined.find_iter(text) {
            let Some(rule) = self.rule_at(text, m.start()) else {
                continue;
            };
            found.push(TimeMention {
                start: m.start(),
                end: m.end(),
                rule,
            });
        }
        found
    }

    /// The row the combined regex matched with at `start`: under leftmost-first semantics, the
    /// first row that matches there.
    fn rule_at(&self, text: &str, start: usize) -> Option<usize> {
        // Every row starts with an ASCII word boundary. In `text[start..]` it holds when the
        // first byte is a word byte; in `text` the byte before must also be a non-word byte.
        // Only when that byte is a word byte (a phrase starting with "ú" right after a letter)
        // can the two disagree; then the combined regex's own groups decide.
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        let context_free = start == 0 || !text.as_bytes().get(start - 1).is_some_and(word);
        if context_free {
            let rest = text.get(start..)?;
            return self.rows.iter().position(|row| row.is_match(rest));
        }
        let caps = self.combined.captures_at(text, start)?;
        (0..TABLE.len()).find(|&i| caps.get(i + 1).is_some())
    }

    /// The window `mention` (found in `text`) denotes, resolved against `published`.
    pub fn resolve(
        &self,
        text: &str,
        mention: TimeMention,
        published: NaiveDate,
        dir: Direction,
    ) -> Option<TimeWindow> {
        let row = self.rows.get(mention.rule)?;
        // Only the matched span: the backtracker sizes its work to the haystack it is given.
        let caps = row.captures(text.get(mention.start..mention.end)?)?;
        resolve(TABLE[mention.rule].0, &caps, published, dir)
    }
}

/// `(?P<name>` → `(?:`; the patterns contain no other `(?P<`.
pub(crate) fn strip_names(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        rest = &rest[i + 4..];
        match rest.find('>') {
            Some(j) => rest = &rest[j + 1..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "timex_tests.rs"]
mod tests;
