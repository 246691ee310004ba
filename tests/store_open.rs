//! Opening files: migrations, refusing foreign and corrupt files without touching them, and two
//! handles (threads or instances) sharing one database.

mod store_support;

use std::path::Path;

use airadar::store::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;
use store_support::*;

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = Connection::open(path).expect("raw open");
    conn.pragma_query_value(None, name, |r| r.get(0))
        .expect("pragma")
}

#[test]
fn new_file_is_migrated_in_new_folders_and_reopen_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deep/er/airadar.db");
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(&path).expect("create");
        store
            .sync_sources(&[source("a", "https://a/")])
            .expect("sync");
        let items = vec![item(Some("1"), None, "kept", "", Some(day))];
        store
            .apply_fetch(&fetched("a", day, items), &toy_extract, &catalog(), day)
            .expect("apply");
    }
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
    assert_eq!(pragma(&path, "application_id"), i64::from(APPLICATION_ID));
    let mode: String = Connection::open(&path)
        .expect("raw")
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    for _ in 0..2 {
        let store = Store::open(&path).expect("reopen");
        let report = store
            .report(&[source("a", "https://a/")], day, None)
            .expect("report");
        assert_eq!(report.items.len(), 1);
        store.integrity_check().expect("intact");
    }
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
}

#[test]
fn an_existing_empty_file_is_initialised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").expect("touch");
    Store::open(&path).expect("open empty file");
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
}

#[test]
fn foreign_sqlite_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.db");
    {
        let conn = Connection::open(&path).expect("foreign");
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .expect("fill");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("foreign file");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("is not an airadar database"), "{message}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn other_application_id_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .expect("other")
        .pragma_update(None, "application_id", 0x1234)
        .expect("app id");
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("other app");
    assert!(err.to_string().contains("application_id 0x1234"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn garbage_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("garbage.db");
    let garbage: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + 3) as u8).collect();
    std::fs::write(&path, &garbage).expect("write");
    let err = Store::open(&path).expect_err("garbage");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("not an airadar database"), "{message}");
    assert_eq!(std::fs::read(&path).expect("read"), garbage);
}

/// A database of 200 items, closed cleanly, then damaged from byte `from(length, page size)` on
/// (at least past page 1, the header and schema); returns its bytes.
fn damaged_database(path: &std::path::Path, from: impl Fn(usize, usize) -> usize) -> Vec<u8> {
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(path).expect("create");
        store
            .sync_sources(&[source("a", "https://a/")])
            .expect("sync");
        let items = (0..200)
            .map(|i| {
                item(
                    Some(&i.to_string()),
                    None,
                    "GPT-5 news",
                    &"x".repeat(500),
                    Some(day),
                )
            })
            .collect();
        store
            .apply_fetch(&fetched("a", day, items), &toy_extract, &catalog(), day)
            .expect("apply");
    } // Closing the last connection checkpoints the WAL into the main file.
    let mut bytes = std::fs::read(path).expect("read");
    // The header's page size: big-endian at offset 16, where 1 stands for 65,536.
    let page = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => usize::from(n),
    };
    assert!(bytes.len() > 4 * page, "enough pages to damage");
    let start = from(bytes.len(), page).max(page);
    for b in &mut bytes[start..] {
        *b = 0xA5;
    }
    std::fs::write(path, &bytes).expect("damage");
    bytes
}

#[test]
fn corrupt_airadar_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corrupt.db");
    let bytes = damaged_database(&path, |_, page| page);
    let err = Store::open(&path).expect_err("corrupt");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("is corrupt"), "{message}");
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
}

