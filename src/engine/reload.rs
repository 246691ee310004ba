//! Live config reload: the dashboard watches its config file and applies a changed one.
//!
//! Sources (added, removed, changed), key bindings and the store's retention settings apply at
//! once; the HTTP client's settings and the catalogue are read at start only, and the message
//! says so. A config that does not load changes nothing: its error (file, line, key) goes to
//! the status bar and the running config stays.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, SystemTime};

use tokio::sync::mpsc;

use super::{EngineEvent, StoreJob};
use crate::config::Config;
use crate::feeds::schedule::ScheduleCommand;
use crate::keymap::Keymap;

/// How often the config file's modification time and size are looked at.
pub const WATCH_EVERY: Duration = Duration::from_secs(2);

/// How long a changed file must stay unchanged before it is read, so an editor's save in
/// several writes is read once, whole.
const SETTLE: Duration = Duration::from_millis(250);

/// How the status bar's error for a config that did not load starts; a later reload that
/// works clears it.
pub const NOT_RELOADED: &str = "config not reloaded: ";

/// A loaded config, with the key bindings the UI switches to.
#[derive(Debug, Clone, PartialEq)]
pub struct Reloaded {
    /// The bindings of the new config's `[keys]` over the defaults.
    pub keymap: Keymap,
    /// What changed, for the status bar.
    pub summary: String,
}

/// What a reload changes, in the words of the status bar.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sources in the new config only, by name.
    pub added: Vec<String>,
    /// Sources in the old config only.
    pub removed: Vec<String>,
    /// Sources in both whose settings differ.
    pub changed: Vec<String>,
    /// `[keys]` differs.
    pub keys: bool,
    /// `[general]`'s retention settings differ (applied by the store at once).
    pub retention: bool,
    /// Settings read only at start that differ (`[general]` fetch settings, `catalog`).
    pub at_restart: Vec<&'static str>,
}

impl Changes {
    /// Compares two configs.
    pub fn between(old: &Config, new: &Config) -> Changes {
        // Names of the sources of `a` that `b` lacks.
        let only_in = |a: &Config, b: &Config| -> Vec<String> {
            a.feeds
                .iter()
                .filter(|f| !b.feeds.iter().any(|o| o.name == f.name))
                .map(|f| f.name.clone())
                .collect()
        };
        let (added, removed) = (only_in(new, old), only_in(old, new));
        let changed = new
            .feeds
            .iter()
            .filter(|f| old.feeds.iter().any(|o| o.name == f.name && o != *f))
            .map(|f| f.name.clone())
            .collect();
        let (g, h) = (&old.general, &new.general);
        let fetching = g.concurrency != h.concurrency
            || g.timeout != h.timeout
            || g.connect_timeout != h.connect_timeout
            || g.max_body != h.max_body
            || g.user_agent != h.user_agent;
        let mut at_restart = Vec::new();
        if fetching {
            at_restart.push("[general] fetch settings");
        }
        if old.catalog != new.catalog {
            at_restart.push("catalog");
        }
        Changes {
            added,
            removed,
            changed,
            keys: old.keys != new.keys,
            retention: g.max_items_per_source != h.max_items_per_source
                || g.retention_days != h.retention_days,
            at_restart,
        }
    }

    /// Whether the sources or anything the store uses changed.
    pub fn touches_sources(&self) -> bool {
        !(self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty())
    }

    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        !self.touches_sources() && !self.keys && !self.retention && self.at_restart.is_empty()
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("config reloaded: nothing changed");
        }
        let mut parts = Vec::new();
        let count = |n: usize, what: &str| match n {
            1 => format!("1 source {what}"),
            n => format!("{n} sources {what}"),
        };
        if !self.added.is_empty() {
            parts.push(count(self.added.len(), "added"));
        }
        if !self.removed.is_empty() {
            parts.push(count(self.removed.len(), "removed"));
        }
        if !self.changed.is_empty() {
            parts.push(count(self.changed.len(), "changed"));
        }
        if self.keys {
            parts.push("keys rebound".into());
        }
        if self.retention {
            parts.push("retention updated".into());
        }
        write!(f, "config reloaded: ")?;
        if !parts.is_empty() {
            write!(f, "{}", parts.join(", "))?;
        }
        if !self.at_restart.is_empty() {
            if !parts.is_empty() {
                write!(f, "; ")?;
            }
            write!(
                f,
                "{} apply at the next start",
                self.at_restart.join(" and ")
            )?;
        }
        Ok(())
    }
}

/// Reads and validates the config at `path` and its key bindings. The error is the message
/// for the user: file, line, column and key.
pub fn load(path: &Path) -> Result<(Config, Keymap), String> {
    let config = Config::from_file(path).map_err(|e| e.to_string())?;
    let keymap =
        Keymap::with_overrides(&config.keys).map_err(|e| e.in_file(&path.display().to_string()))?;
    Ok((config, keymap))
}

/// Where an applied config goes.
pub(super) struct Targets {
    /// The store worker: new sources are stored before any fetch of them ends.
    pub jobs: std_mpsc::Sender<StoreJob>,
    /// The scheduler.
    pub scheduler: mpsc::Sender<ScheduleCommand>,
    /// The UI.
    pub events: mpsc::Sender<EngineEvent>,
}

