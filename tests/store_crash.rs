//! `kill -9` while writing: the test re-runs its own binary as a child that stores fetch results
//! in a loop and reports each commit on stdout; the parent kills it with SIGKILL mid-stream and
//! checks that the database is intact and holds every commit the child reported.

mod store_support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use airadar::store::Store;
use store_support::*;

/// Set in the child's environment to the database path.
const CHILD_DB: &str = "AIRADAR_STORE_CRASH_CHILD_DB";
/// Commits the parent waits for before killing the child.
const COMMITS_BEFORE_KILL: usize = 40;
/// Items in each fetch the child stores.
const ITEMS_PER_FETCH: usize = 20;

fn sources() -> Vec<airadar::config::FeedSource> {
    vec![source("a", "https://a.example/feed")]
}

/// The writer: only does something when run as the child (the env var names the database);
/// in a normal test run it returns at once.
#[test]
fn crash_child_writer() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let mut store = Store::open(path.as_ref()).expect("child open");
    store.sync_sources(&sources()).expect("child sync");
    let mut out = std::io::stdout().lock();
    for round in 0usize.. {
        let t = at(2025, 1, 1, 0) + chrono::Duration::minutes(round as i64);
        let items = (0..ITEMS_PER_FETCH)
            .map(|i| {
                let guid = format!("{round}-{i}");
                item(
                    Some(&guid),
                    None,
                    "GPT-5 expected",
                    &"body ".repeat(40),
                    Some(t),
                )
            })
            .collect();
        store
            .apply_fetch(&fetched("a", t, items), &toy_extract, &catalog(), t)
            .expect("child apply");
        // One item per round is starred, to check user marks survive too.
        let report = store.report(&sources(), t, Some(1)).expect("child report");
        store
            .set_starred(report.items[0].id, true)
            .expect("child star");
        writeln!(out, "committed {round}").expect("child stdout");
        out.flush().expect("child flush");
    }
}

#[test]
fn kill_9_while_writing_loses_nothing_committed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crash.db");
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "crash_child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut last_round = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("child line");
        if let Some(round) = line.strip_prefix("committed ") {
            last_round = Some(round.parse::<usize>().expect("round number"));
            if last_round >= Some(COMMITS_BEFORE_KILL) {
                break;
            }
        }
    }
    // `Child::kill` is SIGKILL on Unix: no destructors, no checkpoint, no clean close.
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    let last_round = last_round.expect("the child committed something before it was killed");

    let store = Store::open(&path).expect("reopen after kill");
    store.integrity_check().expect("integrity_check = ok");
    let report = store
        .report(&sources(), at(2030, 1, 1, 0), None)
        .expect("report");
    let committed = (last_round + 1) * ITEMS_PER_FETCH;
    assert!(
        report.items.len() >= committed,
        "{} items stored, {committed} were reported committed",
        report.items.len()
    );
    // Every reported round is complete: no half-written fetch result.
    assert_eq!(report.items.len() % ITEMS_PER_FETCH, 0);
    let starred = report.items.iter().filter(|i| i.starred).count();
    assert!(
        starred > last_round,
        "{starred} starred, rounds 0..={last_round} starred one"
    );
    assert_eq!(report.models[0].mentions as usize, report.items.len());
}
