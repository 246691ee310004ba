//! When sources are fetched: each on its own interval with back-off, at most `concurrency` at
//! once, never two fetches of one source at once, manual refreshes first. The one-pass fetch of
//! the headless `airadar fetch` lives in [`super::pass`]; both turn finished tasks into reports
//! with the private `outcome` module.
//!
//! The scheduler owns its per-source state and talks only through channels: commands in,
//! [`ScheduleEvent`]s out. A fetch task that panics is reported as that source's failure.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::{Id, JoinSet};

use super::cores::CoreBudget;
use super::http::Fetcher;
use super::outcome::{Done, Flight, settle, timed, unpack};
pub use super::pass::{fetch_all_once, fetch_each_once, stream_all_once};
use super::{FetchError, FetchReport, Fetched, ParsedFeed, Validators};
use crate::config::{FeedSource, General};

/// The longest the scheduler sleeps before looking at the wall clock again, so a suspended
/// laptop or a changed clock delays fetches by at most this much.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// What the scheduler knows about one source; loaded from the store so a restart resumes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceState {
    /// Validators for the next conditional GET.
    pub validators: Validators,
    /// When the source is due; `None` means now (never fetched).
    pub next_due: Option<DateTime<Utc>>,
    /// Consecutive failures.
    pub failures: u32,
    /// Answered 410 Gone: skipped until refreshed by hand.
    pub dead: bool,
}

/// What the scheduler reports.
#[derive(Debug, Clone)]
pub enum ScheduleEvent {
    /// A fetch of this source began (it holds a concurrency slot).
    Started {
        /// Source name.
        source: String,
    },
    /// A fetch ended, with its result and the schedule it leads to.
    Finished(Box<FetchReport>),
}

/// What the scheduler can be asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleCommand {
    /// Fetch every source now, dead ones included.
    RefreshAll,
    /// Fetch this source now (or right after its fetch in flight).
    Refresh(String),
    /// Fetch these sources from now on (a reloaded config): see [`Scheduler::replace`].
    Sources(Vec<FeedSource>),
    /// Abort fetches in flight and stop.
    Shutdown,
}

/// The wall clock the scheduler reads; tests may pass their own.
pub type Clock = fn() -> DateTime<Utc>;

/// How one source is fetched: [`Fetcher::fetch`] in the program, a stand-in in tests.
pub type FetchFn = Arc<
    dyn Fn(FeedSource, Validators) -> BoxFuture<'static, Result<Fetched, FetchError>> + Send + Sync,
>;

/// A [`FetchFn`] backed by a real [`Fetcher`] built from `general`.
pub fn http_fetch(general: &General) -> Result<FetchFn, FetchError> {
    let fetcher = Arc::new(Fetcher::new(general)?);
    Ok(Arc::new(move |source, validators| {
        let fetcher = Arc::clone(&fetcher);
        Box::pin(async move { fetcher.fetch(&source, &validators).await })
    }))
}

/// Work done on a freshly parsed feed before it is reported, on the blocking pool: the engine
/// runs extraction here so it spreads over every core instead of queueing on the store's thread.
pub type PrepareFn = Arc<dyn Fn(&FeedSource, &mut ParsedFeed) + Send + Sync>;

/// `fetch`, followed on the blocking pool by `prepare` for every feed that came back modified.
///
/// Each feed is prepared holding a core from `cores`, which the store also takes while it
/// writes (see [`CoreBudget`]): at most one feed per core is prepared at once (every thread
/// running extraction keeps its own regex caches and allocator arena, so more would cost memory
/// and gain nothing), and one fewer while the store is writing.
pub fn with_prepare(fetch: FetchFn, prepare: PrepareFn, cores: Arc<CoreBudget>) -> FetchFn {
    Arc::new(move |source, validators| {
        let fetched = fetch(source.clone(), validators);
        let prepare = Arc::clone(&prepare);
        let cores = Arc::clone(&cores);
        Box::pin(async move {
            let Fetched::Modified {
                status,
                validators,
                bytes,
                mut feed,
            } = fetched.await?
            else {
                return Ok(Fetched::NotModified);
            };
            let feed = tokio::task::spawn_blocking(move || {
                let _core = cores.take();
                prepare(&source, &mut feed);
                feed
            })
            .await
            .map_err(|e| FetchError::Other(format!("internal error: extraction failed: {e}")))?;
            Ok(Fetched::Modified {
                status,
                validators,
                bytes,
                feed,
            })
        })
    })
}

