//! The `model_summary` table: each model's report row, recomputed only for the models a write
//! touched, from just their mentions and claims (never by re-reading the whole database).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::codec::{date_number, from_date_number, from_ms};
use crate::extract::ledger::{LedgerClaim, Mention, summarize_ledger};
use crate::extract::{Claim, ClaimKind, Precision, TimeWindow};
use crate::report::ModelReport;

/// Vendor and aliases of a model, when something (the catalogue) knows them.
pub(crate) type ModelFacts = (Option<String>, Vec<String>);

/// Recomputes the summary of every model in `names`; a model nothing mentions any more loses its
/// row. `facts` supplies vendor and aliases; when it has none, the stored row's are kept.
/// Returns how many models were refreshed.
pub(crate) fn refresh(
    conn: &Connection,
    names: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
) -> Result<usize, StoreError> {
    if names.is_empty() {
        return Ok(0); // The dashboard asks after every write, however little it touched.
    }
    summarise(conn, names, facts)?.write(conn)?;
    Ok(names.len())
}

/// New summaries, read and computed but not written yet: see [`summarise`].
#[derive(Debug, Default)]
pub(crate) struct Summaries {
    rows: Vec<Summarised>,
    /// Models nothing mentions any more, whose rows go.
    gone: Vec<String>,
}

impl Summaries {
    /// Writes the rows and deletes the rows of models that are gone.
    pub(crate) fn write(&self, conn: &Connection) -> Result<(), StoreError> {
        let mut delete = conn.prepare_cached("DELETE FROM model_summary WHERE name = ?1")?;
        for name in &self.gone {
            delete.execute([name])?;
        }
        let mut upsert = conn.prepare_cached(
            "INSERT INTO model_summary (name, last_seen, report, ledger) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen,
                report = excluded.report, ledger = excluded.ledger",
        )?;
        for row in &self.rows {
            upsert.execute(params![row.name, row.last_seen, row.report, row.ledger])?;
        }
        Ok(())
    }
}

/// Reads the mentions and claims of every model in `names` through the indexes and summarises
/// them, writing nothing.
///
/// This thread reads each model's mentions and claims while a helper thread summarises the
/// ones read before: after a first fetch (18 models, ~2,600 claims each) the two halves took
/// about as long as each other, and ran one after the other on one core.
pub(crate) fn summarise(
    conn: &Connection,
    names: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
) -> Result<Summaries, StoreError> {
    let sources = SourceNames::read(conn)?;
    let read = |name: &str| {
        let mentions = mentions(conn, name, &sources)?;
        let (ids, claims) = claims(conn, name, &sources)?;
        Ok(Entries {
            mentions,
            ids,
            claims,
        })
    };
    summarise_with(conn, names, facts, read, Helper::Thread)
}

/// A model's mentions and claims, the claims oldest first.
#[derive(Debug, Default)]
pub(super) struct Entries {
    pub(super) mentions: Vec<Mention>,
    /// Each claim's row id, by position in `claims`.
    pub(super) ids: Vec<i64>,
    pub(super) claims: Vec<LedgerClaim>,
}

/// Whether [`summarise_with`] summarises on a helper thread while it reads the next model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Helper {
    Thread,
    /// For a caller whose other core is busy already: a helper would only hold more memory.
    None,
}

/// [`summarise`] with each model's entries from `read`.
pub(super) fn summarise_with(
    conn: &Connection,
    names: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
    mut read: impl FnMut(&str) -> Result<Entries, StoreError>,
    helper: Helper,
) -> Result<Summaries, StoreError> {
    let mut gone = Vec::new();
    let rows = match helper {
        Helper::None => {
            let mut rows = Vec::new();
            for name in names {
                if let Some(read) = Read::of(conn, name, read(name)?, &facts, &mut gone)? {
                    rows.push(read.summarise()?);
                }
            }
            rows
        }
        Helper::Thread => std::thread::scope(|scope| -> Result<_, StoreError> {
            let (to_summarise, summarising) = std::sync::mpsc::sync_channel::<Read<'_>>(2);
            let summariser = scope.spawn(move || {
                summarising
                    .into_iter()
                    .map(Read::summarise)
                    .collect::<Result<Vec<_>, _>>()
            });
            for name in names {
                let Some(read) = Read::of(conn, name, read(name)?, &facts, &mut gone)? else {
                    continue;
                };
                if to_summarise.send(read).is_err() {
                    break; // The summariser panicked; joining it below re-raises that.
                }
            }
            drop(to_summarise);
            let rows = summariser
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            Ok(rows)
        })?,
    };
    Ok(Summaries { rows, gone })
}

/// A model's stored mentions and claims, read for summarising.
struct Read<'n> {
    name: &'n str,
    vendor: Option<String>,
    aliases: Vec<String>,
    mentions: Vec<Mention>,
    /// Each claim's row id, by position in `claims`.
    ids: Vec<i64>,
    claims: Vec<LedgerClaim>,
}

/// A model's summary row, ready to write.
#[derive(Debug)]
struct Summarised {
    name: String,
    last_seen: Option<i64>,
    report: String,
    ledger: String,
}

