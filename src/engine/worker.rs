//! The store worker: the one thread that owns the database connection. It stores fetch
//! results (running extraction on new and changed items), answers the UI's commands and sends
//! snapshots when something changed.

use std::cell::{Cell, RefCell};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::burst::{self, Burst};
use super::{EngineCommand, EngineEvent, PRUNE_EVERY, SNAPSHOT_LIMITS, StoreJob};
use crate::config::Config;
use crate::config::FeedSource;
use crate::extract::{Extractor, ItemText, SharedExtractor};
use crate::feeds::cores::CoreBudget;
use crate::feeds::schedule::PrepareFn;
use crate::feeds::{FetchReport, Fetched, ParsedFeed, ParsedItem, UpdateOutcome};
use crate::store::{ApplySummary, KnownItems, Store, StoreError};

/// Runs extraction for one item, as the store asks for it.
pub fn extract_item(
    extractor: &Extractor,
    item: &ParsedItem,
    lang_hint: Option<&str>,
    published: chrono::NaiveDate,
) -> crate::extract::Extraction {
    extractor.extract(&ItemText {
        title: &item.title,
        body: &item.text,
        lang_hint,
        published,
    })
}

/// Where the preparing step finds what is stored ([`KnownItems`]), once the store is open.
/// Left empty (a database in memory), every item is extracted.
pub type KnownSlot = Arc<OnceLock<KnownItems>>;

/// The fetch pipeline's preparing step: extraction of every parsed item, on the blocking pool
/// where the feed was parsed, so the store's thread only writes. Items stored already and
/// unchanged (by `known`) are not extracted.
pub fn prepare_with(extractor: SharedExtractor, known: KnownSlot) -> PrepareFn {
    Arc::new(move |source: &FeedSource, feed: &mut ParsedFeed| {
        let extractor = extractor.get();
        let extract =
            |item: &ParsedItem, hint: Option<&str>, date| extract_item(extractor, item, hint, date);
        let stored = known
            .get()
            .map(|k| k.hashes(&source.name))
            .unwrap_or_default();
        Store::prepare_feed(feed, source.lang.as_deref(), &extract, Utc::now(), &stored);
    })
}

/// Stores one fetch report and says what it amounted to.
///
/// Model summaries are only marked stale here: call [`refresh_models`] once after a burst of
/// fetches, so a round over many sources summarises each model once, not once per source.
pub fn ingest(store: &mut Store, extractor: &Extractor, report: &FetchReport) -> UpdateOutcome {
    ingest_all(store, extractor, &[report])
        .pop()
        .unwrap_or(UpdateOutcome::NotModified)
}

/// Stores a burst of fetch reports in one transaction (one savepoint each) and says what each
/// amounted to, in order. Summaries are only marked stale, as in [`ingest`].
pub fn ingest_all(
    store: &mut Store,
    extractor: &Extractor,
    reports: &[&FetchReport],
) -> Vec<UpdateOutcome> {
    let extract =
        |item: &ParsedItem, hint: Option<&str>, date| extract_item(extractor, item, hint, date);
    let results = store.apply_fetches_deferred(reports, &extract, Utc::now());
    reports
        .iter()
        .zip(results)
        .map(|(report, result)| outcome(report, result))
        .collect()
}

fn storing_failed(e: &StoreError) -> UpdateOutcome {
    UpdateOutcome::Failed {
        message: format!("storing failed: {e}"),
        status: None,
    }
}

/// What storing `report` amounted to.
fn outcome(report: &FetchReport, stored: Result<ApplySummary, StoreError>) -> UpdateOutcome {
    match (stored, &report.result) {
        (Err(e), _) => storing_failed(&e),
        (Ok(summary), Ok(Fetched::Modified { status, .. })) => UpdateOutcome::Stored {
            status: *status,
            new: summary.new,
            updated: summary.updated,
        },
        (Ok(_), Ok(Fetched::NotModified)) => UpdateOutcome::NotModified,
        (Ok(_), Err(e)) => UpdateOutcome::Failed {
            message: e.to_string(),
            status: crate::feeds::backoff::http_status(e),
        },
    }
}

/// Recomputes the summaries of the models touched since the last call (the extractor's
/// catalogue gives their vendors and aliases; it need not have finished compiling).
pub fn refresh_models(store: &mut Store, extractor: &SharedExtractor) -> Result<usize, StoreError> {
    store.refresh_models(extractor.catalog())
}

/// What the store worker works with, besides its store and its queue.
pub(super) struct Worker<'a> {
    pub config: &'a Config,
    pub extractor: &'a SharedExtractor,
    pub cores: &'a CoreBudget,
    /// Where the preparing step finds the stored items, once the indexes are there.
    pub known: &'a KnownSlot,
    /// Whether the indexes were dropped for a first start into an empty database
    /// (`Store::defer_indexes_if_empty`).
    pub deferred: bool,
}

