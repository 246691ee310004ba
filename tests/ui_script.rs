//! Scripted sessions: key events and engine events drive the state without a terminal, and
//! the test checks the state and the commands sent to the engine.

mod ui_fixture;

use airadar::app::on_terminal_event;
use airadar::config::KeyBinding;
use airadar::engine::{EngineCommand, EngineEvent};
use airadar::feeds::{FeedUpdate, UpdateOutcome};
use airadar::keymap::{Keymap, KeymapError};
use airadar::report::{ItemReport, ModelReport, Report};
use airadar::state::{AppState, Overlay, Pane, RowMark};
use airadar::ui;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

struct Session {
    state: AppState,
    keymap: Keymap,
    sent: Vec<EngineCommand>,
    size: (u16, u16),
}

impl Session {
    fn new() -> Self {
        Self::with_keymap(Keymap::defaults())
    }

    fn with_keymap(keymap: Keymap) -> Self {
        let mut state = AppState::new(ui_fixture::now(), true);
        state.set_keymap(&keymap);
        state.on_engine(EngineEvent::Snapshot(Box::new(ui_fixture::report())));
        let mut session = Session {
            state,
            keymap,
            sent: Vec::new(),
            size: (120, 40),
        };
        session.resize(120, 40);
        session
    }

    /// What the loop does before each draw.
    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let layout = ui::layout(Rect::new(0, 0, width, height), &self.state);
        self.state.set_layout(layout);
    }

    fn event(&mut self, event: Event) -> Vec<EngineCommand> {
        let out = on_terminal_event(&mut self.state, &self.keymap, &event);
        self.sent.extend(out.clone());
        // The loop lays the screen out again before every draw.
        self.resize(self.size.0, self.size.1);
        out
    }

    fn key(&mut self, code: KeyCode) -> Vec<EngineCommand> {
        self.event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn selected_model(&self) -> String {
        let i = self.state.selected_index(Pane::Models).unwrap();
        self.state.report.as_ref().unwrap().models[i].name.clone()
    }

    fn selected_item(&self) -> &ItemReport {
        let i = self.state.selected_index(Pane::News).unwrap();
        &self.state.report.as_ref().unwrap().items[i]
    }
}

fn snapshot_with(edit: impl FnOnce(&mut Report)) -> EngineEvent {
    let mut report = ui_fixture::report();
    edit(&mut report);
    EngineEvent::Snapshot(Box::new(report))
}

#[test]
fn selection_and_scroll_survive_a_new_snapshot() {
    let mut s = Session::new();
    s.keys("jj");
    assert_eq!(s.selected_model(), "Claude 5");
    // A new model seen more recently sorts above every row; the selection must not move.
    s.state.on_engine(snapshot_with(|r| {
        r.models.push(ModelReport {
            name: "o5".into(),
            status: "announced".into(),
            last_seen: Some(ui_fixture::day("2026-11-28")),
            ..Default::default()
        });
    }));
    assert_eq!(s.selected_model(), "Claude 5");
    assert_eq!(s.state.cursor(Pane::Models).index, 3);
    assert_eq!(s.state.marks.get("o5"), Some(&RowMark::New));

    // News: scrolled down by one page in a short pane, then a newer item arrives on top.
    s.resize(40, 10);
    s.key(KeyCode::Char('5'));
    s.keys("jjjjjjj");
    let before = s.selected_item().id;
    let top_before = s.state.cursor(Pane::News).top.clone();
    assert!(
        s.state.cursor(Pane::News).offset > 0,
        "pane should have scrolled"
    );
    s.state.on_engine(snapshot_with(|r| {
        r.items.push(ItemReport {
            id: 99,
            source: "techcrunch".into(),
            title: "Breaking".into(),
            published: Some(ui_fixture::now()),
            ..Default::default()
        });
    }));
    assert_eq!(s.selected_item().id, before);
    assert_eq!(s.state.cursor(Pane::News).top, top_before);
}

#[test]
fn changed_model_is_marked() {
    let mut s = Session::new();
    s.state.on_engine(snapshot_with(|r| {
        r.models[0].status = "released".into();
    }));
    assert_eq!(s.state.marks.get("GPT-5"), Some(&RowMark::Changed));
    assert_eq!(s.state.marks.get("GPT-4.5"), None);
}

