//! A first fetch into an empty database, with its indexes deferred to one build at the end
//! (`Store::defer_indexes_if_empty`), stores exactly what an ordinary fetch stores, and the
//! indexes always come back: after the fetch, or at the next open when the run died first.

mod store_support;

use std::path::Path;

use airadar::feeds::FetchReport;
use airadar::store::Store;
use rusqlite::Connection;
use store_support::*;

/// The indexes the schema defines (not the ones SQLite makes for UNIQUE), as `(name, sql)`.
fn indexes(path: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(path).expect("open for inspection");
    let mut stmt = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
             ORDER BY name",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// Definitions waiting in `deferred_index`.
fn pending(path: &Path) -> i64 {
    let conn = Connection::open(path).expect("open for inspection");
    conn.query_row("SELECT count(*) FROM deferred_index", [], |r| r.get(0))
        .expect("count")
}

fn sources() -> Vec<airadar::config::FeedSource> {
    ["a", "b", "c"]
        .iter()
        .map(|n| source(n, &format!("https://{n}.example/feed")))
        .collect()
}

/// Three sources' first fetches: models, claims and capacity notes in every item.
fn first_fetches() -> Vec<FetchReport> {
    let t = at(2025, 3, 1, 12);
    sources()
        .iter()
        .enumerate()
        .map(|(s, src)| {
            let items = (0..12)
                .map(|i| {
                    let guid = format!("{}-{i}", src.name);
                    let when = t - chrono::Duration::hours((s * 12 + i) as i64);
                    item(
                        Some(&guid),
                        Some(&format!("https://{}.example/{i}", src.name)),
                        &format!("GPT-5 expected, Microsoft plans {i} GW"),
                        "Claude 4 released, with GPT-5 close behind",
                        Some(when),
                    )
                })
                .collect();
            fetched(&src.name, t, items)
        })
        .collect()
}

/// Opens `path`, optionally defers the indexes, stores the first fetches as one burst and
/// finishes as `airadar fetch` does: the summaries of a deferred fetch are computed from one
/// pass over the tables while the indexes are built, the others through the indexes. Returns
/// the report as JSON.
fn first_fetch(path: &Path, defer: bool) -> serde_json::Value {
    let mut store = Store::open(path).expect("open");
    store.sync_sources(&sources()).expect("sync");
    if defer {
        assert!(store.defer_indexes_if_empty().expect("defer") > 0);
        assert!(pending(path) > 0, "the definitions are kept in the file");
    }
    let fetches = first_fetches();
    let reports: Vec<&FetchReport> = fetches.iter().collect();
    let t = at(2025, 3, 1, 12);
    for stored in store.apply_fetches_deferred(&reports, &toy_extract, t) {
        assert_eq!(stored.expect("stored").new, 12);
    }
    let finished = store.finish_fetch(&catalog()).expect("finish");
    assert_eq!(finished.indexes > 0, defer);
    assert_eq!(finished.beside, defer, "summarised beside the index build");
    assert!(finished.models > 0);
    let report = store.report(&sources(), t, None).expect("report");
    serde_json::to_value(&report).expect("report as JSON")
}

#[test]
fn a_first_fetch_with_deferred_indexes_stores_what_an_ordinary_one_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plain, bulk) = (dir.path().join("plain.db"), dir.path().join("bulk.db"));
    let expected = first_fetch(&plain, false);
    let got = first_fetch(&bulk, true);
    assert_eq!(got, expected);
    assert!(
        expected["models"].as_array().is_some_and(|m| !m.is_empty()),
        "the fixture reaches the summaries"
    );
    assert_eq!(indexes(&bulk), indexes(&plain), "every index is back");
    assert_eq!(pending(&bulk), 0);
    Store::open(&bulk).expect("passes the open-time integrity check");
}

#[test]
fn indexes_are_deferred_only_while_the_database_has_no_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("airadar.db");
    first_fetch(&path, false);
    let before = indexes(&path);
    let mut store = Store::open(&path).expect("open");
    assert_eq!(store.defer_indexes_if_empty().expect("defer"), 0);
    assert_eq!(indexes(&path), before);
    assert_eq!(store.build_deferred_indexes().expect("build"), 0);
}

#[test]
fn a_run_that_dies_before_building_leaves_the_indexes_to_the_next_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("airadar.db");
    let all = {
        let store = Store::open(&path).expect("open");
        drop(store);
        indexes(&path)
    };
    let mut store = Store::open(&path).expect("open");
    store.sync_sources(&sources()).expect("sync");
    let deferred = store.defer_indexes_if_empty().expect("defer");
    assert!(
        deferred >= 8,
        "items, mentions, claims and capacity: {deferred}"
    );
    assert_eq!(indexes(&path).len(), all.len() - deferred);
    let fetches = first_fetches();
    let t = at(2025, 3, 1, 12);
    store
        .apply_fetch_deferred(&fetches[0], &toy_extract, t)
        .expect("stored without the indexes");
    // Dies here: no build.
    drop(store);
    assert_eq!(pending(&path), deferred as i64);
    let store = Store::open_checked_after_crash(&path).expect("reopen");
    assert_eq!(indexes(&path), all, "built by the open");
    assert_eq!(pending(&path), 0);
    let report = store.report(&sources(), t, None).expect("report");
    assert_eq!(report.items.len(), 12);
}
