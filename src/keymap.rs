//! Key → [`Action`] per focus (a pane, an overlay, the filter input) with a global fallback,
//! the `"ctrl-r"` key syntax, and config overrides with line/column errors.

mod key;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::config::KeyBinding;

pub use key::KeyCombo;

/// Where a key is looked up first before falling back to [`Scope::Global`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Bindings that apply everywhere unless a narrower scope overrides them.
    Global,
    /// The Models pane has focus.
    Models,
    /// The Timeline pane has focus.
    Timeline,
    /// The Capacity pane has focus.
    Capacity,
    /// The Sources pane has focus.
    Sources,
    /// The News pane has focus.
    News,
    /// The reader overlay is open.
    Reader,
    /// The model ledger or source detail overlay is open.
    Ledger,
    /// The `/` filter input is active: unbound characters are typed, never global actions.
    FilterInput,
}

impl Scope {
    /// A short title for the help overlay.
    pub fn title(&self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Models => "Models",
            Scope::Timeline => "Timeline",
            Scope::Capacity => "Capacity",
            Scope::Sources => "Sources",
            Scope::News => "News",
            Scope::Reader => "Reader",
            Scope::Ledger => "Ledger / detail",
            Scope::FilterInput => "Filter input",
        }
    }
}

/// A `[keys]` entry that cannot be used. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// The action name is not one of [`Action::names`].
    #[error(
        "unknown action `{action}` for key `{key}` in [keys]{}",
        suggest(action)
    )]
    UnknownAction {
        /// The key as written.
        key: String,
        /// The action as written.
        action: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The key could not be parsed.
    #[error("bad key `{key}` in [keys]: {reason}")]
    BadKey {
        /// The key as written.
        key: String,
        /// What is wrong with it.
        reason: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl KeymapError {
    /// 1-based line and column of the binding in the config file.
    pub fn location(&self) -> (usize, usize) {
        match self {
            KeymapError::UnknownAction { line, column, .. }
            | KeymapError::BadKey { line, column, .. } => (*line, *column),
        }
    }

    /// The message for the user, placed in `file`: `file:line:column: message`.
    pub fn in_file(&self, file: &str) -> String {
        let (line, column) = self.location();
        format!("{file}:{line}:{column}: {self}")
    }
}

/// " (did you mean `x`?)" for the closest action name, if one is close.
fn suggest(action: &str) -> String {
    Action::names()
        .map(|name| (strsim::jaro_winkler(action, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default()
}

/// Key bindings per scope. Lookup tries the focused scope, then [`Scope::Global`].
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: HashMap<Scope, Vec<(KeyCombo, Action)>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self::defaults()
    }
}

impl Keymap {
    /// The bindings issue 4 describes.
    pub fn defaults() -> Self {
        use KeyCode as K;
        let mut map = Keymap {
            bindings: HashMap::new(),
        };
        let global = [
            (K::Tab, Action::NextPane),
            (K::BackTab, Action::PrevPane),
            (K::Char('1'), Action::FocusModels),
            (K::Char('2'), Action::FocusTimeline),
            (K::Char('3'), Action::FocusCapacity),
            (K::Char('4'), Action::FocusSources),
            (K::Char('5'), Action::FocusNews),
            (K::Char('k'), Action::Up),
            (K::Up, Action::Up),
            (K::Char('j'), Action::Down),
            (K::Down, Action::Down),
            (K::PageUp, Action::PageUp),
            (K::PageDown, Action::PageDown),
            (K::Char('g'), Action::Top),
            (K::Home, Action::Top),
            (K::Char('G'), Action::Bottom),
            (K::End, Action::Bottom),
            (K::Enter, Action::Open),
            (K::Esc, Action::Back),
            (K::Backspace, Action::Back),
            (K::Char('/'), Action::Filter),
            (K::Char('n'), Action::NextMatch),
            (K::Char('N'), Action::PrevMatch),
            (K::Char('o'), Action::OpenLink),
            (K::Char('r'), Action::Refresh),
            (K::Char('R'), Action::RefreshAll),
            (K::Char('C'), Action::ReloadConfig),
            (K::Char('m'), Action::ToggleRead),
            (K::Char('M'), Action::MarkAllRead),
            (K::Char('s'), Action::ToggleStar),
            (K::Char('z'), Action::Zoom),
            (K::Char('?'), Action::Help),
            (K::Char('q'), Action::Quit),
        ];
        for (code, action) in global {
            map.bind(Scope::Global, KeyCombo::plain(code), action);
        }
        map.bind(
            Scope::Global,
            KeyCombo::new(K::Char('c'), KeyModifiers::CONTROL),
            Action::Quit,
        );
        map.bind(
            Scope::Models,
            KeyCombo::plain(K::Char('S')),
            Action::CycleSort,
        );
        map.bind(
            Scope::Timeline,
            KeyCombo::plain(K::Char('f')),
            Action::CycleKind,
        );
        // In the filter input every printable key is text; only these keys act.
        map.bind(
            Scope::FilterInput,
            KeyCombo::plain(K::Enter),
            Action::FilterConfirm,
        );
        map.bind(
            Scope::FilterInput,
            KeyCombo::plain(K::Esc),
            Action::FilterCancel,
        );
        map.bind(
            Scope::FilterInput,
            KeyCombo::plain(K::Backspace),
            Action::FilterBackspace,
        );
        map.bind(
            Scope::FilterInput,
            KeyCombo::new(K::Char('c'), KeyModifiers::CONTROL),
            Action::Quit,
        );
        map
    }

    /// The defaults with the config's `[keys]` entries applied over them, in file order.
    ///
    /// An override binds its key globally and takes it over from every pane and overlay
    /// scope, so `"j" = "refresh_all"` is not shadowed by a narrower default.
    pub fn with_overrides(bindings: &[KeyBinding]) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::defaults();
        for binding in bindings {
            let combo = KeyCombo::parse(&binding.key).map_err(|reason| KeymapError::BadKey {
                key: binding.key.clone(),
                reason,
                line: binding.line,
                column: binding.column,
            })?;
            let action =
                Action::from_name(&binding.action).ok_or_else(|| KeymapError::UnknownAction {
                    key: binding.key.clone(),
                    action: binding.action.clone(),
                    line: binding.line,
                    column: binding.column,
                })?;
            for (scope, list) in map.bindings.iter_mut() {
                if *scope != Scope::FilterInput {
                    list.retain(|(k, _)| *k != combo);
                }
            }
            map.bind(Scope::Global, combo, action);
        }
        Ok(map)
    }

    /// Binds `combo` to `action` in `scope`, replacing an earlier binding of that key there.
    pub fn bind(&mut self, scope: Scope, combo: KeyCombo, action: Action) {
        let list = self.bindings.entry(scope).or_default();
        list.retain(|(k, _)| *k != combo);
        list.push((combo, action));
    }

    /// The action for a key in `scope`, falling back to the global bindings.
    ///
    /// In [`Scope::FilterInput`] an unbound printable character becomes
    /// [`Action::FilterInput`] and nothing falls through, so typing `q` does not quit.
    pub fn lookup(&self, scope: Scope, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let combo = KeyCombo::new(key.code, key.modifiers);
        let find = |s: Scope| {
            self.bindings
                .get(&s)
                .and_then(|l| l.iter().find(|(k, _)| *k == combo).map(|(_, a)| *a))
        };
        if scope == Scope::FilterInput {
            return find(scope).or(match combo {
                KeyCombo {
                    code: KeyCode::Char(c),
                    modifiers,
                } if !modifiers.contains(KeyModifiers::CONTROL) => Some(Action::FilterInput(c)),
                _ => None,
            });
        }
        find(scope).or_else(|| find(Scope::Global))
    }

    /// The keys bound to each action in `scope` (not the fallback), in binding order.
    pub fn keys_for(&self, scope: Scope, action: Action) -> Vec<KeyCombo> {
        self.bindings
            .get(&scope)
            .map(|l| {
                l.iter()
                    .filter(|(_, a)| *a == action)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `(scope, action, keys)` rows for the help overlay: global first, then each narrower
    /// scope's own bindings, actions in [`Action::BINDABLE`] order.
    pub fn help_rows(&self) -> Vec<(Scope, Action, Vec<KeyCombo>)> {
        let scopes = [
            Scope::Global,
            Scope::Models,
            Scope::Timeline,
            Scope::Capacity,
            Scope::Sources,
            Scope::News,
            Scope::Reader,
            Scope::Ledger,
        ];
        let mut rows = Vec::new();
        for scope in scopes {
            for action in Action::BINDABLE {
                let keys = self.keys_for(scope, *action);
                if !keys.is_empty() {
                    rows.push((scope, *action, keys));
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn terminal_shift_events_match_bindings() {
        let map = Keymap::defaults();
        let shift_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.lookup(Scope::News, shift_g), Some(Action::Bottom));
        let backtab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.lookup(Scope::News, backtab), Some(Action::PrevPane));
    }

    #[test]
    fn scope_first_then_global_and_filter_types_text() {
        let map = Keymap::defaults();
        let f = key(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(map.lookup(Scope::Timeline, f), Some(Action::CycleKind));
        assert_eq!(map.lookup(Scope::News, f), None);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            map.lookup(Scope::FilterInput, q),
            Some(Action::FilterInput('q'))
        );
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.lookup(Scope::FilterInput, ctrl_c), Some(Action::Quit));
    }
}
