//! Snapshots of every pane and of the whole screen in its states, on TestBackend with a fixed
//! clock. Run `INSTA_UPDATE=always cargo test --test ui_snapshots` after a deliberate change.

mod ui_fixture;

use airadar::action::Action;
use airadar::engine::EngineEvent;
use airadar::feeds::{FeedUpdate, UpdateOutcome};
use airadar::keymap::Keymap;
use airadar::report::Report;
use airadar::state::{AppState, Pane};
use airadar::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::time::Duration;

fn state() -> AppState {
    let mut state = AppState::new(ui_fixture::now(), false);
    state.set_keymap(&Keymap::defaults());
    state
}

fn loaded() -> AppState {
    let mut state = state();
    state.on_engine(EngineEvent::Snapshot(Box::new(ui_fixture::report())));
    state
}

/// Draws like the app loop does: settle the layout for the size, then render.
fn draw(state: &mut AppState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    state.set_layout(ui::layout(Rect::new(0, 0, width, height), state));
    terminal.draw(|frame| ui::render(frame, state)).unwrap();
    terminal
}

fn apply_all(state: &mut AppState, actions: &[Action]) {
    for action in actions {
        state.apply(*action);
    }
}

#[test]
fn whole_screen_loading() {
    let mut state = state();
    state.on_engine(EngineEvent::Progress { done: 2, total: 7 });
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn whole_screen_empty() {
    let mut state = state();
    state.on_engine(EngineEvent::Snapshot(Box::new(Report {
        generated_at: ui_fixture::now(),
        ..Default::default()
    })));
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn whole_screen_loaded() {
    let mut state = loaded();
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn whole_screen_error_while_fetching() {
    let mut state = loaded();
    state.on_engine(EngineEvent::Progress { done: 3, total: 7 });
    state.on_engine(EngineEvent::Feed(FeedUpdate {
        source: "techcrunch".into(),
        at: ui_fixture::now(),
        elapsed: Duration::from_millis(900),
        outcome: UpdateOutcome::Failed {
            message: "connection failed: connection refused".into(),
            status: None,
        },
    }));
    state.on_engine(EngineEvent::Feed(FeedUpdate {
        source: "folha".into(),
        at: ui_fixture::now(),
        elapsed: Duration::ZERO,
        outcome: UpdateOutcome::Started,
    }));
    apply_all(&mut state, &[Action::FocusSources]);
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn models_filtered() {
    let mut state = loaded();
    apply_all(
        &mut state,
        &[
            Action::Filter,
            Action::FilterInput('g'),
            Action::FilterInput('p'),
            Action::FilterInput('t'),
        ],
    );
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn each_pane_zoomed() {
    for pane in Pane::ALL {
        let mut state = loaded();
        state.focus = pane;
        apply_all(&mut state, &[Action::Zoom, Action::Down]);
        let terminal = draw(&mut state, 100, 24);
        insta::assert_snapshot!(
            format!("zoomed_{}", pane.title().to_lowercase()),
            terminal.backend()
        );
    }
}

#[test]
fn models_sorted_by_slip() {
    let mut state = loaded();
    apply_all(
        &mut state,
        &[
            Action::Zoom,
            Action::CycleSort,
            Action::CycleSort,
            Action::CycleSort,
        ],
    );
    insta::assert_snapshot!(draw(&mut state, 100, 14).backend());
}

#[test]
fn timeline_kind_filter() {
    let mut state = loaded();
    apply_all(
        &mut state,
        &[
            Action::FocusTimeline,
            Action::Zoom,
            Action::CycleKind,
            Action::CycleKind,
        ],
    );
    insta::assert_snapshot!(draw(&mut state, 100, 20).backend());
}

#[test]
fn small_terminal_shows_one_pane_with_tabs() {
    let mut state = loaded();
    apply_all(&mut state, &[Action::FocusNews]);
    insta::assert_snapshot!(draw(&mut state, 40, 12).backend());
}

#[test]
fn help_overlay() {
    let mut state = loaded();
    apply_all(&mut state, &[Action::Help]);
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn ledger_overlay() {
    let mut state = loaded();
    apply_all(&mut state, &[Action::Down, Action::Open]);
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn source_detail_overlay() {
    let mut state = loaded();
    apply_all(
        &mut state,
        &[Action::FocusSources, Action::Down, Action::Open],
    );
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn reader_overlay() {
    let mut state = loaded();
    apply_all(&mut state, &[Action::FocusNews, Action::Down, Action::Open]);
    state.on_engine(EngineEvent::ItemText {
        id: 5,
        text: "A OpenAI prevê lançar o GPT-5 no primeiro trimestre de 2027, segundo executivos.\n\nO atraso \u{1b}]0;pwned\u{7}segue relatos anteriores.".into(),
    });
    insta::assert_snapshot!(draw(&mut state, 120, 40).backend());
}

#[test]
fn reader_small_terminal() {
    let mut state = loaded();
    apply_all(&mut state, &[Action::FocusNews, Action::Open]);
    insta::assert_snapshot!(draw(&mut state, 40, 12).backend());
}

/// Every state at sizes from 1×1 to 300×100: nothing may panic.
#[test]
fn never_panics_at_any_size() {
    let widths = [
        1, 2, 3, 5, 10, 20, 39, 40, 41, 60, 79, 80, 81, 100, 120, 200, 300,
    ];
    let heights = [1, 2, 3, 4, 5, 8, 11, 12, 13, 20, 23, 24, 25, 40, 60, 100];
    let setups: Vec<(&str, Vec<Action>)> = vec![
        ("plain", vec![]),
        ("help", vec![Action::Help]),
        ("ledger", vec![Action::Open]),
        ("reader", vec![Action::FocusNews, Action::Open]),
        ("detail", vec![Action::FocusSources, Action::Open]),
        (
            "zoom",
            vec![Action::FocusTimeline, Action::Zoom, Action::Bottom],
        ),
        ("filter", vec![Action::Filter, Action::FilterInput('x')]),
    ];
    for (name, actions) in &setups {
        for &w in &widths {
            for &h in &heights {
                let mut state = loaded();
                apply_all(&mut state, actions);
                let _ = draw(&mut state, w, h);
                // Scrolling after the layout is known must stay in bounds too.
                apply_all(
                    &mut state,
                    &[Action::Bottom, Action::PageDown, Action::Down],
                );
                let _ = draw(&mut state, w, h);
                let _ = name;
            }
        }
    }
    let mut empty = state();
    for (w, h) in [(1, 1), (40, 12), (300, 100)] {
        let _ = draw(&mut empty, w, h);
    }
}

/// NO_COLOR: nothing but the terminal's default colours; with colour on, some cells are tinted.
/// Hostile titles (ESC sequences) never reach the buffer either way.
#[test]
fn no_color_means_default_colours_only() {
    use ratatui::style::Color;
    for color in [false, true] {
        let mut state = AppState::new(ui_fixture::now(), color);
        state.on_engine(EngineEvent::Snapshot(Box::new(ui_fixture::report())));
        let terminal = draw(&mut state, 120, 40);
        let buffer = terminal.backend().buffer();
        let tinted = buffer
            .content()
            .iter()
            .filter(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
            .count();
        assert_eq!(tinted > 0, color, "color={color}: {tinted} tinted cells");
        assert!(
            buffer
                .content()
                .iter()
                .all(|cell| !cell.symbol().contains('\u{1b}'))
        );
    }
}

/// The status bar counts sources in the right number, and shows a reload's summary.
#[test]
fn status_bar_counts_one_source_and_shows_a_reload() {
    let mut report = ui_fixture::report();
    report.sources.truncate(1);
    let mut state = state();
    state.on_engine(EngineEvent::Snapshot(Box::new(report)));
    state.on_engine(EngineEvent::ConfigReloaded(Box::new(
        airadar::engine::Reloaded {
            keymap: Keymap::defaults(),
            summary: "config reloaded: 1 source removed".into(),
        },
    )));
    let screen = draw(&mut state, 120, 40).backend().to_string();
    let status = screen.lines().last().unwrap();
    assert!(
        status.contains(" 1 source · config reloaded: 1 source removed"),
        "{status}"
    );
}
