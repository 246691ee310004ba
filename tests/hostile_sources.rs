//! Servers on 127.0.0.1 that misbehave on purpose (issue 5): silence, trickles, endless bodies,
//! gzip bombs, redirect loops and scheme changes, junk, and every error status. Each must end
//! as a specific error for its own source, within the configured limits, without harming the
//! others.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use airadar::feeds::backoff::{DEAD_HORIZON, is_dead};
use airadar::feeds::http::Fetcher;
use airadar::feeds::schedule::{ScheduleCommand, ScheduleEvent, Scheduler, fetch_all_once};
use airadar::feeds::{FetchError, FetchReport, Fetched, Validators};
use support::{Body, HOUR, MIB, Reply, Response, SECOND, TestServer, general, http_source, rss};
use tokio::sync::mpsc;

async fn fetch_one(server: &TestServer, path: &str, max_body: u64) -> Result<Fetched, FetchError> {
    let fetcher = Fetcher::new(&general(2 * SECOND, max_body, 4)).unwrap();
    let source = http_source(path, &server.url(path), HOUR);
    fetcher.fetch(&source, &Validators::default()).await
}

#[tokio::test]
async fn silent_and_trickling_servers_time_out_while_another_source_succeeds() {
    let server = TestServer::start().await;
    server.route("/silent", Reply::Silent);
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n{}",
        rss("t", 5)
    );
    server.route(
        "/trickle",
        Reply::Trickle {
            bytes: response.into_bytes(),
            every: SECOND,
        },
    );
    // Headers at once, then the body a byte a second: reqwest's read progress must not count.
    let body_trickle = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n{}",
        rss("b", 5)
    );
    server.route(
        "/body-trickle",
        Reply::Trickle {
            bytes: body_trickle.into_bytes(),
            every: Duration::from_millis(100),
        },
    );
    server.route("/fine", Response::ok(rss("fine", 3)).reply());
    let sources = vec![
        http_source("silent", &server.url("/silent"), HOUR),
        http_source("trickle", &server.url("/trickle"), HOUR),
        http_source("body-trickle", &server.url("/body-trickle"), HOUR),
        http_source("fine", &server.url("/fine"), HOUR),
    ];
    let began = Instant::now();
    let reports = fetch_all_once(&sources, &general(SECOND, MIB, 4), &HashMap::new(), None)
        .await
        .unwrap();
    for report in &reports[..3] {
        assert_eq!(
            report.result,
            Err(FetchError::Timeout(SECOND)),
            "{}",
            report.source
        );
        assert_eq!(report.failures, 1);
    }
    assert!(matches!(reports[3].result, Ok(Fetched::Modified { .. })));
    // Generous bound: the point is "at the timeout", not "after the server gives up".
    assert!(began.elapsed() < 10 * SECOND, "{:?}", began.elapsed());
}

#[tokio::test]
async fn endless_body_is_stopped_at_max_body() {
    let server = TestServer::start().await;
    server.route(
        "/endless",
        Response::with_status(200).body(Body::Endless).reply(),
    );
    let err = fetch_one(&server, "/endless", 256 * 1024)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 256 * 1024 });
    // The server only got as far as socket buffers allow before the client hung up.
    assert!(server.body_bytes() < 256 * MIB, "{}", server.body_bytes());
}

#[tokio::test]
async fn gzip_bomb_is_stopped_at_max_body() {
    let server = TestServer::start().await;
    // 8 GiB of zeros, compressed on the fly to a few MiB on the wire.
    let bomb = Body::GzipBomb {
        inflated: 8 * 1024 * MIB,
    };
    server.route("/bomb", Response::with_status(200).body(bomb).reply());
    let err = fetch_one(&server, "/bomb", MIB).await.unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: MIB });
    assert!(
        server.body_bytes() < 4 * 1024 * MIB,
        "the client stopped reading long before the end: {} bytes inflated",
        server.body_bytes()
    );
}

#[tokio::test]
async fn redirect_loop_is_refused() {
    let server = TestServer::start().await;
    server.route("/a", Response::redirect(302, "/b").reply());
    server.route("/b", Response::redirect(302, "/a").reply());
    server.route("/self", Response::redirect(307, "/self").reply());
    for path in ["/a", "/self"] {
        let err = fetch_one(&server, path, MIB).await.unwrap_err();
        assert!(
            matches!(&err, FetchError::Redirect(m) if m.contains("loop")),
            "{path}: {err}"
        );
    }
    assert!(server.requests_to("/a").len() <= 2);
}

