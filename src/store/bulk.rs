//! A first fetch into an empty database: its secondary indexes are built once, after the last
//! write, instead of growing one random insert at a time.
//!
//! Each stored item, claim, capacity note and model mention updates eight date- or name-ordered
//! indexes, and those inserts were ~45 % of the store thread's time in a cold fetch of 25,000
//! items (`bench/README.md`, seventh round). Building the same indexes from the finished tables
//! sorts each once and costs a fraction of that.
//!
//! Crash-safe: the indexes are dropped in the same transaction that records their definitions
//! in `deferred_index`, and rebuilt in the one that clears it. A run that dies in between leaves
//! the definitions behind, and the next open of the file builds them ([`build_pending`]).
//! Unique constraints are never deferred, so deduplication works throughout; only the speed of
//! reads by date, name or item changes while the indexes are away.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

/// The tables whose indexes a first fetch fills, and so the only ones deferred.
const BULK_TABLES: &str = "'items', 'item_models', 'claims', 'capacity'";

/// When the database holds no item yet, drops the secondary indexes of the tables a fetch fills
/// and records them to be built by [`build_pending`]. Returns how many were deferred: none when
/// there are items already, or indexes are deferred already (by another run still going, or one
/// that died). Runs inside the caller's write transaction.
pub(crate) fn defer_if_empty(tx: &Connection) -> Result<usize, StoreError> {
    let has_items = tx
        .query_row("SELECT 1 FROM items LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_some();
    let pending: i64 = tx.query_row("SELECT count(*) FROM deferred_index", [], |r| r.get(0))?;
    if has_items || pending > 0 {
        return Ok(0);
    }
    // `sql IS NULL` marks the indexes SQLite made for UNIQUE and PRIMARY KEY: they stay.
    let indexes: Vec<(String, String)> = tx
        .prepare(&format!(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES})
             ORDER BY name"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, sql) in &indexes {
        tx.execute(
            "INSERT INTO deferred_index (name, sql) VALUES (?1, ?2)",
            [name, sql],
        )?;
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(indexes.len())
}

/// How many indexes wait to be built.
pub(crate) fn pending(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM deferred_index", [], |r| r.get(0))?)
}

/// Builds the first of the indexes recorded by [`defer_if_empty`] and forgets it, inside the
/// caller's write transaction. Returns whether there was one to build (none when nothing was
/// deferred, or another run built them).
pub(crate) fn build_next(tx: &Connection) -> Result<bool, StoreError> {
    let next: Option<(String, String)> = tx
        .query_row(
            "SELECT name, sql FROM deferred_index ORDER BY name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((name, sql)) = next else {
        return Ok(false);
    };
    tx.execute_batch(&sql)?;
    tx.execute("DELETE FROM deferred_index WHERE name = ?1", [name])?;
    Ok(true)
}

/// Builds every index recorded by [`defer_if_empty`] and forgets them, inside the caller's
/// write transaction. Returns how many were built.
pub(crate) fn build_pending(tx: &Connection) -> Result<usize, StoreError> {
    let mut built = 0;
    while build_next(tx)? {
        built += 1;
    }
    Ok(built)
}
