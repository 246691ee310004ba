//! SQLite storage: schema, migrations and queries. The only module that touches SQL.
//!
//! One [`Store`] wraps one connection. Every fetch result is written in one transaction
//! ([`Store::apply_fetch`]), model summaries are kept up to date incrementally for the models a
//! fetch touched, and [`Store::report`] reads everything back as the JSON report contract.
//! Several `Store`s (threads or processes) may share a file: WAL plus a busy timeout serialise
//! their writes.

mod apply;
mod bulk;
mod checkpoint;
mod codec;
mod error;
mod extraction;
mod finish;
mod items;
mod known;
mod models;
mod models_scan;
mod report;
mod retention;
mod schema;
mod sources;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::config::FeedSource;
use crate::extract::{Catalog, Extraction};
use crate::feeds::{FetchReport, ParsedFeed, ParsedItem};
use crate::report::Report;

use apply::{catalog_facts, store_one};
use error::NameCorrupt;
pub use error::StoreError;
pub use finish::Finished;
pub use known::{KnownHashes, KnownItems};
pub use report::ReportLimits;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

/// What the scheduler needs to know about a source; the store persists it.
pub use crate::feeds::schedule::SourceState;

/// What storing one fetch result changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplySummary {
    /// Items never seen before.
    pub new: usize,
    /// Known items whose content changed and were updated in place.
    pub updated: usize,
    /// HTTP status of the fetch (200 for files, 304 when not modified), if any.
    pub status: Option<u16>,
}

/// What [`Store::prune`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneSummary {
    /// Items deleted (with their mentions, claims and capacity notes).
    pub items: usize,
    /// Model summaries recomputed or removed because they lost items.
    pub models: usize,
}

/// The extraction function [`Store::apply_fetch`] runs on new and changed items:
/// `(item, language hint, publication date) -> Extraction`.
pub type ExtractFn<'a> = dyn Fn(&ParsedItem, Option<&str>, chrono::NaiveDate) -> Extraction + 'a;

