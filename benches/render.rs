//! Render cost: one full redraw at 200×60 on `TestBackend`, of the whole screen with each pane
//! focused and of each pane zoomed, from a synthetic report of 10,000 items and 500 models.
//!
//! Run: `cargo bench --bench render`. Target: ≤ 2 ms per redraw (bench/README.md).
//!
//! 2026-11-29, 2-core shared machine, old and new bench binaries run alternately in one session
//! (`target/release/deps/render-* --bench whole_screen zoomed`, 100 samples each, two rounds;
//! median, fastest in brackets):
//!
//! | bench               | before                    | after                     |
//! |---------------------|---------------------------|---------------------------|
//! | whole_screen Models | 2.29-2.32 ms (2.24)       | 0.83 ms (0.81)            |
//! | whole_screen Time…  | 2.29-2.72 ms (2.26)       | 0.83-0.85 ms (0.81)       |
//! | whole_screen Capac… | 2.28-2.47 ms (2.23)       | 0.82-0.83 ms (0.80)       |
//! | whole_screen Sourc… | 2.30-2.82 ms (2.27)       | 0.83 ms (0.81)            |
//! | whole_screen News   | 2.27-2.46 ms (2.24)       | 0.83-0.99 ms (0.81)       |
//! | zoomed Models       | 0.91-0.92 ms (0.85)       | 0.53-0.55 ms (0.51)       |
//! | zoomed Timeline     | 1.54-1.55 ms (1.52)       | 0.63-0.68 ms (0.60)       |
//! | zoomed Capacity     | 1.09-1.29 ms (1.07)       | 0.57-0.68 ms (0.54)       |
//! | zoomed Sources      | 0.72-0.86 ms (0.70)       | 0.46 ms (0.44)            |
//! | zoomed News         | 1.03-1.21 ms (1.01)       | 0.59-0.60 ms (0.57)       |
//!
//! About 2.8× faster for the whole screen. What changed (callgrind on this binary showed ~18M
//! instructions per whole-screen frame before, ~6M after):
//! - The Timeline strip's models were filtered and sorted (cloning a name per comparison) three
//!   times a frame, capacity notes grouped into a BTreeMap three times, unread items counted over
//!   all 10k items: now `state::Derived`, computed once when a snapshot is applied (unread
//!   recounted when an item is marked read or unread); "today"'s row by binary search.
//! - Pane lines are written by `ui::paint::lines`, cell for cell as `Paragraph`, and the Models
//!   and Sources tables by `ui::grid::Grid`, cell for cell as `Table`, both writing printable
//!   ASCII one cell per byte instead of segmenting and measuring graphemes (other text falls
//!   back to ratatui's own path; unit tests compare both against the ratatui widgets).
//! - Sanitised cell text is borrowed, not copied, when it was already clean.
//!
//! What limits it now: about half of a frame is ratatui's own work outside `ui::render`, the
//! `TestBackend` diff and copy of 12,000 cells (a real terminal backend writes only changed cells
//! after the first frame), then the pane borders (`Block` restyles every cell of its area) and the
//! per-row `format!`s of the ~150 visible rows. Left alone: drawing borders by hand, and caching
//! per-row display strings in state (dates and counts depend on the clock and are cheap next to
//! the rest).

use airadar::action::Action;
use airadar::engine::EngineEvent;
use airadar::keymap::Keymap;
use airadar::report::*;
use airadar::state::{AppState, Pane};
use airadar::ui;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const ITEMS: usize = 10_000;
const MODELS: usize = 500;
const SOURCES: usize = 500;

fn main() {
    divan::main();
}

/// The fixed "now" of the bench, so the clock plays no part.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn day(offset: i64) -> NaiveDate {
    now().date_naive() + Duration::days(offset)
}

const KINDS: [&str; 4] = ["expected", "released", "delayed", "announced"];
const PROVIDERS: [&str; 8] = [
    "Microsoft",
    "AWS",
    "Google Cloud",
    "Oracle",
    "CoreWeave",
    "Meta",
    "xAI",
    "Lambda",
];

