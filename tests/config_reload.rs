//! A running engine picks up its edited config file (on request and by watching it), against a
//! server on 127.0.0.1: new sources are fetched and shown, dropped ones leave the snapshot,
//! new key bindings reach the UI, and a broken file changes nothing but says where it broke.

mod support;

use std::path::Path;
use std::time::Duration;

use airadar::action::Action;
use airadar::config::Config;
use airadar::engine::{self, EngineCommand, EngineEvent, EngineHandle, Reloaded};
use airadar::extract::{Catalog, SharedExtractor};
use airadar::keymap::Scope;
use airadar::report::Report;
use airadar::store::Store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::engine::{next_within, shutdown, snapshot};
use support::{Response, TestServer, rss};

async fn reloaded(engine: &mut EngineHandle, within: Duration) -> Reloaded {
    next_within(engine, within, |e| match e {
        EngineEvent::ConfigReloaded(r) => Some(*r),
        _ => None,
    })
    .await
}

fn feeds(server: &TestServer, names: &[&str]) -> String {
    names
        .iter()
        .map(|name| {
            let url = server.url(&format!("/{name}"));
            format!("[[feed]]\nname = \"{name}\"\nurl = \"{url}\"\nrefresh = \"1h\"\n")
        })
        .collect()
}

fn names(report: &Report) -> Vec<&str> {
    let mut names: Vec<_> = report.sources.iter().map(|s| s.name.as_str()).collect();
    names.sort();
    names
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write config");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_config_is_applied_while_the_engine_runs() {
    let server = TestServer::start().await;
    server.route("/a", Response::ok(rss("a", 2)).reply());
    server.route("/b", Response::ok(rss("b", 3)).reply());
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("airadar.toml");
    write(&file, &feeds(&server, &["a"]));
    let config = Config::from_file(&file).expect("config");
    let db = dir.path().join("r.db");
    let extractor = SharedExtractor::compile_in_background(Catalog::embedded());
    let mut engine = engine::start(&config, move || Store::open(&db), extractor).expect("start");
    let first = snapshot(&mut engine, |r| r.items.len() == 2).await;
    assert_eq!(names(&first), ["a"]);

    // Asked for: a new source and a key binding.
    let text = format!("[keys]\n\"x\" = \"quit\"\n{}", feeds(&server, &["a", "b"]));
    write(&file, &text);
    engine
        .commands
        .send(EngineCommand::ReloadConfig)
        .await
        .unwrap();
    let applied = reloaded(&mut engine, Duration::from_secs(5)).await;
    assert_eq!(
        applied.summary,
        "config reloaded: 1 source added, keys rebound"
    );
    let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(applied.keymap.lookup(Scope::Global, x), Some(Action::Quit));
    let both = snapshot(&mut engine, |r| r.items.len() == 5).await;
    assert_eq!(names(&both), ["a", "b"]);
    assert_eq!(server.requests_to("/a").len(), 1, "a kept its schedule");

    // A broken file: the error names the file and line, and nothing changes.
    write(&file, &format!("{text}[[feed]]\nname = \"c\"\n"));
    engine
        .commands
        .send(EngineCommand::ReloadConfig)
        .await
        .unwrap();
    let error = next_within(&mut engine, Duration::from_secs(5), |e| match e {
        EngineEvent::Error(message) => Some(message),
        _ => None,
    })
    .await;
    let place = format!("config not reloaded: {}:", file.display());
    assert!(error.starts_with(&place), "{error}");
    assert!(error.contains("url"), "{error}");
    engine
        .commands
        .send(EngineCommand::RefreshAll)
        .await
        .unwrap();
    let still = snapshot(&mut engine, |r| r.items.len() == 5).await;
    assert_eq!(names(&still), ["a", "b"]);

    // Not asked for: the file is watched. Dropping a source drops it from the snapshot.
    write(&file, &feeds(&server, &["b"]));
    let watched = reloaded(&mut engine, engine::WATCH_EVERY * 3).await;
    assert_eq!(
        watched.summary,
        "config reloaded: 1 source removed, keys rebound"
    );
    let after = snapshot(&mut engine, |r| r.sources.len() == 1).await;
    assert_eq!(names(&after), ["b"]);
    assert_eq!(after.items.len(), 3);
    assert!(
        after.items.iter().all(|i| i.source == "b"),
        "{:?}",
        after.items
    );

    shutdown(engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_default_has_no_file_to_reload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("r.db");
    let config = Config::from_str("", None).expect("config");
    let extractor = SharedExtractor::compile_in_background(Catalog::embedded());
    let mut engine = engine::start(&config, move || Store::open(&db), extractor).expect("start");
    engine
        .commands
        .send(EngineCommand::ReloadConfig)
        .await
        .unwrap();
    let notice = next_within(&mut engine, Duration::from_secs(5), |e| match e {
        EngineEvent::Notice(message) => Some(message),
        _ => None,
    })
    .await;
    assert!(notice.contains("embedded default"), "{notice}");
    shutdown(engine).await;
}
