//! How each [`Action`] changes the state, and which [`EngineCommand`]s it asks for.

use crate::action::Action;
use crate::engine::EngineCommand;

use super::{AppState, Overlay, Pane, next_kind};

impl AppState {
    /// Applies one user action; returns the commands for the background side.
    pub fn apply(&mut self, action: Action) -> Vec<EngineCommand> {
        self.dirty = true;
        self.status.message = None;
        if action == Action::Quit {
            self.quit = true;
            return vec![EngineCommand::Shutdown];
        }
        if self.filter_input {
            self.apply_filter_input(action);
            return Vec::new();
        }
        if self.help {
            match action {
                Action::Help | Action::Back => self.help = false,
                // Scope titles add at most one line per scope; render clamps to the real height.
                Action::Down => {
                    self.help_scroll = (self.help_scroll + 1).min(self.key_help.len() + 9)
                }
                Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
                Action::Top => self.help_scroll = 0,
                _ => {}
            }
            return Vec::new();
        }
        if self.overlay.is_some() {
            return self.apply_overlay(action);
        }
        self.apply_pane(action)
    }

    fn apply_filter_input(&mut self, action: Action) {
        let pane = self.focus;
        match action {
            Action::FilterInput(c) => self.filters[pane.index()].push(c),
            Action::FilterBackspace => {
                self.filters[pane.index()].pop();
            }
            Action::FilterConfirm => self.filter_input = false,
            Action::FilterCancel => {
                self.filter_input = false;
                self.filters[pane.index()].clear();
            }
            _ => return,
        }
        self.recompute(pane);
    }

    fn apply_overlay(&mut self, action: Action) -> Vec<EngineCommand> {
        let page = self.layout.overlay_height.max(1);
        let max = self.layout.overlay_lines.saturating_sub(page);
        let Some(overlay) = self.overlay.as_mut() else {
            return Vec::new();
        };
        let scroll = match overlay {
            Overlay::Ledger { scroll, .. }
            | Overlay::SourceDetail { scroll, .. }
            | Overlay::Reader { scroll, .. } => scroll,
        };
        match action {
            Action::Wheel { down: true, .. } => *scroll = (*scroll + 3).min(max),
            Action::Wheel { down: false, .. } => *scroll = scroll.saturating_sub(3),
            Action::Down => *scroll = (*scroll + 1).min(max),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = (*scroll + page).min(max),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = max,
            Action::Back | Action::Open => self.overlay = None,
            Action::Help => self.help = true,
            Action::OpenLink => self.open_link(),
            Action::ToggleRead | Action::ToggleStar => {
                if let Some(Overlay::Reader { item, .. }) = self.overlay {
                    return self.toggle_item(item, action == Action::ToggleRead);
                }
            }
            Action::Refresh => {
                if let Some(Overlay::SourceDetail { source, .. }) = &self.overlay {
                    return vec![EngineCommand::Refresh(source.clone())];
                }
            }
            Action::RefreshAll => return vec![EngineCommand::RefreshAll],
            Action::ReloadConfig => return vec![EngineCommand::ReloadConfig],
            _ => {}
        }
        Vec::new()
    }

