//! Opening a database file safely: identity and integrity checks, pragmas, schema migrations.
//!
//! A file that is not ours (another program's SQLite database, or garbage) is refused before
//! anything is written to it, so a mistyped `--db` never destroys someone's data.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::StoreError;
use super::error::is_damage;

/// `PRAGMA application_id` of an airadar database: "AIRD" in ASCII.
pub const APPLICATION_ID: i32 = 0x4149_5244;

/// How long a writer waits for another connection's lock before giving up. Fetch transactions
/// are short, so a second instance waiting this long means something is wrong.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes of the file SQLite may map into memory: none. Mapping saved little on reports but made
/// every page the open-time check reads count as the process's own memory (RSS grew with the
/// database: 260 MB of a 300 MB RSS at 100,000 items was the mapped file).
const MMAP_SIZE: i64 = 0;

/// Page size of a new database file (an existing file keeps its own). A commit writes every
/// page it dirtied to the log, two `pwrite`s per page, and new items dirty leaf pages all over
/// the date-ordered indexes: 16 KiB pages took a cold fetch of 500 feeds from 2.16-2.47 s to
/// 1.98-2.24 s (7 pairs of alternating runs, the same binary), with less kernel time and a
/// slightly smaller file.
const PAGE_SIZE: i64 = 16 * 1024;

/// Page cache size; negative means KiB in SQLite's convention. 8 MiB holds the indexes a fetch
/// writes to; 16 MiB made a cold 25,000-item fetch no faster and its peak memory 8 MB higher
/// (`bench/README.md`); the operating system caches the rest of the file anyway.
const CACHE_KIB: i64 = -8 * 1024;

/// Bytes the write-ahead log is cut back to when SQLite starts it over (`journal_size_limit`).
/// SQLite reuses the log from its start once a checkpoint has copied all of it, but never
/// shrinks the file: a dashboard's first start left an 86 MB log beside a 47 MB database for
/// as long as it ran. A cold `airadar fetch` of 25,000 items peaks at ~26 MB of log, so 32 MiB
/// leaves it untouched; a larger log is cut back at its next restart.
pub(crate) const LOG_LIMIT: i64 = 32 * 1024 * 1024;

