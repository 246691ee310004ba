//! Schema migrations on files written by earlier versions: a version-1 database (claims without
//! their item's fingerprint), a version-2 one (ledgers as copies of every claim instead of claim
//! ids), a version-3 one (providers as rows, item counts by trigger) and a version-4 one (ledgers
//! read through claim rows) are brought up to date in place, losing nothing.

mod store_support;

use airadar::report::ModelReport;
use airadar::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;
use store_support::*;

/// Turns a current database back into the version-5 layout: no table of deferred indexes.
fn downgrade_to_v5(path: &std::path::Path) {
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "DROP TABLE deferred_index;
         PRAGMA user_version = 5;",
    )
    .expect("downgrade");
}

/// Turns a current database back into the version-4 layout: claims indexed by subject and date
/// only.
fn downgrade_to_v4(path: &std::path::Path) {
    downgrade_to_v5(path);
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "DROP INDEX claims_for_ledger;
         CREATE INDEX claims_by_subject_published ON claims (subject, published, id);
         PRAGMA user_version = 4;",
    )
    .expect("downgrade");
}

/// Turns a current database back into the version-3 layout: providers as rows of their own
/// (the toy extractor finds at most one per item), new items counted by a trigger.
fn downgrade_to_v3(path: &std::path::Path) {
    downgrade_to_v4(path);
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "CREATE TABLE item_providers (
            item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            provider TEXT NOT NULL,
            PRIMARY KEY (item_id, provider)
         );
         INSERT INTO item_providers SELECT id, 0, providers FROM items WHERE providers <> '';
         ALTER TABLE items DROP COLUMN providers;
         CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
            UPDATE sources SET item_count = item_count + 1,
                unread_count = unread_count + (NEW.read = 0)
            WHERE id = NEW.source_id;
         END;
         PRAGMA user_version = 3;",
    )
    .expect("downgrade");
}

/// Turns a current database back into the version-2 layout: each model's row carries its whole
/// ledger, as version 2 wrote it.
fn downgrade_to_v2(path: &std::path::Path, sources: &[airadar::config::FeedSource]) {
    let models = {
        let store = Store::open(path).expect("open");
        let now = at(2025, 3, 1, 0);
        store.report(sources, now, None).expect("report").models
    };
    let conn = Connection::open(path).expect("open");
    for model in models {
        let json = serde_json::to_string(&model).expect("json");
        conn.execute(
            "UPDATE model_summary SET report = ?2 WHERE name = ?1",
            (&model.name, json),
        )
        .expect("old row");
    }
    drop(conn);
    downgrade_to_v3(path);
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "ALTER TABLE model_summary DROP COLUMN ledger;
         PRAGMA user_version = 2;",
    )
    .expect("downgrade");
}

/// Turns a current database back into the version-1 layout of the claims table.
fn downgrade_to_v1(path: &std::path::Path) {
    downgrade_to_v2(path, &sources());
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "DROP INDEX claims_by_subject_published;
         ALTER TABLE claims DROP COLUMN fingerprint;
         CREATE INDEX claims_by_subject ON claims (subject);
         PRAGMA user_version = 1;",
    )
    .expect("downgrade");
}

fn sources() -> [airadar::config::FeedSource; 2] {
    [source("a", "https://a/"), source("b", "https://b/")]
}

/// GPT-5's row in a report.
fn gpt5(report: &airadar::report::Report) -> &ModelReport {
    report
        .models
        .iter()
        .find(|m| m.name == "GPT-5")
        .expect("GPT-5")
}

/// Two sources with GPT-5 claims whose items' fingerprints (the toy extractor's: text length)
/// are far apart, so the ledger keeps both; then, after `between`, one more fetch that touches
/// GPT-5 so its summary is recomputed from the stored claims. Returns GPT-5's report row.
fn ledger_of_gpt5(path: &std::path::Path, between: impl FnOnce(&std::path::Path)) -> ModelReport {
    let sources = sources();
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(path).expect("create");
        store.sync_sources(&sources).expect("sync");
        // 19 and 44 characters: fingerprints six bits apart, not near duplicates.
        let texts = [
            ("a", "GPT-5 expected soon"),
            ("b", "GPT-5 expected, as the company said on Friday"),
        ];
        for (name, text) in texts {
            let items = vec![item(Some("1"), None, text, "", Some(day))];
            store
                .apply_fetch(&fetched(name, day, items), &toy_extract, &catalog(), day)
                .expect("apply");
        }
    }
    between(path);
    let mut store = Store::open(path).expect("reopen");
    let later = at(2025, 2, 22, 9);
    let again = vec![item(Some("2"), None, "GPT-5 released", "", Some(later))];
    store
        .apply_fetch(&fetched("a", later, again), &toy_extract, &catalog(), later)
        .expect("apply after reopening");
    let report = store.report(&sources, later, None).expect("report");
    gpt5(&report).clone()
}

