//! Ingest stages on the demo corpus (English RSS, Portuguese RSS, Spanish Atom): parsing in
//! MB/s, extraction in items/s and MB/s, and store writes (one fetch stored in a fresh
//! on-disk database, extraction included) in items/s.
//!
//! Run: `cargo bench --bench ingest`. The end-to-end figure is bench/run.sh's cold fetch.

use airadar::config::{Config, SourceKind};
use airadar::extract::{Catalog, Extractor, ItemText};
use airadar::feeds::parse::parse_document;
use airadar::feeds::{FetchReport, Fetched, ParsedFeed, Validators};
use airadar::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use divan::counter::{BytesCount, ItemsCount};

/// (source name, language, document)
const CORPUS: [(&str, &str, &str); 3] = [
    (
        "Compute Wire",
        "en",
        include_str!("../config/demo/compute-wire.rss.xml"),
    ),
    (
        "Olhar IA",
        "pt",
        include_str!("../config/demo/olhar-ia.pt.rss.xml"),
    ),
    (
        "Xataka IA",
        "es",
        include_str!("../config/demo/xataka-ia.es.atom.xml"),
    ),
];

fn main() {
    divan::main();
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn parsed(index: usize) -> ParsedFeed {
    parse_document(CORPUS[index].2.as_bytes(), None, SourceKind::Feed)
        .unwrap_or_else(|e| panic!("demo feed {} does not parse: {e}", CORPUS[index].0))
}

/// Parsing one document: decode, XML, HTML to text, sanitising.
#[divan::bench(args = [0, 1, 2])]
fn parse(bencher: divan::Bencher, index: usize) {
    let doc = CORPUS[index].2.as_bytes();
    bencher
        .counter(BytesCount::new(doc.len()))
        .bench(|| parse_document(divan::black_box(doc), None, SourceKind::Feed));
}

/// Extracting every item of one document: language, mentions, claims, capacity.
#[divan::bench(args = [0, 1, 2])]
fn extract(bencher: divan::Bencher, index: usize) {
    let feed = parsed(index);
    let extractor = Extractor::new(Catalog::embedded());
    let bytes: usize = feed
        .items
        .iter()
        .map(|i| i.title.len() + i.text.len())
        .sum();
    let published = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap_or_default();
    bencher
        .counter(ItemsCount::new(feed.items.len()))
        .counter(BytesCount::new(bytes))
        .bench(|| {
            for item in &feed.items {
                divan::black_box(extractor.extract(&ItemText {
                    title: &item.title,
                    body: &item.text,
                    lang_hint: Some(CORPUS[index].1),
                    published,
                }));
            }
        });
}

/// Storing one 200 answer with all its items new into a fresh database file.
#[divan::bench(args = [0, 1, 2], sample_count = 30)]
fn store_fetch(bencher: divan::Bencher, index: usize) {
    let (name, lang, _) = CORPUS[index];
    let feed = parsed(index);
    let items = feed.items.len();
    let toml = format!(
        "[[feed]]\nname = \"{name}\"\nurl = \"http://127.0.0.1/feed\"\nlang = \"{lang}\"\n"
    );
    let config = Config::from_str(&toml, None).unwrap_or_else(|e| panic!("bench config: {e}"));
    let extractor = Extractor::new(Catalog::embedded());
    let report = FetchReport {
        source: name.into(),
        started: now(),
        elapsed: std::time::Duration::from_millis(5),
        result: Ok(Fetched::Modified {
            status: 200,
            validators: Validators::default(),
            bytes: CORPUS[index].2.len(),
            feed,
        }),
        next_due: now(),
        failures: 0,
    };
    bencher
        .counter(ItemsCount::new(items))
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
            let mut store =
                Store::open(&dir.path().join("bench.db")).unwrap_or_else(|e| panic!("open: {e}"));
            store
                .sync_sources(&config.feeds)
                .unwrap_or_else(|e| panic!("sync: {e}"));
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            let outcome = airadar::engine::ingest(&mut store, &extractor, &report);
            (dir, store, outcome)
        });
}
