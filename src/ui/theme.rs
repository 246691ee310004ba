//! Colours and emphasis in one struct, so `NO_COLOR` (or a light terminal) changes one place.

use ratatui::style::{Color, Modifier, Style};

/// Every style the dashboard draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Unfocused pane border.
    pub border: Style,
    /// Focused pane border and title.
    pub border_focused: Style,
    /// Table headers.
    pub header: Style,
    /// The selected row.
    pub selected: Style,
    /// Secondary text (dates, sources, past events).
    pub dim: Style,
    /// Names worth noticing (models, providers).
    pub accent: Style,
    /// Healthy state.
    pub ok: Style,
    /// Failures.
    pub error: Style,
    /// Stale data, slips, delays.
    pub warn: Style,
    /// New or changed rows, unread items.
    pub fresh: Style,
    /// The "today" marker.
    pub today: Style,
    /// Entities highlighted in the reader.
    pub entity: Style,
    /// Bars in the windows strip and sparklines.
    pub bar: Style,
    /// The status bar.
    pub status: Style,
}

impl Theme {
    /// Named ANSI colours (they follow the terminal's palette, so they read on dark and light
    /// backgrounds); with `color == false` only bold, reverse and underline are used.
    pub fn new(color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if !color {
            return Theme {
                border: Style::new(),
                border_focused: bold,
                header: Style::new().add_modifier(Modifier::UNDERLINED),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                dim: Style::new(),
                accent: bold,
                ok: Style::new(),
                error: bold,
                warn: Style::new(),
                fresh: bold,
                today: bold,
                entity: Style::new().add_modifier(Modifier::UNDERLINED),
                bar: Style::new(),
                status: Style::new().add_modifier(Modifier::REVERSED),
            };
        }
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: bold.fg(Color::Cyan),
            header: bold.fg(Color::Blue),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().fg(Color::DarkGray),
            accent: bold.fg(Color::Cyan),
            ok: Style::new().fg(Color::Green),
            error: bold.fg(Color::Red),
            warn: Style::new().fg(Color::Yellow),
            fresh: bold.fg(Color::Magenta),
            today: bold.fg(Color::Yellow),
            entity: bold.fg(Color::Magenta),
            bar: Style::new().fg(Color::Cyan),
            status: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Style for a claim kind.
    pub fn kind(&self, kind: &str) -> Style {
        match kind {
            "released" => self.ok,
            "delayed" => self.warn,
            "rumored" => self.dim,
            "announced" | "expected" => self.accent,
            _ => Style::new(),
        }
    }
}
