//! Scale: 100,000 items in a file database, then a report limited to 5,000 items.
//!
//! Ignored by default (it takes a while in a debug build and timing belongs in benchmarks, not
//! assertions). Run it with
//! `cargo test --test store_scale -- --ignored --nocapture`; it prints the timings.

mod store_support;

use std::time::Instant;

use airadar::store::Store;
use store_support::*;

const SOURCES: usize = 50;
const ITEMS_PER_SOURCE: usize = 2_000;

#[test]
#[ignore = "slow; prints timings rather than asserting them"]
fn report_over_100k_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    // AIRADAR_SCALE_DB keeps the database for inspection (e.g. EXPLAIN QUERY PLAN).
    let path = std::env::var_os("AIRADAR_SCALE_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("scale.db"));
    let _ = std::fs::remove_file(&path);
    let sources: Vec<_> = (0..SOURCES)
        .map(|s| {
            source(
                &format!("source-{s}"),
                &format!("https://s{s}.example/feed"),
            )
        })
        .collect();
    let mut store = Store::open(&path).expect("open");
    store.sync_sources(&sources).expect("sync");
    let start = Instant::now();
    for (s, feed) in sources.iter().enumerate() {
        let t = at(2025, 1, 1, 0) + chrono::Duration::minutes(s as i64);
        let items = (0..ITEMS_PER_SOURCE)
            .map(|i| {
                let published = t - chrono::Duration::minutes(i as i64 * 7);
                let title = match i % 6 {
                    0 => format!("GPT-5 expected, story {i}"),
                    1 => format!("Microsoft adds GW for o3, story {i}"),
                    2 => format!("GPT-4.5 released, story {i}"),
                    _ => format!("Other news {i}"),
                };
                item(
                    Some(&format!("{s}-{i}")),
                    Some(&format!("https://s{s}.example/{i}")),
                    &title,
                    &"body text ".repeat(50),
                    Some(published),
                )
            })
            .collect();
        // A bulk ingest: summaries once at the end, not once per fetch.
        store
            .apply_fetch_deferred(&fetched(&feed.name, t, items), &toy_extract, t)
            .expect("apply");
    }
    let ingest = start.elapsed();
    let start = Instant::now();
    let refreshed = store.refresh_models(&catalog()).expect("refresh");
    let refresh = start.elapsed();
    drop(store);

    let start = Instant::now();
    let store = Store::open(&path).expect("reopen");
    let open = start.elapsed();
    let start = Instant::now();
    let report = store
        .report(&sources, at(2025, 2, 1, 0), Some(5_000))
        .expect("report");
    let first_report = start.elapsed();
    let start = Instant::now();
    let report_again = store
        .report(&sources, at(2025, 2, 1, 0), Some(5_000))
        .expect("report");
    let second_report = start.elapsed();
    assert_eq!(report.items.len(), 5_000);
    assert_eq!(report, report_again);
    let total: u64 = report.sources.iter().map(|s| s.items).sum();
    assert_eq!(total as usize, SOURCES * ITEMS_PER_SOURCE);
    eprintln!(
        "ingest {} items: {ingest:?}; refresh {refreshed} models: {refresh:?}; open (with quick_check): {open:?}; \
         report (5,000 items, {} timeline, {} capacity, {} models): {first_report:?} cold, \
         {second_report:?} warm",
        total,
        report.timeline.len(),
        report.capacity.len(),
        report.models.len()
    );
}

/// Times reports on a database the test above kept (`AIRADAR_SCALE_DB`), without re-ingesting.
#[test]
#[ignore = "needs AIRADAR_SCALE_DB from report_over_100k_items; prints timings"]
fn report_on_kept_database() {
    let Some(path) = std::env::var_os("AIRADAR_SCALE_DB") else {
        return;
    };
    let sources: Vec<_> = (0..SOURCES)
        .map(|s| {
            source(
                &format!("source-{s}"),
                &format!("https://s{s}.example/feed"),
            )
        })
        .collect();
    let start = Instant::now();
    let store = Store::open(path.as_ref()).expect("open");
    let open = start.elapsed();
    for round in 0..3 {
        let start = Instant::now();
        let report = store
            .report(&sources, at(2025, 2, 1, 0), Some(5_000))
            .expect("report");
        eprintln!(
            "round {round}: open {open:?}, report {:?} ({} items, {} timeline, {} capacity)",
            start.elapsed(),
            report.items.len(),
            report.timeline.len(),
            report.capacity.len()
        );
    }
}
