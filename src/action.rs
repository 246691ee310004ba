//! Everything a user can do, as one enum: keys and mouse map to these, state applies them.
//!
//! User-bindable actions have snake_case names (`refresh_all`, `next_pane`, ...) that the
//! `[keys]` config table refers to; internal ones carry data and are `#[serde(skip)]` so the
//! config cannot bind them.

use serde::{Deserialize, Serialize};

/// One thing the user asked for. The `///` line of each bindable variant is mirrored by
/// [`Action::description`], which the help overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Focus the Models pane.
    FocusModels,
    /// Focus the Timeline pane.
    FocusTimeline,
    /// Focus the Capacity pane.
    FocusCapacity,
    /// Focus the Sources pane.
    FocusSources,
    /// Focus the News pane.
    FocusNews,
    /// Move the selection up one row (or scroll an overlay up).
    Up,
    /// Move the selection down one row (or scroll an overlay down).
    Down,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Open the selected row (ledger, source detail, reader).
    Open,
    /// Close the overlay or clear the filter.
    Back,
    /// Filter the focused pane as you type.
    Filter,
    /// Jump to the next filter match.
    NextMatch,
    /// Jump to the previous filter match.
    PrevMatch,
    /// Open the selected link in the browser.
    OpenLink,
    /// Refresh the selected source.
    Refresh,
    /// Refresh every source.
    RefreshAll,
    /// Read the config file again and apply it.
    ReloadConfig,
    /// Toggle read on the selected item.
    ToggleRead,
    /// Mark every item read (in Sources, the selected source's).
    MarkAllRead,
    /// Toggle the star on the selected item.
    ToggleStar,
    /// Zoom the focused pane to the whole screen.
    Zoom,
    /// Cycle the sort column of the Models table.
    CycleSort,
    /// Cycle the claim-kind filter of the Timeline.
    CycleKind,
    /// Show or hide this help.
    Help,
    /// Quit airadar.
    Quit,
    /// Typed a character into the filter input.
    #[serde(skip)]
    FilterInput(char),
    /// Deleted the last character of the filter input.
    #[serde(skip)]
    FilterBackspace,
    /// Kept the filter and left the input.
    #[serde(skip)]
    FilterConfirm,
    /// Cleared the filter and left the input.
    #[serde(skip)]
    FilterCancel,
    /// Mouse click at a terminal cell.
    #[serde(skip)]
    Click {
        /// Column of the click.
        column: u16,
        /// Row of the click.
        row: u16,
    },
    /// Mouse wheel at a terminal cell.
    #[serde(skip)]
    Wheel {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
        /// Scrolled down (towards later rows).
        down: bool,
    },
}

impl Action {
    /// Every user-bindable action, in the order the help overlay lists them.
    pub const BINDABLE: &'static [Action] = &[
        Action::NextPane,
        Action::PrevPane,
        Action::FocusModels,
        Action::FocusTimeline,
        Action::FocusCapacity,
        Action::FocusSources,
        Action::FocusNews,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::Filter,
        Action::NextMatch,
        Action::PrevMatch,
        Action::OpenLink,
        Action::Refresh,
        Action::RefreshAll,
        Action::ReloadConfig,
        Action::ToggleRead,
        Action::MarkAllRead,
        Action::ToggleStar,
        Action::Zoom,
        Action::CycleSort,
        Action::CycleKind,
        Action::Help,
        Action::Quit,
    ];

    /// The config name of a bindable action (`refresh_all`), `None` for internal ones.
    pub fn name(&self) -> Option<&'static str> {
        Some(match self {
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::FocusModels => "focus_models",
            Action::FocusTimeline => "focus_timeline",
            Action::FocusCapacity => "focus_capacity",
            Action::FocusSources => "focus_sources",
            Action::FocusNews => "focus_news",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::Filter => "filter",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::OpenLink => "open_link",
            Action::Refresh => "refresh",
            Action::RefreshAll => "refresh_all",
            Action::ReloadConfig => "reload_config",
            Action::ToggleRead => "toggle_read",
            Action::MarkAllRead => "mark_all_read",
            Action::ToggleStar => "toggle_star",
            Action::Zoom => "zoom",
            Action::CycleSort => "cycle_sort",
            Action::CycleKind => "cycle_kind",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::FilterInput(_)
            | Action::FilterBackspace
            | Action::FilterConfirm
            | Action::FilterCancel
            | Action::Click { .. }
            | Action::Wheel { .. } => return None,
        })
    }

    /// The bindable action called `name` in the config, if there is one.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE
            .iter()
            .copied()
            .find(|a| a.name() == Some(name))
    }

    /// The names of every bindable action, for error messages and docs.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Action::BINDABLE.iter().filter_map(|a| a.name())
    }

    /// One line for the help overlay (the variant's `///` line).
    pub fn description(&self) -> &'static str {
        match self {
            Action::NextPane => "Focus the next pane",
            Action::PrevPane => "Focus the previous pane",
            Action::FocusModels => "Focus Models",
            Action::FocusTimeline => "Focus Timeline",
            Action::FocusCapacity => "Focus Capacity",
            Action::FocusSources => "Focus Sources",
            Action::FocusNews => "Focus News",
            Action::Up => "Move up / scroll up",
            Action::Down => "Move down / scroll down",
            Action::PageUp => "Page up",
            Action::PageDown => "Page down",
            Action::Top => "First row",
            Action::Bottom => "Last row",
            Action::Open => "Open ledger / detail / reader",
            Action::Back => "Close overlay or clear filter",
            Action::Filter => "Filter the focused pane",
            Action::NextMatch => "Next match",
            Action::PrevMatch => "Previous match",
            Action::OpenLink => "Open the link in the browser",
            Action::Refresh => "Refresh the selected source",
            Action::RefreshAll => "Refresh every source",
            Action::ReloadConfig => "Reload the config file",
            Action::ToggleRead => "Toggle read",
            Action::MarkAllRead => "Mark every item read (Sources: the selected source's)",
            Action::ToggleStar => "Toggle star",
            Action::Zoom => "Zoom the focused pane",
            Action::CycleSort => "Cycle the Models sort column",
            Action::CycleKind => "Cycle the Timeline kind filter",
            Action::Help => "Show or hide help",
            Action::Quit => "Quit",
            Action::FilterInput(_) => "Type into the filter",
            Action::FilterBackspace => "Delete a filter character",
            Action::FilterConfirm => "Keep the filter",
            Action::FilterCancel => "Clear the filter",
            Action::Click { .. } => "Focus and select",
            Action::Wheel { .. } => "Scroll",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    #[test]
    fn names_round_trip_and_agree_with_serde() {
        for action in Action::BINDABLE {
            let name = action.name().expect("bindable actions have names");
            assert_eq!(Action::from_name(name), Some(*action));
            let de: StrDeserializer<'_, DeError> = name.into_deserializer();
            assert_eq!(Action::deserialize(de).ok(), Some(*action), "{name}");
        }
    }

    #[test]
    fn internal_actions_cannot_be_named() {
        assert_eq!(Action::from_name("filter_input"), None);
        assert_eq!(Action::from_name("click"), None);
        assert_eq!(Action::from_name("Quit"), None);
        assert_eq!(Action::FilterConfirm.name(), None);
        assert_eq!(Action::names().count(), Action::BINDABLE.len());
    }
}