/// Schema steps in order; step `n` (1-based) brings `user_version` from `n - 1` to `n`.
/// Later work appends steps; it never edits a published one.
const MIGRATIONS: &[&str] = &[
    // 1: sources, items and what extraction found in them.
    //
    // Mentions, claims and capacity rows repeat their item's source, link and date: the report walks them
    // in their own index order, and a join into the (large) item rows per entry cost more than
    // the rest of the report (and a model's summary reads its mentions from one index). An item's source never changes, and its rows are rewritten
    // whenever the item changes, so the copies cannot drift.
    // Item and unread counts per source are kept by triggers, so the report reads 1 row per
    // source instead of counting 100,000 items.
    "CREATE TABLE sources (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        url           TEXT NOT NULL,
        lang          TEXT,
        etag          TEXT,
        last_modified TEXT,
        last_fetch    INTEGER,
        last_success  INTEGER,
        last_error    TEXT,
        http_status   INTEGER,
        latency_ms    INTEGER,
        next_due      INTEGER,
        failures      INTEGER NOT NULL DEFAULT 0,
        dead          INTEGER NOT NULL DEFAULT 0,
        item_count    INTEGER NOT NULL DEFAULT 0,
        unread_count  INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE items (
        id           INTEGER PRIMARY KEY,
        source_id    INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        dedup_key    TEXT NOT NULL,
        guid         TEXT,
        url          TEXT,
        title        TEXT NOT NULL,
        text         TEXT NOT NULL,
        published    INTEGER NOT NULL,
        updated      INTEGER,
        first_seen   INTEGER NOT NULL,
        lang         TEXT,
        read         INTEGER NOT NULL DEFAULT 0,
        starred      INTEGER NOT NULL DEFAULT 0,
        fingerprint  INTEGER NOT NULL DEFAULT 0,
        content_hash INTEGER NOT NULL,
        UNIQUE (source_id, dedup_key)
    );
    CREATE INDEX items_by_published ON items (published DESC, id DESC);
    CREATE INDEX items_by_source_seen ON items (source_id, first_seen);
    CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
        UPDATE sources SET item_count = item_count + 1,
            unread_count = unread_count + (NEW.read = 0)
        WHERE id = NEW.source_id;
    END;
    CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
        UPDATE sources SET item_count = item_count - 1,
            unread_count = unread_count - (OLD.read = 0)
        WHERE id = OLD.source_id;
    END;
    CREATE TRIGGER items_count_read AFTER UPDATE OF read ON items
    WHEN OLD.read <> NEW.read BEGIN
        UPDATE sources SET unread_count = unread_count + (NEW.read = 0) - (OLD.read = 0)
        WHERE id = NEW.source_id;
    END;
    CREATE TABLE item_models (
        item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        model     TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        published INTEGER NOT NULL,
        PRIMARY KEY (item_id, model)
    );
    CREATE INDEX item_models_by_model ON item_models (model, published, source_id);
    CREATE TABLE item_providers (
        item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        provider TEXT NOT NULL,
        PRIMARY KEY (item_id, provider)
    );
    CREATE TABLE claims (
        id        INTEGER PRIMARY KEY,
        item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL,
        item_url  TEXT,
        published INTEGER NOT NULL,
        subject   TEXT NOT NULL,
        kind      TEXT NOT NULL,
        start     INTEGER,
        end       INTEGER,
        precision TEXT,
        evidence  TEXT NOT NULL
    );
    CREATE INDEX claims_by_item ON claims (item_id);
    CREATE INDEX claims_by_subject ON claims (subject);
    CREATE INDEX claims_by_start ON claims (start, end) WHERE start IS NOT NULL;
    CREATE TABLE capacity (
        id         INTEGER PRIMARY KEY,
        item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        source_id  INTEGER NOT NULL,
        item_url   TEXT,
        published  INTEGER NOT NULL,
        provider   TEXT NOT NULL,
        note       TEXT NOT NULL,
        quantities TEXT NOT NULL
    );
    CREATE INDEX capacity_by_item ON capacity (item_id);
    CREATE INDEX capacity_by_published ON capacity (published DESC, id);
    CREATE TABLE model_summary (
        name      TEXT PRIMARY KEY,
        last_seen INTEGER,
        report    TEXT NOT NULL
    );
    CREATE INDEX model_summary_by_last_seen ON model_summary (last_seen DESC, name);
    -- Models whose summary is stale: written with a deferred fetch, cleared by a refresh. Kept
    -- in the file so a crash between the two loses no refresh.
    CREATE TABLE model_dirty (name TEXT PRIMARY KEY);",
    // 2: claims carry their item's near-duplicate fingerprint, and are indexed by subject in
    // publication order, so a model's ledger is read from its claims alone: joining every claim
    // to its (large) item row was most of the cost of refreshing a summary.
    "ALTER TABLE claims ADD COLUMN fingerprint INTEGER NOT NULL DEFAULT 0;
    UPDATE claims SET fingerprint = coalesce(
        (SELECT fingerprint FROM items WHERE items.id = claims.item_id), 0);
    CREATE INDEX claims_by_subject_published ON claims (subject, published, id);
    DROP INDEX claims_by_subject;",
    // 3: a model's ledger is kept as the ids of its claims with their corroboration (JSON
    // `[[id, corroboration], ...]`) instead of a copy of every claim in `report`. Rows written
    // before keep their claims in `report` and `ledger` NULL until their model is refreshed.
    "ALTER TABLE model_summary ADD COLUMN ledger TEXT;",
    // 4: fewer rows per stored item. An item's providers are a column of the item (names joined
    // by U+001F, which the sanitiser never lets through), not rows of their own: nothing looks
    // an item up by provider, and two b-tree inserts per provider were a tenth of a cold fetch's
    // writes. A source's item count grows by one statement per fetch instead of a trigger run
    // per inserted item (deletes and read marks keep their triggers).
    "ALTER TABLE items ADD COLUMN providers TEXT NOT NULL DEFAULT '';
    UPDATE items SET providers = coalesce(
        (SELECT group_concat(provider, char(31) ORDER BY position) FROM item_providers
         WHERE item_id = items.id), '');
    DROP TABLE item_providers;
    DROP TRIGGER items_count_insert;",
    // 5: a model's ledger is read from an index that holds every column summarising looks at,
    // instead of one table row (with its evidence and link) per claim: reading the claims was
    // half the time of refreshing the summaries after a cold fetch of 500 feeds. It replaces
    // `claims_by_subject_published`, whose columns it starts with.
    "CREATE INDEX claims_for_ledger ON claims
        (subject, published, id, kind, start, end, precision, source_id, fingerprint);
    DROP INDEX claims_by_subject_published;",
    // 6: indexes a first fetch into an empty database builds after its last write instead of
    // updating per row (`store::bulk`), kept here so a run that dies between the two leaves
    // them to be built by the next open.
    "CREATE TABLE deferred_index (name TEXT PRIMARY KEY, sql TEXT NOT NULL);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The 16 bytes every SQLite 3 database file starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses an existing, non-empty file that does not start like an SQLite database, without
/// letting SQLite touch it.
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if head.is_empty() || head.as_slice() == SQLITE_HEADER {
        return Ok(());
    }
    Err(StoreError::Foreign {
        path: path.to_path_buf(),
        reason: "it is not an SQLite database file".into(),
    })
}

