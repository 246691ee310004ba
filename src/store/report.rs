//! Reading the store back as the [`Report`] contract. Every query walks an index in the order
//! the report wants and touches no item rows beyond the ones returned: no table sort, no join
//! per timeline entry, no counting of items (triggers keep the counts). The cost grows with the
//! rows returned, which `item_limit` bounds for items; the timeline and capacity lists are
//! complete by contract.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::StoreError;
use super::codec::{from_date_number, from_ms};
use super::extraction::split_providers;
use super::models::{CLAIM_COLUMNS, claim_from_row};
use crate::config::FeedSource;
use crate::extract::ledger::claim_report;
use crate::report::{
    CapacityReport, ClaimReport, ItemReport, ModelReport, QuantityReport, Report, SourceReport,
    SourceStatus, TimelineEntry,
};

/// Configured sources present in the store: row id → name.
type Configured = HashMap<i64, String>;

/// How much of each list a report carries; `None` means all of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportLimits {
    /// Newest items.
    pub items: Option<usize>,
    /// Timeline entries with the latest windows (so the future and the recent past).
    pub timeline: Option<usize>,
    /// Newest capacity notes.
    pub capacity: Option<usize>,
    /// Newest claims in each model's ledger.
    pub claims_per_model: Option<usize>,
}

impl ReportLimits {
    /// Everything: what `airadar report` prints.
    pub const FULL: ReportLimits = ReportLimits {
        items: None,
        timeline: None,
        capacity: None,
        claims_per_model: None,
    };
}

/// Builds the report for the configured `sources`, each list cut to `limits`.
pub(crate) fn build(
    conn: &Connection,
    sources: &[FeedSource],
    now: DateTime<Utc>,
    limits: &ReportLimits,
) -> Result<Report, StoreError> {
    let (source_rows, configured) = source_reports(conn, sources)?;
    Ok(Report {
        generated_at: now,
        sources: source_rows,
        items: items(conn, &configured, limits.items)?,
        models: models(conn, limits.claims_per_model)?,
        timeline: timeline(conn, &configured, limits.timeline)?,
        capacity: capacity(conn, &configured, limits.capacity)?,
    })
}

/// One row per configured source, in config order; a source the store has not seen is pending.
fn source_reports(
    conn: &Connection,
    sources: &[FeedSource],
) -> Result<(Vec<SourceReport>, Configured), StoreError> {
    let mut by_name = conn.prepare_cached(
        "SELECT id, last_fetch, last_success, last_error, http_status, latency_ms, next_due,
                failures, dead, item_count, unread_count
         FROM sources WHERE name = ?1",
    )?;
    let mut reports = Vec::with_capacity(sources.len());
    let mut configured = Configured::new();
    for source in sources {
        let mut report = SourceReport {
            name: source.name.clone(),
            url: source.url.clone(),
            lang: source.lang.clone(),
            ..SourceReport::default()
        };
        let mut rows = by_name.query([&source.name])?;
        if let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            report.last_fetch = from_ms(r.get(1)?);
            report.last_success = from_ms(r.get(2)?);
            report.error = r.get(3)?;
            report.http_status = r.get(4)?;
            report.latency_ms = r.get::<_, Option<i64>>(5)?.map(|ms| ms.max(0) as u64);
            report.next_fetch = from_ms(r.get(6)?);
            report.failures = r.get(7)?;
            report.dead = r.get(8)?;
            report.status = match (&report.error, report.last_fetch) {
                (Some(_), _) => SourceStatus::Error,
                (None, Some(_)) => SourceStatus::Ok,
                (None, None) => SourceStatus::Pending,
            };
            report.items = r.get::<_, i64>(9)?.max(0) as u64;
            report.unread = r.get::<_, i64>(10)?.max(0) as u64;
            configured.insert(id, source.name.clone());
        }
        reports.push(report);
    }
    Ok((reports, configured))
}

/// Items newest first, walking the `published` index and skipping unconfigured sources.
fn items(
    conn: &Connection,
    configured: &Configured,
    limit: Option<usize>,
) -> Result<Vec<ItemReport>, StoreError> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, source_id, title, url, published, lang, read, starred, providers
         FROM items ORDER BY published DESC, id DESC",
    )?;
    let mut rows = stmt.query([])?;
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let Some(source) = configured.get(&r.get::<_, i64>(1)?) else {
            continue;
        };
        out.push(ItemReport {
            id: r.get(0)?,
            source: source.clone(),
            title: r.get(2)?,
            url: r.get(3)?,
            published: from_ms(r.get(4)?),
            lang: r.get(5)?,
            models: Vec::new(),
            providers: split_providers(&r.get::<_, String>(8)?),
            read: r.get(6)?,
            starred: r.get(7)?,
        });
    }
    attach_mentions(conn, &mut out)?;
    Ok(out)
}