impl<'n> Read<'n> {
    /// The model's entries with its vendor and aliases; `None` (and the name added to `gone`)
    /// when nothing mentions it any more.
    fn of(
        conn: &Connection,
        name: &'n str,
        entries: Entries,
        facts: impl Fn(&str) -> Option<ModelFacts>,
        gone: &mut Vec<String>,
    ) -> Result<Option<Self>, StoreError> {
        let Entries {
            mentions,
            ids,
            claims,
        } = entries;
        if mentions.is_empty() && claims.is_empty() {
            gone.push(name.to_string());
            return Ok(None);
        }
        let (vendor, aliases) = match facts(name) {
            Some(known) => known,
            None => stored_facts(conn, name)?.unwrap_or_default(),
        };
        Ok(Some(Read {
            name,
            vendor,
            aliases,
            mentions,
            ids,
            claims,
        }))
    }

    fn summarise(self) -> Result<Summarised, serde_json::Error> {
        let summary = summarize_ledger(
            self.name,
            self.vendor.as_deref(),
            &self.aliases,
            &self.mentions,
            &self.claims,
        );
        // The ledger is kept as claim ids: the claims are already in their own table, and a
        // copy of every claim in the summary was most of the file (14 of 64 MB in the bench).
        let ledger: Vec<(i64, u64)> = summary
            .kept
            .iter()
            .map(|k| (self.ids[k.index], k.corroboration))
            .collect();
        Ok(Summarised {
            name: self.name.to_string(),
            last_seen: summary.report.last_seen.map(date_number),
            report: serde_json::to_string(&summary.report)?,
            ledger: serde_json::to_string(&ledger)?,
        })
    }
}

/// Marks models stale, for a later [`refresh_dirty`].
pub(crate) fn mark_dirty(conn: &Connection, names: &BTreeSet<String>) -> Result<(), StoreError> {
    let mut mark = conn.prepare_cached("INSERT OR IGNORE INTO model_dirty (name) VALUES (?1)")?;
    for name in names {
        mark.execute([name])?;
    }
    Ok(())
}

/// Refreshes `also` plus every model marked stale, and clears the marks.
pub(crate) fn refresh_dirty(
    conn: &Connection,
    also: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
) -> Result<usize, StoreError> {
    let mut names = dirty(conn)?;
    names.extend(also.iter().cloned());
    let refreshed = refresh(conn, &names, facts)?;
    conn.prepare_cached("DELETE FROM model_dirty")?
        .execute([])?;
    Ok(refreshed)
}

/// The models marked stale.
pub(crate) fn dirty(conn: &Connection) -> Result<BTreeSet<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT name FROM model_dirty")?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<Result<_, _>>()?)
}

/// Clears the stale marks of `names` (refreshed by the caller).
pub(crate) fn clear_dirty(conn: &Connection, names: &BTreeSet<String>) -> Result<(), StoreError> {
    let mut clear = conn.prepare_cached("DELETE FROM model_dirty WHERE name = ?1")?;
    for name in names {
        clear.execute([name])?;
    }
    Ok(())
}

/// The items mentioning a model: read from the `item_models_by_model` index alone.
const MENTIONS: &str = "SELECT source_id, published FROM item_models WHERE model = ?1";

/// Every item mentioning the model, with source names from `sources`.
fn mentions(
    conn: &Connection,
    name: &str,
    sources: &SourceNames,
) -> Result<Vec<Mention>, StoreError> {
    let mut stmt = conn.prepare_cached(MENTIONS)?;
    let mut rows = stmt.query([name])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.extend(mention(r.get(1)?, r.get(0)?, sources));
    }
    Ok(out)
}

/// A mention from its item's publication time (ms) and source id; `None` for a time out of
/// range.
pub(super) fn mention(published_ms: i64, source: i64, sources: &SourceNames) -> Option<Mention> {
    Some(Mention {
        source: sources.name(source),
        published: from_ms(Some(published_ms))?.date_naive(),
    })
}

/// The claims about a model, oldest first, in [`LedgerRow`]'s columns: without evidence and
/// link, which summarising does not look at, so they are read from the `claims_for_ledger`
/// index alone (see the schema).
const LEDGER_CLAIMS: &str =
    "SELECT kind, start, end, precision, source_id, NULL, NULL, published, fingerprint, id
     FROM claims WHERE subject = ?1 ORDER BY published, id";

/// Every claim about the model, with where it was found, oldest first, and their ids, with
/// source names from `sources`.
fn claims(
    conn: &Connection,
    name: &str,
    sources: &SourceNames,
) -> Result<(Vec<i64>, Vec<LedgerClaim>), StoreError> {
    let mut stmt = conn.prepare_cached(LEDGER_CLAIMS)?;
    let mut rows = stmt.query([name])?;
    let (mut ids, mut out) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        if let Some(row) = LedgerRow::read(r)? {
            ids.push(row.id);
            out.push(row.claim(name, sources));
        }
    }
    Ok((ids, out))
}