/// Refreshes the summaries of the models touched since the last call. After a first start's
/// first results, it first builds the indexes deferred for them ([`Store::finish_fetch`]) and
/// hands the preparing step its reader of stored items. Kept up row by row, the indexes held a
/// first start of 500 feeds to 1.26-1.60 s and 63-82 MB with the build; deferred, 0.98-1.12 s
/// and 58-67 MB (`bench/dashboard_cold.sh`, 3 alternated runs).
fn settle(store: &mut Store, worker: &Worker<'_>, indexed: &Cell<bool>) {
    if indexed.get() {
        if let Err(e) = refresh_models(store, worker.extractor) {
            tracing::warn!("refreshing model summaries failed: {e}");
        }
        return;
    }
    // As `airadar fetch` does: what the fetches freed goes back to the system first, so the
    // build's memory does not come on top of it (a first start of 500 feeds peaked at 54-61 MB
    // with the build, 47-52 MB with this).
    crate::memory::release_freed();
    match store.finish_fetch(worker.extractor.catalog()) {
        Ok(finished) => {
            tracing::debug!(?finished, "built the first start's indexes");
            indexed.set(true);
            if let Some(reader) = store.known_items() {
                let _ = worker.known.set(reader);
            }
        }
        Err(e) => tracing::warn!("building the deferred indexes failed: {e}"),
    }
}

pub(super) fn store_worker(
    store: &mut Store,
    worker: Worker<'_>,
    jobs: std_mpsc::Receiver<StoreJob>,
    send: &dyn Fn(EngineEvent) -> bool,
) {
    let Worker {
        config,
        extractor,
        cores,
        ..
    } = worker;
    let indexed = Cell::new(!worker.deferred);
    // Replaced when the config is reloaded.
    let config = RefCell::new(config.clone());
    let report = |store: &mut Store| match store.report_within(
        &config.borrow().feeds,
        Utc::now(),
        &SNAPSHOT_LIMITS,
    ) {
        Ok(report) => EngineEvent::Snapshot(Box::new(report)),
        Err(e) => EngineEvent::Error(format!("reading the store failed: {e}")),
    };
    // Summaries are refreshed once per burst of fetches, just before the snapshot that shows
    // them (and on the way out, so nothing stays stale on disk).
    let snapshot = |store: &mut Store| {
        let _core = cores.take_first();
        settle(store, &worker, &indexed);
        report(store)
    };
    let finish = |store: &mut Store| settle(store, &worker, &indexed);
    // What is stored when the dashboard starts. A first start's tables are empty: its
    // deferred indexes wait for its first results.
    let stored = if indexed.get() {
        snapshot(store)
    } else {
        report(store)
    };
    if !send(stored) {
        return;
    }
    let mut last_prune = Instant::now();
    let mut last_write = Instant::now();
    let mut dirty = false;
    // A command read while collecting a burst of results, handled next.
    let mut held: Option<StoreJob> = None;
    loop {
        let next = match held.take() {
            Some(job) => Ok(job),
            None => jobs.recv_timeout(Duration::from_millis(200)),
        };
        let job = match next {
            Ok(job) => job,
            Err(std_mpsc::RecvTimeoutError::Timeout) => {
                if dirty {
                    dirty = false;
                    if !send(snapshot(store)) {
                        return;
                    }
                }
                continue;
            }
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return finish(store),
        };
        match job {
            StoreJob::Ingest(first, place) => {
                // Results already waiting, and those that arrive before the pace allows the
                // next write, are stored in the same transaction.
                drop(place);
                let mut burst = Burst::default();
                burst.push(first);
                // Paced only while the indexes are kept up: without them a commit only
                // appends, and storing what waits at once holds fewer parsed feeds.
                let until = if indexed.get() {
                    burst::deadline(last_write)
                } else {
                    Instant::now()
                };
                while !burst.is_full() {
                    let next = match jobs.try_recv() {
                        Err(std_mpsc::TryRecvError::Empty) => {
                            let left = until.saturating_duration_since(Instant::now());
                            if left.is_zero() {
                                break;
                            }
                            jobs.recv_timeout(left).ok()
                        }
                        waiting => waiting.ok(),
                    };
                    match next {
                        Some(StoreJob::Ingest(report, place)) => {
                            drop(place);
                            burst.push(report);
                        }
                        Some(other) => {
                            held = Some(other);
                            break;
                        }
                        None => break,
                    }
                }
                last_write = Instant::now();
                let reports = burst.reports();
                let outcomes = {
                    let _core = cores.take_first();
                    ingest_all(store, extractor.get(), &reports)
                };
                for (report, outcome) in reports.iter().zip(outcomes) {
                    let update = crate::feeds::FeedUpdate {
                        source: report.source.clone(),
                        at: Utc::now(),
                        elapsed: report.elapsed,
                        outcome,
                    };
                    if !send(EngineEvent::Feed(update)) {
                        return;
                    }
                }
                burst.discard();
                dirty = true;
                if last_prune.elapsed() > PRUNE_EVERY {
                    last_prune = Instant::now();
                    let (keep, days) = {
                        let g = &config.borrow().general;
                        (g.max_items_per_source, g.retention_days)
                    };
                    if let Err(e) = store.prune(keep, days, Utc::now()) {
                        tracing::warn!("pruning failed: {e}");
                    }
                }
            }
            StoreJob::Config(new) => {
                // Sources dropped from the config keep their rows and items (a source put
                // back resumes); snapshots show the configured ones.
                if let Err(e) = store.sync_sources(&new.feeds) {
                    let message = format!("storing the reloaded sources failed: {e}");
                    if !send(EngineEvent::Error(message)) {
                        return;
                    }
                }
                *config.borrow_mut() = *new;
                // Shown with the next snapshot, once the queue is idle.
                dirty = true;
            }
            StoreJob::Command(EngineCommand::Shutdown) => return finish(store),
            StoreJob::Command(command) => match apply_command(store, command, send) {
                Ok(show) => dirty |= show,
                Err(e) => {
                    if !send(EngineEvent::Error(e.to_string())) {
                        return;
                    }
                }
            },
        }
    }
}