    fn apply_pane(&mut self, action: Action) -> Vec<EngineCommand> {
        let pane = self.focus;
        let page = self.page_height(pane) as isize;
        match action {
            Action::NextPane => self.focus = Pane::ALL[(pane.index() + 1) % 5],
            Action::PrevPane => self.focus = Pane::ALL[(pane.index() + 4) % 5],
            Action::FocusModels => self.focus = Pane::Models,
            Action::FocusTimeline => self.focus = Pane::Timeline,
            Action::FocusCapacity => self.focus = Pane::Capacity,
            Action::FocusSources => self.focus = Pane::Sources,
            Action::FocusNews => self.focus = Pane::News,
            Action::Up => self.step(pane, -1),
            Action::Down => self.step(pane, 1),
            Action::PageUp => self.step(pane, -page),
            Action::PageDown => self.step(pane, page),
            Action::Top => self.step(pane, isize::MIN / 2),
            Action::Bottom => self.step(pane, isize::MAX / 2),
            Action::Open => return self.open(pane),
            Action::Back => {
                if !self.filters[pane.index()].is_empty() {
                    self.filters[pane.index()].clear();
                    self.recompute(pane);
                } else {
                    self.zoomed = false;
                }
            }
            Action::Filter => self.filter_input = true,
            Action::NextMatch | Action::PrevMatch => {
                self.next_match(pane, action == Action::NextMatch)
            }
            Action::OpenLink => self.open_link(),
            Action::Refresh => match self.selected_source() {
                Some(source) => return vec![EngineCommand::Refresh(source)],
                None => self.status.message = Some("no source selected".into()),
            },
            Action::RefreshAll => return vec![EngineCommand::RefreshAll],
            Action::ReloadConfig => return vec![EngineCommand::ReloadConfig],
            Action::ToggleRead | Action::ToggleStar => {
                if pane == Pane::News
                    && let Some(id) = self.selected_item_id()
                {
                    return self.toggle_item(id, action == Action::ToggleRead);
                }
            }
            Action::MarkAllRead => {
                let source = match pane {
                    Pane::Sources => match self.selected_source() {
                        Some(source) => Some(source),
                        None => {
                            self.status.message = Some("no source selected".into());
                            return Vec::new();
                        }
                    },
                    _ => None,
                };
                return self.mark_all_read(source);
            }
            Action::Zoom => self.zoomed = !self.zoomed,
            Action::CycleSort => {
                self.model_sort = self.model_sort.next();
                self.recompute(Pane::Models);
            }
            Action::CycleKind => {
                self.kind_filter = next_kind(self.kind_filter);
                self.recompute(Pane::Timeline);
            }
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => {
                if let Some(area) = self.area_at(column, row) {
                    self.step(area, if down { 3 } else { -3 });
                }
            }
            Action::Quit
            | Action::FilterInput(_)
            | Action::FilterBackspace
            | Action::FilterConfirm
            | Action::FilterCancel => {}
        }
        Vec::new()
    }

    fn step(&mut self, pane: Pane, delta: isize) {
        let height = self.page_height(pane);
        let keys = self.keys(pane);
        self.cursors[pane.index()].step(delta, &keys, height);
    }

    /// With a filter, `n`/`N` walk the matching rows and wrap around at the ends.
    fn next_match(&mut self, pane: Pane, forward: bool) {
        let count = self.rows.get(pane).len();
        if self.filters[pane.index()].is_empty() {
            self.status.message = Some("no filter: press / first".into());
            return;
        }
        if count == 0 {
            self.status.message = Some("no matches".into());
            return;
        }
        let at = self.cursor(pane).index;
        let target = if forward {
            (at + 1) % count
        } else {
            (at + count - 1) % count
        };
        let height = self.page_height(pane);
        let keys = self.keys(pane);
        self.cursors[pane.index()].select(target, &keys, height);
    }

    fn open(&mut self, pane: Pane) -> Vec<EngineCommand> {
        let (Some(report), Some(i)) = (&self.report, self.selected_index(pane)) else {
            return Vec::new();
        };
        match pane {
            Pane::Models => {
                self.overlay = Some(Overlay::Ledger {
                    model: report.models[i].name.clone(),
                    scroll: 0,
                });
            }
            Pane::Timeline => {
                let subject = &report.timeline[i].subject;
                if report.models.iter().any(|m| &m.name == subject) {
                    self.overlay = Some(Overlay::Ledger {
                        model: subject.clone(),
                        scroll: 0,
                    });
                } else {
                    self.status.message = Some(format!("no ledger for {subject}"));
                }
            }
            Pane::Capacity => {
                let url = report.capacity[i].item_url.clone();
                match report
                    .items
                    .iter()
                    .find(|it| it.url.is_some() && it.url == url)
                {
                    Some(item) => return self.open_reader(item.id),
                    None => self.status.message = Some("item not stored".into()),
                }
            }
            Pane::Sources => {
                self.overlay = Some(Overlay::SourceDetail {
                    source: report.sources[i].name.clone(),
                    scroll: 0,
                });
            }
            Pane::News => return self.open_reader(report.items[i].id),
        }
        Vec::new()
    }

