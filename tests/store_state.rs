//! Per-source fetch state: validators, errors, back-off and Gone persist across restarts.

mod store_support;

use std::time::Duration;

use airadar::feeds::{FetchError, Validators};
use airadar::report::SourceStatus;
use airadar::store::{SourceState, Store, StoreError};
use store_support::*;

fn feed_a() -> airadar::config::FeedSource {
    source("a", "https://a.example/feed")
}

#[test]
fn fetch_state_persists_across_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("airadar.db");
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(&path).expect("open");
        store.sync_sources(&[feed_a()]).expect("sync");
        store
            .apply_fetch(
                &fetched("a", day, Vec::new()),
                &toy_extract,
                &catalog(),
                day,
            )
            .expect("apply");
    }
    let store = Store::open(&path).expect("reopen");
    let states = store.source_states().expect("states");
    assert_eq!(
        states.get("a"),
        Some(&SourceState {
            validators: Validators {
                etag: Some(format!("\"etag-{}\"", day.timestamp())),
                last_modified: Some("Fri, 21 Feb 2025 10:00:00 GMT".into()),
            },
            next_due: Some(day + chrono::Duration::minutes(15)),
            failures: 0,
            dead: false,
        })
    );
    let report = store.report(&[feed_a()], day, None).expect("report");
    let a = &report.sources[0];
    assert_eq!(a.status, SourceStatus::Ok);
    assert_eq!(a.http_status, Some(200));
    assert_eq!(a.latency_ms, Some(120));
    assert_eq!(
        a.last_fetch,
        Some(day + chrono::Duration::milliseconds(120))
    );
    assert_eq!(a.last_success, a.last_fetch);
}

#[test]
fn not_modified_keeps_validators_and_counts_as_success() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[feed_a()]).expect("sync");
    let day = at(2025, 2, 21, 9);
    store
        .apply_fetch(
            &fetched("a", day, Vec::new()),
            &toy_extract,
            &catalog(),
            day,
        )
        .expect("200");
    let before = store.source_states().expect("states")["a"]
        .validators
        .clone();
    let err = failed(
        "a",
        at(2025, 2, 21, 10),
        FetchError::Timeout(Duration::from_secs(30)),
        1,
    );
    store
        .apply_fetch(&err, &toy_extract, &catalog(), err.started)
        .expect("error");
    let later = at(2025, 2, 21, 11);
    let summary = store
        .apply_fetch(&not_modified("a", later), &toy_extract, &catalog(), later)
        .expect("304");
    assert_eq!(summary.status, Some(304));
    let state = &store.source_states().expect("states")["a"];
    assert_eq!(state.validators, before);
    assert_eq!(state.failures, 0);
    let report = store.report(&[feed_a()], later, None).expect("report");
    assert_eq!(report.sources[0].status, SourceStatus::Ok);
    assert_eq!(report.sources[0].error, None);
    assert_eq!(
        report.sources[0].last_success,
        Some(later + chrono::Duration::milliseconds(30))
    );
}

#[test]
fn errors_and_gone_persist_across_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state.db");
    let t = at(2025, 2, 21, 9);
    let sources = [feed_a(), source("b", "https://b.example/feed")];
    {
        let mut store = Store::open(&path).expect("open");
        store.sync_sources(&sources).expect("sync");
        let server_error = FetchError::Status {
            status: 503,
            retry_after: Some(Duration::from_secs(120)),
        };
        let summary = store
            .apply_fetch(
                &failed("a", t, server_error, 3),
                &toy_extract,
                &catalog(),
                t,
            )
            .expect("503");
        assert_eq!(summary.status, Some(503));
        store
            .apply_fetch(
                &failed("b", t, FetchError::Gone, 1),
                &toy_extract,
                &catalog(),
                t,
            )
            .expect("410");
    }
    let store = Store::open(&path).expect("reopen");
    let states = store.source_states().expect("states");
    assert_eq!(states["a"].failures, 3);
    assert_eq!(states["a"].next_due, Some(t + chrono::Duration::hours(1)));
    assert!(!states["a"].dead);
    assert!(states["b"].dead);
    let report = store.report(&sources, t, None).expect("report");
    let (a, b) = (&report.sources[0], &report.sources[1]);
    assert_eq!(a.status, SourceStatus::Error);
    assert_eq!(a.error.as_deref(), Some("HTTP 503 (retry after 120s)"));
    assert_eq!(a.http_status, Some(503));
    assert_eq!(a.failures, 3);
    assert_eq!(b.status, SourceStatus::Error);
    assert_eq!(b.http_status, Some(410));
    assert!(b.dead);
}

