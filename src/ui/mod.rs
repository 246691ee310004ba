//! Drawing: `render(frame, &state)` is pure, and [`layout`] tells the loop where panes went.
//!
//! Full layout (from 80×24; 120×40 shown), the focused pane has a bold cyan border:
//! ```text
//! ┌ 1 Models ─────────────────────────────┐┌ 2 Timeline ─────────────────────┐
//! │ name   vendor status expected slip …   ││ Q2 2025  GPT-5  expected  …     │
//! │                                        ││ ── today 2026-11-28 ──────────  │
//! │                                        ││ windows strip: GPT-5 ▕████▏     │
//! └────────────────────────────────────────┘└─────────────────────────────────┘
//! ┌ 5 News ────────────────┐┌ 3 Capacity ──────────────────────────────────────┐
//! │ ● 11-27 title [GPT-5]  │└──────────────────────────────────────────────────┘
//! │                        │┌ 4 Sources ───────────────────────────────────────┐
//! └────────────────────────┘└──────────────────────────────────────────────────┘
//!  ⠋ 3/7 sources · last error …                          2026-11-28 12:00 UTC
//! ```
//! Below 80×24 one pane is shown under a tab bar; `z` zooms the focused pane the same way.
//! Overlays (ledger, source detail, reader, help) are drawn centred over the panes.

mod capacity;
pub mod format;
mod grid;
mod help;
mod models;
mod news;
mod overlay;
mod paint;
mod sources;
mod status;
mod text;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::state::{AppState, Pane, PaneArea, ScreenLayout};
pub use theme::Theme;

/// Below this size the dashboard shows one pane at a time.
pub const FULL_MIN: (u16, u16) = (80, 24);

/// Where everything goes for a terminal of `area`: panes, tabs and the overlay's height.
///
/// The loop calls this after drawing and hands the result to [`AppState::set_layout`], so
/// clicks and paging use the same rectangles `render` used.
pub fn layout(area: Rect, state: &AppState) -> ScreenLayout {
    let screen = split_screen(area, state);
    let mut panes = Vec::new();
    for (pane, outer) in &screen.panes {
        let inner = Block::bordered().inner(*outer);
        panes.push(PaneArea {
            pane: *pane,
            outer: *outer,
            rows: rows_area(*pane, inner, state),
        });
    }
    let (overlay_height, overlay_lines) = overlay::measure(screen.body, state);
    ScreenLayout {
        panes,
        tabs: screen.tabs,
        overlay_height,
        overlay_lines,
    }
}

/// Draws the whole screen from `state`.
pub fn render(frame: &mut Frame, state: &AppState) {
    let theme = Theme::new(state.color);
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let screen = split_screen(area, state);
    if let Some(bar) = screen.tab_bar {
        draw_tabs(frame, bar, &screen.tabs, state, &theme);
    }
    for (pane, outer) in &screen.panes {
        draw_pane(frame, *pane, *outer, state, &theme);
    }
    if let Some(bar) = screen.status {
        status::draw(frame, bar, state, &theme);
    }
    overlay::draw(frame, screen.body, state, &theme);
    if state.help {
        help::draw(frame, screen.body, state, &theme);
    }
}

/// The screen cut into its parts.
struct Screen {
    panes: Vec<(Pane, Rect)>,
    tabs: Vec<(Pane, Rect)>,
    tab_bar: Option<Rect>,
    status: Option<Rect>,
    /// Everything except the status bar: where overlays go.
    body: Rect,
}