/// What summarising reads of a claim row, without strings: [`claim_parts`]'s columns plus
/// source id (4), fingerprint (8) and id (9).
pub(super) struct LedgerRow {
    pub(super) id: i64,
    /// Publication time in ms (`published` is its day).
    pub(super) published_ms: i64,
    kind: ClaimKind,
    window: Option<TimeWindow>,
    published: NaiveDate,
    source: i64,
    fingerprint: u64,
}

impl LedgerRow {
    /// `None` for a row this build did not write (see [`claim_parts`]).
    pub(super) fn read(r: &Row<'_>) -> rusqlite::Result<Option<Self>> {
        let Some((kind, window, published)) = claim_parts(r)? else {
            return Ok(None);
        };
        Ok(Some(LedgerRow {
            id: r.get(9)?,
            published_ms: r.get(7)?,
            kind,
            window,
            published,
            source: r.get(4)?,
            fingerprint: r.get::<_, i64>(8)? as u64, // the bit pattern stored by items.rs
        }))
    }

    /// The claim about `subject`, with its source's name from `sources`.
    pub(super) fn claim(&self, subject: &str, sources: &SourceNames) -> LedgerClaim {
        LedgerClaim {
            claim: Claim {
                subject: subject.to_string(),
                kind: self.kind,
                window: self.window,
                evidence: String::new(),
            },
            source: sources.name(self.source),
            item_url: None,
            published: self.published,
            fingerprint: self.fingerprint,
        }
    }
}

/// Source names by id, read once per refresh instead of joined into every mention and claim.
pub(super) struct SourceNames(foldhash::HashMap<i64, String>);

impl SourceNames {
    pub(super) fn read(conn: &Connection) -> Result<Self, StoreError> {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM sources")?;
        let names = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self(names))
    }

    /// The source's name (empty for an id with no source, which foreign keys rule out).
    pub(super) fn name(&self, id: i64) -> String {
        self.0.get(&id).cloned().unwrap_or_default()
    }
}

/// A claim row's columns as [`claim_from_row`] reads them (the claim aliased `c`, its source
/// `s`).
pub(crate) const CLAIM_COLUMNS: &str = "c.kind, c.start, c.end, c.precision, c.evidence, s.name,
    c.item_url, c.published, c.fingerprint";

/// Reads a claim about `subject` from the first columns of `r` ([`CLAIM_COLUMNS`]); `None` for
/// a row this build did not write (a hand-edited file), which is skipped rather than guessed.
pub(crate) fn claim_from_row(r: &Row<'_>, subject: &str) -> rusqlite::Result<Option<LedgerClaim>> {
    let Some((kind, window, published)) = claim_parts(r)? else {
        return Ok(None);
    };
    Ok(Some(LedgerClaim {
        claim: Claim {
            subject: subject.to_string(),
            kind,
            window,
            evidence: r.get(4)?,
        },
        source: r.get(5)?,
        item_url: r.get(6)?,
        published,
        fingerprint: r.get::<_, i64>(8)? as u64, // the bit pattern stored by items.rs
    }))
}

/// A claim row's kind (column 0), window (columns 1 to 3) and publication date (column 7);
/// `None` for a kind or date this build does not write.
fn claim_parts(
    r: &Row<'_>,
) -> rusqlite::Result<Option<(ClaimKind, Option<TimeWindow>, NaiveDate)>> {
    // Kind and precision are compared in place, without a String per row.
    let text = |i| -> rusqlite::Result<Option<&str>> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => std::str::from_utf8(t).ok(),
            _ => None,
        })
    };
    let (Some(kind), Some(published)) = (
        text(0)?.and_then(ClaimKind::from_name),
        from_ms(Some(r.get(7)?)),
    ) else {
        return Ok(None);
    };
    let window = match (
        from_date_number(r.get(1)?),
        from_date_number(r.get(2)?),
        text(3)?.and_then(Precision::from_name),
    ) {
        (Some(start), Some(end), Some(precision)) => Some(TimeWindow {
            start,
            end,
            precision,
        }),
        _ => None,
    };
    Ok(Some((kind, window, published.date_naive())))
}

/// Vendor and aliases from the model's stored row, if it has one.
fn stored_facts(conn: &Connection, name: &str) -> Result<Option<ModelFacts>, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT report FROM model_summary WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    match json {
        Some(json) => {
            let row: ModelReport = serde_json::from_str(&json)?;
            Ok(Some((row.vendor, row.aliases)))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql`, one line per step.
    fn plan(conn: &Connection, sql: &str) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(["GPT-5"], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_refresh_reads_mentions_and_claims_from_indexes_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::prepare(&mut conn, std::path::Path::new(":memory:"), false).unwrap();
        assert_eq!(
            plan(&conn, MENTIONS),
            ["SEARCH item_models USING COVERING INDEX item_models_by_model (model=?)"]
        );
        assert_eq!(
            plan(&conn, LEDGER_CLAIMS),
            ["SEARCH claims USING COVERING INDEX claims_for_ledger (subject=?)"]
        );
    }
}
