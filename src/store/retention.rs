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
///
/// Cheap when there is nothing to drop, as on most fetches: the age test walks each source's
/// `(source_id, first_seen)` index from its oldest entry (`CROSS JOIN` keeps sources outermost),
/// and only sources holding more than `cap` items (counted by triggers) are ranked.
fn doomed_items(conn: &Connection, cutoff: i64, cap: i64) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id FROM sources s CROSS JOIN items i
            ON i.source_id = s.id AND i.first_seen < ?1
         WHERE i.starred = 0
         UNION
         SELECT id FROM (
            SELECT id, starred, row_number() OVER (
                PARTITION BY source_id ORDER BY first_seen DESC, id DESC) AS rank
            FROM items
            WHERE source_id IN (SELECT id FROM sources WHERE item_count > ?2))
         WHERE starred = 0 AND rank > ?2",
    )?;
    let ids = stmt.query_map(params![cutoff, cap], |r| r.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}
