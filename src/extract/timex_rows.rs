//! Reads a time phrase's capture groups with one bounded backtracker per table row, run directly.
//!
//! `regex::Regex::captures` on a row that is not one-pass first runs its lazy DFA over the span
//! to find where the match ends and only then the bounded backtracker for the groups; for a
//! phrase [`super::TimeFinder::find`] has already located, the DFA pass is wasted (~3 % of
//! extraction in profiles), and each call allocates its `Captures`. Here the backtracker of the
//! same pattern runs alone, anchored at the span's start, with caches and captures reused from a
//! pool. Same NFA, same leftmost-first semantics, so the same groups: tests check it against the
//! `regex` captures over the corpus and every table example.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::nfa::thompson::backtrack::{BoundedBacktracker, Cache};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};

use super::table::{Rule, TABLE};
use crate::extract::text::Named;

/// Scratch space of every row: a backtracker cache and captures each.
type Scratch = Vec<(Cache, Captures)>;
/// Builds a [`Scratch`] for a thread that has none (the pool's constructor).
type ScratchFn = Box<dyn Fn() -> Scratch + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A row's group names with their capture indexes.
type GroupIndexes = Vec<(Box<str>, usize)>;

/// One backtracker per row, with its group names, and pooled scratch space.
#[derive(Debug)]
pub(super) struct RowReader {
    rows: Vec<(BoundedBacktracker, GroupIndexes)>,
    scratch: Pool<Scratch, ScratchFn>,
}

/// Why a row's backtracker could not be built (a bug in the constant table).
pub(super) type RowBuildError = Box<regex_automata::nfa::thompson::BuildError>;

impl RowReader {
    /// Compiles `patterns` (the row patterns with their named groups, anchored with `^`).
    pub(super) fn new(patterns: &[String]) -> Result<RowReader, RowBuildError> {
        let mut rows = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let backtracker = BoundedBacktracker::new(pattern).map_err(Box::new)?;
            let names = backtracker
                .get_nfa()
                .group_info()
                .pattern_names(regex_automata::PatternID::ZERO)
                .enumerate()
                .filter_map(|(i, name)| Some((name?.into(), i)))
                .collect();
            rows.push((backtracker, names));
        }
        let makers: Vec<BoundedBacktracker> = rows.iter().map(|(b, _)| b.clone()).collect();
        let create: ScratchFn = Box::new(move || {
            makers
                .iter()
                .map(|b| (b.create_cache(), b.create_captures()))
                .collect()
        });
        Ok(RowReader {
            rows,
            scratch: Pool::new(create),
        })
    }

    /// Reads row `row`'s groups over `span` (the whole haystack, so look-around sees its ends
    /// as `regex` did on the same slice) and hands them to `read`. `None` when the row does
    /// not match at the span's start, or the span is too long for the backtracker's budget
    /// (`fallback` then reads it the slow way).
    pub(super) fn read<'h, R>(
        &self,
        row: usize,
        span: &'h str,
        read: impl FnOnce(&dyn Named<'h>) -> R,
    ) -> Option<Option<R>> {
        if let Some(fields) = TABLE
            .get(row)
            .and_then(|(rule, _, _)| plain_fields(*rule, span))
        {
            return Some(Some(read(&fields)));
        }
        let (backtracker, names) = self.rows.get(row)?;
        if span.len() > backtracker.max_haystack_len() {
            return None;
        }
        let mut scratch = self.scratch.get();
        let (cache, caps) = scratch.get_mut(row)?;
        let input = Input::new(span).anchored(Anchored::Yes);
        backtracker.try_search(cache, &input, caps).ok()?;
        if !caps.is_match() {
            return Some(None);
        }
        let fields = RowFields { span, caps, names };
        Some(Some(read(&fields)))
    }
}

/// Groups read straight off the span, for the rows whose groups sit at fixed places: words
/// without spaces split off at the first or last space, the whole span, fixed columns.
struct PlainFields<'h> {
    fields: [(&'static str, Option<&'h str>); 3],
}

impl<'h> Named<'h> for PlainFields<'h> {
    fn get(&self, name: &str) -> Option<&'h str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|&(_, text)| text)
    }
}

/// The groups of `span` (a match of `rule`'s row) when they can be read off without a search;
/// `None` for the rows that need the backtracker.
///
/// Why each is what the row's captures say: the span is a whole match of the row, ending at
/// its last group (or at `~` after it). `RelativeBefore`, `Few` and `WeekdayEn` end with a
/// space and a word without spaces (`unit`, `wd`), so that word is what follows the last space
/// and `rel`/`mod` the rest (`mod` is optional: absent when there is no space). `RelativeAfter`
/// starts with such a word. `Year` ends with its four digits, `IsoDate` is ten fixed columns,
/// `DayWord` is its group `w` alone, and `Soon` and `YearRest` have no groups.
fn plain_fields(rule: Rule, span: &str) -> Option<PlainFields<'_>> {
    let last_space = span.rfind(' ');
    let after_last = last_space.map_or(span, |i| &span[i + 1..]);
    let fields = match rule {
        Rule::Soon | Rule::YearRest => [("", None); 3],
        Rule::DayWord => [("w", Some(span)), ("", None), ("", None)],
        Rule::Year => [
            ("year", span.get(span.len().checked_sub(4)?..)),
            ("", None),
            ("", None),
        ],
        Rule::IsoDate => [
            ("y", span.get(0..4)),
            ("m", span.get(5..7)),
            ("d", span.get(8..10)),
        ],
        Rule::RelativeBefore | Rule::Few => {
            let i = last_space?;
            let rel = (rule == Rule::RelativeBefore).then(|| &span[..i]);
            [("unit", Some(after_last)), ("rel", rel), ("", None)]
        }
        Rule::RelativeAfter => {
            let (unit, rel) = span.split_once(' ')?;
            [("unit", Some(unit)), ("rel", Some(rel)), ("", None)]
        }
        Rule::WeekdayEn => {
            let modifier = last_space.map(|i| &span[..i]);
            [("wd", Some(after_last)), ("mod", modifier), ("", None)]
        }
        _ => return None,
    };
    Some(PlainFields { fields })
}

/// One row's captures read by group name.
struct RowFields<'a, 'h> {
    span: &'h str,
    caps: &'a Captures,
    names: &'a [(Box<str>, usize)],
}

impl<'h> Named<'h> for RowFields<'_, 'h> {
    fn get(&self, name: &str) -> Option<&'h str> {
        let same =
            |n: &str| n.len() == name.len() && n.bytes().zip(name.bytes()).all(|(a, b)| a == b);
        let &(_, index) = self.names.iter().find(|(n, _)| same(n))?;
        let group = self.caps.get_group(index)?;
        self.span.get(group.range())
    }
}
