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

use std::ops::Range;

use chrono::NaiveDate;
use regex::Regex;
use regex_automata::meta;

use super::text::Groups;
use super::{Precision, TimeWindow};

#[path = "timex_resolve.rs"]
mod resolve;
#[path = "timex_rows.rs"]
mod rows;
#[path = "timex_table.rs"]
mod table;

use resolve::resolve;
use rows::{RowBuildError, RowReader};
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

/// The compiled [`table::TABLE`]: one multi-pattern regex to find phrases (it reports which row
/// matched), one backtracker per row to read them ([`RowReader`]), and one regex per row for a
/// phrase too long for its backtracker's budget.
#[derive(Debug)]
pub struct TimeFinder {
    combined: meta::Regex,
    readers: RowReader,
    rows: Vec<(Regex, Groups)>,
}

/// Why the time table could not be compiled (a bug in the constant table).
#[derive(Debug, thiserror::Error)]
pub enum TimeBuildError {
    /// A row pattern failed to compile.
    #[error("time pattern: {0}")]
    Row(#[from] regex::Error),
    /// The combined patterns failed to compile.
    #[error("time patterns: {0}")]
    Combined(#[from] Box<meta::BuildError>),
    /// A row's backtracker failed to compile.
    #[error("time row reader: {0}")]
    Reader(#[from] RowBuildError),
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
    pub fn new() -> Result<TimeFinder, TimeBuildError> {
        let mut rows = Vec::with_capacity(TABLE.len());
        let mut patterns = Vec::with_capacity(TABLE.len());
        let mut anchored = Vec::with_capacity(TABLE.len());
        for (_, pattern, _) in TABLE {
            let row_pattern = format!("^(?:{})", expand(pattern, true));
            let row = Regex::new(&row_pattern)?;
            let groups = Groups::of(&row);
            rows.push((row, groups));
            anchored.push(row_pattern);
            patterns.push(strip_names(&expand(pattern, false)));
        }
        Ok(TimeFinder {
            combined: meta::Regex::new_many(&patterns).map_err(Box::new)?,
            readers: RowReader::new(&anchored)?,
            rows,
        })
    }

    /// All time phrases in `text`, in order, not overlapping.
    ///
    /// The rows are the patterns of one leftmost-first multi-pattern regex, which matches as
    /// their alternation in table order would and reports the row it matched with: no capture
    /// groups, and no second look at the rows to tell which one it was.
    pub fn find(&self, text: &str) -> Vec<TimeMention> {
        self.combined
            .find_iter(text)
            .map(|m| TimeMention {
                start: m.start(),
                end: m.end(),
                rule: m.pattern().as_usize(),
            })
            .collect()
    }

    /// The phrases of [`Self::find`] that lie in `range` of `text`, found by searching only
    /// there (look-around still sees the text around it).
    ///
    /// For a sentence of [`super::text::sentences`] these are exactly the phrases of
    /// [`Self::find`] that start in it: no phrase contains a newline or a sentence mark, and
    /// none starts or ends with a space, so none crosses a sentence boundary.
    pub fn find_in(&self, text: &str, range: Range<usize>) -> Vec<TimeMention> {
        let input = regex_automata::Input::new(text).range(range);
        self.combined
            .find_iter(input)
            .map(|m| TimeMention {
                start: m.start(),
                end: m.end(),
                rule: m.pattern().as_usize(),
            })
            .collect()
    }

    /// The window `mention` (found in `text`) denotes, resolved against `published`.
    pub fn resolve(
        &self,
        text: &str,
        mention: TimeMention,
        published: NaiveDate,
        dir: Direction,
    ) -> Option<TimeWindow> {
        // Only the matched span: the backtracker sizes its work to the haystack it is given.
        let span = text.get(mention.start..mention.end)?;
        let rule = TABLE.get(mention.rule)?.0;
        if let Some(window) = self.readers.read(mention.rule, span, |fields| {
            resolve(rule, fields, published, dir)
        }) {
            return window.flatten();
        }
        self.resolve_slowly(span, mention.rule, published, dir)
    }

    /// [`Self::resolve`] through the row's `regex` captures: for a span too long for the
    /// row's backtracker, and as the reference the tests hold [`RowReader`] to.
    fn resolve_slowly(
        &self,
        span: &str,
        rule: usize,
        published: NaiveDate,
        dir: Direction,
    ) -> Option<TimeWindow> {
        let (row, groups) = self.rows.get(rule)?;
        let caps = row.captures(span)?;
        resolve(TABLE.get(rule)?.0, &groups.read(&caps), published, dir)
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

#[cfg(test)]
#[path = "timex_rows_tests.rs"]
mod rows_tests;
