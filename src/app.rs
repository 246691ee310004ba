//! The event loop: selects over terminal input, a slow tick and engine events, applies them to
//! the state and redraws only when something changed. Also installs and restores the terminal.

use std::io::stdout;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, MouseButton, MouseEventKind,
};
use crossterm::execute;
use futures::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::layout::{Position, Rect};
use ratatui::{DefaultTerminal, Terminal};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::action::Action;
use crate::engine::{EngineCommand, EngineEvent};
use crate::keymap::{Keymap, Scope};
use crate::state::{AppState, Overlay, Pane};
use crate::ui;

/// Clocks, countdowns and the spinner move this often; nothing else is time-driven.
const TICK: Duration = Duration::from_secs(1);

/// Raw mode, alternate screen and mouse capture on; a panic hook that undoes all three.
///
/// The hook restores the terminal only for a panic on the UI thread (the one that called
/// this), which ends the program. A panic on a background thread (a fetch task, whose panic is
/// caught and reported as that source's error) is logged and leaves the screen alone: restoring
/// the terminal there would tear the dashboard down under a UI that keeps running.
pub fn install_terminal() -> anyhow::Result<DefaultTerminal> {
    // ratatui's hook restores raw mode and the screen; ours adds the mouse, before it.
    let terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let hook = std::panic::take_hook();
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            let _ = execute!(stdout(), DisableMouseCapture);
            hook(info);
        } else if crate::feeds::guard::panic_expected() {
            tracing::debug!("handled panic: {info}");
        } else {
            let thread = std::thread::current();
            tracing::error!(thread = thread.name().unwrap_or("?"), "panic: {info}");
        }
    }));
    execute!(stdout(), EnableMouseCapture).context("cannot enable mouse capture")?;
    Ok(terminal)
}

/// Puts the terminal back as it was: mouse capture off, main screen, cooked mode.
pub fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Where a key is looked up first, given what is open.
pub fn scope_for(state: &AppState) -> Scope {
    if state.filter_input {
        return Scope::FilterInput;
    }
    if state.help {
        return Scope::Global;
    }
    match state.overlay {
        Some(Overlay::Reader { .. }) => Scope::Reader,
        Some(Overlay::Ledger { .. } | Overlay::SourceDetail { .. }) => Scope::Ledger,
        None => match state.focus {
            Pane::Models => Scope::Models,
            Pane::Timeline => Scope::Timeline,
            Pane::Capacity => Scope::Capacity,
            Pane::Sources => Scope::Sources,
            Pane::News => Scope::News,
        },
    }
}

/// Turns one terminal event into actions on `state`; returns the commands for the engine.
pub fn on_terminal_event(
    state: &mut AppState,
    keymap: &Keymap,
    event: &Event,
) -> Vec<EngineCommand> {
    let action = match event {
        Event::Key(key) => keymap.lookup(scope_for(state), *key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: false,
            }),
            _ => None,
        },
        Event::Resize(..) | Event::FocusGained => {
            state.mark_dirty();
            None
        }
        _ => None,
    };
    action.map(|a| state.apply(a)).unwrap_or_default()
}

/// Runs the dashboard until the user quits or SIGTERM/SIGHUP arrives; sends
/// [`EngineCommand::Shutdown`] on the way out. The caller installs and restores the terminal.
pub async fn run(
    terminal: &mut DefaultTerminal,
    state: AppState,
    keymap: Keymap,
    commands: mpsc::Sender<EngineCommand>,
    events: mpsc::Receiver<EngineEvent>,
) -> anyhow::Result<()> {
    let mut sigterm = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut sighup = signal(SignalKind::hangup()).context("cannot watch SIGHUP")?;
    let stop = async move {
        tokio::select! {
            _ = sigterm.recv() => {}
            _ = sighup.recv() => {}
        }
    };
    let io = LoopIo {
        input: EventStream::new(),
        clock: Utc::now,
        stop,
        commands,
        events,
        open_link: |url| open::that_detached(url),
    };
    drive(terminal, state, &keymap, io).await.map(|_| ())
}

/// Everything the loop reads from or writes to, so tests can script all of it.
pub struct LoopIo<S, C, F> {
    /// Terminal events (crossterm's `EventStream` in the app).
    pub input: S,
    /// The wall clock, read once per tick.
    pub clock: C,
    /// Resolves when the process is asked to stop (SIGTERM, SIGHUP).
    pub stop: F,
    /// Commands for the background side.
    pub commands: mpsc::Sender<EngineCommand>,
    /// Events from the background side.
    pub events: mpsc::Receiver<EngineEvent>,
    /// Opens a link in the browser (`open::that_detached` in the app).
    pub open_link: fn(&str) -> std::io::Result<()>,
}

/// The loop behind [`run`], on any backend; returns the final state.
///
/// Engine events are taken before terminal input when both are ready, so a key always acts on
/// the newest snapshot; handling them is cheap (no I/O), so input is not held up.
pub async fn drive<B, S, C, F>(
    terminal: &mut Terminal<B>,
    mut state: AppState,
    keymap: &Keymap,
    io: LoopIo<S, C, F>,
) -> anyhow::Result<AppState>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = std::io::Result<Event>> + Unpin,
    C: Fn() -> DateTime<Utc>,
    F: Future<Output = ()>,
{
    let LoopIo {
        mut input,
        clock,
        stop,
        commands,
        mut events,
        open_link,
    } = io;
    tokio::pin!(stop);
    // Replaced when the config is reloaded.
    let mut keymap = keymap.clone();
    state.set_keymap(&keymap);
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut engine_open = true;
    loop {
        if state.take_dirty() {
            draw(terminal, &mut state)?;
        }
        let outgoing = tokio::select! {
            biased;
            _ = &mut stop => vec![EngineCommand::Shutdown],
            event = events.recv(), if engine_open => {
                match event {
                    Some(event) => {
                        if let EngineEvent::ConfigReloaded(reloaded) = &event {
                            keymap = reloaded.keymap.clone();
                        }
                        state.on_engine(event)
                    }
                    None => {
                        engine_open = false;
                        state.on_engine(EngineEvent::Error("background work stopped".into()));
                    }
                }
                Vec::new()
            }
            event = input.next() => match event {
                Some(Ok(event)) => on_terminal_event(&mut state, &keymap, &event),
                Some(Err(err)) => return Err(err).context("reading terminal input"),
                None => vec![EngineCommand::Shutdown],
            },
            _ = tick.tick() => {
                state.on_tick(clock());
                Vec::new()
            }
        };
        let shutting_down = outgoing.contains(&EngineCommand::Shutdown);
        for command in outgoing {
            if commands.send(command).await.is_err() && !shutting_down {
                state.on_engine(EngineEvent::Error("background work stopped".into()));
            }
        }
        if let Some(url) = state.link_to_open.take()
            && let Err(err) = open_link(&url)
        {
            state.on_engine(EngineEvent::Error(format!("cannot open {url}: {err}")));
        }
        if shutting_down || state.quit {
            return Ok(state);
        }
    }
}

/// Settles the layout for the current size first, so the frame and mouse mapping agree.
fn draw<B>(terminal: &mut Terminal<B>, state: &mut AppState) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size().context("reading the terminal size")?;
    state.set_layout(ui::layout(Rect::from((Position::ORIGIN, size)), state));
    terminal
        .draw(|frame| ui::render(frame, state))
        .context("drawing")?;
    // set_layout marked the state dirty; this frame already shows it.
    state.take_dirty();
    Ok(())
}
