//! Fetching against a server the test starts on 127.0.0.1 (issue 2): conditional GET,
//! compression, redirects, timeouts, size caps, per-source errors, Retry-After and files.
//! The scheduler's own cases are in `scheduler.rs`.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use airadar::feeds::http::Fetcher;
use airadar::feeds::schedule::{
    ScheduleEvent, SourceState, fetch_all_once, http_fetch, stream_all_once,
};
use airadar::feeds::{FetchError, FetchReport, Fetched, Validators};
use chrono::Utc;
use support::{
    Body, HOUR, MIB, Reply, Response, SECOND, TestServer, file_source, general, gzip, http_source,
    items, rss,
};

#[tokio::test]
async fn etag_then_304_is_not_reparsed() {
    let server = TestServer::start().await;
    server.script(
        "/feed",
        vec![
            Response::ok(rss("a", 3)).header("ETag", "\"v1\"").reply(),
            // A 304 that (wrongly) carries a body which is not a feed: a fetcher that parsed
            // it would fail with a parse error instead of reporting NotModified.
            Reply::Raw(
                b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 12\r\n\
                  Connection: close\r\n\r\n<<garbage>>!"
                    .to_vec(),
            ),
        ],
    );
    let fetcher = Fetcher::new(&general(2 * SECOND, MIB, 4)).unwrap();
    let source = http_source("a", &server.url("/feed"), HOUR);

    let first = fetcher
        .fetch(&source, &Validators::default())
        .await
        .unwrap();
    let Fetched::Modified {
        status, validators, ..
    } = &first
    else {
        panic!("{first:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(items(&first), 3);
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));

    let second = fetcher.fetch(&source, validators).await.unwrap();
    assert_eq!(second, Fetched::NotModified);
    let requests = server.requests_to("/feed");
    assert_eq!(requests[0].header("If-None-Match"), None);
    assert_eq!(requests[1].header("If-None-Match"), Some("\"v1\""));
    assert!(
        requests[0]
            .header("User-Agent")
            .is_some_and(|ua| ua.starts_with("airadar-tests/1.0"))
    );
}

#[tokio::test]
async fn last_modified_round_trip() {
    let server = TestServer::start().await;
    let date = "Fri, 21 Feb 2025 12:00:00 GMT";
    server.script(
        "/feed",
        vec![
            Response::ok(rss("lm", 1))
                .header("Last-Modified", date)
                .reply(),
            Response::with_status(304).reply(),
        ],
    );
    let fetcher = Fetcher::new(&general(2 * SECOND, MIB, 4)).unwrap();
    let source = http_source("lm", &server.url("/feed"), HOUR);
    let Fetched::Modified { validators, .. } = fetcher
        .fetch(&source, &Validators::default())
        .await
        .unwrap()
    else {
        panic!("expected content")
    };
    assert_eq!(validators.last_modified.as_deref(), Some(date));
    assert_eq!(validators.etag, None);
    let second = fetcher.fetch(&source, &validators).await.unwrap();
    assert_eq!(second, Fetched::NotModified);
    let sent = &server.requests_to("/feed")[1];
    assert_eq!(sent.header("If-Modified-Since"), Some(date));
    assert_eq!(sent.header("If-None-Match"), None);
}

#[tokio::test]
async fn gzip_body_is_decompressed() {
    let server = TestServer::start().await;
    let doc = rss("gz", 5);
    server.route(
        "/feed",
        Response::ok(gzip(doc.as_bytes()))
            .header("Content-Encoding", "gzip")
            .header("Content-Type", "application/rss+xml; charset=utf-8")
            .reply(),
    );
    let fetcher = Fetcher::new(&general(2 * SECOND, MIB, 4)).unwrap();
    let source = http_source("gz", &server.url("/feed"), HOUR);
    let fetched = fetcher
        .fetch(&source, &Validators::default())
        .await
        .unwrap();
    assert_eq!(items(&fetched), 5);
    let Fetched::Modified { bytes, .. } = fetched else {
        unreachable!()
    };
    assert_eq!(bytes, doc.len(), "the size counted is the decompressed one");
    let accept = server.requests()[0]
        .header("Accept-Encoding")
        .map(str::to_owned);
    assert!(accept.is_some_and(|a| a.contains("gzip") && a.contains("br")));
}