    /// Opens the reader, asks for the text and marks the item read.
    fn open_reader(&mut self, id: i64) -> Vec<EngineCommand> {
        self.overlay = Some(Overlay::Reader {
            item: id,
            scroll: 0,
        });
        let mut commands = vec![EngineCommand::LoadItem(id)];
        if let Some(item) = self
            .report
            .as_mut()
            .and_then(|r| r.items.iter_mut().find(|it| it.id == id))
            && !item.read
        {
            item.read = true;
            let source = item.source.clone();
            commands.push(EngineCommand::SetRead(id, true));
            self.count_read(&source, true);
        }
        commands
    }

    /// Keeps the unread counts (the News title's and the source's row) in step with an item
    /// just marked read or unread, until the next snapshot brings the stored counts.
    fn count_read(&mut self, source: &str, read: bool) {
        if let Some(row) = self
            .report
            .as_mut()
            .and_then(|r| r.sources.iter_mut().find(|s| s.name == source))
        {
            row.unread = if read {
                row.unread.saturating_sub(1)
            } else {
                row.unread + 1
            };
        }
        self.recount_unread();
    }

    /// Flips read or starred locally (so the row updates at once) and tells the store.
    fn toggle_item(&mut self, id: i64, read: bool) -> Vec<EngineCommand> {
        let Some(item) = self
            .report
            .as_mut()
            .and_then(|r| r.items.iter_mut().find(|it| it.id == id))
        else {
            return Vec::new();
        };
        if read {
            item.read = !item.read;
            let (now_read, source) = (item.read, item.source.clone());
            self.count_read(&source, now_read);
            vec![EngineCommand::SetRead(id, now_read)]
        } else {
            item.starred = !item.starred;
            vec![EngineCommand::SetStarred(id, item.starred)]
        }
    }

    /// Marks every item read, or one source's, locally (rows and counts update at once) and
    /// tells the store, which also marks the items beyond the snapshot.
    fn mark_all_read(&mut self, source: Option<String>) -> Vec<EngineCommand> {
        let Some(report) = self.report.as_mut() else {
            return Vec::new();
        };
        let ours = |name: &str| source.as_deref().is_none_or(|s| s == name);
        for item in report.items.iter_mut().filter(|it| ours(&it.source)) {
            item.read = true;
        }
        for row in report.sources.iter_mut().filter(|s| ours(&s.name)) {
            row.unread = 0;
        }
        self.recount_unread();
        self.status.message = Some(match &source {
            Some(name) => format!("every item of {name} marked read"),
            None => "every item marked read".into(),
        });
        vec![EngineCommand::MarkAllRead(source)]
    }

    fn selected_item_id(&self) -> Option<i64> {
        let report = self.report.as_ref()?;
        Some(report.items[self.selected_index(Pane::News)?].id)
    }

    /// The source behind the selected row of the focused pane.
    fn selected_source(&self) -> Option<String> {
        let report = self.report.as_ref()?;
        let i = self.selected_index(self.focus)?;
        Some(match self.focus {
            Pane::Sources => report.sources[i].name.clone(),
            Pane::News => report.items[i].source.clone(),
            Pane::Timeline => report.timeline[i].source.clone(),
            Pane::Capacity => report.capacity[i].source.clone(),
            Pane::Models => report.models[i].claims.last()?.source.clone(),
        })
    }
}
