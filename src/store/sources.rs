//! The `sources` table: configured sources and their fetch state (validators, back-off, errors).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{from_ms, to_ms};
use super::{SourceState, StoreError};
use crate::config::FeedSource;
use crate::feeds::{FetchError, FetchReport, Fetched};
use crate::sanitize::clean;

/// A stored source, as fetch storage needs it.
pub(crate) struct SourceRow {
    /// Row id.
    pub id: i64,
    /// Language hint from the config.
    pub lang: Option<String>,
}

/// Upserts configured sources by name. A changed URL is a different document, so its validators
/// and back-off would be wrong: they are reset.
pub(crate) fn sync(conn: &Connection, sources: &[FeedSource]) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO sources (name, url, lang) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET
            lang = excluded.lang,
            etag = CASE WHEN url = excluded.url THEN etag END,
            last_modified = CASE WHEN url = excluded.url THEN last_modified END,
            next_due = CASE WHEN url = excluded.url THEN next_due END,
            failures = CASE WHEN url = excluded.url THEN failures ELSE 0 END,
            dead = CASE WHEN url = excluded.url THEN dead ELSE 0 END,
            url = excluded.url",
    )?;
    for source in sources {
        upsert.execute(params![source.name, source.url, source.lang])?;
    }
    Ok(())
}

/// Fetch state of every stored source.
pub(crate) fn states(conn: &Connection) -> Result<HashMap<String, SourceState>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, etag, last_modified, next_due, failures, dead FROM sources",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            SourceState {
                validators: crate::feeds::Validators {
                    etag: r.get(1)?,
                    last_modified: r.get(2)?,
                },
                next_due: from_ms(r.get(3)?),
                failures: r.get(4)?,
                dead: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stored source with this name.
pub(crate) fn lookup(conn: &Connection, name: &str) -> Result<SourceRow, StoreError> {
    conn.prepare_cached("SELECT id, lang FROM sources WHERE name = ?1")?
        .query_row([name], |r| {
            Ok(SourceRow {
                id: r.get(0)?,
                lang: r.get(1)?,
            })
        })
        .optional()?
        .ok_or_else(|| StoreError::UnknownSource(name.to_string()))
}

/// Writes what a fetch did to the source's state and returns the HTTP status it had, if any.
///
/// Success (200) replaces the validators; 304 keeps them; both clear the error and the failure
/// count. A failure keeps the validators, records the message and the back-off the scheduler
/// chose, and marks the source dead on 410 Gone.
pub(crate) fn record_fetch(
    conn: &Connection,
    source_id: i64,
    report: &FetchReport,
) -> Result<Option<u16>, StoreError> {
    let elapsed = chrono::Duration::from_std(report.elapsed).unwrap_or(chrono::Duration::zero());
    let finished = to_ms(report.started + elapsed);
    let latency = i64::try_from(report.elapsed.as_millis()).unwrap_or(i64::MAX);
    let next_due = to_ms(report.next_due);
    match &report.result {
        Ok(Fetched::Modified {
            status, validators, ..
        }) => {
            conn.prepare_cached(
                "UPDATE sources SET etag = ?2, last_modified = ?3, last_fetch = ?4,
                    last_success = ?4, last_error = NULL, http_status = ?5, latency_ms = ?6,
                    next_due = ?7, failures = 0, dead = 0
                 WHERE id = ?1",
            )?
            .execute(params![
                source_id,
                validators.etag.as_deref().map(clean),
                validators.last_modified.as_deref().map(clean),
                finished,
                status,
                latency,
                next_due
            ])?;
            Ok(Some(*status))
        }
        Ok(Fetched::NotModified) => {
            conn.prepare_cached(
                "UPDATE sources SET last_fetch = ?2, last_success = ?2, last_error = NULL,
                    http_status = 304, latency_ms = ?3, next_due = ?4, failures = 0, dead = 0
                 WHERE id = ?1",
            )?
            .execute(params![source_id, finished, latency, next_due])?;
            Ok(Some(304))
        }
        Err(error) => {
            let status = match error {
                FetchError::Status { status, .. } => Some(*status),
                FetchError::Gone => Some(410),
                _ => None,
            };
            // The message may quote server text: it is shown to users, so it is sanitised.
            let message = clean(&error.to_string()).into_owned();
            conn.prepare_cached(
                "UPDATE sources SET last_fetch = ?2, last_error = ?3, http_status = ?4,
                    latency_ms = ?5, next_due = ?6, failures = ?7, dead = ?8
                 WHERE id = ?1",
            )?
            .execute(params![
                source_id,
                finished,
                message,
                status,
                latency,
                next_due,
                report.failures,
                matches!(error, FetchError::Gone)
            ])?;
            Ok(status)
        }
    }
}
