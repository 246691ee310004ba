//! One pass over the sources for the headless `airadar fetch`: every source once, under the
//! same concurrency cap and with the same reports as the scheduler.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::{Id, JoinSet};

use super::FetchError;
use super::FetchReport;
use super::outcome::{Done, Flight, settle, timed, unpack};
use super::schedule::{Clock, FetchFn, ScheduleEvent, SourceState, http_fetch};
use crate::config::{FeedSource, General};

/// Fetches every source in `sources` once over HTTP/files, at most `general.concurrency` at a
/// time, and returns one report per source in the order given. Dead sources are fetched too:
/// the caller decides which sources to pass. Events go to `out` as they happen, if given.
pub async fn fetch_all_once(
    sources: &[FeedSource],
    general: &General,
    states: &HashMap<String, SourceState>,
    out: Option<&mpsc::Sender<ScheduleEvent>>,
) -> Result<Vec<FetchReport>, FetchError> {
    let fetch = http_fetch(general)?;
    Ok(fetch_each_once(sources, general.concurrency, states, fetch, Utc::now, out).await)
}

/// Like [`fetch_all_once`] with `fetch` supplied, but each report is only sent to `out` (moved,
/// not kept), so a caller that stores results as they land holds at most the fetches in flight
/// and the channel's capacity in memory, never every parsed feed at once.
///
/// Only results are sent, never [`ScheduleEvent::Started`]: the channel's capacity is then all
/// results, and a fetch never waits for room in it before it starts. (With both, half the queue
/// held start notices nobody read, and fetches that had their concurrency slot sat waiting to
/// announce themselves while the store wrote: the store's next burst waited for its results.)
pub async fn stream_all_once(
    sources: &[FeedSource],
    concurrency: usize,
    states: &HashMap<String, SourceState>,
    fetch: FetchFn,
    out: &mpsc::Sender<ScheduleEvent>,
) {
    let pass = Pass {
        concurrency,
        fetch,
        clock: Utc::now,
        keep: false,
        announce: false,
    };
    pass.run(sources, states, Some(out)).await;
}

/// [`fetch_all_once`] with the fetch and the clock supplied.
pub async fn fetch_each_once(
    sources: &[FeedSource],
    concurrency: usize,
    states: &HashMap<String, SourceState>,
    fetch: FetchFn,
    clock: Clock,
    out: Option<&mpsc::Sender<ScheduleEvent>>,
) -> Vec<FetchReport> {
    let pass = Pass {
        concurrency,
        fetch,
        clock,
        keep: true,
        announce: true,
    };
    pass.run(sources, states, out).await
}

/// How one pass runs; `keep` says whether reports are returned as well as sent, `announce`
/// whether each start is sent too.
struct Pass {
    concurrency: usize,
    fetch: FetchFn,
    clock: Clock,
    keep: bool,
    announce: bool,
}

impl Pass {
    async fn run(
        self,
        sources: &[FeedSource],
        states: &HashMap<String, SourceState>,
        out: Option<&mpsc::Sender<ScheduleEvent>>,
    ) -> Vec<FetchReport> {
        let Pass {
            concurrency,
            fetch,
            clock,
            keep,
            announce,
        } = self;
        let permits = Arc::new(Semaphore::new(concurrency.max(1)));
        // A task hands back its concurrency slot with its result, and the slot is freed once
        // the result is sent on: while `out` is full, finished fetches must not make room for
        // new ones, or their results pile up here (every feed of a cold fetch, at worst).
        let mut tasks: JoinSet<(Done, Option<OwnedSemaphorePermit>)> = JoinSet::new();
        let mut flights: HashMap<Id, Flight> = HashMap::new();
        for (index, source) in sources.iter().enumerate() {
            let validators = states
                .get(&source.name)
                .map(|s| s.validators.clone())
                .unwrap_or_default();
            let job = (Arc::clone(&fetch), source.clone(), validators);
            let (permits, out) = (Arc::clone(&permits), out.filter(|_| announce).cloned());
            let handle = tasks.spawn(async move {
                let (fetch, source, validators) = job;
                // Err only if the semaphore is closed, which this function never does.
                let permit = permits.acquire_owned().await.ok();
                if let Some(out) = out {
                    let started = ScheduleEvent::Started {
                        source: source.name.clone(),
                    };
                    // Nobody listening is fine for a one-pass fetch: the reports are returned.
                    let _ = out.send(started).await;
                }
                (timed(clock, fetch(source, validators)).await, permit)
            });
            let flight = Flight {
                slot: index,
                started: clock(),
                since: Instant::now(),
            };
            flights.insert(handle.id(), flight);
        }
        let mut reports: Vec<Option<FetchReport>> = vec![None; sources.len()];
        while let Some(joined) = tasks.join_next_with_id().await {
            let mut slot = None;
            let (id, outcome) = unpack(joined.map(|(id, (done, permit))| {
                slot = permit;
                (id, done)
            }));
            let Some(flight) = flights.remove(&id) else {
                continue;
            };
            let source = &sources[flight.slot];
            let mut state = states.get(&source.name).cloned().unwrap_or_default();
            let report = settle(source, &mut state, &flight, outcome, clock());
            match out {
                Some(out) if keep => {
                    let _ = out
                        .send(ScheduleEvent::Finished(Box::new(report.clone())))
                        .await;
                    reports[flight.slot] = Some(report);
                }
                Some(out) => {
                    let _ = out.send(ScheduleEvent::Finished(Box::new(report))).await;
                }
                None => reports[flight.slot] = Some(report),
            }
            drop(slot);
        }
        reports.into_iter().flatten().collect()
    }
}
