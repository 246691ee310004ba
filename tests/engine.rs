//! The engine (scheduler + store worker) driven the way the UI drives it, against a server on
//! 127.0.0.1: snapshots, progress, per-source failures, manual refresh, read state, reader text.

mod support;

use std::time::Duration;

use airadar::config::Config;
use airadar::engine::{self, EngineCommand, EngineEvent};
use airadar::extract::{Catalog, SharedExtractor};
use airadar::feeds::UpdateOutcome;
use airadar::report::{Report, SourceStatus};
use airadar::store::Store;
use support::engine::{next, shutdown, snapshot};
use support::{Response, TestServer, general, http_source, rss};

const HOUR: Duration = Duration::from_secs(3600);

fn config(sources: Vec<airadar::config::FeedSource>) -> Config {
    Config {
        path: None,
        general: general(Duration::from_secs(2), 1 << 20, 4),
        feeds: sources,
        keys: Vec::new(),
        catalog: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engine_fetches_stores_and_answers_the_ui() {
    let server = TestServer::start().await;
    server.route(
        "/good",
        Response::ok(rss("good", 3))
            .header("ETag", "\"g1\"")
            .reply(),
    );
    server.route("/bad", Response::with_status(500).reply());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e.db");
    let cfg = config(vec![
        http_source("good", &server.url("/good"), HOUR),
        http_source("bad", &server.url("/bad"), HOUR),
    ]);
    let extractor = SharedExtractor::compile_in_background(Catalog::embedded());
    let path = db.clone();
    let mut engine =
        engine::start(&cfg, move || Store::open(&path), extractor).expect("engine starts");

    // First the stored state (empty), before any fetch.
    let first = snapshot(&mut engine, |_| true).await;
    assert!(first.items.is_empty());

    // Both sources are due at once; the failing one does not stop the other.
    let report = snapshot(&mut engine, |r| {
        r.items.len() == 3 && r.sources.iter().all(|s| s.status != SourceStatus::Pending)
    })
    .await;
    let bad = report
        .sources
        .iter()
        .find(|s| s.name == "bad")
        .expect("bad row");
    assert_eq!(bad.status, SourceStatus::Error);
    assert!(
        bad.error.as_deref().unwrap_or("").contains("500"),
        "{bad:?}"
    );
    let good = report
        .sources
        .iter()
        .find(|s| s.name == "good")
        .expect("good row");
    assert_eq!(good.status, SourceStatus::Ok);

    // A manual refresh of one source goes out at once, conditional on the stored ETag.
    server.route("/good", Response::with_status(304).reply());
    engine
        .commands
        .send(EngineCommand::Refresh("good".into()))
        .await
        .expect("send refresh");
    let outcome = next(&mut engine, |e| match e {
        EngineEvent::Feed(update)
            if update.source == "good" && update.outcome != UpdateOutcome::Started =>
        {
            Some(update.outcome)
        }
        _ => None,
    })
    .await;
    assert_eq!(outcome, UpdateOutcome::NotModified);
    let requests = server.requests_to("/good");
    assert_eq!(
        requests.len(),
        2,
        "one scheduled fetch and one manual refresh"
    );
    assert_eq!(requests[1].header("if-none-match"), Some("\"g1\""));

    // Read state and the reader's text.
    let id = report.items[0].id;
    engine
        .commands
        .send(EngineCommand::SetRead(id, true))
        .await
        .expect("send");
    engine
        .commands
        .send(EngineCommand::LoadItem(id))
        .await
        .expect("send");
    let text = next(&mut engine, |e| match e {
        EngineEvent::ItemText { id: got, text } if got == id => Some(text),
        _ => None,
    })
    .await;
    assert!(text.contains("Item"), "{text:?}");

    shutdown(engine).await;

    // The store closed the file last, so the log was copied into it and deleted: a log left
    // behind reads as a crash at the next open (every page checked). The scheduler, still
    // running here, holds the reader of stored items, which the worker closed first.
    let mut log = db.clone().into_os_string();
    log.push("-wal");
    assert!(
        std::fs::metadata(&log).map_or(true, |m| m.len() == 0),
        "the write-ahead log is left behind"
    );

    // Everything landed on disk, read state included.
    let store = Store::open(&db).expect("reopen");
    let stored = store
        .report(&cfg.feeds, chrono::Utc::now(), None)
        .expect("report");
    assert_eq!(stored.items.len(), 3);
    assert!(
        stored
            .items
            .iter()
            .find(|i| i.id == id)
            .is_some_and(|i| i.read)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_does_not_refetch_sources_that_are_not_due() {
    let server = TestServer::start().await;
    server.route("/feed", Response::ok(rss("f", 2)).reply());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e.db");
    let cfg = config(vec![http_source("f", &server.url("/feed"), HOUR)]);
    let extractor = SharedExtractor::compile_in_background(Catalog::embedded());

    let mut engine = engine::start(
        &cfg,
        {
            let db = db.clone();
            move || Store::open(&db)
        },
        extractor.clone(),
    )
    .expect("engine");
    snapshot(&mut engine, |r| r.items.len() == 2).await;
    shutdown(engine).await;
    assert_eq!(server.requests_to("/feed").len(), 1);

    // Restart: the stored data shows at once, and the source is not due for an hour.
    let mut engine = engine::start(
        &cfg,
        {
            let db = db.clone();
            move || Store::open(&db)
        },
        extractor,
    )
    .expect("engine");
    let first = snapshot(&mut engine, |_| true).await;
    assert_eq!(
        first.items.len(),
        2,
        "previous data visible before any fetch"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        server.requests_to("/feed").len(),
        1,
        "no refetch on restart"
    );
    engine
        .commands
        .send(EngineCommand::Shutdown)
        .await
        .expect("send");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_all_read_reaches_the_store_and_the_next_snapshot() {
    let server = TestServer::start().await;
    server.route("/a", Response::ok(rss("a", 2)).reply());
    server.route("/b", Response::ok(rss("b", 3)).reply());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("m.db");
    let cfg = config(vec![
        http_source("a", &server.url("/a"), HOUR),
        http_source("b", &server.url("/b"), HOUR),
    ]);
    let extractor = SharedExtractor::compile_in_background(Catalog::embedded());
    let path = db.clone();
    let mut engine = engine::start(&cfg, move || Store::open(&path), extractor).expect("start");
    let unread = |r: &Report, name: &str| r.sources.iter().find(|s| s.name == name).unwrap().unread;
    snapshot(&mut engine, |r| {
        r.items.len() == 5 && r.items.iter().all(|i| !i.read)
    })
    .await;

    engine
        .commands
        .send(EngineCommand::MarkAllRead(Some("b".into())))
        .await
        .unwrap();
    let one = snapshot(&mut engine, |r| unread(r, "b") == 0).await;
    assert_eq!(unread(&one, "a"), 2);
    assert_eq!(one.items.iter().filter(|i| i.read).count(), 3);

    engine
        .commands
        .send(EngineCommand::MarkAllRead(None))
        .await
        .unwrap();
    let all = snapshot(&mut engine, |r| unread(r, "a") == 0).await;
    assert!(all.items.iter().all(|i| i.read));
    shutdown(engine).await;
}
