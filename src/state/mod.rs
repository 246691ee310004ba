//! The dashboard's state: focus, selections, filters, overlays and the latest Report, with the
//! logic that updates it from actions, engine events and ticks. No I/O happens here.

mod apply;
mod cursor;
mod derived;
mod events;
mod links;
mod mouse;
mod rows;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use crate::report::{ModelReport, Report};

pub use cursor::PaneCursor;
pub use derived::{Derived, ProviderNotes};
pub use rows::{ModelSort, RowOptions, Rows, TIMELINE_KINDS, next_kind, row_key};

/// The five panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Pane {
    /// Models table.
    #[default]
    Models,
    /// Dated claims and the windows strip.
    Timeline,
    /// Compute capacity notes by provider.
    Capacity,
    /// Feed sources and their health.
    Sources,
    /// All items, newest first.
    News,
}

impl Pane {
    /// Every pane in Tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Models,
        Pane::Timeline,
        Pane::Capacity,
        Pane::Sources,
        Pane::News,
    ];

    /// Position in [`Pane::ALL`].
    pub fn index(self) -> usize {
        match self {
            Pane::Models => 0,
            Pane::Timeline => 1,
            Pane::Capacity => 2,
            Pane::Sources => 3,
            Pane::News => 4,
        }
    }

    /// Title shown on the border and the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Models => "Models",
            Pane::Timeline => "Timeline",
            Pane::Capacity => "Capacity",
            Pane::Sources => "Sources",
            Pane::News => "News",
        }
    }
}

/// A window over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// A model's claims ledger.
    Ledger {
        /// Model name.
        model: String,
        /// First visible line.
        scroll: usize,
    },
    /// A source's items and its last error in full.
    SourceDetail {
        /// Source name.
        source: String,
        /// First visible line.
        scroll: usize,
    },
    /// The reader for one item.
    Reader {
        /// Item id.
        item: i64,
        /// First visible line.
        scroll: usize,
    },
}

/// Why a model row is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMark {
    /// Not in the previous snapshot.
    New,
    /// Its status, window, release or claims changed since the previous snapshot.
    Changed,
}

/// What the Sources pane knows about a fetch that the last snapshot does not show yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveFetch {
    /// A fetch is running.
    Fetching,
    /// The fetch failed with this message.
    Failed(String),
}

/// Fetch progress and problems, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Spinner frame, advanced by ticks while fetching.
    pub spinner: usize,
    /// Fetches finished in the current round.
    pub done: usize,
    /// Fetches in the current round.
    pub total: usize,
    /// The latest error, shown until the next successful round.
    pub last_error: Option<String>,
    /// A short note about the last action (e.g. "no link").
    pub message: Option<String>,
}

impl Status {
    /// Fetches are in flight.
    pub fn fetching(&self) -> bool {
        self.done < self.total
    }
}

/// One pane's place on screen, as last drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneArea {
    /// Which pane.
    pub pane: Pane,
    /// The pane including its border.
    pub outer: Rect,
    /// Where its rows are drawn (row `k` of this rect shows visible row `offset + k`).
    pub rows: Rect,
}

/// Where things were drawn, kept so mouse clicks and paging can be mapped back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    /// Visible panes.
    pub panes: Vec<PaneArea>,
    /// Tab bar cells in the one-pane layout.
    pub tabs: Vec<(Pane, Rect)>,
    /// Lines the open overlay can show at once.
    pub overlay_height: usize,
    /// Lines the open overlay has in total (after wrapping).
    pub overlay_lines: usize,
}

/// Everything the dashboard draws and remembers between frames.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The clock, set by ticks; nothing here reads the system time.
    pub now: DateTime<Utc>,
    /// Draw with colours (false when `NO_COLOR` is set).
    pub color: bool,
    /// The latest snapshot; `None` until the first one arrives.
    pub report: Option<Report>,
    /// Figures derived from `report` when it arrived (kept in step with local read toggles).
    pub derived: Derived,
    /// Rows per pane for the current filters and sort.
    pub rows: Rows,
    /// The focused pane.
    pub focus: Pane,
    /// Selection and scroll per pane, indexed by [`Pane::index`].
    pub cursors: [PaneCursor; 5],
    /// `/` filter text per pane.
    pub filters: [String; 5],
    /// The filter input has the keyboard.
    pub filter_input: bool,
    /// The focused pane fills the screen.
    pub zoomed: bool,
    /// The help overlay is open (drawn above any other overlay).
    pub help: bool,
    /// First visible help line.
    pub help_scroll: usize,
    /// The open overlay, if any.
    pub overlay: Option<Overlay>,
    /// Models sort column.
    pub model_sort: ModelSort,
    /// Timeline kind filter.
    pub kind_filter: Option<&'static str>,
    /// Status bar contents.
    pub status: Status,
    /// New or changed models since the previous snapshot.
    pub marks: HashMap<String, RowMark>,
    /// Reader text per item, as the engine sent it.
    pub item_texts: HashMap<i64, String>,
    /// Fetch state newer than the snapshot, per source.
    pub live: HashMap<String, LiveFetch>,
    /// Where panes were last drawn.
    pub layout: ScreenLayout,
    /// A link the loop should open in the browser.
    pub link_to_open: Option<String>,
    /// The user asked to quit.
    pub quit: bool,
    /// Help overlay rows generated from the keymap in use.
    pub key_help: Vec<KeyHelp>,
    dirty: bool,
}

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHelp {
    /// Where the binding applies (`Everywhere`, `Models`, ...).
    pub scope: &'static str,
    /// The keys, as the config would spell them.
    pub keys: String,
    /// What the action does.
    pub description: &'static str,
}