#[test]
fn a_failure_keeps_items_and_validators() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[feed_a()]).expect("sync");
    let day = at(2025, 2, 21, 9);
    let items = vec![item(Some("1"), None, "kept", "", Some(day))];
    store
        .apply_fetch(&fetched("a", day, items), &toy_extract, &catalog(), day)
        .expect("200");
    let validators = store.source_states().expect("states")["a"]
        .validators
        .clone();
    let err = failed(
        "a",
        at(2025, 2, 21, 10),
        FetchError::Connect("refused".into()),
        1,
    );
    store
        .apply_fetch(&err, &toy_extract, &catalog(), err.started)
        .expect("error");
    assert_eq!(
        store.source_states().expect("states")["a"].validators,
        validators
    );
    let report = store.report(&[feed_a()], day, None).expect("report");
    assert_eq!(report.sources[0].items, 1);
    assert_eq!(
        report.sources[0].error.as_deref(),
        Some("connection failed: refused")
    );
}

#[test]
fn error_messages_are_sanitised() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[feed_a()]).expect("sync");
    let t = at(2025, 2, 21, 9);
    let err = FetchError::Parse("bad \x1b]0;owned\x07feed\u{202E}".into());
    store
        .apply_fetch(&failed("a", t, err, 1), &toy_extract, &catalog(), t)
        .expect("apply");
    let report = store.report(&[feed_a()], t, None).expect("report");
    assert_eq!(report.sources[0].error.as_deref(), Some("bad feed"));
}

#[test]
fn sync_keeps_state_but_a_new_url_resets_validators() {
    let mut store = Store::open_in_memory().expect("open");
    let day = at(2025, 2, 21, 9);
    store.sync_sources(&[feed_a()]).expect("sync");
    store
        .apply_fetch(
            &fetched("a", day, Vec::new()),
            &toy_extract,
            &catalog(),
            day,
        )
        .expect("200");
    store.sync_sources(&[feed_a()]).expect("same again");
    assert!(
        store.source_states().expect("states")["a"]
            .validators
            .etag
            .is_some()
    );
    store
        .sync_sources(&[source("a", "https://a.example/new-feed")])
        .expect("moved");
    let state = &store.source_states().expect("states")["a"];
    assert_eq!(state.validators, Validators::default());
    assert_eq!(state.next_due, None);
}

#[test]
fn unconfigured_sources_stay_stored_but_leave_reports() {
    let mut store = Store::open_in_memory().expect("open");
    let b = source("b", "https://b.example/feed");
    store.sync_sources(&[feed_a(), b.clone()]).expect("sync");
    let day = at(2025, 2, 21, 9);
    let items = vec![item(Some("1"), None, "GPT-5 released", "", Some(day))];
    store
        .apply_fetch(&fetched("b", day, items), &toy_extract, &catalog(), day)
        .expect("apply");
    store
        .sync_sources(&[feed_a()])
        .expect("b removed from config");
    let report = store.report(&[feed_a()], day, None).expect("report");
    assert_eq!(report.sources.len(), 1);
    assert!(report.items.is_empty());
    assert!(report.timeline.is_empty());
    // Configured again: its items and state come back.
    let report = store.report(&[feed_a(), b], day, None).expect("report");
    assert_eq!(report.items.len(), 1);
    assert_eq!(report.sources[1].status, SourceStatus::Ok);
}

#[test]
fn never_fetched_source_is_pending_and_unknown_source_is_refused() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[feed_a()]).expect("sync");
    let t = at(2025, 2, 21, 9);
    let report = store
        .report(&[feed_a(), source("new", "https://n.example/")], t, None)
        .expect("report");
    assert!(
        report
            .sources
            .iter()
            .all(|s| s.status == SourceStatus::Pending)
    );
    let err = store
        .apply_fetch(
            &fetched("ghost", t, Vec::new()),
            &toy_extract,
            &catalog(),
            t,
        )
        .expect_err("unknown source");
    assert!(matches!(err, StoreError::UnknownSource(ref n) if n == "ghost"));
}
