//! The event loop: selects over terminal input, a slow tick and engine events, applies them to
//! the state and redraws only when something changed. Also installs and restores the terminal.

use std::io::stdout;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, MouseButton, MouseEventKind,
};
use crossterm::execute;
use futures::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::layout::{Position, Rect};
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
pub fn install_terminal() -> anyhow::Result<DefaultTerminal> {
    // ratatui's hook restores raw mode and the screen; ours adds the mouse, before it.
    let terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        hook(info);
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
    mut state: AppState,
    keymap: Keymap,
    commands: mpsc::Sender<EngineCommand>,
    mut events: mpsc::Receiver<EngineEvent>,
) -> anyhow::Result<()> {
    state.set_keymap(&keymap);
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut sigterm = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut sighup = signal(SignalKind::hangup()).context("cannot watch SIGHUP")?;
    let mut engine_open = true;
    loop {
        if state.take_dirty() {
            draw(terminal, &mut state)?;
        }
        let outgoing = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => on_terminal_event(&mut state, &keymap, &event),
                Some(Err(err)) => return Err(err).context("reading terminal input"),
                None => vec![EngineCommand::Shutdown],
            },
            _ = tick.tick() => {
                state.on_tick(Utc::now());
                Vec::new()
            }
            event = events.recv(), if engine_open => {
                match event {
                    Some(event) => state.on_engine(event),
                    None => {
                        engine_open = false;
                        state.on_engine(EngineEvent::Error("background work stopped".into()));
                    }
                }
                Vec::new()
            }
            _ = sigterm.recv() => vec![EngineCommand::Shutdown],
            _ = sighup.recv() => vec![EngineCommand::Shutdown],
        };
        let shutting_down = outgoing.contains(&EngineCommand::Shutdown);
        for command in outgoing {
            if commands.send(command).await.is_err() && !shutting_down {
                state.on_engine(EngineEvent::Error("background work stopped".into()));
            }
        }
        if let Some(url) = state.link_to_open.take()
            && let Err(err) = open::that_detached(&url)
        {
            state.on_engine(EngineEvent::Error(format!("cannot open {url}: {err}")));
        }
        if shutting_down || state.quit {
            return Ok(());
        }
    }
}

/// Settles the layout for the current size first, so the frame and mouse mapping agree.
fn draw(terminal: &mut DefaultTerminal, state: &mut AppState) -> anyhow::Result<()> {
    let size = terminal.size().context("reading the terminal size")?;
    state.set_layout(ui::layout(Rect::from((Position::ORIGIN, size)), state));
    terminal
        .draw(|frame| ui::render(frame, state))
        .context("drawing")?;
    // set_layout marked the state dirty; this frame already shows it.
    state.take_dirty();
    Ok(())
}