impl AppState {
    /// An empty dashboard waiting for its first snapshot.
    pub fn new(now: DateTime<Utc>, color: bool) -> Self {
        Self {
            now,
            color,
            report: None,
            derived: Derived::default(),
            rows: Rows::default(),
            focus: Pane::Models,
            cursors: Default::default(),
            filters: Default::default(),
            filter_input: false,
            zoomed: false,
            help: false,
            help_scroll: 0,
            overlay: None,
            model_sort: ModelSort::default(),
            kind_filter: None,
            status: Status::default(),
            marks: HashMap::new(),
            item_texts: HashMap::new(),
            live: HashMap::new(),
            layout: ScreenLayout::default(),
            link_to_open: None,
            quit: false,
            key_help: Vec::new(),
            dirty: true,
        }
    }

    /// Generates the help overlay from the keymap in use, so overrides show up there.
    pub fn set_keymap(&mut self, keymap: &crate::keymap::Keymap) {
        self.key_help = keymap
            .help_rows()
            .into_iter()
            .map(|(scope, action, keys)| KeyHelp {
                scope: scope.title(),
                keys: keys
                    .iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                description: action.description(),
            })
            .collect();
        self.dirty = true;
    }

    /// The line of the Timeline's rows area that shows the "today" marker, if it is visible.
    pub fn timeline_marker_line(&self) -> Option<usize> {
        let today = self.timeline_today_index();
        let offset = self.cursor(Pane::Timeline).offset;
        let height = self.page_height(Pane::Timeline);
        if (today > offset || (today == 0 && offset == 0)) && today - offset <= height {
            Some(today - offset)
        } else {
            None
        }
    }

    /// Timeline rows dated on or before today come before this index; the "today" line is
    /// drawn just above it.
    pub fn timeline_today_index(&self) -> usize {
        let today = self.now.date_naive();
        match &self.report {
            // The rows are sorted by start, so the dated-before-today ones form a prefix.
            Some(r) => self
                .rows
                .timeline
                .partition_point(|&i| r.timeline[i].start <= today),
            None => 0,
        }
    }

    /// Counts unread items again after one was marked read or unread.
    fn recount_unread(&mut self) {
        self.derived.unread = self.report.as_ref().map_or(0, derived::count_unread);
    }

    /// Returns whether anything changed since the last call, and resets the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Asks for a redraw (e.g. the terminal was resized).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// The selection and scroll of `pane`.
    pub fn cursor(&self, pane: Pane) -> &PaneCursor {
        &self.cursors[pane.index()]
    }

    /// The filter text of `pane`.
    pub fn filter(&self, pane: Pane) -> &str {
        &self.filters[pane.index()]
    }

    /// The report index of the selected row of `pane`.
    pub fn selected_index(&self, pane: Pane) -> Option<usize> {
        self.rows.get(pane).get(self.cursor(pane).index).copied()
    }

    /// The model shown in the ledger overlay, if it is open and the model still exists.
    pub fn ledger_model(&self) -> Option<&ModelReport> {
        match (&self.overlay, &self.report) {
            (Some(Overlay::Ledger { model, .. }), Some(r)) => {
                r.models.iter().find(|m| &m.name == model)
            }
            _ => None,
        }
    }

    /// Records where panes were drawn and re-settles scroll for the new heights.
    pub fn set_layout(&mut self, layout: ScreenLayout) {
        if layout != self.layout {
            self.layout = layout;
            self.dirty = true;
            for pane in Pane::ALL {
                self.resolve(pane);
            }
        }
    }

    /// Rows `pane` can show at once (10 before the first draw).
    pub fn page_height(&self, pane: Pane) -> usize {
        self.layout
            .panes
            .iter()
            .find(|a| a.pane == pane)
            // The Timeline keeps one line for its "today" marker.
            .map(|a| {
                usize::from(a.rows.height)
                    .saturating_sub(usize::from(pane == Pane::Timeline))
                    .max(1)
            })
            .unwrap_or(10)
    }

    /// Recomputes one pane's rows and re-finds its selection.
    fn recompute(&mut self, pane: Pane) {
        if let Some(report) = &self.report {
            let opts = RowOptions {
                sort: self.model_sort,
                kind: self.kind_filter,
            };
            rows::compute(
                report,
                pane,
                &self.filters[pane.index()],
                opts,
                &mut self.rows,
            );
        }
        self.resolve(pane);
    }

    fn resolve(&mut self, pane: Pane) {
        let height = self.page_height(pane);
        let keys = self.keys(pane);
        self.cursors[pane.index()].resolve(&keys, height);
    }

    fn keys(&self, pane: Pane) -> Vec<String> {
        self.report
            .as_ref()
            .map(|r| rows::keys(r, &self.rows, pane))
            .unwrap_or_default()
    }
}