#[test]
fn filter_then_next_and_previous_match() {
    let mut s = Session::new();
    s.key(KeyCode::Char('/'));
    s.keys("gpt");
    // Typing q inside the filter is text, not quit.
    assert!(!s.state.quit);
    s.key(KeyCode::Enter);
    assert!(!s.state.filter_input);
    assert_eq!(s.state.filter(Pane::Models), "gpt");
    assert_eq!(s.state.rows.models.len(), 2);
    assert_eq!(s.selected_model(), "GPT-5");
    s.key(KeyCode::Char('n'));
    assert_eq!(s.selected_model(), "GPT-4.5");
    s.key(KeyCode::Char('n'));
    assert_eq!(s.selected_model(), "GPT-5", "n wraps around");
    s.key(KeyCode::Char('N'));
    assert_eq!(s.selected_model(), "GPT-4.5", "N wraps backwards");
    s.key(KeyCode::Esc);
    assert_eq!(s.state.filter(Pane::Models), "");
    assert_eq!(s.state.rows.models.len(), 5);
    assert_eq!(
        s.selected_model(),
        "GPT-4.5",
        "clearing the filter keeps the row"
    );
}

#[test]
fn filter_is_live_and_escape_cancels_it() {
    let mut s = Session::new();
    s.key(KeyCode::Char('/'));
    s.keys("claude");
    assert_eq!(s.state.rows.models.len(), 1);
    s.key(KeyCode::Backspace);
    assert_eq!(s.state.filter(Pane::Models), "claud");
    s.key(KeyCode::Esc);
    assert!(!s.state.filter_input);
    assert_eq!(s.state.rows.models.len(), 5);
}

#[test]
fn enter_on_a_model_opens_its_ledger_and_escape_closes_it() {
    let mut s = Session::new();
    s.key(KeyCode::Char('j'));
    s.key(KeyCode::Enter);
    assert_eq!(
        s.state.overlay,
        Some(Overlay::Ledger {
            model: "GPT-5".into(),
            scroll: 0
        })
    );
    assert_eq!(s.state.ledger_model().map(|m| m.claims.len()), Some(3));
    s.key(KeyCode::Esc);
    assert_eq!(s.state.overlay, None);
}

#[test]
fn r_refreshes_the_selected_source_and_shift_r_all() {
    let mut s = Session::new();
    s.key(KeyCode::Char('4'));
    s.key(KeyCode::Down);
    assert_eq!(
        s.key(KeyCode::Char('r')),
        vec![EngineCommand::Refresh("theverge".into())]
    );
    assert_eq!(
        s.event(Event::Key(KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::SHIFT
        ))),
        vec![EngineCommand::RefreshAll]
    );
}

#[test]
fn m_and_s_toggle_read_and_star_on_the_selected_item() {
    let mut s = Session::new();
    s.key(KeyCode::Char('5'));
    s.key(KeyCode::Char('j'));
    let id = s.selected_item().id;
    assert!(!s.selected_item().read);
    let source = s.selected_item().source.clone();
    let unread = |s: &Session| {
        let report = s.state.report.as_ref().unwrap();
        report
            .sources
            .iter()
            .find(|r| r.name == source)
            .unwrap()
            .unread
    };
    let before = unread(&s);
    assert_eq!(
        s.key(KeyCode::Char('m')),
        vec![EngineCommand::SetRead(id, true)]
    );
    assert!(
        s.selected_item().read,
        "row updates before the store answers"
    );
    assert_eq!(unread(&s), before - 1, "and so does the source's count");
    assert_eq!(
        s.key(KeyCode::Char('m')),
        vec![EngineCommand::SetRead(id, false)]
    );
    assert_eq!(unread(&s), before);
    assert_eq!(
        s.key(KeyCode::Char('s')),
        vec![EngineCommand::SetStarred(id, true)]
    );
}

#[test]
fn enter_on_news_loads_the_text_and_marks_read() {
    let mut s = Session::new();
    s.key(KeyCode::Char('5'));
    s.key(KeyCode::Char('j'));
    let id = s.selected_item().id;
    let sent = s.key(KeyCode::Enter);
    assert_eq!(
        sent,
        vec![
            EngineCommand::LoadItem(id),
            EngineCommand::SetRead(id, true)
        ]
    );
    s.state.on_engine(EngineEvent::ItemText {
        id,
        text: "Body \u{1b}[31mred".into(),
    });
    assert_eq!(
        s.state.item_texts.get(&id).map(String::as_str),
        Some("Body red")
    );
    s.key(KeyCode::Char('o'));
    assert_eq!(
        s.state.link_to_open,
        Some(format!("https://folha.example/{id}"))
    );
}