/// Applies a UI command to the store; true when a fresh snapshot should show its effect.
fn apply_command(
    store: &mut Store,
    command: EngineCommand,
    send: &dyn Fn(EngineEvent) -> bool,
) -> Result<bool, StoreError> {
    match command {
        EngineCommand::SetRead(id, read) => {
            store.set_read(id, read)?;
        }
        EngineCommand::SetStarred(id, starred) => {
            store.set_starred(id, starred)?;
        }
        EngineCommand::MarkAllRead(source) => {
            let marked = store.mark_all_read(source.as_deref())?;
            tracing::debug!(marked, source, "marked read");
            // The next snapshot carries the counts.
            return Ok(marked > 0);
        }
        EngineCommand::LoadItem(id) => {
            let text = store.item_text(id)?.unwrap_or_default();
            send(EngineEvent::ItemText { id, text });
        }
        EngineCommand::RefreshAll
        | EngineCommand::Refresh(_)
        | EngineCommand::ReloadConfig
        | EngineCommand::Shutdown => {}
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::{SourceKind, SourceUrl};
    use crate::extract::Catalog;
    use crate::feeds::{Fetched, Validators};

    fn source() -> FeedSource {
        FeedSource {
            name: "a".into(),
            url: "https://a.example/feed".into(),
            location: SourceUrl::Http("https://a.example/feed".into()),
            refresh: Duration::from_secs(900),
            lang: Some("en".into()),
            tags: Vec::new(),
            kind: SourceKind::Feed,
        }
    }

    fn feed(body: &str) -> ParsedFeed {
        ParsedFeed {
            items: vec![ParsedItem {
                guid: Some("1".into()),
                title: "GPT-5 expected in May".into(),
                text: body.into(),
                published: chrono::DateTime::from_timestamp(1_740_000_000, 0),
                ..ParsedItem::default()
            }],
            ..ParsedFeed::default()
        }
    }

    /// What the preparing step left for the store: whether it ran extraction.
    fn extracted(feed: &ParsedFeed) -> bool {
        let prepared = feed.items[0].extracted.as_deref().expect("prepared");
        prepared.found.is_some()
    }

    #[test]
    fn the_preparing_step_extracts_only_what_the_store_does_not_hold_unchanged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("airadar.db")).expect("store");
        store.sync_sources(&[source()]).expect("sync");
        let extractor = SharedExtractor::ready(Extractor::new(Catalog::embedded()));
        let known = KnownSlot::default();
        let prepare = prepare_with(extractor.clone(), Arc::clone(&known));

        // Before the store is open to readers (the engine sets the slot once it is), and for
        // a feed it does not hold: extracted.
        let mut first = feed("Microsoft adds 5 GW.");
        prepare(&source(), &mut first);
        assert!(extracted(&first));
        let report = FetchReport {
            source: "a".into(),
            started: Utc::now(),
            elapsed: Duration::ZERO,
            result: Ok(Fetched::Modified {
                status: 200,
                validators: Validators::default(),
                bytes: 0,
                feed: first,
            }),
            next_due: Utc::now(),
            failures: 0,
        };
        assert!(matches!(
            ingest(&mut store, extractor.get(), &report),
            UpdateOutcome::Stored { new: 1, .. }
        ));

        let _ = known.set(store.known_items().expect("a reader beside the store"));
        let mut same = feed("Microsoft adds 5 GW.");
        prepare(&source(), &mut same);
        assert!(
            !extracted(&same),
            "stored and unchanged: not extracted again"
        );
        let mut edited = feed("Microsoft adds 6 GW.");
        prepare(&source(), &mut edited);
        assert!(extracted(&edited), "edited: extracted");
    }
}
