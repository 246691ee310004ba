//! Turning a sentence's models, cues and time phrases into claims.
//!
//! Rules, in order:
//! 1. A sentence without a model makes no claim.
//! 2. Each model is the subject of the nearest action cue (any kind but rumoured) in its clause.
//!    A cue whose clause names no model takes the nearest model named before it in the sentence
//!    ("…, mas foi adiado para o início de 2025" is about the model named before the comma),
//!    else the nearest after it. Announcement cues do not borrow: "X announced that …" leaves
//!    the model to the cue of the clause that names it.
//! 3. A cue's window is the first time phrase after it in its clause, else the nearest one
//!    before it there, else the nearest phrase in a clause of the sentence that has no cue of
//!    its own ("Last week, OpenAI released …"). It is resolved in the cue's tense.
//! 4. A rumour cue ("segundo fontes") turns the sentence's expected and announced claims into
//!    rumoured ones; with no other cue, every model of the sentence is rumoured.
//! 5. In a headline, a release or announcement without a time phrase is dated to the item's
//!    publication ("OpenAI launches GPT-4.5").

use std::ops::Range;

use chrono::NaiveDate;

use super::cues::{CueMention, direction};
use super::text::{clause_of, clause_starts};
use super::timex::{Direction, TimeFinder, TimeMention};
use super::{Claim, ClaimKind, Precision, TimeWindow};

/// Longest evidence kept, in bytes (cut on a character boundary).
const MAX_EVIDENCE: usize = 600;

/// What one sentence holds, with absolute byte offsets into `text`.
pub struct SentenceFacts<'a> {
    /// The whole item text.
    pub text: &'a str,
    /// The sentence's range.
    pub sentence: Range<usize>,
    /// Accepted model mentions in the sentence: span and canonical name.
    pub models: &'a [(Range<usize>, &'a str)],
    /// Cues in the sentence.
    pub cues: &'a [CueMention],
    /// Time phrases in the sentence.
    pub times: &'a [TimeMention],
    /// The sentence is the headline (rule 5).
    pub headline: bool,
}

fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    // Zero when they overlap, else the bytes between them.
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

/// The sentence as evidence: cleaned of control characters and capped in length.
pub fn evidence(sentence: &str) -> String {
    let cleaned = crate::sanitize::clean(sentence);
    let trimmed = cleaned.trim();
    if trimmed.len() <= MAX_EVIDENCE {
        return trimmed.to_string();
    }
    let mut cut = MAX_EVIDENCE;
    while !trimmed.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &trimmed[..cut])
}

/// Appends the claims of one sentence to `out` (see the module docs for the rules).
pub fn sentence_claims(
    facts: &SentenceFacts<'_>,
    finder: &TimeFinder,
    published: NaiveDate,
    out: &mut Vec<Claim>,
) {
    if facts.models.is_empty() {
        return;
    }
    let rumor = facts.cues.iter().any(|c| c.kind == ClaimKind::Rumored);
    let actions: Vec<&CueMention> = facts
        .cues
        .iter()
        .filter(|c| c.kind != ClaimKind::Rumored)
        .collect();
    // Cleaned only once a claim needs it: most sentences with a model make none.
    let mut cleaned: Option<String> = None;
    let resolve = |t: &TimeMention, dir: Direction| finder.resolve(facts.text, *t, published, dir);
    let mut push = |subject: &str, kind: ClaimKind, window: Option<TimeWindow>| {
        let evidence = cleaned
            .get_or_insert_with(|| evidence(&facts.text[facts.sentence.clone()]))
            .clone();
        let claim = Claim {
            subject: subject.to_string(),
            kind,
            window,
            evidence,
        };
        if !out.contains(&claim) {
            out.push(claim);
        }
    };

    if actions.is_empty() {
        if rumor {
            let window = facts
                .times
                .iter()
                .find_map(|t| resolve(t, Direction::Neutral));
            for (_, name) in facts.models {
                push(name, ClaimKind::Rumored, window);
            }
        }
        return;
    }

    let clauses = clause_starts(facts.text, facts.sentence.clone());
    let clause = |offset: usize| clause_of(&clauses, offset);
    let cue_range = |c: &CueMention| c.start..c.end;

    // Rule 2: models to their nearest cue in the clause.
    let mut subjects: Vec<Vec<&str>> = vec![Vec::new(); actions.len()];
    for (span, name) in facts.models {
        let nearest = actions
            .iter()
            .enumerate()
            .filter(|(_, c)| clause(c.start) == clause(span.start))
            .min_by_key(|(_, c)| gap(&cue_range(c), span));
        if let Some((i, _)) = nearest {
            subjects[i].push(name);
        }
    }
    for (i, cue) in actions.iter().enumerate() {
        let clause_has_model = facts
            .models
            .iter()
            .any(|(s, _)| clause(s.start) == clause(cue.start));
        if subjects[i].is_empty() && !clause_has_model && cue.kind != ClaimKind::Announced {
            let before = facts.models.iter().rfind(|(s, _)| s.end <= cue.start);
            let after = || facts.models.iter().find(|(s, _)| s.start >= cue.end);
            if let Some((_, name)) = before.or_else(after) {
                subjects[i].push(name);
            }
        }
    }

    // Rule 3: a window per cue.
    let cue_clauses: Vec<usize> = actions.iter().map(|c| clause(c.start)).collect();
    for (i, cue) in actions.iter().enumerate() {
        if subjects[i].is_empty() {
            continue;
        }
        let dir = direction(cue);
        let here = clause(cue.start);
        let in_clause = facts.times.iter().filter(|t| clause(t.start) == here);
        let after = in_clause
            .clone()
            .filter(|t| t.start >= cue.end)
            .min_by_key(|t| t.start);
        let before = in_clause
            .filter(|t| t.end <= cue.start)
            .max_by_key(|t| t.end);
        let elsewhere = || {
            facts
                .times
                .iter()
                .filter(|t| !cue_clauses.contains(&clause(t.start)))
                .min_by_key(|t| gap(&(t.start..t.end), &cue_range(cue)))
        };
        let mut window = after
            .or(before)
            .or_else(elsewhere)
            .and_then(|t| resolve(t, dir));
        if window.is_none()
            && facts.headline
            && matches!(cue.kind, ClaimKind::Released | ClaimKind::Announced)
        {
            window = Some(TimeWindow {
                start: published,
                end: published,
                precision: Precision::Day,
            });
        }
        let kind = match cue.kind {
            ClaimKind::Expected | ClaimKind::Announced if rumor => ClaimKind::Rumored,
            kind => kind,
        };
        for name in &subjects[i] {
            push(name, kind, window);
        }
    }
}

/// Drops a claim without a window when the item makes the same claim (subject and kind) with
/// one: the dated claim says everything the undated one does.
pub fn drop_undated_duplicates(claims: &mut Vec<Claim>) {
    let dated: Vec<(String, ClaimKind)> = claims
        .iter()
        .filter(|c| c.window.is_some())
        .map(|c| (c.subject.clone(), c.kind))
        .collect();
    claims.retain(|c| {
        c.window.is_some() || !dated.iter().any(|(s, k)| *s == c.subject && *k == c.kind)
    });
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