fn split_screen(area: Rect, state: &AppState) -> Screen {
    let (body, status) = if area.height >= 2 {
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        (body, Some(status))
    } else {
        (area, None)
    };
    let compact = area.width < FULL_MIN.0 || area.height < FULL_MIN.1;
    if compact || state.zoomed {
        let (tab_bar, pane_area) = if compact && body.height >= 4 {
            let [bar, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
            (Some(bar), rest)
        } else {
            (None, body)
        };
        let tabs = tab_bar.map(tab_cells).unwrap_or_default();
        return Screen {
            panes: vec![(state.focus, pane_area)],
            tabs,
            tab_bar,
            status,
            body,
        };
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    let [models, timeline] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
    let [news, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    let [capacity, sources] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(right);
    Screen {
        panes: vec![
            (Pane::Models, models),
            (Pane::Timeline, timeline),
            (Pane::Capacity, capacity),
            (Pane::Sources, sources),
            (Pane::News, news),
        ],
        tabs: Vec::new(),
        tab_bar: None,
        status,
        body,
    }
}

/// One cell per pane on the tab bar: `1 Models`, `2 Timeline`, ... (shortened when narrow).
fn tab_cells(bar: Rect) -> Vec<(Pane, Rect)> {
    let labels: Vec<String> = Pane::ALL.iter().map(|p| tab_label(*p, bar.width)).collect();
    let mut x = bar.x;
    let mut cells = Vec::new();
    for (pane, label) in Pane::ALL.iter().zip(labels) {
        let width = (label.chars().count() as u16).min(bar.right().saturating_sub(x));
        if width == 0 {
            break;
        }
        cells.push((*pane, Rect::new(x, bar.y, width, 1)));
        x = x.saturating_add(width);
    }
    cells
}

fn tab_label(pane: Pane, width: u16) -> String {
    let n = pane.index() + 1;
    if width >= 60 {
        format!(" {n} {} ", pane.title())
    } else if width >= 30 {
        format!(" {n}{} ", &pane.title()[..3])
    } else {
        format!(" {n} ")
    }
}

fn draw_tabs(frame: &mut Frame, bar: Rect, tabs: &[(Pane, Rect)], state: &AppState, theme: &Theme) {
    let spans: Vec<Span> = tabs
        .iter()
        .map(|(pane, cell)| {
            let label = tab_label(*pane, bar.width);
            let text: String = label.chars().take(usize::from(cell.width)).collect();
            let style = if *pane == state.focus {
                theme.selected
            } else {
                theme.dim
            };
            Span::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), bar);
}

/// The border and title of a pane, then its contents.
fn draw_pane(frame: &mut Frame, pane: Pane, outer: Rect, state: &AppState, theme: &Theme) {
    let focused = pane == state.focus;
    let mut title = vec![Span::raw(format!(
        " {} {} ",
        pane.index() + 1,
        pane.title()
    ))];
    if let Some(extra) = pane_note(pane, state) {
        title.push(Span::styled(format!("{extra} "), theme.dim));
    }
    let filter = state.filter(pane);
    if !filter.is_empty() || (focused && state.filter_input) {
        let cursor = if focused && state.filter_input {
            "▏"
        } else {
            ""
        };
        title.push(Span::styled(
            format!("/{}{cursor} ", crate::sanitize::clean(filter)),
            theme.warn,
        ));
    }
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Line::from(title));
    let inner = block.inner(outer);
    frame.render_widget(block, outer);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(report) = &state.report else {
        frame.render_widget(Paragraph::new(Span::styled("loading…", theme.dim)), inner);
        return;
    };
    let rows = rows_area(pane, inner, state);
    let ctx = PaneCtx {
        state,
        report,
        theme,
        inner,
        rows,
        focused,
        pane,
    };
    match pane {
        Pane::Models => models::draw(frame, &ctx),
        Pane::Timeline => timeline::draw(frame, &ctx),
        Pane::Capacity => capacity::draw(frame, &ctx),
        Pane::Sources => sources::draw(frame, &ctx),
        Pane::News => news::draw(frame, &ctx),
    }
}

/// Extra words in a pane title: sort column, kind filter, counts.
fn pane_note(pane: Pane, state: &AppState) -> Option<String> {
    let shown = state.rows.get(pane).len();
    match pane {
        Pane::Models => Some(format!("({shown}, by {})", state.model_sort.label())),
        Pane::Timeline => Some(format!(
            "({shown}, {})",
            state.kind_filter.unwrap_or("all kinds")
        )),
        Pane::News => state
            .report
            .as_ref()
            .map(|_| format!("({shown}, {} unread)", state.derived.unread)),
        _ => Some(format!("({shown})")),
    }
}

/// Where a pane's selectable rows go inside its border.
fn rows_area(pane: Pane, inner: Rect, state: &AppState) -> Rect {
    match pane {
        Pane::Models | Pane::Sources => below_header(inner),
        Pane::Timeline => timeline::split(inner, state).0,
        Pane::Capacity => capacity::split(inner, state).1,
        Pane::News => inner,
    }
}

/// `inner` without its first line (the table header).
fn below_header(inner: Rect) -> Rect {
    let skip = inner.height.min(1);
    Rect::new(inner.x, inner.y + skip, inner.width, inner.height - skip)
}

/// What a pane drawer needs.
struct PaneCtx<'a> {
    state: &'a AppState,
    report: &'a crate::report::Report,
    theme: &'a Theme,
    /// Inside the border.
    inner: Rect,
    /// Where the selectable rows go.
    rows: Rect,
    focused: bool,
    pane: Pane,
}

impl PaneCtx<'_> {
    /// Draws a table whose header sits on the line above the pane's rows.
    fn render_table<'a>(
        &self,
        frame: &mut Frame,
        widths: &[ratatui::layout::Constraint],
        header: &[&str],
        rows: impl IntoIterator<Item = (Vec<Line<'a>>, ratatui::style::Style)>,
    ) {
        let area = Rect::new(
            self.inner.x,
            self.inner.y,
            self.inner.width,
            self.rows.height + 1,
        )
        .intersection(self.inner);
        let header: Vec<Line> = header.iter().map(|h| Line::raw(*h)).collect();
        grid::Grid::new(area.width, widths, 1).draw(
            frame,
            area,
            (&header, self.theme.header),
            rows,
        );
    }

    /// The report indices visible in `pane` and the position of the selection among them.
    fn visible(&self, pane: Pane, height: usize) -> (&[usize], Option<usize>) {
        let all = self.state.rows.get(pane);
        let cursor = self.state.cursor(pane);
        let start = cursor.offset.min(all.len());
        let end = (start + height).min(all.len());
        let selected = (cursor.index >= start && cursor.index < end).then(|| cursor.index - start);
        (&all[start..end], selected)
    }

    /// Says why a pane is empty in its rows area.
    fn empty(&self, frame: &mut Frame, what: &str) {
        let text = if self.state.filter(self.pane).is_empty() {
            format!("no {what} yet")
        } else {
            format!("no {what} match the filter")
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, self.theme.dim)),
            self.inner,
        );
    }

    /// Style of a row: reversed when selected in the focused pane, underlined otherwise.
    fn row_style(&self, selected: bool) -> ratatui::style::Style {
        match (selected, self.focused) {
            (true, true) => self.theme.selected,
            (true, false) => {
                ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)
            }
            _ => ratatui::style::Style::new(),
        }
    }
}

/// Sanitised text for drawing (feeds are untrusted even after the store cleaned them).
fn clean(text: &str) -> String {
    crate::sanitize::clean(text).into_owned()
}
