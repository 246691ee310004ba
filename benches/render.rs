//! Render cost: one full redraw at 200×60 on `TestBackend`, of the whole screen with each pane
//! focused and of each pane zoomed, from a synthetic report of 10,000 items and 500 models.
//!
//! Run: `cargo bench --bench render`. Target: ≤ 2 ms per redraw (bench/README.md).

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