/// A report shaped like a busy install: 500 sources, 10k items, 500 models with claims.
fn report() -> Report {
    let sources = (0..SOURCES)
        .map(|i| SourceReport {
            name: format!("bench-{i:04}"),
            url: format!("http://127.0.0.1:18765/feed-{i:04}.xml"),
            status: if i % 50 == 7 {
                SourceStatus::Error
            } else {
                SourceStatus::Ok
            },
            error: (i % 50 == 7).then(|| "HTTP 503 Service Unavailable".to_string()),
            items: 20,
            unread: (i % 20) as u64,
            last_fetch: Some(now() - Duration::minutes(i as i64 % 30)),
            last_success: Some(now() - Duration::minutes(i as i64 % 30)),
            next_fetch: Some(now() + Duration::minutes(30 - i as i64 % 30)),
            http_status: Some(200),
            latency_ms: Some(40 + i as u64 % 300),
            lang: Some(["en", "pt", "es"][i % 3].into()),
            ..Default::default()
        })
        .collect();
    let model_name = |m: usize| format!("Model-{m:03} {}", ["Pro", "Mini", "Ultra"][m % 3]);
    let items = (0..ITEMS)
        .map(|i| ItemReport {
            id: i as i64 + 1,
            source: format!("bench-{:04}", i % SOURCES),
            title: format!(
                "{} says {} will launch in the second half of 2026 on {} GPUs ({i})",
                PROVIDERS[i % 8],
                model_name(i % MODELS),
                (i % 97) * 1024
            ),
            url: Some(format!("http://bench.airadar.invalid/item/{i}")),
            published: Some(now() - Duration::minutes(7 * i as i64)),
            lang: Some(["en", "pt", "es"][i % 3].into()),
            models: vec![model_name(i % MODELS)],
            providers: vec![PROVIDERS[i % 8].into()],
            read: i % 3 == 0,
            starred: i % 17 == 0,
        })
        .collect();
    let claim = |m: usize, c: usize| ClaimReport {
        kind: KINDS[(m + c) % 4].into(),
        start: Some(day((m * 3 + c * 40) as i64 % 400 - 200)),
        end: Some(day((m * 3 + c * 40) as i64 % 400 - 170)),
        precision: Some("month".into()),
        source: format!("bench-{:04}", (m + c) % SOURCES),
        item_url: Some(format!("http://bench.airadar.invalid/item/{m}-{c}")),
        published: Some(day(-((m + c) as i64 % 300))),
        evidence: format!(
            "{} is expected to ship within months, people familiar said.",
            model_name(m)
        ),
        corroboration: (c % 3) as u64,
    };
    let models = (0..MODELS)
        .map(|m| ModelReport {
            name: model_name(m),
            vendor: Some(PROVIDERS[m % 8].into()),
            status: KINDS[m % 4].into(),
            expected: Some(WindowReport {
                start: day(m as i64 % 300 - 100),
                end: day(m as i64 % 300 - 70),
                precision: "month".into(),
            }),
            released: (m % 4 == 1).then(|| day(-(m as i64 % 200))),
            first_seen: Some(day(-300)),
            last_seen: Some(day(-(m as i64 % 30))),
            mentions: 20 + m as u64 % 50,
            sources: 1 + m as u64 % 12,
            claims: (0..4).map(|c| claim(m, c)).collect(),
            slip_days: (m % 5 == 2).then_some(m as i64 % 120),
            ..Default::default()
        })
        .collect();
    let timeline = (0..MODELS * 4)
        .map(|k| {
            let c = claim(k / 4, k % 4);
            TimelineEntry {
                subject: model_name(k / 4),
                kind: c.kind.clone(),
                start: c.start.unwrap_or_default(),
                end: c.end.unwrap_or_default(),
                precision: "month".into(),
                item_url: c.item_url.clone(),
                source: c.source.clone(),
                evidence: c.evidence.clone(),
            }
        })
        .collect();
    let capacity = (0..2_000)
        .map(|k| CapacityReport {
            provider: PROVIDERS[k % 8].into(),
            quantities: vec![QuantityReport {
                value: (1 + k % 200) as f64 * 1000.0,
                unit: "GPUs".into(),
            }],
            note: format!(
                "{} will deploy {} GPUs in Texas by 2026.",
                PROVIDERS[k % 8],
                k * 100
            ),
            item_url: Some(format!("http://bench.airadar.invalid/cap/{k}")),
            published: Some(day(-(k as i64 % 365))),
            source: format!("bench-{:04}", k % SOURCES),
        })
        .collect();
    Report {
        generated_at: now(),
        sources,
        items,
        models,
        timeline,
        capacity,
    }
}

/// A loaded dashboard focused on `pane`, zoomed or not, with its layout settled for 200×60.
fn state(pane: Pane, zoomed: bool) -> AppState {
    let mut state = AppState::new(now(), true);
    state.set_keymap(&Keymap::defaults());
    state.on_engine(EngineEvent::Snapshot(Box::new(report())));
    state.focus = pane;
    if zoomed {
        state.apply(Action::Zoom);
    }
    state.set_layout(ui::layout(Rect::new(0, 0, WIDTH, HEIGHT), &state));
    state
}

/// Draws one frame; ratatui diffs against the previous buffer, so each iteration forces a full
/// redraw by clearing first, as after a resize.
fn redraw(bencher: divan::Bencher, state: AppState) {
    // TestBackend cannot fail: its error type is Infallible.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(WIDTH, HEIGHT));
    bencher.bench_local(|| {
        let _ = terminal.clear();
        let _ = terminal.draw(|frame| ui::render(frame, &state));
    });
}

/// The whole screen, with each pane focused in turn.
#[divan::bench(args = Pane::ALL)]
fn whole_screen(bencher: divan::Bencher, pane: Pane) {
    redraw(bencher, state(pane, false));
}

/// Each pane zoomed to the whole 200×60 screen.
#[divan::bench(args = Pane::ALL)]
fn zoomed(bencher: divan::Bencher, pane: Pane) {
    redraw(bencher, state(pane, true));
}

/// Building the view state from a fresh snapshot, as happens after every stored fetch.
#[divan::bench]
fn apply_snapshot(bencher: divan::Bencher) {
    let report = report();
    bencher.bench_local(|| {
        let mut state = AppState::new(now(), true);
        state.on_engine(EngineEvent::Snapshot(Box::new(report.clone())));
        state
    });
}