#[test]
fn a_fetch_checks_the_whole_file_after_a_crash_and_stops_at_damage_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corrupt.db");
    let bytes = damaged_database(&path, |_, page| page);

    // Closed cleanly: no whole-file check at open, but the first statement that meets a
    // damaged page (here already one made while opening) fails as corrupt, writing nothing.
    let err = Store::open_checked_after_crash(&path)
        .and_then(|mut store| store.sync_sources(&[source("a", "https://a/")]))
        .expect_err("damaged pages met");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), bytes);

    // Damage only in the last pages (item text), which opening does not read: a clean file
    // opens without the check; with a write-ahead log left behind (a session that did not
    // close) the whole file is checked and refused.
    let path = dir.path().join("tail.db");
    let bytes = damaged_database(&path, |len, page| len - page);
    drop(Store::open_checked_after_crash(&path).expect("no check after a clean close"));
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::write(&log, b"left behind by a crash").expect("log");
    let err = Store::open_checked_after_crash(&path).expect_err("checked after a crash");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
}

#[test]
fn damage_met_after_a_clean_open_is_named_corrupt_by_reads_and_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tail.db");
    // The last pages hold item rows, which opening does not read.
    let bytes = damaged_database(&path, |len, page| len - 2 * page);
    let mut store = Store::open_checked_after_crash(&path).expect("no check after a clean close");
    let named = |err: StoreError| {
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
    };
    let sources = [source("a", "https://a/")];
    let day = at(2025, 2, 21, 9);
    named(store.report(&sources, day, None).expect_err("items read"));
    // Keeping one item per source deletes the other 199 rows, damaged pages among them.
    named(store.prune(1, 36_500, day).expect_err("items deleted"));
    drop(store);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "nothing written"
    );
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.db");
    drop(Store::open(&path).expect("create"));
    Connection::open(&path)
        .expect("raw")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 5)
        .expect("bump");
    let err = Store::open(&path).expect_err("too new");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
}

#[test]
fn two_handles_on_one_file_write_alternately() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.db");
    let sources = [source("a", "https://a/"), source("b", "https://b/")];
    let mut first = Store::open(&path).expect("first");
    let mut second = Store::open(&path).expect("second");
    first.sync_sources(&sources).expect("sync");
    for round in 0..10u32 {
        let t = at(2025, 2, 1 + round, 9);
        let (store, name) = if round % 2 == 0 {
            (&mut first, "a")
        } else {
            (&mut second, "b")
        };
        let items = vec![item(
            Some(&format!("{round}")),
            None,
            "GPT-5 news",
            "",
            Some(t),
        )];
        let summary = store
            .apply_fetch(&fetched(name, t, items), &toy_extract, &catalog(), t)
            .expect("apply");
        assert_eq!(summary.new, 1);
    }
    let end = at(2025, 3, 1, 0);
    let seen_by_first = first.report(&sources, end, None).expect("report");
    assert_eq!(seen_by_first.items.len(), 10);
    assert_eq!(
        seen_by_first.models[0].mentions, 10,
        "summary spans both writers"
    );
    let id = seen_by_first.items[0].id;
    assert!(second.set_starred(id, true).expect("star"));
    let again = first.report(&sources, end, None).expect("report");
    assert!(again.items[0].starred);
    first.integrity_check().expect("intact");
}

#[test]
fn two_threads_write_concurrently_without_losing_anything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("threads.db");
    let sources = [source("a", "https://a/"), source("b", "https://b/")];
    Store::open(&path)
        .expect("create")
        .sync_sources(&sources)
        .expect("sync");
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("open in thread");
                for round in 0..25 {
                    let t = at(2025, 2, 21, 0) + chrono::Duration::minutes(round);
                    let items = vec![item(Some(&format!("{round}")), None, "o3", "", Some(t))];
                    store
                        .apply_fetch(&fetched(name, t, items), &toy_extract, &catalog(), t)
                        .expect("apply in thread");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer finished");
    }
    let store = Store::open(&path).expect("reopen");
    let report = store
        .report(&sources, at(2025, 3, 1, 0), None)
        .expect("report");
    assert_eq!(report.items.len(), 50);
    assert_eq!(report.models[0].mentions, 50);
    store.integrity_check().expect("intact");
}
