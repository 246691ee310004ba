//! What is already stored, read off the store's thread: the content hash of each item of a
//! source, so the thread that parsed a feed can skip extracting the items it would leave alone.
//!
//! A server that ignores validators answers every check with the whole feed, and a feed is
//! mostly items already stored: before this, each of them was extracted again (the larger part
//! of preparing a feed) only for the store to find its hash unchanged and drop the result.
//! What this reads is a hint: the store compares hashes again when it writes, and extracts on
//! its own thread an item whose extraction was skipped but that changed meanwhile.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::schema;

/// Page cache of the reading connection, in KiB: it reads one source's rows at a time.
const CACHE_KIB: i64 = 512;

/// Content hashes of a source's stored items, by their per-source identity (dedup key).
pub type KnownHashes = HashMap<String, i64>;

/// A read-only connection to the store's file, shared by the threads that prepare feeds.
#[derive(Debug)]
pub struct KnownItems {
    /// `None` once [`KnownItems::close`]d.
    conn: Mutex<Option<Connection>>,
}

impl KnownItems {
    /// Opens `path` for reading; it must already be an airadar database (the store opened it).
    pub(crate) fn open(path: &Path) -> Result<KnownItems, StoreError> {
        Ok(KnownItems {
            conn: Mutex::new(Some(open_reader(path, CACHE_KIB)?)),
        })
    }

    /// The hashes stored for the source named `source`: empty for a new source, once closed,
    /// and on any error (logged), which only means every item is extracted as before.
    pub fn hashes(&self, source: &str) -> KnownHashes {
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(conn) = conn.as_ref() else {
            return KnownHashes::new();
        };
        read(conn, source).unwrap_or_else(|e| {
            tracing::debug!(source, "stored item hashes not read: {e}");
            KnownHashes::new()
        })
    }

    /// Closes the connection, though others may still hold this reader. The store must close
    /// it before its own: the last connection to close a file copies the write-ahead log into
    /// it and deletes the log, which a read-only one cannot do, and a log left behind reads as
    /// a crash at the next open (every page is checked).
    pub fn close(&self) {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(conn);
    }
}

/// A read-only connection to `path` with a page cache of `cache_kib` KiB, for reading beside the
/// store's own connection.
pub(crate) fn open_reader(path: &Path, cache_kib: i64) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| schema::classify(path, e))?;
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    Ok(conn)
}

fn read(conn: &Connection, source: &str) -> Result<KnownHashes, rusqlite::Error> {
    let mut statement = conn.prepare_cached(
        "SELECT dedup_key, content_hash FROM items
         WHERE source_id = (SELECT id FROM sources WHERE name = ?1)",
    )?;
    let rows = statement.query_map([source], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