/// The file's modification time and size, or `None` when it cannot be read.
async fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = tokio::fs::metadata(path).await.ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// Watches `path` every `every` and reloads it when it changed, or at once on a request; runs
/// until the request sender or the UI is gone.
pub(super) async fn watch(
    path: PathBuf,
    mut current: Config,
    every: Duration,
    mut requests: mpsc::Receiver<()>,
    targets: Targets,
) {
    let mut last = stamp(&path).await;
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tick.tick().await;
    loop {
        let asked = tokio::select! {
            _ = tick.tick() => false,
            request = requests.recv() => match request {
                Some(()) => true,
                None => return,
            },
        };
        let now = stamp(&path).await;
        if !asked {
            if now == last {
                continue;
            }
            tokio::time::sleep(SETTLE).await;
            if stamp(&path).await != now {
                continue;
            }
        }
        last = now;
        let file = path.clone();
        let loaded = tokio::task::spawn_blocking(move || load(&file))
            .await
            .unwrap_or_else(|e| Err(format!("reading the config failed: {e}")));
        let event = match loaded {
            Err(message) => {
                // The status bar may cut it short; the log keeps it whole.
                tracing::warn!("{NOT_RELOADED}{message}");
                EngineEvent::Error(format!("{NOT_RELOADED}{message}"))
            }
            Ok((config, keymap)) => {
                let changes = Changes::between(&current, &config);
                if changes.is_empty() && !asked {
                    continue;
                }
                apply(&targets, &config, &changes).await;
                current = config;
                EngineEvent::ConfigReloaded(Box::new(Reloaded {
                    keymap,
                    summary: changes.to_string(),
                }))
            }
        };
        if targets.events.send(event).await.is_err() {
            return;
        }
    }
}

/// Hands a new config to the store, then its sources to the scheduler. Either may be gone (a
/// store that could not open, fetching disabled): the UI has said so, and key bindings still
/// reload.
async fn apply(targets: &Targets, config: &Config, changes: &Changes) {
    if changes.touches_sources() || changes.retention {
        // First the store: a new source's row exists before its first result is stored.
        let _ = targets
            .jobs
            .send(StoreJob::Config(Box::new(config.clone())));
    }
    if changes.touches_sources() {
        let sources = ScheduleCommand::Sources(config.feeds.clone());
        let _ = targets.scheduler.send(sources).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::from_str(text, None).unwrap()
    }

    const TWO: &str = r#"
[[feed]]
name = "a"
url = "https://a.example/feed"
[[feed]]
name = "b"
url = "https://b.example/feed"
"#;

    #[test]
    fn a_config_compared_with_itself_changes_nothing() {
        let changes = Changes::between(&config(TWO), &config(TWO));
        assert!(changes.is_empty());
        assert_eq!(changes.to_string(), "config reloaded: nothing changed");
    }

    #[test]
    fn sources_added_removed_and_changed_are_counted_by_name() {
        let new = r#"
[[feed]]
name = "b"
url = "https://b.example/other"
[[feed]]
name = "c"
url = "https://c.example/feed"
[[feed]]
name = "d"
url = "https://d.example/feed"
"#;
        let changes = Changes::between(&config(TWO), &config(new));
        assert_eq!(changes.added, ["c", "d"]);
        assert_eq!(changes.removed, ["a"]);
        assert_eq!(changes.changed, ["b"]);
        assert!(changes.touches_sources());
        assert_eq!(
            changes.to_string(),
            "config reloaded: 2 sources added, 1 source removed, 1 source changed"
        );
    }

    #[test]
    fn settings_read_at_start_are_named_as_such() {
        let new = format!(
            "[general]\ncatalog = \"more.toml\"\nconcurrency = 3\nretention_days = 9\n\
             [keys]\n\"x\" = \"quit\"\n{TWO}"
        );
        let changes = Changes::between(&config(TWO), &config(&new));
        assert!(!changes.touches_sources());
        assert_eq!(
            changes.to_string(),
            "config reloaded: keys rebound, retention updated; [general] fetch settings and \
             catalog apply at the next start"
        );
    }

    /// With the store and the scheduler gone (a database that would not open, fetching
    /// disabled), reloads still rebind keys, and the watcher lives on.
    #[tokio::test]
    async fn reloads_go_on_without_a_store_or_a_scheduler() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airadar.toml");
        std::fs::write(&path, TWO).unwrap();
        let current = Config::from_file(&path).unwrap();
        let (jobs, _) = std_mpsc::channel();
        let (scheduler, _) = mpsc::channel(1);
        let (events, mut seen) = mpsc::channel(4);
        let (ask, requests) = mpsc::channel(1);
        let targets = Targets {
            jobs,
            scheduler,
            events,
        };
        tokio::spawn(watch(path.clone(), current, WATCH_EVERY, requests, targets));
        for (text, summary) in [
            (
                "[[feed]]\nname = \"a\"\nurl = \"https://a.example/feed\"\n",
                "config reloaded: 1 source removed",
            ),
            (
                "[keys]\n\"x\" = \"quit\"\n",
                "config reloaded: 1 source removed, keys rebound",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            ask.send(()).await.unwrap();
            match seen.recv().await {
                Some(EngineEvent::ConfigReloaded(r)) => assert_eq!(r.summary, summary),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_bad_binding_is_reported_with_its_place_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airadar.toml");
        std::fs::write(&path, "[keys]\n\"x\" = \"quitt\"\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(
            error.starts_with(&format!("{}:2:", path.display())),
            "{error}"
        );
        assert!(error.contains("quitt"), "{error}");
    }
}