#[tokio::test]
async fn redirects_to_other_schemes_are_refused_with_a_clear_error() {
    let server = TestServer::start().await;
    server.route(
        "/to-file",
        Response::redirect(302, "file:///etc/passwd").reply(),
    );
    server.route(
        "/to-ftp",
        Response::redirect(301, "ftp://example.com/feed.xml").reply(),
    );
    for (path, target) in [
        ("/to-file", "file:///etc/passwd"),
        ("/to-ftp", "ftp://example.com/feed.xml"),
    ] {
        let err = fetch_one(&server, path, MIB).await.unwrap_err();
        assert!(matches!(err, FetchError::Redirect(_)), "{path}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(target), "{message}");
        assert!(message.contains("only http and https"), "{message}");
    }
}

#[tokio::test]
async fn junk_responses_are_specific_errors() {
    let server = TestServer::start().await;
    server.route(
        "/not-http",
        Reply::Raw(b"\x00\xffSSH-2.0-hello\r\n\r\n".to_vec()),
    );
    let junk = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n\x00\x01\xfe\xff<<".to_vec();
    server.route("/junk-body", Reply::Raw(junk));
    server.route("/empty", Response::ok("").reply());
    server.route(
        "/html",
        Response::ok("<!doctype html><html><body>Hello</body></html>")
            .header("Content-Type", "text/html")
            .reply(),
    );
    let err = fetch_one(&server, "/not-http", MIB).await.unwrap_err();
    assert!(matches!(err, FetchError::Connect(_)), "{err:?}");
    for path in ["/junk-body", "/empty", "/html"] {
        let err = fetch_one(&server, path, MIB).await.unwrap_err();
        assert!(matches!(err, FetchError::Parse(_)), "{path}: {err:?}");
    }
}

#[tokio::test]
async fn error_statuses_map_to_errors_and_back_off() {
    let server = TestServer::start().await;
    server.route("/404", Response::with_status(404).reply());
    server.route("/410", Response::with_status(410).reply());
    let busy = Response::with_status(429).header("Retry-After", "120");
    server.route("/429", busy.reply());
    server.route("/500", Response::with_status(500).reply());
    let down = Response::with_status(503).header("Retry-After", "3600");
    server.route("/503", down.reply());
    let paths = ["/404", "/410", "/429", "/500", "/503"];
    let sources: Vec<_> = paths
        .iter()
        .map(|p| http_source(p, &server.url(p), HOUR))
        .collect();
    let reports = fetch_all_once(
        &sources,
        &general(2 * SECOND, MIB, 5),
        &HashMap::new(),
        None,
    )
    .await
    .unwrap();
    let status = |status, secs: Option<u64>| {
        Err(FetchError::Status {
            status,
            retry_after: secs.map(Duration::from_secs),
        })
    };
    assert_eq!(reports[0].result, status(404, None));
    assert_eq!(reports[1].result, Err(FetchError::Gone));
    assert_eq!(reports[2].result, status(429, Some(120)));
    assert_eq!(reports[3].result, status(500, None));
    assert_eq!(reports[4].result, status(503, Some(3600)));
    let wait = |r: &FetchReport| (r.next_due - r.started).num_seconds();
    let waits: Vec<_> = reports.iter().map(wait).collect();
    // First failures back off a minute (± 10 %) unless Retry-After asks for longer.
    assert!((50..=70).contains(&waits[0]), "{waits:?}");
    assert!(waits[1] >= DEAD_HORIZON.as_secs() as i64 - 5, "{waits:?}");
    assert!((115..=125).contains(&waits[2]), "{waits:?}");
    assert!((50..=70).contains(&waits[3]), "{waits:?}");
    assert!((3595..=3605).contains(&waits[4]), "{waits:?}");
    assert!(reports[1].result.as_ref().is_err_and(is_dead));
    assert!(
        reports[1]
            .result
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("410 Gone")
    );
}

#[tokio::test]
async fn a_gone_source_is_dead_until_refreshed_by_hand() {
    let server = TestServer::start().await;
    server.route("/gone", Response::with_status(410).reply());
    server.route("/live", Response::ok(rss("live", 1)).reply());
    // "live" is due again almost at once, so several rounds pass while "gone" stays parked.
    let sources = vec![
        http_source("gone", &server.url("/gone"), HOUR),
        http_source("live", &server.url("/live"), Duration::from_millis(50)),
    ];
    let (commands, rx) = mpsc::channel(8);
    let (tx, mut events) = mpsc::channel(64);
    let handle = Scheduler::new(sources, &general(2 * SECOND, MIB, 2), HashMap::new())
        .unwrap()
        .spawn(rx, tx);
    let mut live_done = 0;
    while live_done < 4 {
        let event = tokio::time::timeout(5 * SECOND, events.recv())
            .await
            .unwrap();
        if let Some(ScheduleEvent::Finished(report)) = event
            && report.source == "live"
        {
            live_done += 1;
        }
    }
    assert_eq!(
        server.requests_to("/gone").len(),
        1,
        "dead sources are skipped"
    );
    commands.send(ScheduleCommand::RefreshAll).await.unwrap();
    loop {
        let event = tokio::time::timeout(5 * SECOND, events.recv())
            .await
            .unwrap();
        if let Some(ScheduleEvent::Finished(report)) = event
            && report.source == "gone"
        {
            assert_eq!(report.result, Err(FetchError::Gone));
            assert_eq!(report.failures, 2);
            break;
        }
    }
    commands.send(ScheduleCommand::Shutdown).await.unwrap();
    let states = handle.await.unwrap();
    assert!(states["gone"].dead);
    assert!(!states["live"].dead);
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_source_without_a_writer_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let fetcher = Fetcher::new(&general(SECOND, MIB, 4)).unwrap();
    let source = support::file_source("fifo", fifo.clone());
    let err = fetcher
        .fetch(&source, &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::Timeout(SECOND));
    // Opening the FIFO for writing releases the blocked reader thread so the runtime can end.
    drop(std::fs::OpenOptions::new().write(true).open(&fifo));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_that_backs_off() {
    // A port that was free a moment ago: nothing listens there now.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/feed", listener.local_addr().unwrap());
    drop(listener);
    let sources = vec![http_source("offline", &url, HOUR)];
    let reports = fetch_all_once(
        &sources,
        &general(2 * SECOND, MIB, 1),
        &HashMap::new(),
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(&reports[0].result, Err(FetchError::Connect(m)) if !m.is_empty()),
        "{:?}",
        reports[0].result
    );
    let wait = (reports[0].next_due - reports[0].started).num_seconds();
    assert!((50..=70).contains(&wait), "{wait}");
}
