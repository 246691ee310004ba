//! The background side of the app: the fetch scheduler and the store worker.
//!
//! The UI loop talks to it only through owned messages: it sends [`EngineCommand`]s and
//! receives [`EngineEvent`]s. It never waits on the network or the disk.

use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::thread;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use crate::config::Config;
use crate::extract::SharedExtractor;
use crate::feeds::FeedUpdate;
use crate::feeds::cores::CoreBudget;
use crate::feeds::schedule::{ScheduleCommand, ScheduleEvent, Scheduler, http_fetch, with_prepare};
use crate::feeds::{FetchReport, UpdateOutcome};
use crate::report::Report;
use crate::store::{ReportLimits, Store, StoreError};

mod burst;
mod reload;
mod worker;
pub use burst::{Burst, MAX_BURST, MAX_BURST_ITEMS, QUEUED_RESULTS, WRITE_PACE, deadline};
pub use reload::{Changes, NOT_RELOADED, Reloaded, WATCH_EVERY};
pub use worker::{KnownSlot, extract_item, ingest, ingest_all, prepare_with, refresh_models};
use worker::{Worker, store_worker};

/// Something the UI asks the background side to do.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineCommand {
    /// Fetch every source now.
    RefreshAll,
    /// Fetch one source now (by name).
    Refresh(String),
    /// Mark an item read or unread.
    SetRead(i64, bool),
    /// Star or unstar an item.
    SetStarred(i64, bool),
    /// Mark every item read, or only those of the named source.
    MarkAllRead(Option<String>),
    /// Load an item's full text for the reader.
    LoadItem(i64),
    /// Read the config file again and apply it (it is also watched, see [`WATCH_EVERY`]).
    ReloadConfig,
    /// Stop background work.
    Shutdown,
}

/// Something the background side tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// A fresh view of the store (sent at start and after each stored fetch).
    Snapshot(Box<Report>),
    /// A fetch started or finished.
    Feed(FeedUpdate),
    /// Fetches in flight and sources in this round, for the progress indicator.
    Progress {
        /// Fetches finished in the current round.
        done: usize,
        /// Fetches in the current round.
        total: usize,
    },
    /// An item's full text, answering [`EngineCommand::LoadItem`].
    ItemText {
        /// Item id.
        id: i64,
        /// Plain, sanitised text.
        text: String,
    },
    /// A background failure worth showing (store error, a task panicked, a config that does
    /// not load).
    Error(String),
    /// The config file was loaded again and applied.
    ConfigReloaded(Box<Reloaded>),
    /// A note for the status bar that is not an error.
    Notice(String),
}

/// What a dashboard snapshot carries; the rest stays in the store and in `airadar report`.
/// Bounded so that a snapshot stays quick to build and small to hold however large the
/// database grows.
pub const SNAPSHOT_LIMITS: ReportLimits = ReportLimits {
    items: Some(5_000),
    timeline: Some(2_000),
    capacity: Some(2_000),
    claims_per_model: Some(200),
};

/// How often the store worker prunes old items while running.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// The UI's side of a running engine.
pub struct EngineHandle {
    /// Send commands here.
    pub commands: mpsc::Sender<EngineCommand>,
    /// Receive events here.
    pub events: mpsc::Receiver<EngineEvent>,
    /// The store worker; join it after [`EngineCommand::Shutdown`] so the last write lands.
    pub worker: StoreWorker,
}

/// The thread that owns the database connection.
pub struct StoreWorker(thread::JoinHandle<()>);

impl StoreWorker {
    /// Waits for the store worker to finish its last write (after [`EngineCommand::Shutdown`]
    /// or once every command sender is gone).
    pub fn join(self) {
        if self.0.join().is_err() {
            tracing::error!("store worker panicked");
        }
    }
}