/// Opens the file without creating anything but the file itself.
pub(crate) fn connect(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))
}

/// Checks identity, sets pragmas, migrates and, when `check` says so, runs a quick integrity
/// check of every page.
pub(crate) fn prepare(conn: &mut Connection, path: &Path, check: bool) -> Result<(), StoreError> {
    let fail = |e| classify(path, e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    check_identity(conn, path)?;
    // Only takes effect on a file not written yet: switching to WAL below writes its header.
    conn.pragma_update(None, "page_size", PAGE_SIZE)
        .map_err(fail)?;
    // WAL lets a reader (the UI's report) run while a fetch writes, and survives kill -9.
    // It is set only after the identity check, because switching modes writes the header.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(fail)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(fail)?;
    limit_log(conn, LOG_LIMIT).map_err(fail)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(fail)?;
    // Reports walk indexes and then fetch rows; mapping the file spares a copy per page, and a
    // larger cache keeps a 100,000-item database's hot pages in memory.
    conn.pragma_update(None, "mmap_size", MMAP_SIZE)
        .map_err(fail)?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)
        .map_err(fail)?;
    // Before migrating, so a later step never meets an index some run left unbuilt.
    if has_table(conn, "deferred_index").map_err(fail)? {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        super::bulk::build_pending(&tx).map_err(|e| match e {
            StoreError::Sqlite(e) => classify(path, e),
            other => other,
        })?;
        tx.commit().map_err(fail)?;
    }
    migrate(conn, path)?;
    if check {
        quick_check(conn, path)?;
    }
    Ok(())
}

/// Has the writer cut the write-ahead log back to `bytes` when it starts the log over.
pub(crate) fn limit_log(conn: &Connection, bytes: i64) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_size_limit", bytes)
}

/// Whether the file's write-ahead log is there and not empty. SQLite checkpoints and removes it
/// when the last connection closes cleanly, so a log left behind means a session ended without
/// closing (a crash, kill -9, power loss) or another one is open now.
pub(crate) fn log_left_behind(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(&log).is_ok_and(|m| m.len() > 0)
}

/// Refuses a database some other program made, or one from a newer airadar.
fn check_identity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let fail = |e| classify(path, e);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(fail)?;
    if app_id == APPLICATION_ID {
        let version = user_version(conn).map_err(fail)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        return Ok(());
    }
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(fail)?;
    if app_id == 0 && tables == 0 {
        return Ok(()); // A new, empty file: ours to initialise.
    }
    let reason = if app_id == 0 {
        format!("it is an SQLite database of another program ({tables} schema objects)")
    } else {
        format!("it is an SQLite database with application_id {app_id:#x}")
    };
    Err(StoreError::Foreign {
        path: path.to_path_buf(),
        reason,
    })
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Runs the steps the file has not seen yet, each in its own immediate transaction. The version
/// is re-read inside the transaction so two instances starting together migrate only once.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let fail = |e| classify(path, e);
    for (index, step) in MIGRATIONS.iter().enumerate() {
        let target = index as i64 + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        if user_version(&tx).map_err(fail)? >= target {
            continue; // Dropping `tx` rolls back the empty transaction.
        }
        tx.execute_batch(step).map_err(fail)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(fail)?;
        tx.pragma_update(None, "user_version", target)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

/// Whether the schema has a table called `name`.
fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// `PRAGMA quick_check`: catches damaged pages without the cost of a full integrity check.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let mut problems = Vec::new();
    conn.pragma_query(None, "quick_check", |row| {
        let line: String = row.get(0)?;
        if line != "ok" {
            problems.push(line);
        }
        Ok(())
    })
    .map_err(|e| classify(path, e))?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: problems.join("; "),
        })
    }
}

/// Turns an error opening the file into one that names it: [`StoreError::Corrupt`] when SQLite
/// says the file is damaged ([`is_damage`]), else [`StoreError::Open`].
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_damage(&e) {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    } else {
        StoreError::Open {
            path: path.to_path_buf(),
            source: e,
        }
    }
}