#[tokio::test]
async fn redirects_are_followed_up_to_five_hops() {
    let server = TestServer::start().await;
    for hop in 1..=6 {
        let next = format!("/hop{}", hop + 1);
        server.route(
            &format!("/hop{hop}"),
            Response::redirect(302, &next).reply(),
        );
    }
    server.route("/hop7", Response::ok(rss("r", 2)).reply());
    server.route("/old", Response::redirect(301, "/hop7").reply());
    let fetcher = Fetcher::new(&general(2 * SECOND, MIB, 4)).unwrap();
    let none = Validators::default();

    let moved = http_source("moved", &server.url("/old"), HOUR);
    assert_eq!(items(&fetcher.fetch(&moved, &none).await.unwrap()), 2);

    // /hop2 → ... → /hop7 is five hops: followed.
    let five = http_source("five", &server.url("/hop2"), HOUR);
    assert_eq!(items(&fetcher.fetch(&five, &none).await.unwrap()), 2);

    // /hop1 → ... → /hop7 is six: refused.
    let six = http_source("six", &server.url("/hop1"), HOUR);
    let err = fetcher.fetch(&six, &none).await.unwrap_err();
    assert!(
        matches!(&err, FetchError::Redirect(m) if m.contains("more than 5")),
        "{err}"
    );
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = TestServer::start().await;
    server.route("/slow", Response::ok(rss("s", 1)).delay(5 * SECOND).reply());
    let fetcher = Fetcher::new(&general(SECOND, MIB, 4)).unwrap();
    let source = http_source("slow", &server.url("/slow"), HOUR);
    let err = fetcher
        .fetch(&source, &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::Timeout(SECOND));
}

#[tokio::test]
async fn oversize_body_is_refused() {
    let server = TestServer::start().await;
    let big = rss("big", 200);
    assert!(big.len() > 8 * 1024);
    server.route("/declared", Response::ok(big.clone()).reply());
    server.route(
        "/chunked",
        Response::with_status(200)
            .body(Body::Chunked(big.into_bytes()))
            .reply(),
    );
    let fetcher = Fetcher::new(&general(2 * SECOND, 8 * 1024, 4)).unwrap();
    for path in ["/declared", "/chunked"] {
        let source = http_source(path, &server.url(path), HOUR);
        let err = fetcher
            .fetch(&source, &Validators::default())
            .await
            .unwrap_err();
        assert_eq!(err, FetchError::TooLarge { limit: 8 * 1024 }, "{path}");
    }
}

#[tokio::test]
async fn failing_sources_do_not_spoil_the_others() {
    let server = TestServer::start().await;
    server.route("/ok", Response::ok(rss("ok", 2)).reply());
    server.route("/missing", Response::with_status(404).reply());
    server.route("/broken", Response::with_status(500).reply());
    server.route("/also-ok", Response::ok(rss("also", 1)).reply());
    let sources = vec![
        http_source("ok", &server.url("/ok"), HOUR),
        http_source("missing", &server.url("/missing"), HOUR),
        http_source("broken", &server.url("/broken"), HOUR),
        http_source("also-ok", &server.url("/also-ok"), HOUR),
    ];
    let mut states = HashMap::new();
    let failing = SourceState {
        failures: 2,
        ..SourceState::default()
    };
    states.insert("broken".to_owned(), failing);
    let reports = fetch_all_once(&sources, &general(2 * SECOND, MIB, 2), &states, None)
        .await
        .unwrap();
    let names: Vec<_> = reports.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(names, ["ok", "missing", "broken", "also-ok"]);
    assert_eq!(items(reports[0].result.as_ref().unwrap()), 2);
    assert_eq!(items(reports[3].result.as_ref().unwrap()), 1);
    assert_eq!(
        reports[1].result,
        Err(FetchError::Status {
            status: 404,
            retry_after: None
        })
    );
    assert_eq!(
        reports[2].result,
        Err(FetchError::Status {
            status: 500,
            retry_after: None
        })
    );
    let failures: Vec<_> = reports.iter().map(|r| r.failures).collect();
    assert_eq!(failures, [0, 1, 3, 0]);
    // A third failure waits 4 min (± 10 %); a success waits the hour (± 10 %).
    let wait = |r: &FetchReport| (r.next_due - r.started).num_seconds();
    assert!(
        (210..=270).contains(&wait(&reports[2])),
        "{}",
        wait(&reports[2])
    );
    assert!(
        (3200..=4000).contains(&wait(&reports[0])),
        "{}",
        wait(&reports[0])
    );
}