/// The background task that fetches every source on its schedule.
pub struct Scheduler {
    slots: Vec<Slot>,
    concurrency: usize,
    fetch: FetchFn,
    clock: Clock,
}

struct Slot {
    source: FeedSource,
    state: SourceState,
    in_flight: bool,
}

impl Scheduler {
    /// A scheduler fetching over HTTP with the limits of `general`, resuming from `states`
    /// (by source name; sources without a state are due at once).
    pub fn new(
        sources: Vec<FeedSource>,
        general: &General,
        states: HashMap<String, SourceState>,
    ) -> Result<Scheduler, FetchError> {
        Ok(Scheduler::with_fetch(
            sources,
            general.concurrency,
            states,
            http_fetch(general)?,
        ))
    }

    /// A scheduler using `fetch` for every source (tests script failures, delays and panics).
    pub fn with_fetch(
        sources: Vec<FeedSource>,
        concurrency: usize,
        mut states: HashMap<String, SourceState>,
        fetch: FetchFn,
    ) -> Scheduler {
        let slots = sources
            .into_iter()
            .map(|source| Slot {
                state: states.remove(&source.name).unwrap_or_default(),
                source,
                in_flight: false,
            })
            .collect();
        Scheduler {
            slots,
            concurrency: concurrency.max(1),
            fetch,
            clock: Utc::now,
        }
    }

    /// Replaces the wall clock.
    pub fn with_clock(mut self, clock: Clock) -> Scheduler {
        self.clock = clock;
        self
    }

    /// Starts [`Scheduler::run`] on the tokio runtime.
    pub fn spawn(
        self,
        commands: mpsc::Receiver<ScheduleCommand>,
        out: mpsc::Sender<ScheduleEvent>,
    ) -> tokio::task::JoinHandle<HashMap<String, SourceState>> {
        tokio::spawn(self.run(commands, out))
    }

