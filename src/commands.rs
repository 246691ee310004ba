//! What each command-line invocation does: the headless commands and launching the dashboard.
//!
//! `main` parses a [`Cli`] and hands it to [`run`], which returns the process exit code:
//! 0 success, 1 failure (for `fetch`: every source failed), 2 a bad config or bad usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;

use crate::cli::{Cli, Command, ReportFormat};
use crate::config::{Config, ConfigError};
use crate::engine;
use crate::extract::{Catalog, SharedExtractor};
use crate::feeds::FetchReport;
use crate::feeds::UpdateOutcome;
use crate::feeds::cores::CoreBudget;
use crate::feeds::schedule::{ScheduleEvent, http_fetch, stream_all_once, with_prepare};
use crate::keymap::Keymap;
use crate::store::Store;

/// Exit code for a bad config or bad usage.
const EXIT_CONFIG: u8 = 2;

/// Runs the command `cli` asks for and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let config = match load_config(&cli) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("airadar: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    // Key bindings are part of the config: a bad one is a config error on every command.
    let keymap = match Keymap::with_overrides(&config.keys) {
        Ok(keymap) => keymap,
        Err(e) => {
            eprintln!("airadar: {}", e.in_file(&config_name(&config)));
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let outcome = match &cli.command {
        Some(Command::Config {
            print_default,
            path,
        }) => print_config(&cli, &config, *print_default, *path),
        Some(Command::Check) => check(&config),
        Some(Command::Fetch { source }) => {
            runtime().and_then(|rt| rt.block_on(fetch(&cli, &config, source.as_deref())))
        }
        Some(Command::Report { format }) => report(&cli, &config, *format),
        None => runtime().and_then(|rt| rt.block_on(dashboard(&cli, &config, keymap))),
    };
    match outcome {
        Ok(code) => code,
        // `airadar report | head` is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("airadar: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    crate::feeds::cores::runtime().context("cannot start the async runtime")
}

fn load_config(cli: &Cli) -> Result<Config, ConfigError> {
    if cli.demo && cli.config.is_none() {
        Config::demo()
    } else {
        Config::load(cli.config.as_deref())
    }
}

/// The database path for this invocation.
fn database_path(cli: &Cli) -> Result<PathBuf> {
    cli.database_path(dirs::data_dir())
        .context("no data directory on this system: pass --db FILE")
}

fn open_store(cli: &Cli) -> Result<Store> {
    let path = database_path(cli)?;
    Ok(Store::open(&path)?)
}

/// Loads the embedded catalogue, merged with the config's `catalog` file if any, and starts
/// compiling its extractor in the background.
pub fn load_extractor(config: &Config) -> Result<SharedExtractor> {
    let catalog = Catalog::load_merged(config.catalog.as_deref())?;
    Ok(SharedExtractor::compile_in_background(catalog))
}

fn print_config(cli: &Cli, config: &Config, print_default: bool, path: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if print_default {
        out.write_all(crate::config::DEFAULT_TOML.as_bytes())?;
    } else if path {
        writeln!(out, "config: {}", config_name(config))?;
        writeln!(out, "database: {}", database_path(cli)?.display())?;
    } else {
        writeln!(out, "config: {:?}", config.path)?;
        writeln!(
            out,
            "try: airadar config --print-default | airadar config --path"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The config file's name as errors show it.
fn config_name(config: &Config) -> String {
    config
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| crate::config::EMBEDDED_NAME.to_string())
}

fn check(config: &Config) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: ok, {} sources",
        config_name(config),
        config.feeds.len()
    )?;
    out.write_all(config.sources_table().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `airadar fetch`: one pass over the sources, a line per source on stderr and a summary.
async fn fetch(cli: &Cli, config: &Config, only: Option<&str>) -> Result<ExitCode> {
    let sources: Vec<_> = match only {
        Some(name) => {
            let Some(source) = config.feeds.iter().find(|f| f.name == name) else {
                let names: Vec<_> = config.feeds.iter().map(|f| f.name.as_str()).collect();
                eprintln!(
                    "airadar: no source named {name:?}; sources: {}",
                    names.join(", ")
                );
                return Ok(ExitCode::from(EXIT_CONFIG));
            };
            vec![source.clone()]
        }
        None => config.feeds.clone(),
    };
    // Compiles while the database opens and the first feeds download (`SharedExtractor`).
    let extractor = load_extractor(config)?;
    // Every page is checked only after a crash: a cron fetch with nothing new must not read
    // the whole database.
    let path = database_path(cli)?;
    let mut store = timed("opened the database", || {
        Store::open_checked_after_crash(&path)
    })?;
    let states = timed("synced sources", || {
        store.sync_sources(&config.feeds)?;
        store.source_states()
    })?;
    // A first fetch builds its indexes once, at the end (`Store::defer_indexes_if_empty`).
    let deferred = store.defer_indexes_if_empty()?;
    tracing::debug!(deferred, "indexes deferred to the end of the fetch");
    // Writes are paced into large bursts because each commit rewrites the index pages its
    // items touched (`engine::WRITE_PACE`). Without the indexes a commit only appends to the
    // tables, so the store writes whatever is waiting as soon as it is free: it starts ~60 ms
    // sooner, and holds fewer parsed feeds at a time (a first fetch of 500 feeds peaked at
    // 48-51 MB instead of 55-58 MB, as fast).
    let paced = deferred == 0;
    let began = Instant::now();
    // Store each result as soon as its fetch ends, while the others are still downloading.
    // A bounded channel: when storing falls behind, fetching waits instead of piling up feeds.
    let (events_tx, mut events) = tokio::sync::mpsc::channel(engine::QUEUED_RESULTS);
    // Extraction runs where each feed is parsed, off this thread; this task only writes.
    // The store takes a core from the same budget while it writes (see `CoreBudget`).
    let cores = Arc::new(CoreBudget::of_machine());
    // Items stored already and unchanged are not extracted again (`KnownItems`). A first
    // fetch has nothing stored to look up: it skips the look-ups (2 % of its time).
    let known = engine::KnownSlot::default();
    if let Some(reader) = (deferred == 0).then(|| store.known_items()).flatten() {
        let _ = known.set(reader);
    }
    let fetch = with_prepare(
        http_fetch(&config.general)?,
        engine::prepare_with(extractor.clone(), known),
        Arc::clone(&cores),
    );
    let concurrency = config.general.concurrency;
    let fetching = tokio::spawn(async move {
        stream_all_once(&sources, concurrency, &states, fetch, &events_tx).await;
    });
    let mut tally = FetchTally::default();
    let mut err = std::io::stderr().lock();
    let mut last_write = Instant::now();
    while let Some(event) = events.recv().await {
        // Results already waiting, and those that arrive before the pace allows the next
        // write, are stored in the same transaction (see `engine::WRITE_PACE`).
        let previous_write = last_write;
        let mut burst = engine::Burst::default();
        let mut next = Some(event);
        let until = if paced {
            tokio::time::Instant::from_std(engine::deadline(last_write))
        } else {
            tokio::time::Instant::now()
        };
        while let Some(event) = next {
            if let ScheduleEvent::Finished(report) = event {
                burst.push(report);
            }
            if burst.is_full() {
                break;
            }
            // A ready result is taken even after the deadline: `timeout_at` polls it first.
            next = tokio::time::timeout_at(until, events.recv())
                .await
                .ok()
                .flatten();
        }
        if burst.is_empty() {
            continue;
        }
        let gathered = Instant::now();
        let reports = burst.reports();
        let outcomes = {
            let _core = cores.take_first();
            last_write = Instant::now();
            engine::ingest_all(&mut store, extractor.get(), &reports)
        };
        tracing::debug!(
            results = reports.len(),
            queued = events.len(),
            since_last_write_ms = (gathered - previous_write).as_millis() as u64,
            core_wait_ms = (last_write - gathered).as_millis() as u64,
            write_ms = last_write.elapsed().as_millis() as u64,
            "stored a burst"
        );
        for (report, outcome) in reports.into_iter().zip(outcomes) {
            tally.line(&mut err, report, outcome)?;
        }
        burst.discard();
    }
    fetching.await?;
    // What the fetch freed goes back to the system before the indexes and summaries take
    // their share, so their memory does not come on top of it.
    timed("released freed memory", crate::memory::release_freed);
    // A first fetch computes the summaries beside its index build, on a second connection.
    let finished = timed("built deferred indexes and refreshed summaries", || {
        store.finish_fetch(extractor.catalog())
    })?;
    tracing::debug!(?finished, "finished the fetch");
    let g = &config.general;
    timed("pruned", || {
        store.prune(g.max_items_per_source, g.retention_days, Utc::now())
    })?;
    // The last connection to close copies what is left of the log into the file.
    timed("closed the database", || drop(store));
    let FetchTally {
        ok,
        failed,
        new,
        updated,
    } = tally;
    writeln!(
        err,
        "{} sources: {ok} ok, {failed} failed; {new} new, {updated} updated in {:.2} s",
        ok + failed,
        began.elapsed().as_secs_f64()
    )?;
    Ok(if ok > 0 || failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs `step`, logging at debug level how long it took (`AIRADAR_LOG=airadar=debug`).
fn timed<T>(what: &str, step: impl FnOnce() -> T) -> T {
    let began = Instant::now();
    let out = step();
    tracing::debug!(ms = began.elapsed().as_millis() as u64, "{what}");
    out
}

/// Counts for the summary line of `airadar fetch`.
#[derive(Debug, Default)]
struct FetchTally {
    ok: usize,
    failed: usize,
    new: usize,
    updated: usize,
}

impl FetchTally {
    /// Counts one stored fetch and prints its line: name, status or error, items, time.
    fn line(
        &mut self,
        err: &mut impl Write,
        report: &FetchReport,
        outcome: UpdateOutcome,
    ) -> std::io::Result<()> {
        let ms = report.elapsed.as_millis();
        let name = crate::sanitize::clean(&report.source);
        match outcome {
            UpdateOutcome::Stored {
                status,
                new,
                updated,
            } => {
                self.ok += 1;
                self.new += new;
                self.updated += updated;
                writeln!(
                    err,
                    "{name}: {status}, {new} new, {updated} updated ({ms} ms)"
                )
            }
            UpdateOutcome::NotModified => {
                self.ok += 1;
                writeln!(err, "{name}: 304 not modified ({ms} ms)")
            }
            UpdateOutcome::Failed { message, .. } => {
                self.failed += 1;
                let message = crate::sanitize::clean(&message);
                writeln!(err, "{name}: error: {message} ({ms} ms)")
            }
            UpdateOutcome::Started => Ok(()),
        }
    }
}

/// `airadar report`: the stored state as JSON or markdown on stdout.
fn report(cli: &Cli, config: &Config, format: ReportFormat) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let report = store.report(&config.feeds, Utc::now(), None)?;
    // Buffered: stdout flushes at every newline, and pretty JSON has one per field (1.9 million
    // writes for the bench's 25,000 items; 65 MB of JSON).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Markdown => {
            out.write_all(crate::report::markdown::to_markdown(&report).as_bytes())?
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The dashboard: the engine in the background, the UI loop in front.
async fn dashboard(cli: &Cli, config: &Config, keymap: Keymap) -> Result<ExitCode> {
    // A file that is not a database at all is refused before the screen is taken; opening a
    // real one (and checking every page if the last session did not close it) happens in the
    // background while the first frame is drawn.
    let path = database_path(cli)?;
    Store::check_file(&path)?;
    let extractor = load_extractor(config)?;
    let color = cli.color_enabled(std::env::var_os("NO_COLOR").as_ref());
    let state = crate::state::AppState::new(Utc::now(), color);
    let engine = engine::start(
        config,
        move || Store::open_checked_after_crash(&path),
        extractor,
    )?;
    let mut terminal = crate::app::install_terminal()?;
    let result =
        crate::app::run(&mut terminal, state, keymap, engine.commands, engine.events).await;
    crate::app::restore_terminal();
    // The UI loop sent Shutdown (or its sender is gone): let the last write land.
    tokio::task::spawn_blocking(move || engine.worker.join()).await?;
    result?;
    Ok(ExitCode::SUCCESS)
}
