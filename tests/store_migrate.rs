//! Schema migrations on files written by earlier versions: a version-1 database (claims without
//! their item's fingerprint) is brought up to date in place, losing nothing.

mod store_support;

use airadar::report::ModelReport;
use airadar::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;
use store_support::*;

/// Turns a current database back into the version-1 layout of the claims table.
fn downgrade_to_v1(path: &std::path::Path) {
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "DROP INDEX claims_by_subject_published;
         ALTER TABLE claims DROP COLUMN fingerprint;
         CREATE INDEX claims_by_subject ON claims (subject);
         PRAGMA user_version = 1;",
    )
    .expect("downgrade");
}

/// Two sources with GPT-5 claims whose items' fingerprints (the toy extractor's: text length)
/// are far apart, so the ledger keeps both; then, after `between`, one more fetch that touches
/// GPT-5 so its summary is recomputed from the stored claims. Returns GPT-5's report row.
fn ledger_of_gpt5(path: &std::path::Path, between: impl FnOnce(&std::path::Path)) -> ModelReport {
    let sources = [source("a", "https://a/"), source("b", "https://b/")];
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
    report
        .models
        .into_iter()
        .find(|m| m.name == "GPT-5")
        .expect("GPT-5")
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
