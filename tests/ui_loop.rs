//! The real event loop (`app::drive`) on a TestBackend: scripted terminal input, engine events
//! and a fixed clock; checks the commands the engine receives and the last frame.

mod ui_fixture;

use airadar::app::{LoopIo, drive};
use airadar::engine::{EngineCommand, EngineEvent};
use airadar::keymap::Keymap;
use airadar::state::{AppState, Overlay, Pane};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

fn key(c: char) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn enter() -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )))
}

fn no_browser(_: &str) -> std::io::Result<()> {
    Err(std::io::Error::other("no browser in tests"))
}

/// Runs the real loop on a TestBackend with scripted input; returns the final state, the
/// commands the engine received and the last frame.
async fn run_script(
    input: Vec<std::io::Result<Event>>,
    engine: Vec<EngineEvent>,
) -> (AppState, Vec<EngineCommand>, String) {
    run_engine_script(input, engine, false).await
}

/// [`run_script`], with the engine's event channel closed after `engine` when `engine_stops`
/// (the store worker panicked or could not use the database).
async fn run_engine_script(
    input: Vec<std::io::Result<Event>>,
    engine: Vec<EngineEvent>,
    engine_stops: bool,
) -> (AppState, Vec<EngineCommand>, String) {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let (command_tx, mut command_rx) = mpsc::channel(16);
    let (event_tx, event_rx) = mpsc::channel(16);
    for event in engine {
        event_tx.send(event).await.unwrap();
    }
    let mut event_tx = Some(event_tx);
    if engine_stops {
        event_tx = None;
    }
    let io = LoopIo {
        input: futures::stream::iter(input),
        clock: ui_fixture::now,
        stop: std::future::pending::<()>(),
        commands: command_tx,
        events: event_rx,
        open_link: no_browser,
    };
    let state = AppState::new(ui_fixture::now(), false);
    let state = drive(&mut terminal, state, &Keymap::defaults(), io)
        .await
        .unwrap();
    drop(event_tx);
    let mut sent = Vec::new();
    while let Ok(command) = command_rx.try_recv() {
        sent.push(command);
    }
    (state, sent, terminal.backend().to_string())
}

#[tokio::test]
async fn keys_act_on_the_snapshot_and_q_shuts_down() {
    let snapshot = EngineEvent::Snapshot(Box::new(ui_fixture::report()));
    let (state, sent, frame) = run_script(
        vec![key('4'), key('j'), key('r'), enter(), key('q')],
        vec![snapshot],
    )
    .await;
    assert_eq!(
        sent,
        vec![
            EngineCommand::Refresh("theverge".into()),
            EngineCommand::Shutdown
        ]
    );
    assert!(state.quit);
    assert_eq!(state.focus, Pane::Sources);
    assert_eq!(
        state.overlay,
        Some(Overlay::SourceDetail {
            source: "theverge".into(),
            scroll: 0
        })
    );
    assert!(frame.contains("HTTP 503 (retry after 120s)"), "{frame}");
}

#[tokio::test]
async fn failing_browser_is_reported_not_fatal() {
    let snapshot = EngineEvent::Snapshot(Box::new(ui_fixture::report()));
    let (state, sent, _) = run_script(vec![key('5'), key('o'), key('q')], vec![snapshot]).await;
    assert_eq!(sent, vec![EngineCommand::Shutdown]);
    let error = state.status.last_error.unwrap_or_default();
    assert!(error.starts_with("cannot open https://"), "{error}");
}

#[tokio::test]
async fn end_of_input_or_a_stop_signal_shuts_down() {
    let (state, sent, frame) = run_script(Vec::new(), Vec::new()).await;
    assert_eq!(sent, vec![EngineCommand::Shutdown]);
    assert!(state.report.is_none());
    assert!(frame.contains("loading"), "{frame}");

    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let (command_tx, mut command_rx) = mpsc::channel(4);
    let (_event_tx, event_rx) = mpsc::channel(4);
    let io = LoopIo {
        input: futures::stream::pending(),
        clock: ui_fixture::now,
        stop: std::future::ready(()),
        commands: command_tx,
        events: event_rx,
        open_link: no_browser,
    };
    drive(
        &mut terminal,
        AppState::new(ui_fixture::now(), false),
        &Keymap::defaults(),
        io,
    )
    .await
    .unwrap();
    assert_eq!(command_rx.try_recv().ok(), Some(EngineCommand::Shutdown));
}

#[tokio::test]
async fn a_stopped_engine_is_reported_and_the_data_stays() {
    let snapshot = EngineEvent::Snapshot(Box::new(ui_fixture::report()));
    let (state, _, _) = run_engine_script(vec![key('q')], vec![snapshot], true).await;
    assert!(state.report.is_some(), "the last snapshot is still shown");
    let error = state.status.last_error.clone().unwrap_or_default();
    assert_eq!(error, "background work stopped");
    assert!(state.quit);
}

/// A reloaded config's bindings take effect at once, and the status bar says what changed;
/// `C` asks the engine to reload.
#[tokio::test]
async fn a_reloaded_config_rebinds_keys_and_says_so() {
    use airadar::config::KeyBinding;
    use airadar::engine::Reloaded;

    let binding = KeyBinding {
        key: "x".into(),
        action: "quit".into(),
        line: 2,
        column: 1,
    };
    let reloaded = || {
        EngineEvent::ConfigReloaded(Box::new(Reloaded {
            keymap: Keymap::with_overrides(std::slice::from_ref(&binding)).unwrap(),
            summary: "config reloaded: keys rebound".into(),
        }))
    };
    let (_, _, screen) = run_script(Vec::new(), vec![reloaded()]).await;
    assert!(screen.contains("config reloaded: keys rebound"), "{screen}");

    let (state, sent, _) = run_script(vec![key('C'), key('x')], vec![reloaded()]).await;
    assert_eq!(sent, [EngineCommand::ReloadConfig, EngineCommand::Shutdown]);
    assert!(state.quit, "x quits with the reloaded bindings");

    let (state, _, _) = run_script(vec![key('x')], Vec::new()).await;
    assert!(!state.quit, "x is unbound by default");
}
