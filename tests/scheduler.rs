//! The scheduler against a server the test starts on 127.0.0.1 (issue 2): the concurrency cap,
//! manual refresh jumping the queue, one fetch per source at a time, and a panicking fetch.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use airadar::feeds::schedule::{
    FetchFn, ScheduleCommand, ScheduleEvent, Scheduler, SourceState, fetch_all_once, http_fetch,
};
use airadar::feeds::{FetchError, FetchReport, Validators};
use chrono::Utc;
use support::{HOUR, MIB, Response, SECOND, TestServer, general, http_source, items, rss};
use tokio::sync::mpsc;

/// Waits for the next Finished report, skipping Started events.
async fn next_finished(events: &mut mpsc::Receiver<ScheduleEvent>) -> FetchReport {
    loop {
        let event = tokio::time::timeout(5 * SECOND, events.recv())
            .await
            .expect("no scheduler event within 5 s")
            .expect("scheduler stopped");
        if let ScheduleEvent::Finished(report) = event {
            return *report;
        }
    }
}

#[tokio::test]
async fn scheduler_never_exceeds_concurrency() {
    let server = TestServer::start().await;
    let mut sources = Vec::new();
    for i in 0..6 {
        let path = format!("/slow{i}");
        let reply = Response::ok(rss("c", 1)).delay(Duration::from_millis(300));
        server.route(&path, reply.reply());
        sources.push(http_source(&format!("s{i}"), &server.url(&path), HOUR));
    }
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let scheduler = Scheduler::new(sources, &general(2 * SECOND, MIB, 2), HashMap::new());
    let handle = scheduler.unwrap().spawn(rx, tx);
    let mut done = Vec::new();
    for _ in 0..6 {
        let report = next_finished(&mut events).await;
        assert!(report.result.is_ok(), "{report:?}");
        done.push(report.source);
    }
    done.sort();
    assert_eq!(done, ["s0", "s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(server.max_in_flight(), 2, "two at a time, and really two");

    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    let states = handle.await.unwrap();
    assert_eq!(states.len(), 6);
    assert!(
        states
            .values()
            .all(|s| s.next_due.is_some_and(|d| d > Utc::now()))
    );
}

#[tokio::test]
async fn manual_refresh_runs_a_source_immediately() {
    let server = TestServer::start().await;
    server.route("/due", Response::ok(rss("due", 1)).reply());
    server.route(
        "/later",
        Response::ok(rss("later", 2))
            .header("ETag", "\"l2\"")
            .reply(),
    );
    let sources = vec![
        http_source("due", &server.url("/due"), HOUR),
        http_source("later", &server.url("/later"), HOUR),
    ];
    // "later" was fetched before the restart and is not due for an hour.
    let restored = SourceState {
        validators: Validators {
            etag: Some("\"l1\"".into()),
            last_modified: None,
        },
        next_due: Some(Utc::now() + chrono::Duration::hours(1)),
        failures: 0,
        dead: false,
    };
    let states = HashMap::from([("later".to_owned(), restored)]);
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let handle = Scheduler::new(sources, &general(2 * SECOND, MIB, 2), states)
        .unwrap()
        .spawn(rx, tx);

    assert_eq!(next_finished(&mut events).await.source, "due");
    assert!(server.requests_to("/later").is_empty(), "not due yet");

    commands
        .send(ScheduleCommand::Refresh("later".into()))
        .await
        .unwrap();
    let report = next_finished(&mut events).await;
    assert_eq!(report.source, "later");
    assert_eq!(items(report.result.as_ref().unwrap()), 2);
    let sent = &server.requests_to("/later")[0];
    assert_eq!(
        sent.header("If-None-Match"),
        Some("\"l1\""),
        "restored validators"
    );

    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    let states = handle.await.unwrap();
    assert_eq!(states["later"].validators.etag.as_deref(), Some("\"l2\""));
}

#[tokio::test]
async fn refresh_during_a_fetch_runs_right_after_it() {
    let server = TestServer::start().await;
    let slow = Response::ok(rss("one", 1)).delay(Duration::from_millis(400));
    server.route("/one", slow.reply());
    let sources = vec![http_source("one", &server.url("/one"), HOUR)];
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let handle = Scheduler::new(sources, &general(2 * SECOND, MIB, 4), HashMap::new())
        .unwrap()
        .spawn(rx, tx);
    let started = tokio::time::timeout(5 * SECOND, events.recv())
        .await
        .unwrap();
    assert!(matches!(started, Some(ScheduleEvent::Started { .. })));
    commands
        .send(ScheduleCommand::Refresh("one".into()))
        .await
        .unwrap();
    assert!(next_finished(&mut events).await.result.is_ok());
    assert!(next_finished(&mut events).await.result.is_ok());
    assert_eq!(server.requests_to("/one").len(), 2);
    assert_eq!(server.max_in_flight(), 1, "never two fetches of one source");
    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    handle.await.unwrap();
}

#[tokio::test]
async fn a_panicking_fetch_is_reported_and_the_scheduler_goes_on() {
    let server = TestServer::start().await;
    server.route("/fine", Response::ok(rss("fine", 1)).reply());
    let real = http_fetch(&general(2 * SECOND, MIB, 2)).unwrap();
    let fetch: FetchFn = Arc::new(move |source, validators| {
        if source.name == "bomb" {
            Box::pin(async { panic!("boom in the parser") })
        } else {
            real(source, validators)
        }
    });
    let sources = vec![
        http_source("bomb", &server.url("/unused"), HOUR),
        http_source("fine", &server.url("/fine"), HOUR),
    ];
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let handle = Scheduler::with_fetch(sources, 2, HashMap::new(), fetch).spawn(rx, tx);
    let mut reports = HashMap::new();
    for _ in 0..2 {
        let report = next_finished(&mut events).await;
        reports.insert(report.source.clone(), report);
    }
    let err = reports["bomb"].result.clone().unwrap_err();
    assert!(
        matches!(&err, FetchError::Other(m) if m.starts_with("internal error") && m.contains("boom in the parser")),
        "{err}"
    );
    assert_eq!(reports["bomb"].failures, 1);
    assert!(reports["fine"].result.is_ok());
    // Still alive: a manual refresh of the good source works.
    commands
        .send(ScheduleCommand::Refresh("fine".into()))
        .await
        .unwrap();
    assert_eq!(next_finished(&mut events).await.source, "fine");
    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    handle.await.unwrap();
}

#[tokio::test]
async fn one_pass_keeps_the_cap_and_reports_every_source() {
    let server = TestServer::start().await;
    let mut sources = Vec::new();
    for i in 0..5 {
        let path = format!("/p{i}");
        let reply = Response::ok(rss("p", 1)).delay(Duration::from_millis(200));
        server.route(&path, reply.reply());
        sources.push(http_source(&format!("p{i}"), &server.url(&path), HOUR));
    }
    let (tx, mut events) = mpsc::channel(64);
    let reports = fetch_all_once(
        &sources,
        &general(2 * SECOND, MIB, 2),
        &HashMap::new(),
        Some(&tx),
    )
    .await
    .unwrap();
    drop(tx);
    assert_eq!(reports.len(), 5);
    assert!(reports.iter().all(|r| r.result.is_ok() && r.failures == 0));
    assert_eq!(server.max_in_flight(), 2);
    let (mut started, mut finished) = (0, 0);
    while let Some(event) = events.recv().await {
        match event {
            ScheduleEvent::Started { .. } => started += 1,
            ScheduleEvent::Finished(_) => finished += 1,
        }
    }
    assert_eq!((started, finished), (5, 5));
}

#[tokio::test(start_paused = true)]
async fn a_one_pass_fetch_sends_only_results_and_starts_none_it_cannot_hand_over() {
    use airadar::feeds::Fetched;
    use airadar::feeds::schedule::stream_all_once;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let started = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&started);
    let fetch: FetchFn = Arc::new(move |_source, _validators| {
        counter.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Fetched::NotModified) })
    });
    let sources: Vec<_> = (0..10)
        .map(|i| http_source(&format!("s{i}"), "http://127.0.0.1:9/", HOUR))
        .collect();
    let (tx, mut events) = mpsc::channel(1);
    let pass = tokio::spawn(async move {
        stream_all_once(&sources, 2, &HashMap::new(), fetch, &tx).await;
    });
    // Nobody reads: one result fits in the channel, one waits to be sent holding its slot, and
    // one more fetch took the slot the first gave back. (The clock is paused: this sleep ends
    // once every task is idle.)
    tokio::time::sleep(SECOND).await;
    assert_eq!(
        started.load(Ordering::SeqCst),
        3,
        "concurrency 2 + channel 1"
    );
    let mut finished = 0;
    while let Some(event) = events.recv().await {
        assert!(
            matches!(event, ScheduleEvent::Finished(_)),
            "only results are sent: {event:?}"
        );
        finished += 1;
    }
    pass.await.unwrap();
    assert_eq!((finished, started.load(Ordering::SeqCst)), (10, 10));
}