/// Fills `models` of each item, a few hundred ids per query.
fn attach_mentions(conn: &Connection, items: &mut [ItemReport]) -> Result<(), StoreError> {
    const CHUNK: usize = 500;
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let ids: Vec<i64> = items.iter().map(|it| it.id).collect();
    for chunk in ids.chunks(CHUNK) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // The ids are integers this function formatted itself, so inlining them is safe.
        let sql = format!(
            "SELECT item_id, model FROM item_models WHERE item_id IN ({list})
             ORDER BY item_id, position"
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&at) = index.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            items[at].models.push(r.get(1)?);
        }
    }
    Ok(())
}

/// Model rows, most recently seen first, each ledger cut to its newest `claims` claims.
fn models(conn: &Connection, claims: Option<usize>) -> Result<Vec<ModelReport>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT report, ledger FROM model_summary ORDER BY last_seen DESC, name")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut model: ModelReport = serde_json::from_str(&r.get::<_, String>(0)?)?;
        match r.get::<_, Option<String>>(1)? {
            Some(ledger) => {
                let ledger: Vec<(i64, u64)> = serde_json::from_str(&ledger)?;
                // Oldest first: keep the tail.
                let cut = claims.map_or(0, |keep| ledger.len().saturating_sub(keep));
                model.claims = ledger_claims(conn, &model.name, &ledger[cut..])?;
            }
            // A row written before the ledger was kept as ids (schema 3) carries its claims.
            None => {
                if let Some(keep) = claims {
                    let cut = model.claims.len().saturating_sub(keep);
                    model.claims.drain(..cut);
                }
            }
        }
        out.push(model);
    }
    Ok(out)
}

/// The claims a ledger names, in its order. Between an item's change and its models' refresh a
/// ledger may name claims that are gone, or whose id SQLite gave to a new claim: those are left
/// out unless still about the same model.
fn ledger_claims(
    conn: &Connection,
    subject: &str,
    ledger: &[(i64, u64)],
) -> Result<Vec<ClaimReport>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLUMNS} FROM claims c JOIN sources s ON s.id = c.source_id
         WHERE c.id = ?1 AND c.subject = ?2"
    ))?;
    let mut out = Vec::with_capacity(ledger.len());
    for &(id, corroboration) in ledger {
        let mut rows = stmt.query(rusqlite::params![id, subject])?;
        if let Some(r) = rows.next()?
            && let Some(claim) = claim_from_row(r, subject)?
        {
            out.push(claim_report(&claim, corroboration));
        }
    }
    Ok(out)
}

/// Dated claims from configured sources, by window start; with a `limit`, the ones with the
/// latest windows (walked backwards, then put back in order).
fn timeline(
    conn: &Connection,
    configured: &Configured,
    limit: Option<usize>,
) -> Result<Vec<TimelineEntry>, StoreError> {
    let sql = if limit.is_some() {
        "SELECT subject, kind, start, end, precision, item_url, source_id, evidence
         FROM claims WHERE start IS NOT NULL ORDER BY start DESC, end DESC, id DESC"
    } else {
        "SELECT subject, kind, start, end, precision, item_url, source_id, evidence
         FROM claims WHERE start IS NOT NULL ORDER BY start, end, id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    let limit = limit.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let Some(source) = configured.get(&r.get::<_, i64>(6)?) else {
            continue;
        };
        let (Some(start), Some(end)) = (from_date_number(r.get(2)?), from_date_number(r.get(3)?))
        else {
            continue;
        };
        out.push(TimelineEntry {
            subject: r.get(0)?,
            kind: r.get(1)?,
            start,
            end,
            precision: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            item_url: r.get(5)?,
            source: source.clone(),
            evidence: r.get(7)?,
        });
    }
    if limit != usize::MAX {
        out.reverse();
    }
    Ok(out)
}

/// Capacity notes from configured sources, newest item first.
fn capacity(
    conn: &Connection,
    configured: &Configured,
    limit: Option<usize>,
) -> Result<Vec<CapacityReport>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider, quantities, note, item_url, published, source_id
         FROM capacity ORDER BY published DESC, id",
    )?;
    let mut rows = stmt.query([])?;
    let limit = limit.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let Some(source) = configured.get(&r.get::<_, i64>(5)?) else {
            continue;
        };
        let quantities: Vec<QuantityReport> = serde_json::from_str(&r.get::<_, String>(1)?)?;
        out.push(CapacityReport {
            provider: r.get(0)?,
            quantities,
            note: r.get(2)?,
            item_url: r.get(3)?,
            published: from_ms(r.get(4)?).map(|t| t.date_naive()),
            source: source.clone(),
        });
    }
    Ok(out)
}