#[tokio::test]
async fn retry_after_is_honoured_in_next_due() {
    let server = TestServer::start().await;
    server.route(
        "/busy",
        Response::with_status(429)
            .header("Retry-After", "900")
            .reply(),
    );
    let later = (Utc::now() + chrono::Duration::hours(2)).to_rfc2822();
    let later = later.replace("+0000", "GMT");
    server.route(
        "/down",
        Response::with_status(503)
            .header("Retry-After", &later)
            .reply(),
    );
    let sources = vec![
        http_source("busy", &server.url("/busy"), HOUR),
        http_source("down", &server.url("/down"), HOUR),
    ];
    let reports = fetch_all_once(
        &sources,
        &general(2 * SECOND, MIB, 2),
        &HashMap::new(),
        None,
    )
    .await
    .unwrap();
    let wait = |r: &FetchReport| (r.next_due - r.started).num_seconds();
    assert!(matches!(
        reports[0].result,
        Err(FetchError::Status { status: 429, retry_after: Some(d) }) if d == Duration::from_secs(900)
    ));
    // Without Retry-After a first failure would wait about a minute.
    assert!(
        (895..=905).contains(&wait(&reports[0])),
        "{}",
        wait(&reports[0])
    );
    assert!(matches!(
        reports[1].result,
        Err(FetchError::Status {
            status: 503,
            retry_after: Some(_)
        })
    ));
    assert!(
        (7190..=7210).contains(&wait(&reports[1])),
        "{}",
        wait(&reports[1])
    );
}

#[tokio::test]
async fn file_sources_read_with_the_same_cap() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.xml");
    std::fs::write(&small, rss("file", 4)).unwrap();
    let large = dir.path().join("large.xml");
    std::fs::write(&large, rss("large", 400)).unwrap();
    let fetcher = Fetcher::new(&general(2 * SECOND, 16 * 1024, 4)).unwrap();
    let none = Validators::default();

    let fetched = fetcher
        .fetch(&file_source("small", small), &none)
        .await
        .unwrap();
    assert!(matches!(fetched, Fetched::Modified { status: 200, .. }));
    assert_eq!(items(&fetched), 4);
    let err = fetcher
        .fetch(&file_source("large", large), &none)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 16 * 1024 });
    let missing = dir.path().join("missing.xml");
    let err = fetcher
        .fetch(&file_source("missing", missing), &none)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::File { .. }), "{err}");
}

#[tokio::test]
async fn streaming_pass_sends_every_report_once_and_keeps_none() {
    let server = TestServer::start().await;
    server.route("/a", Response::ok(rss("a", 2)).reply());
    server.route("/b", Response::with_status(404).reply());
    let sources = vec![
        http_source("a", &server.url("/a"), HOUR),
        http_source("b", &server.url("/b"), HOUR),
    ];
    // Capacity 1: the pass must wait for the reader rather than fail or drop reports.
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let fetch = http_fetch(&general(2 * SECOND, MIB, 2)).unwrap();
    let pass = tokio::spawn(async move {
        stream_all_once(&sources, 2, &HashMap::new(), fetch, &tx).await;
    });
    let mut finished = Vec::new();
    while let Some(event) = rx.recv().await {
        tokio::time::sleep(Duration::from_millis(20)).await; // a slow store
        match event {
            ScheduleEvent::Started { source } => panic!("a start notice for {source}"),
            ScheduleEvent::Finished(report) => finished.push(*report),
        }
    }
    pass.await.unwrap();
    finished.sort_by(|x, y| x.source.cmp(&y.source));
    assert_eq!(finished.len(), 2);
    assert_eq!(items(finished[0].result.as_ref().unwrap()), 2);
    assert!(matches!(
        finished[1].result,
        Err(FetchError::Status { status: 404, .. })
    ));
}