#[test]
fn quit_sends_shutdown_from_q_and_ctrl_c() {
    let mut s = Session::new();
    assert_eq!(s.key(KeyCode::Char('q')), vec![EngineCommand::Shutdown]);
    assert!(s.state.quit);
    let mut s = Session::new();
    s.key(KeyCode::Char('/'));
    let sent = s.event(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(sent, vec![EngineCommand::Shutdown]);
}

#[test]
fn keybinding_override_works() {
    let bindings = vec![
        KeyBinding {
            key: "ctrl-r".into(),
            action: "refresh_all".into(),
            line: 3,
            column: 1,
        },
        KeyBinding {
            key: "x".into(),
            action: "quit".into(),
            line: 4,
            column: 1,
        },
        KeyBinding {
            key: "j".into(),
            action: "next_pane".into(),
            line: 5,
            column: 1,
        },
    ];
    let mut s = Session::with_keymap(Keymap::with_overrides(&bindings).unwrap());
    assert_eq!(
        s.event(Event::Key(KeyEvent::new(
            KeyCode::Char('r'),
            KeyModifiers::CONTROL
        ))),
        vec![EngineCommand::RefreshAll]
    );
    s.key(KeyCode::Char('j'));
    assert_eq!(s.state.focus, Pane::Timeline);
    assert!(
        s.state
            .key_help
            .iter()
            .any(|h| h.keys.contains("ctrl-r") && h.description == "Refresh every source")
    );
    assert_eq!(s.key(KeyCode::Char('x')), vec![EngineCommand::Shutdown]);
}

#[test]
fn unknown_action_is_an_error_with_its_line() {
    let bindings = vec![
        KeyBinding {
            key: "r".into(),
            action: "refresh".into(),
            line: 6,
            column: 1,
        },
        KeyBinding {
            key: "ctrl-x".into(),
            action: "explode".into(),
            line: 7,
            column: 3,
        },
    ];
    let err = Keymap::with_overrides(&bindings).unwrap_err();
    assert!(
        matches!(
            err,
            KeymapError::UnknownAction {
                line: 7,
                column: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.location(), (7, 3));
    assert!(
        err.to_string().starts_with("unknown action `explode`"),
        "{err}"
    );
    let bad_key = [KeyBinding {
        key: "hyper-q".into(),
        action: "quit".into(),
        line: 2,
        column: 5,
    }];
    let err = Keymap::with_overrides(&bad_key).unwrap_err();
    assert!(
        matches!(
            err,
            KeymapError::BadKey {
                line: 2,
                column: 5,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn click_focuses_a_pane_and_selects_the_row_under_the_pointer() {
    let mut s = Session::new();
    let sources = s
        .state
        .layout
        .panes
        .iter()
        .find(|a| a.pane == Pane::Sources)
        .unwrap()
        .rows;
    s.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: sources.x + 3,
        row: sources.y + 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(s.state.focus, Pane::Sources);
    assert_eq!(
        s.state.cursor(Pane::Sources).selected.as_deref(),
        Some("folha")
    );
    let news = s
        .state
        .layout
        .panes
        .iter()
        .find(|a| a.pane == Pane::News)
        .unwrap()
        .rows;
    s.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: news.x + 1,
        row: news.y,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(
        s.state.cursor(Pane::News).index,
        3,
        "the wheel moves the pane under the pointer"
    );
    assert_eq!(
        s.state.focus,
        Pane::Sources,
        "the wheel does not steal focus"
    );
}

#[test]
fn click_below_the_today_line_selects_the_row_drawn_there() {
    let mut s = Session::new();
    let timeline = s
        .state
        .layout
        .panes
        .iter()
        .find(|a| a.pane == Pane::Timeline)
        .unwrap()
        .rows;
    let marker = s.state.timeline_marker_line().unwrap();
    s.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: timeline.x + 1,
        row: timeline.y + marker as u16 + 1,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(s.state.focus, Pane::Timeline);
    assert_eq!(s.state.cursor(Pane::Timeline).index, marker);
    let i = s.state.selected_index(Pane::Timeline).unwrap();
    assert_eq!(
        s.state.report.as_ref().unwrap().timeline[i].subject,
        "Gemini 3 Ultra"
    );
}

#[test]
fn feed_updates_show_progress_and_errors_without_moving_focus() {
    let mut s = Session::new();
    s.state
        .on_engine(EngineEvent::Progress { done: 1, total: 7 });
    assert!(s.state.status.fetching());
    s.state.on_engine(EngineEvent::Feed(FeedUpdate {
        source: "folha".into(),
        at: ui_fixture::now(),
        elapsed: std::time::Duration::from_millis(300),
        outcome: UpdateOutcome::Failed {
            message: "HTTP 500".into(),
            status: Some(500),
        },
    }));
    assert_eq!(
        s.state.status.last_error.as_deref(),
        Some("folha: HTTP 500")
    );
    assert_eq!(s.state.focus, Pane::Models);
    assert_eq!(s.state.overlay, None);
    // The tick advances the spinner and asks for a redraw only while fetching.
    s.state.take_dirty();
    s.state
        .on_tick(ui_fixture::now() + chrono::Duration::seconds(1));
    assert!(s.state.take_dirty());
    s.state
        .on_engine(EngineEvent::Progress { done: 7, total: 7 });
    // One source is due in 40 s: its countdown shows seconds, so every tick redraws.
    s.state.take_dirty();
    s.state
        .on_tick(ui_fixture::now() + chrono::Duration::seconds(2));
    assert!(s.state.take_dirty(), "a seconds countdown is on screen");
    s.state.on_engine(snapshot_with(|r| {
        for source in &mut r.sources {
            source.next_fetch = Some(ui_fixture::now() + chrono::Duration::minutes(30));
        }
    }));
    s.state.take_dirty();
    s.state
        .on_tick(ui_fixture::now() + chrono::Duration::seconds(3));
    assert!(!s.state.take_dirty(), "idle second: nothing to redraw");
    s.state
        .on_tick(ui_fixture::now() + chrono::Duration::seconds(61));
    assert!(s.state.take_dirty(), "the clock's minute changed");
}

#[test]
fn zoom_help_and_pane_cycling() {
    let mut s = Session::new();
    s.key(KeyCode::Tab);
    assert_eq!(s.state.focus, Pane::Timeline);
    s.event(Event::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    s.event(Event::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(s.state.focus, Pane::News);
    s.key(KeyCode::Char('z'));
    assert!(s.state.zoomed);
    s.key(KeyCode::Char('?'));
    assert!(s.state.help);
    s.key(KeyCode::Char('j'));
    assert_eq!(
        s.state.cursor(Pane::News).index,
        0,
        "keys go to the help overlay first"
    );
    s.key(KeyCode::Esc);
    assert!(!s.state.help);
    s.key(KeyCode::Esc);
    assert!(!s.state.zoomed);
}

#[test]
fn overlay_scroll_stops_at_the_last_line() {
    let mut s = Session::new();
    s.resize(40, 12);
    s.key(KeyCode::Char('j'));
    s.key(KeyCode::Enter);
    for _ in 0..100 {
        s.key(KeyCode::Char('j'));
    }
    let scroll = |s: &Session| match &s.state.overlay {
        Some(Overlay::Ledger { scroll, .. }) => *scroll,
        other => panic!("ledger should be open, got {other:?}"),
    };
    let max = s.state.layout.overlay_lines - s.state.layout.overlay_height;
    assert!(max > 0, "the GPT-5 ledger is longer than a 40x12 screen");
    assert_eq!(scroll(&s), max);
    s.key(KeyCode::PageUp);
    assert_eq!(
        scroll(&s),
        max.saturating_sub(s.state.layout.overlay_height)
    );
    s.key(KeyCode::Char('g'));
    assert_eq!(scroll(&s), 0);
}

#[test]
fn shift_m_marks_everything_read_or_one_source_in_sources() {
    let unread = |s: &Session, source: Option<&str>| {
        let report = s.state.report.as_ref().unwrap();
        report
            .items
            .iter()
            .filter(|it| !it.read && source.is_none_or(|name| it.source == name))
            .count()
    };
    // In Sources: only the selected source's items.
    let mut s = Session::new();
    s.key(KeyCode::Char('4'));
    let i = s.state.selected_index(Pane::Sources).unwrap();
    let name = s.state.report.as_ref().unwrap().sources[i].name.clone();
    assert!(
        unread(&s, Some(&name)) > 0,
        "the fixture has unread items of {name}"
    );
    let others = unread(&s, None) - unread(&s, Some(&name));
    assert!(others > 0, "and of other sources");
    assert_eq!(
        s.key(KeyCode::Char('M')),
        vec![EngineCommand::MarkAllRead(Some(name.clone()))]
    );
    assert_eq!(unread(&s, Some(&name)), 0);
    assert_eq!(unread(&s, None), others, "other sources untouched");
    let row = &s.state.report.as_ref().unwrap().sources[i];
    assert_eq!(row.unread, 0);

    // Anywhere else: every item.
    s.key(KeyCode::Char('5'));
    assert_eq!(
        s.key(KeyCode::Char('M')),
        vec![EngineCommand::MarkAllRead(None)]
    );
    assert_eq!(unread(&s, None), 0);
    assert_eq!(
        s.state.status.message.as_deref(),
        Some("every item marked read")
    );
}