/// A reloaded config: a kept source keeps its schedule (not fetched again), a new one is
/// fetched at once, a moved one (same name, new URL) is fetched from its new URL, and the
/// result of a dropped source's fetch in flight is discarded.
#[tokio::test]
async fn replaced_sources_keep_their_schedule_and_new_ones_are_fetched_at_once() {
    let server = TestServer::start().await;
    server.route("/kept", Response::ok(rss("kept", 1)).reply());
    let slow = Response::ok(rss("dropped", 1)).delay(Duration::from_millis(400));
    server.route("/dropped", slow.reply());
    server.route("/moved-old", Response::ok(rss("moved", 1)).reply());
    server.route("/moved-new", Response::ok(rss("moved", 2)).reply());
    server.route("/new", Response::ok(rss("new", 3)).reply());
    let before = vec![
        http_source("kept", &server.url("/kept"), HOUR),
        http_source("dropped", &server.url("/dropped"), HOUR),
        http_source("moved", &server.url("/moved-old"), HOUR),
    ];
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let handle = Scheduler::new(before, &general(2 * SECOND, MIB, 4), HashMap::new())
        .unwrap()
        .spawn(rx, tx);
    let mut first = vec![
        next_finished(&mut events).await.source,
        next_finished(&mut events).await.source,
    ];
    first.sort();
    assert_eq!(first, ["kept", "moved"], "the slow one is still in flight");

    let after = vec![
        http_source("new", &server.url("/new"), HOUR),
        http_source("moved", &server.url("/moved-new"), HOUR),
        http_source("kept", &server.url("/kept"), HOUR),
    ];
    commands
        .send(ScheduleCommand::Sources(after))
        .await
        .unwrap();
    let mut reports = HashMap::new();
    for _ in 0..2 {
        let report = next_finished(&mut events).await;
        reports.insert(report.source.clone(), report);
    }
    assert_eq!(items(reports["new"].result.as_ref().unwrap()), 3);
    assert_eq!(items(reports["moved"].result.as_ref().unwrap()), 2);
    // The dropped source's fetch ends (400 ms) without a report.
    let late = tokio::time::timeout(Duration::from_millis(800), next_finished(&mut events)).await;
    assert!(late.is_err(), "nothing more: {late:?}");
    assert_eq!(server.requests_to("/dropped").len(), 1);
    assert_eq!(server.requests_to("/kept").len(), 1, "kept its schedule");

    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    let states = handle.await.unwrap();
    let mut names: Vec<_> = states.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["kept", "moved", "new"]);
}
