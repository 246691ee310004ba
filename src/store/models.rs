//! The `model_summary` table: each model's report row, recomputed only for the models a write
//! touched, from just their mentions and claims (never by re-reading the whole database).

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::codec::{date_number, from_date_number, from_ms};
use crate::extract::ledger::{LedgerClaim, Mention, summarize};
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
    for name in names {
        let mentions = mentions(conn, name)?;
        let claims = claims(conn, name)?;
        if mentions.is_empty() && claims.is_empty() {
            conn.prepare_cached("DELETE FROM model_summary WHERE name = ?1")?
                .execute([name])?;
            continue;
        }
        let (vendor, aliases) = match facts(name) {
            Some(known) => known,
            None => stored_facts(conn, name)?.unwrap_or_default(),
        };
        let row = summarize(name, vendor.as_deref(), &aliases, &mentions, &claims);
        conn.prepare_cached(
            "INSERT INTO model_summary (name, last_seen, report) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen,
                report = excluded.report",
        )?
        .execute(params![
            name,
            row.last_seen.map(date_number),
            serde_json::to_string(&row)?
        ])?;
    }
    Ok(names.len())
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
    let mut names = also.clone();
    {
        let mut stmt = conn.prepare_cached("SELECT name FROM model_dirty")?;
        for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
            names.insert(name?);
        }
    }
    let refreshed = refresh(conn, &names, facts)?;
    conn.prepare_cached("DELETE FROM model_dirty")?
        .execute([])?;
    Ok(refreshed)
}

/// Every item mentioning the model.
fn mentions(conn: &Connection, name: &str) -> Result<Vec<Mention>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.name, m.published FROM item_models m JOIN sources s ON s.id = m.source_id
         WHERE m.model = ?1",
    )?;
    let rows = stmt.query_map([name], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (source, published) = row?;
        if let Some(published) = from_ms(Some(published)) {
            out.push(Mention {
                source,
                published: published.date_naive(),
            });
        }
    }
    Ok(out)
}

/// Every claim about the model, with where it was found, oldest first.
fn claims(conn: &Connection, name: &str) -> Result<Vec<LedgerClaim>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.kind, c.start, c.end, c.precision, c.evidence,
                s.name, c.item_url, c.published, c.fingerprint
         FROM claims c JOIN sources s ON s.id = c.source_id
         WHERE c.subject = ?1 ORDER BY c.published, c.id",
    )?;
    let rows = stmt.query_map([name], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, i64>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, start, end, precision, evidence, source, item_url, published, fingerprint) =
            row?;
        // Rows this build did not write (a hand-edited file) are skipped rather than guessed.
        let (Some(kind), Some(published)) = (ClaimKind::from_name(&kind), from_ms(Some(published)))
        else {
            continue;
        };
        let window = match (
            from_date_number(start),
            from_date_number(end),
            precision.as_deref().and_then(Precision::from_name),
        ) {
            (Some(start), Some(end), Some(precision)) => Some(TimeWindow {
                start,
                end,
                precision,
            }),
            _ => None,
        };
        out.push(LedgerClaim {
            claim: Claim {
                subject: name.to_string(),
                kind,
                window,
                evidence,
            },
            source,
            item_url,
            published: published.date_naive(),
            fingerprint: fingerprint as u64, // the bit pattern stored by items.rs
        });
    }
    Ok(out)
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