#[test]
fn a_version_1_database_gets_claim_fingerprints_and_the_same_ledger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let control = ledger_of_gpt5(&dir.path().join("current.db"), |_| {});
    let path = dir.path().join("v1.db");
    let migrated = ledger_of_gpt5(&path, downgrade_to_v1);

    let conn = Connection::open(&path).expect("inspect");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let differing: i64 = conn
        .query_row(
            "SELECT count(*) FROM claims c JOIN items i ON i.id = c.item_id
             WHERE c.fingerprint <> i.fingerprint",
            [],
            |r| r.get(0),
        )
        .expect("compare");
    assert_eq!(differing, 0, "every claim has its item's fingerprint");
    // Both expectations kept apart (zeroed fingerprints would fold them), plus the release.
    assert_eq!(control.claims.len(), 3, "{:?}", control.claims);
    assert_eq!(migrated, control);
}

#[test]
fn a_version_2_database_shows_its_ledgers_before_and_after_a_refresh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = sources();
    let later = at(2025, 2, 22, 9);
    let path = dir.path().join("v2.db");
    let control = ledger_of_gpt5(&path, |_| {});
    downgrade_to_v2(&path, &sources);
    // Before any refresh the old rows are read as they are, claims included.
    let mut store = Store::open(&path).expect("migrate");
    let before = store.report(&sources, later, None).expect("report");
    assert_eq!(*gpt5(&before), control);
    // A new item that only mentions GPT-5 rewrites its row as claim ids; the ledger reads the
    // same.
    let mention = vec![item(Some("3"), None, "GPT-5 in passing", "", Some(later))];
    store
        .apply_fetch(
            &fetched("b", later, mention),
            &toy_extract,
            &catalog(),
            later,
        )
        .expect("apply");
    let after = store.report(&sources, later, None).expect("report");
    assert_eq!(gpt5(&after).mentions, control.mentions + 1);
    assert_eq!(gpt5(&after).claims, control.claims);
    let conn = Connection::open(&path).expect("inspect");
    let ledger: Option<String> = conn
        .query_row(
            "SELECT ledger FROM model_summary WHERE name = 'GPT-5'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(ledger.expect("ids written").matches('[').count(), 1 + 3);
}

#[test]
fn a_version_3_database_keeps_item_providers_in_order_and_counts_new_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v3.db");
    let sources = sources();
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(&path).expect("create");
        store.sync_sources(&sources).expect("sync");
        let items = vec![
            item(Some("1"), None, "Microsoft builds 5 GW", "", Some(day)),
            item(Some("2"), None, "GPT-5 expected", "", Some(day)),
        ];
        store
            .apply_fetch(&fetched("a", day, items), &toy_extract, &catalog(), day)
            .expect("apply");
    }
    downgrade_to_v3(&path);
    {
        // Providers in position order, which is not their alphabetical order.
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(
            "INSERT INTO item_providers
             SELECT id, 2, 'AWS' FROM items WHERE guid = '1'
             UNION ALL SELECT id, 1, 'Oracle' FROM items WHERE guid = '1';",
        )
        .expect("more providers");
    }
    let mut store = Store::open(&path).expect("migrate");
    let report = store.report(&sources, day, None).expect("report");
    let providers_of = |report: &airadar::report::Report, title: &str| {
        report
            .items
            .iter()
            .find(|i| i.title == title)
            .expect("item")
            .providers
            .clone()
    };
    assert_eq!(
        providers_of(&report, "Microsoft builds 5 GW"),
        ["Microsoft", "Oracle", "AWS"]
    );
    assert!(providers_of(&report, "GPT-5 expected").is_empty());
    // Without the insert trigger, new items are still counted, and read marks still are.
    let later = at(2025, 2, 22, 9);
    let items = vec![item(Some("3"), None, "o3", "", Some(later))];
    store
        .apply_fetch(&fetched("a", later, items), &toy_extract, &catalog(), later)
        .expect("apply");
    let first = report.items[0].id;
    store.set_read(first, true).expect("read");
    let report = store.report(&sources, later, None).expect("report");
    let a = &report.sources[0];
    assert_eq!((a.items, a.unread), (3, 2));
}

#[test]
fn a_version_4_database_gets_the_ledger_index_and_keeps_its_ledgers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let control = ledger_of_gpt5(&dir.path().join("current.db"), |_| {});
    let path = dir.path().join("v4.db");
    let migrated = ledger_of_gpt5(&path, downgrade_to_v4);
    assert_eq!(migrated, control);
    // The index the ledger is read from replaced the old one (the query plan is checked in
    // `store::models`).
    let conn = Connection::open(&path).expect("inspect");
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'claims' AND type = 'index'")
        .expect("indexes")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("index rows");
    assert!(
        indexes.iter().any(|i| i == "claims_for_ledger"),
        "{indexes:?}"
    );
    assert!(
        !indexes.iter().any(|i| i == "claims_by_subject_published"),
        "{indexes:?}"
    );
}