    /// Runs until [`ScheduleCommand::Shutdown`], until the command sender is dropped, or until
    /// nobody listens to `out`; returns the final per-source state for the store.
    pub async fn run(
        mut self,
        mut commands: mpsc::Receiver<ScheduleCommand>,
        out: mpsc::Sender<ScheduleEvent>,
    ) -> HashMap<String, SourceState> {
        let permits = Arc::new(Semaphore::new(self.concurrency));
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let mut flights: HashMap<Id, Flight> = HashMap::new();
        let mut manual: VecDeque<usize> = VecDeque::new();
        'run: loop {
            let now = (self.clock)();
            // Start everything that is due, while slots are free.
            while let Ok(permit) = Arc::clone(&permits).try_acquire_owned() {
                let Some(index) = self.pick_next(&mut manual, now) else {
                    break;
                };
                let slot = &mut self.slots[index];
                slot.in_flight = true;
                let name = slot.source.name.clone();
                let job = (
                    Arc::clone(&self.fetch),
                    slot.source.clone(),
                    slot.state.validators.clone(),
                );
                let clock = self.clock;
                let handle = tasks.spawn(async move {
                    let (fetch, source, validators) = job;
                    let _permit = permit;
                    timed(clock, fetch(source, validators)).await
                });
                let flight = Flight {
                    slot: index,
                    started: now,
                    since: Instant::now(),
                };
                flights.insert(handle.id(), flight);
                if out
                    .send(ScheduleEvent::Started { source: name })
                    .await
                    .is_err()
                {
                    break 'run;
                }
            }
            // With every slot busy only a finished fetch or a command can change anything;
            // otherwise sleep until the next source is due.
            let can_start = permits.available_permits() > 0;
            let wait = self.time_to_next_due(now).min(MAX_SLEEP);
            tokio::select! {
                command = commands.recv() => match command {
                    Some(ScheduleCommand::RefreshAll) => {
                        for index in 0..self.slots.len() {
                            request(&mut manual, index);
                        }
                    }
                    Some(ScheduleCommand::Refresh(name)) => {
                        match self.slots.iter().position(|s| s.source.name == name) {
                            Some(index) => request(&mut manual, index),
                            None => tracing::warn!(source = %name, "refresh of an unknown source"),
                        }
                    }
                    Some(ScheduleCommand::Sources(sources)) => {
                        self.replace(sources, &mut flights, &mut manual);
                    }
                    Some(ScheduleCommand::Shutdown) | None => break 'run,
                },
                Some(joined) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                    let (id, outcome) = unpack(joined);
                    let Some(flight) = flights.remove(&id) else { continue 'run };
                    let slot = &mut self.slots[flight.slot];
                    slot.in_flight = false;
                    let now = (self.clock)();
                    let report = settle(&slot.source, &mut slot.state, &flight, outcome, now);
                    if out.send(ScheduleEvent::Finished(Box::new(report))).await.is_err() {
                        break 'run;
                    }
                }
                () = tokio::time::sleep(wait), if can_start => {}
            }
        }
        tasks.shutdown().await;
        self.slots
            .into_iter()
            .map(|slot| (slot.source.name, slot.state))
            .collect()
    }

    /// Fetches `sources` from now on. A source kept with the same name and URL keeps its state
    /// (validators, schedule, back-off) and its fetch in flight; a new one, or one whose URL
    /// changed, is due at once with a fresh state, as the store resets it. The result of a
    /// fetch in flight for a source dropped or moved is discarded when it ends.
    fn replace(
        &mut self,
        sources: Vec<FeedSource>,
        flights: &mut HashMap<Id, Flight>,
        manual: &mut VecDeque<usize>,
    ) {
        let mut old: HashMap<(String, String), (usize, Slot)> = std::mem::take(&mut self.slots)
            .into_iter()
            .enumerate()
            .map(|(i, slot)| {
                (
                    (slot.source.name.clone(), slot.source.url.clone()),
                    (i, slot),
                )
            })
            .collect();
        let mut moved: HashMap<usize, usize> = HashMap::new();
        for (index, source) in sources.into_iter().enumerate() {
            let (state, in_flight) = match old.remove(&(source.name.clone(), source.url.clone())) {
                Some((before, slot)) => {
                    moved.insert(before, index);
                    (slot.state, slot.in_flight)
                }
                None => (SourceState::default(), false),
            };
            self.slots.push(Slot {
                source,
                state,
                in_flight,
            });
        }
        flights.retain(|_, flight| match moved.get(&flight.slot) {
            Some(&now) => {
                flight.slot = now;
                true
            }
            None => false,
        });
        *manual = manual
            .iter()
            .filter_map(|i| moved.get(i).copied())
            .collect();
    }

    /// The next source to start: manual requests first (skipping sources in flight, which
    /// stay queued), then the most overdue source that is not dead.
    fn pick_next(&self, manual: &mut VecDeque<usize>, now: DateTime<Utc>) -> Option<usize> {
        if let Some(pos) = manual.iter().position(|&i| !self.slots[i].in_flight) {
            return manual.remove(pos);
        }
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.in_flight && !s.state.dead)
            .filter(|(_, s)| s.state.next_due.is_none_or(|due| due <= now))
            .min_by_key(|(_, s)| s.state.next_due)
            .map(|(i, _)| i)
    }

    fn time_to_next_due(&self, now: DateTime<Utc>) -> Duration {
        self.slots
            .iter()
            .filter(|s| !s.in_flight && !s.state.dead)
            .map(|s| {
                s.state
                    .next_due
                    .map_or(Duration::ZERO, |due| until(now, due))
            })
            .min()
            .unwrap_or(MAX_SLEEP)
    }
}

fn request(manual: &mut VecDeque<usize>, index: usize) {
    if !manual.contains(&index) {
        manual.push_back(index);
    }
}

fn until(now: DateTime<Utc>, due: DateTime<Utc>) -> Duration {
    (due - now).to_std().unwrap_or(Duration::ZERO)
}