/// The airadar database.
#[derive(Debug)]
pub struct Store {
    // Declared first so it is dropped first: its thread and connection end before `conn`
    // closes, and the last connection to close is the one that empties the log.
    checkpointer: Option<checkpoint::Checkpointer>,
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and its parent folders, checks that it
    /// is an intact airadar database and brings its schema up to date.
    ///
    /// A foreign or corrupt file gives [`StoreError::Foreign`] or [`StoreError::Corrupt`] and is
    /// never written to.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, true)
    }

    /// Like [`Store::open`], but the whole-file integrity check runs only when the last session
    /// did not close the file cleanly (its write-ahead log was left behind) or another is open.
    /// The check reads every page: more than a cron `airadar fetch` with nothing new costs, and
    /// on a 100,000-item file whose pages had left the system's cache it held the dashboard's
    /// first data back by a second (1.36-1.60 s instead of 0.43-0.45 s). Damage met later is
    /// still reported as [`StoreError::Corrupt`], naming the file, by the statement that meets
    /// it, and its transaction rolls back.
    pub fn open_checked_after_crash(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, schema::log_left_behind(path))
    }

    fn open_with(path: &Path, check: bool) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: path.to_path_buf(),
                source,
            })?;
        }
        schema::check_header(path)?;
        let mut conn = schema::connect(path)?;
        schema::prepare(&mut conn, path, check)?;
        // Without its own thread the store still works, with SQLite's automatic checkpoint.
        let checkpointer = checkpoint::Checkpointer::start(&mut conn, path)
            .inspect_err(|e| tracing::warn!("checkpoints stay in the writer: {e}"))
            .ok();
        Ok(Store { checkpointer, conn })
    }

    /// A cheap check, without opening it, that `path` is absent, empty or an SQLite file:
    /// refuses anything else (a text file, another format) with the same error `open` gives.
    pub fn check_file(path: &Path) -> Result<(), StoreError> {
        schema::check_header(path)
    }

    /// A private database in memory, for tests and `--demo` runs that keep nothing.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|e| schema::classify(path, e))?;
        schema::prepare(&mut conn, path, true)?;
        // A database in memory has no log to copy.
        Ok(Store {
            checkpointer: None,
            conn,
        })
    }

    /// Upserts the configured sources by name, keeping their fetch state (validators and back-off
    /// are reset only when a source's URL changed). Sources no longer configured stay in the
    /// database, with their items, but reports leave them out.
    pub fn sync_sources(&mut self, sources: &[FeedSource]) -> Result<(), StoreError> {
        self.write(|tx| sources::sync(tx, sources))
    }

    /// Fetch state of every stored source, by name, for the scheduler.
    pub fn source_states(&self) -> Result<HashMap<String, SourceState>, StoreError> {
        sources::states(&self.conn).name_corrupt(&self.conn)
    }

    /// Stores one fetch result in one transaction: the source's fetch state, then (on 200) its
    /// items, deduplicated per source by GUID, else link, else title and date. New items and
    /// items whose content changed are run through `extract`; unchanged items are not touched.
    /// Finally the summaries of the models those items mention (and of any left stale by
    /// [`Store::apply_fetch_deferred`]) are recomputed, in the same transaction.
    pub fn apply_fetch(
        &mut self,
        report: &FetchReport,
        extract: &ExtractFn<'_>,
        catalog: &Catalog,
        now: DateTime<Utc>,
    ) -> Result<ApplySummary, StoreError> {
        self.store_fetch(report, extract, Some(catalog), now)
    }

    /// Like [`Store::apply_fetch`], but only marks the touched models stale instead of
    /// recomputing their summaries; call [`Store::refresh_models`] after a round of fetches.
    /// A bulk ingest then summarises each model once instead of once per fetch. The marks are
    /// stored with the fetch, so a crash before the refresh loses nothing.
    pub fn apply_fetch_deferred(
        &mut self,
        report: &FetchReport,
        extract: &ExtractFn<'_>,
        now: DateTime<Utc>,
    ) -> Result<ApplySummary, StoreError> {
        self.store_fetch(report, extract, None, now)
    }

    /// Does the CPU-heavy part of storing a fetched feed ahead of time, on the caller's thread:
    /// sanitises its items and runs `extract` on each with the language hint storing will use
    /// (`source_lang`, else the feed's own). [`Store::apply_fetch`] then only writes. Call it
    /// where the feed was parsed, so extraction runs beside the store's thread, not on it.
    ///
    /// Items whose key and hash are in `known` (what [`KnownItems::hashes`] read for the
    /// source) are stored already and unchanged: they are not extracted.
    pub fn prepare_feed(
        feed: &mut ParsedFeed,
        source_lang: Option<&str>,
        extract: &ExtractFn<'_>,
        now: DateTime<Utc>,
        known: &KnownHashes,
    ) {
        let hint = source_lang.or(feed.lang.as_deref()).map(str::to_string);
        items::prepare_items(&mut feed.items, hint.as_deref(), extract, now, known);
    }

    /// A reader of the items this store holds, for the threads that prepare feeds
    /// ([`KnownItems`]). `None` for a database in memory, which no other connection sees, or
    /// when the file cannot be opened again for reading (logged): feeds are then prepared in
    /// full, as they are without it.
    pub fn known_items(&self) -> Option<KnownItems> {
        let path = self.conn.path().filter(|p| !p.is_empty())?;
        KnownItems::open(Path::new(path))
            .inspect_err(|e| tracing::warn!("items are extracted again when unchanged: {e}"))
            .ok()
    }

    /// For a first fetch: when the database holds no item yet, drops the indexes that storing
    /// items, claims, capacity notes and model mentions keeps up to date, to be built once by
    /// [`Store::build_deferred_indexes`] after the last write. Returns how many were deferred
    /// (none when there are items). Reads stay correct meanwhile, only slower; a run that dies
    /// before building them leaves that to the next open of the file.
    pub fn defer_indexes_if_empty(&mut self) -> Result<usize, StoreError> {
        self.write(|tx| bulk::defer_if_empty(tx))
    }

    /// Builds the indexes [`Store::defer_indexes_if_empty`] deferred, a transaction each.
    /// Returns how many were built.
    pub fn build_deferred_indexes(&mut self) -> Result<usize, StoreError> {
        let mut built = 0;
        // One commit each: the checkpoint thread can copy an index while the next is built.
        while self.write(|tx| bulk::build_next(tx))? {
            built += 1;
        }
        // The indexes are megabytes of new pages in the log: copied now, while the summaries
        // are written, they do not all wait for the close.
        if built > 0
            && let Some(checkpointer) = &self.checkpointer
        {
            checkpointer.request();
        }
        Ok(built)
    }

    /// Recomputes the summaries of every model marked stale by
    /// [`Store::apply_fetch_deferred`], in one transaction. Returns how many were refreshed.
    pub fn refresh_models(&mut self, catalog: &Catalog) -> Result<usize, StoreError> {
        self.write(|tx| {
            models::refresh_dirty(tx, &Default::default(), |name| catalog_facts(catalog, name))
        })
    }

    /// Like [`Store::apply_fetch_deferred`] for several fetch results at once, in one
    /// transaction: a burst written in one commit writes each shared page (indexes, the sources
    /// table) once instead of once per result. If any result cannot be stored, the burst is
    /// rolled back and each result is stored in a transaction of its own, so one bad result
    /// loses nothing of the others. Results come back in the order of `reports`.
    pub fn apply_fetches_deferred(
        &mut self,
        reports: &[&FetchReport],
        extract: &ExtractFn<'_>,
        now: DateTime<Utc>,
    ) -> Vec<Result<ApplySummary, StoreError>> {
        if reports.len() > 1 {
            match self.store_burst(reports, extract, now) {
                Ok(summaries) => return summaries.into_iter().map(Ok).collect(),
                Err(e) => tracing::warn!("storing {} results at once failed: {e}", reports.len()),
            }
        }
        reports
            .iter()
            .map(|report| self.store_fetch(report, extract, None, now))
            .collect()
    }

    /// Every result of `reports` in one transaction, or none of them.
    fn store_burst(
        &mut self,
        reports: &[&FetchReport],
        extract: &ExtractFn<'_>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ApplySummary>, StoreError> {
        self.write(|tx| {
            reports
                .iter()
                .map(|report| store_one(tx, report, extract, None, now))
                .collect()
        })
    }

    /// One fetch result in one transaction; summaries refreshed now when a catalogue is given,
    /// else marked stale.
    fn store_fetch(
        &mut self,
        report: &FetchReport,
        extract: &ExtractFn<'_>,
        catalog: Option<&Catalog>,
        now: DateTime<Utc>,
    ) -> Result<ApplySummary, StoreError> {
        self.write(|tx| store_one(tx, report, extract, catalog, now))
    }

    /// Deletes old items: beyond the newest `max_items_per_source` per source, and those first
    /// seen more than `retention_days` before `now`. Both count from when airadar first saw an
    /// item, never from its publication date. Starred items are always kept. Summaries of the
    /// affected models are recomputed (keeping the vendor and aliases they had).
    pub fn prune(
        &mut self,
        max_items_per_source: u64,
        retention_days: u32,
        now: DateTime<Utc>,
    ) -> Result<PruneSummary, StoreError> {
        self.write(|tx| retention::prune(tx, max_items_per_source, retention_days, now))
    }

    /// Marks an item read or unread. Returns false when no item has this id (it may have been
    /// pruned since the UI saw it).
    pub fn set_read(&mut self, id: i64, read: bool) -> Result<bool, StoreError> {
        items::set_flag(&self.conn, id, items::Flag::Read, read).name_corrupt(&self.conn)
    }

    /// Stars or unstars an item. Returns false when no item has this id.
    pub fn set_starred(&mut self, id: i64, starred: bool) -> Result<bool, StoreError> {
        items::set_flag(&self.conn, id, items::Flag::Starred, starred).name_corrupt(&self.conn)
    }

    /// Marks every item read, or only those of one source. Returns how many changed.
    pub fn mark_all_read(&mut self, source: Option<&str>) -> Result<usize, StoreError> {
        items::mark_all_read(&self.conn, source).name_corrupt(&self.conn)
    }

    /// The full plain text of an item, for the reader pane.
    pub fn item_text(&self, id: i64) -> Result<Option<String>, StoreError> {
        items::text(&self.conn, id).name_corrupt(&self.conn)
    }

    /// Builds the report for the configured `sources` (in their order): source health, items
    /// newest first (at most `item_limit`), models by last seen, the dated timeline and capacity
    /// notes, all from one consistent snapshot. Items of sources no longer configured are left
    /// out (model summaries still count them).
    pub fn report(
        &self,
        sources: &[FeedSource],
        now: DateTime<Utc>,
        item_limit: Option<usize>,
    ) -> Result<Report, StoreError> {
        let limits = ReportLimits {
            items: item_limit,
            ..ReportLimits::FULL
        };
        self.report_within(sources, now, &limits)
    }

    /// Like [`Store::report`] with every list cut to `limits`: the dashboard's view, which
    /// stays small and quick however large the database grows.
    pub fn report_within(
        &self,
        sources: &[FeedSource],
        now: DateTime<Utc>,
        limits: &ReportLimits,
    ) -> Result<Report, StoreError> {
        // One read transaction: every part of the report sees the same snapshot even while
        // another handle commits a fetch (WAL readers never block writers).
        let read = || {
            let snapshot = self.conn.unchecked_transaction()?;
            let report = report::build(&snapshot, sources, now, limits)?;
            snapshot.commit()?;
            Ok(report)
        };
        read().name_corrupt(&self.conn)
    }

    /// Runs `body` in a write transaction taken at once (so it never has to wait half-way for
    /// another writer), committed when `body` succeeds. Damage met anywhere, beginning and
    /// committing included, comes back as [`StoreError::Corrupt`] naming the file.
    fn write<T>(
        &mut self,
        body: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let run = || {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = body(&tx)?;
            tx.commit()?;
            Ok(out)
        };
        let result = run();
        result.name_corrupt(&self.conn)
    }

    /// Runs the full `PRAGMA integrity_check`; `Ok(())` when SQLite answers "ok".
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let mut problems = Vec::new();
        self.conn.pragma_query(None, "integrity_check", |row| {
            let line: String = row.get(0)?;
            if line != "ok" {
                problems.push(line);
            }
            Ok(())
        })?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: error::file_of(&self.conn),
                reason: problems.join("; "),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine moves the store into a blocking worker thread.
    #[test]
    fn store_can_move_to_a_worker_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Store>();
        assert_send::<StoreError>();
    }

    fn log_len(path: &Path) -> u64 {
        let mut log = path.as_os_str().to_owned();
        log.push("-wal");
        std::fs::metadata(&log).map_or(0, |m| m.len())
    }

    #[test]
    fn a_store_on_a_file_limits_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        let limit: i64 = store
            .conn
            .pragma_query_value(None, "journal_size_limit", |r| r.get(0))
            .unwrap();
        assert_eq!(limit, schema::LOG_LIMIT);
    }

    /// With the checkpoints on their own thread, a log grown past the limit is cut back once
    /// it has been copied and a later commit starts it over (shown with a 1 MB limit; the
    /// commit of one row per page passes the checkpoint threshold, which wakes the thread).
    #[test]
    fn a_grown_log_is_cut_back_after_its_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let store = Store::open(&path).unwrap();
        schema::limit_log(&store.conn, 1 << 20).unwrap();
        store.conn.execute_batch("CREATE TABLE t (x BLOB)").unwrap();
        store.conn.execute_batch("BEGIN").unwrap();
        for _ in 0..checkpoint::CHECKPOINT_PAGES + 100 {
            store
                .conn
                .execute("INSERT INTO t VALUES (zeroblob(16000))", [])
                .unwrap();
        }
        store.conn.execute_batch("COMMIT").unwrap();
        let grown = log_len(&path);
        assert!(grown > 16 << 20, "the log grew to {grown} bytes");
        let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while log_len(&path) > 1 << 20 && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(20));
            store
                .conn
                .execute("INSERT INTO t VALUES (zeroblob(100))", [])
                .unwrap();
        }
        assert!(log_len(&path) <= 1 << 20, "log {} bytes", log_len(&path));
    }
}