/// What the store worker is asked to do.
enum StoreJob {
    /// A fetch result, holding its place among the [`QUEUED_RESULTS`] that may wait for the
    /// store: the place is given back once the result is taken into a burst.
    Ingest(Box<FetchReport>, OwnedSemaphorePermit),
    Command(EngineCommand),
    /// A reloaded config: its sources are stored, and snapshots and pruning follow it.
    Config(Box<Config>),
}

/// Why the engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store worker thread could not be started.
    #[error("cannot start the store worker: {0}")]
    Thread(std::io::Error),
}

/// Starts the scheduler and the store worker on the current tokio runtime.
///
/// `open_store` runs on the store worker thread, so the caller (the UI) is never held up by
/// opening or checking the database; the scheduler starts once the stored state is read.
pub fn start<Open>(
    config: &Config,
    open_store: Open,
    extractor: SharedExtractor,
) -> Result<EngineHandle, EngineError>
where
    Open: FnOnce() -> Result<Store, StoreError> + Send + 'static,
{
    start_with(config, open_store, extractor, KnownSlot::default())
}

/// [`start`], with the slot through which the store worker hands the preparing step its
/// reader of stored items once the database is open.
fn start_with<Open>(
    config: &Config,
    open_store: Open,
    extractor: SharedExtractor,
    known: KnownSlot,
) -> Result<EngineHandle, EngineError>
where
    Open: FnOnce() -> Result<Store, StoreError> + Send + 'static,
{
    let (events_tx, events_rx) = mpsc::channel(256);
    let (commands_tx, mut commands_rx) = mpsc::channel::<EngineCommand>(64);
    let (jobs_tx, jobs_rx) = std_mpsc::channel::<StoreJob>();
    let (sched_tx, sched_rx) = mpsc::channel(16);
    let (sched_events_tx, mut sched_events_rx) = mpsc::channel(16);
    let (states_tx, states_rx) = tokio::sync::oneshot::channel();
    // The config file is watched, and read again on request; the embedded default is not.
    let reload_tx = config.path.clone().map(|path| {
        let (reload_tx, reload_rx) = mpsc::channel(1);
        let targets = reload::Targets {
            jobs: jobs_tx.clone(),
            scheduler: sched_tx.clone(),
            events: events_tx.clone(),
        };
        tokio::spawn(reload::watch(
            path,
            config.clone(),
            WATCH_EVERY,
            reload_rx,
            targets,
        ));
        reload_tx
    });
    let notices = events_tx.clone();

    // The scheduler starts once the store worker has read the per-source state, so a restart
    // neither refetches everything at once nor forgets errors.
    let sources = config.feeds.clone();
    let general = config.general.clone();
    let scheduler_errors = events_tx.clone();
    let prepare = prepare_with(extractor.clone(), Arc::clone(&known));
    let cores = Arc::new(CoreBudget::of_machine());
    let prepare_cores = Arc::clone(&cores);
    tokio::spawn(async move {
        let Ok(states) = states_rx.await else { return };
        match http_fetch(&general) {
            Ok(fetch) => {
                let fetch = with_prepare(fetch, prepare, prepare_cores);
                Scheduler::with_fetch(sources, general.concurrency, states, fetch)
                    .spawn(sched_rx, sched_events_tx);
            }
            Err(e) => {
                // Without an HTTP client nothing can be fetched, but stored data is still
                // worth showing: report the error and keep the UI alive.
                let message = format!("fetching disabled: {e}");
                let _ = scheduler_errors.send(EngineEvent::Error(message)).await;
            }
        }
    });

    // Scheduler events: progress to the UI, results to the store worker. At most
    // QUEUED_RESULTS results wait for the store, as in `airadar fetch`: when storing falls
    // behind (the first start with hundreds of sources), this task waits, the scheduler's
    // channel fills and no fetch starts, instead of every parsed feed piling up in memory.
    let progress_tx = events_tx.clone();
    let ingest_tx = jobs_tx.clone();
    let places = Arc::new(Semaphore::new(QUEUED_RESULTS));
    tokio::spawn(async move {
        let mut round = Progress::default();
        while let Some(event) = sched_events_rx.recv().await {
            match event {
                ScheduleEvent::Started { source } => {
                    round.started();
                    let update = crate::feeds::FeedUpdate {
                        source,
                        at: Utc::now(),
                        elapsed: Duration::ZERO,
                        outcome: UpdateOutcome::Started,
                    };
                    // Progress is advisory: never block the scheduler on a busy UI.
                    let _ = progress_tx.try_send(EngineEvent::Feed(update));
                }
                ScheduleEvent::Finished(report) => {
                    round.finished();
                    // Never closed: Err cannot happen.
                    let Ok(place) = Arc::clone(&places).acquire_owned().await else {
                        break;
                    };
                    if ingest_tx.send(StoreJob::Ingest(report, place)).is_err() {
                        break;
                    }
                }
            }
            let (done, total) = round.counts();
            let _ = progress_tx
                .send(EngineEvent::Progress { done, total })
                .await;
        }
    });

    // UI commands: refreshes to the scheduler, everything else to the store worker.
    tokio::spawn(async move {
        while let Some(command) = commands_rx.recv().await {
            if command == EngineCommand::ReloadConfig {
                match &reload_tx {
                    // A reload already asked for reads the file as this one would.
                    Some(reload) => drop(reload.try_send(())),
                    None => {
                        let note = "no config file to reload: the embedded default is in use";
                        let _ = notices.send(EngineEvent::Notice(note.into())).await;
                    }
                }
                continue;
            }
            let to_scheduler = match &command {
                EngineCommand::RefreshAll => Some(ScheduleCommand::RefreshAll),
                EngineCommand::Refresh(name) => Some(ScheduleCommand::Refresh(name.clone())),
                EngineCommand::Shutdown => Some(ScheduleCommand::Shutdown),
                _ => None,
            };
            let shutdown = command == EngineCommand::Shutdown;
            if let Some(c) = to_scheduler {
                let _ = sched_tx.send(c).await;
            }
            if !matches!(
                command,
                EngineCommand::RefreshAll | EngineCommand::Refresh(_)
            ) && jobs_tx.send(StoreJob::Command(command)).is_err()
            {
                break;
            }
            if shutdown {
                break;
            }
        }
    });

    let worker_config = config.clone();
    let worker = thread::Builder::new()
        .name("airadar-store".into())
        .spawn(move || {
            let send = |event| events_tx.blocking_send(event).is_ok();
            // Opening (and checking) the database happens here, off the UI thread, so the
            // first frame is drawn at once.
            let (mut store, deferred) = match open_store().and_then(|mut store| {
                store.sync_sources(&worker_config.feeds)?;
                let states = store.source_states()?;
                Ok((store, states))
            }) {
                Ok((mut store, states)) => {
                    // A first start builds its indexes once its first results are stored,
                    // as `airadar fetch` does (see `worker::settle`). Until then there is
                    // nothing stored for the preparing step to look up.
                    let deferred = store
                        .defer_indexes_if_empty()
                        .inspect_err(|e| tracing::warn!("indexes kept up row by row: {e}"))
                        .unwrap_or(0);
                    tracing::debug!(deferred, "indexes deferred to the first results");
                    if deferred == 0
                        && let Some(reader) = store.known_items()
                    {
                        let _ = known.set(reader);
                    }
                    let _ = states_tx.send(states);
                    (store, deferred > 0)
                }
                Err(e) => {
                    send(EngineEvent::Error(format!("cannot use the database: {e}")));
                    return;
                }
            };
            store_worker(
                &mut store,
                Worker {
                    config: &worker_config,
                    extractor: &extractor,
                    cores: &cores,
                    known: &known,
                    deferred,
                },
                jobs_rx,
                &send,
            );
            // The scheduler may outlive this thread with the reader in hand: closed first, it
            // leaves the store's connection the last, which empties and deletes the log.
            if let Some(reader) = known.get() {
                reader.close();
            }
        })
        .map_err(EngineError::Thread)?;
    Ok(EngineHandle {
        commands: commands_tx,
        events: events_rx,
        worker: StoreWorker(worker),
    })
}

