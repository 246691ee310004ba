//! How engine events and clock ticks change the state.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{AppState, LiveFetch, Pane, RowMark};
use crate::engine::EngineEvent;
use crate::feeds::UpdateOutcome;
use crate::report::{ModelReport, Report};
use crate::sanitize::clean_multiline;

impl AppState {
    /// Advances the clock; marks the state dirty only when something drawn depends on it.
    pub fn on_tick(&mut self, now: DateTime<Utc>) {
        let minute_changed = now.timestamp() / 60 != self.now.timestamp() / 60;
        let countdown_in_seconds = self.report.as_ref().is_some_and(|r| {
            r.sources.iter().any(|s| {
                s.next_fetch
                    .is_some_and(|t| (t - now).num_seconds().abs() < 60)
            })
        });
        self.now = now;
        if self.status.fetching() {
            self.status.spinner = self.status.spinner.wrapping_add(1);
            self.dirty = true;
        }
        if minute_changed || countdown_in_seconds {
            self.dirty = true;
        }
    }

    /// Takes in something the background side reported.
    pub fn on_engine(&mut self, event: EngineEvent) {
        self.dirty = true;
        match event {
            EngineEvent::Snapshot(report) => self.set_report(*report),
            EngineEvent::Feed(update) => match update.outcome {
                UpdateOutcome::Started => {
                    self.live.insert(update.source, LiveFetch::Fetching);
                }
                UpdateOutcome::Failed { message, .. } => {
                    self.status.last_error = Some(format!("{}: {}", update.source, message));
                    self.live.insert(update.source, LiveFetch::Failed(message));
                }
                UpdateOutcome::Stored { .. } | UpdateOutcome::NotModified => {
                    self.live.remove(&update.source);
                }
            },
            EngineEvent::Progress { done, total } => {
                self.status.done = done;
                self.status.total = total;
            }
            EngineEvent::ItemText { id, text } => {
                self.item_texts
                    .insert(id, clean_multiline(&text).into_owned());
            }
            EngineEvent::Error(message) => self.status.last_error = Some(message),
            EngineEvent::ConfigReloaded(reloaded) => {
                self.set_keymap(&reloaded.keymap);
                let config_error = |e: &String| e.starts_with(crate::engine::NOT_RELOADED);
                if self.status.last_error.as_ref().is_some_and(config_error) {
                    self.status.last_error = None;
                }
                self.status.message = Some(reloaded.summary);
            }
            EngineEvent::Notice(message) => self.status.message = Some(message),
        }
    }

    /// Replaces the report, marking new and changed models and keeping every selection.
    fn set_report(&mut self, report: Report) {
        if let Some(old) = &self.report {
            let before: HashMap<&str, &ModelReport> =
                old.models.iter().map(|m| (m.name.as_str(), m)).collect();
            for model in &report.models {
                match before.get(model.name.as_str()) {
                    None => {
                        self.marks.insert(model.name.clone(), RowMark::New);
                    }
                    Some(prev) if changed(prev, model) => {
                        self.marks.insert(model.name.clone(), RowMark::Changed);
                    }
                    Some(_) => {}
                }
            }
        }
        // Failures the snapshot already reflects need no live override any more.
        self.live.retain(|name, live| {
            matches!(live, LiveFetch::Fetching)
                || report
                    .sources
                    .iter()
                    .any(|s| &s.name == name && s.error.is_none())
        });
        self.derived = super::Derived::new(&report);
        self.report = Some(report);
        for pane in Pane::ALL {
            self.recompute(pane);
        }
    }
}

fn changed(prev: &ModelReport, now: &ModelReport) -> bool {
    prev.status != now.status
        || prev.expected != now.expected
        || prev.released != now.released
        || prev.claims.len() != now.claims.len()
}
