//! Retention: dropping old items by when airadar first saw them, never by publication date, so
//! archives and the claims history survive; starred items are never dropped.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::codec::to_ms;
use super::{PruneSummary, StoreError, extraction, models};

/// Deletes unstarred items first seen before `now - retention_days`, and unstarred items beyond
/// the newest `max_items_per_source` (by first seen) of each source; then refreshes the summaries
/// of the models those items touched.
pub(crate) fn prune(
    conn: &Connection,
    max_items_per_source: u64,
    retention_days: u32,
    now: DateTime<Utc>,
) -> Result<PruneSummary, StoreError> {
    let cutoff = to_ms(now - chrono::Duration::days(i64::from(retention_days)));
    // LIMIT takes a signed integer; a cap beyond i64::MAX means no cap.
    let cap = i64::try_from(max_items_per_source).unwrap_or(i64::MAX);
    let doomed = doomed_items(conn, cutoff, cap)?;
    let mut touched = BTreeSet::new();
    let mut delete = conn.prepare_cached("DELETE FROM items WHERE id = ?1")?;
    for &id in &doomed {
        extraction::touched_by(conn, id, &mut touched)?;
        // Mentions, claims and capacity rows go with it (ON DELETE CASCADE).
        delete.execute([id])?;
    }
    let models = models::refresh(conn, &touched, |_| None)?;
    Ok(PruneSummary {
        items: doomed.len(),
        models,
    })
}

/// Ids of the unstarred items that are too old or beyond a source's cap.
fn doomed_items(conn: &Connection, cutoff: i64, cap: i64) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM items WHERE starred = 0 AND first_seen < ?1
         UNION
         SELECT id FROM (
            SELECT id, starred, row_number() OVER (
                PARTITION BY source_id ORDER BY first_seen DESC, id DESC) AS rank
            FROM items)
         WHERE starred = 0 AND rank > ?2",
    )?;
    let ids = stmt.query_map(params![cutoff, cap], |r| r.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}