/// Counts fetches in the current round: a round starts when a fetch starts with none in flight.
#[derive(Debug, Default)]
struct Progress {
    in_flight: usize,
    done: usize,
    total: usize,
}

impl Progress {
    fn started(&mut self) {
        if self.in_flight == 0 {
            self.done = 0;
            self.total = 0;
        }
        self.in_flight += 1;
        self.total += 1;
    }

    fn finished(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.done += 1;
    }

    fn counts(&self) -> (usize, usize) {
        (self.done, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Catalog;

    fn start_on(path: &std::path::Path, config: &Config, known: &KnownSlot) -> EngineHandle {
        let path = path.to_path_buf();
        let extractor = SharedExtractor::lazy(Catalog::embedded());
        start_with(
            config,
            move || Store::open(&path),
            extractor,
            Arc::clone(known),
        )
        .unwrap()
    }

    async fn next_snapshot(engine: &mut EngineHandle, pred: impl Fn(&Report) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let event = tokio::time::timeout_at(deadline, engine.events.recv())
                .await
                .expect("a snapshot in time")
                .expect("engine running");
            if let EngineEvent::Snapshot(report) = event
                && pred(&report)
            {
                return;
            }
        }
    }

    async fn stop(engine: EngineHandle) {
        engine.commands.send(EngineCommand::Shutdown).await.unwrap();
        let EngineHandle { worker, .. } = engine;
        tokio::task::spawn_blocking(move || worker.join())
            .await
            .unwrap();
    }

    /// (indexes waiting to be built, indexes there), read beside the engine.
    fn indexes(path: &std::path::Path) -> (i64, i64) {
        let conn = rusqlite::Connection::open(path).unwrap();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap();
        (
            count("SELECT count(*) FROM deferred_index"),
            count("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"),
        )
    }

    fn demo_config() -> Config {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo.toml");
        Config::from_str(&std::fs::read_to_string(&path).unwrap(), Some(&path)).unwrap()
    }

    /// A first start into an empty file drops its indexes, as `airadar fetch` does, and builds
    /// them on the way out if no result ever came.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_first_start_defers_its_indexes_and_builds_them_by_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let all = {
            let fresh = dir.path().join("fresh.db");
            drop(Store::open(&fresh).unwrap());
            indexes(&fresh).1
        };
        let config = Config::from_str("", None).unwrap();
        let known = KnownSlot::default();
        let mut engine = start_on(&path, &config, &known);
        next_snapshot(&mut engine, |_| true).await;
        let (waiting, there) = indexes(&path);
        assert!(
            waiting > 0 && there < all,
            "{waiting} waiting, {there} of {all}"
        );
        assert!(known.get().is_none(), "no look-ups without the indexes");
        stop(engine).await;
        assert_eq!(indexes(&path), (0, all));
    }

    /// The first results are stored without the indexes, which are built before the snapshot
    /// that shows them; then the preparing step gets its reader of stored items (without it,
    /// every item of every fetch is extracted again, see `worker::prepare_with`). The memory
    /// the fetches freed is given back before the build. A later start on the same file hands
    /// the reader over at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_store_worker_hands_over_its_reader_once_the_indexes_are_built() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let known = KnownSlot::default();
        crate::memory::counting::install();
        let released = crate::memory::counting::calls();
        let mut engine = start_on(&path, &demo_config(), &known);
        next_snapshot(&mut engine, |r| !r.items.is_empty()).await;
        assert_eq!(indexes(&path).0, 0, "built before showing the results");
        assert!(known.get().is_some(), "reader handed over");
        assert!(
            crate::memory::counting::calls() > released,
            "freed memory given back before the build"
        );
        stop(engine).await;

        let known = KnownSlot::default();
        let engine = start_on(&path, &Config::from_str("", None).unwrap(), &known);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while known.get().is_none() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no reader handed over"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        stop(engine).await;
    }
}
