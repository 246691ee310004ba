//! Extraction throughput over the labelled corpus, in bytes of text per second on one core.
//!
//! Run with `cargo bench --bench extract`; divan prints the throughput (aim: ≥ 20 MB/s).
//!
//! Measured 2026-11-28 on the shared 2-core build machine (noisy: load 4–6), the binaries of
//! before and after run alternately in one session, two runs each; fastest sample of the
//! quieter run (median in brackets):
//!
//! | bench                 | before (1602dbc)    | after (branch xperf) |
//! |-----------------------|---------------------|----------------------|
//! | extract_corpus        | 5.6 MB/s (5.5)      | 8.6 MB/s (8.2)       |
//! | cue_words             | 83 MB/s (79)        | 282 MB/s (246)       |
//! | fingerprint           | 50 MB/s (48)        | 106 MB/s (101)       |
//! | language              | 42 MB/s (40)        | 56 MB/s (53)         |
//! | models_and_providers  | 26 MB/s (26)        | 52 MB/s (45)         |
//! | quantities            | 121 MB/s (119)      | 123 MB/s (121)       |
//! | time_phrases          | 43 MB/s (41)        | 124 MB/s (116)       |
//!
//! Where the time went and what changed: capturing the combined time and family regexes (the
//! backtracker walked the whole table per match) is replaced by `find` plus an anchored
//! `is_match` per row; aliases, non-models, providers and cues share one overlapping
//! Aho-Corasick pass per item; simhash counts eight bits per add; function words are looked up
//! in a compile-time hash table; Aho-Corasick automata are full DFAs; overlap checks and
//! per-sentence slices use binary search (they were quadratic on long texts); context and quantity scans
//! are skipped where they cannot match. Still short of 20 MB/s: per item, whatlang (the fallback
//! when function words do not decide, ~10 % of `extract_corpus`), four regex scans (time,
//! families, two quantity patterns, ~30 %), the shared Aho-Corasick pass (~10 %), capturing
//! time phrases to resolve them (~6 %) and simhash (~9 %) dominate; next steps would be a
//! literal prefilter for the unit words of the quantity pattern, resolving each time phrase
//! once per item instead of once per cue, and fewer per-sentence allocations.

use airadar::extract::{Catalog, Extractor, ItemText};
use chrono::NaiveDate;
use divan::counter::BytesCount;
use serde::Deserialize;

/// How many times the corpus is repeated per iteration, so an iteration is a realistic batch.
const REPEAT: usize = 20;

#[derive(Deserialize)]
struct Article {
    published: NaiveDate,
    title: String,
    body: String,
}

fn corpus() -> Vec<Article> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut articles = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/corpus exists") {
        let path = entry.expect("readable directory entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("readable corpus file");
            let article: Article = toml::from_str(&text).expect("valid corpus file");
            articles.push(article);
        }
    }
    articles
}

#[divan::bench]
fn extract_corpus(bencher: divan::Bencher) {
    let extractor = Extractor::new(Catalog::embedded());
    let articles = corpus();
    let bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.body.len())
        .sum::<usize>()
        * REPEAT;
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut claims = 0usize;
        for _ in 0..REPEAT {
            for a in &articles {
                let item = ItemText {
                    title: &a.title,
                    body: &a.body,
                    lang_hint: None,
                    published: a.published,
                };
                claims += divan::black_box(extractor.extract(&item)).claims.len();
            }
        }
        claims
    });
}

/// The corpus as one text, for the component benches below.
fn corpus_text() -> String {
    corpus()
        .iter()
        .map(|a| format!("{}\n{}\n", a.title, a.body))
        .collect::<String>()
        .repeat(REPEAT)
}

/// Where the time goes: each finder alone over the same text.
mod parts {
    use super::*;
    use airadar::extract::{capacity, cues, mentions, timex};

    #[divan::bench]
    fn time_phrases(bencher: divan::Bencher) {
        let text = corpus_text();
        let finder = timex::TimeFinder::new().expect("constant patterns");
        bencher
            .counter(BytesCount::new(text.len()))
            .bench(|| finder.find(&text).len());
    }

    #[divan::bench]
    fn models_and_providers(bencher: divan::Bencher) {
        let text = corpus_text();
        let finder = mentions::MentionFinder::new(&Catalog::embedded()).expect("constant patterns");
        bencher
            .counter(BytesCount::new(text.len()))
            .bench(|| finder.models(&text).len() + finder.providers(&text).len());
    }

    #[divan::bench]
    fn cue_words(bencher: divan::Bencher) {
        let text = corpus_text();
        let finder = cues::CueFinder::new().expect("constant patterns");
        bencher
            .counter(BytesCount::new(text.len()))
            .bench(|| finder.find(&text).len());
    }

    #[divan::bench]
    fn quantities(bencher: divan::Bencher) {
        let text = corpus_text();
        let finder = capacity::QuantityFinder::new().expect("constant patterns");
        bencher
            .counter(BytesCount::new(text.len()))
            .bench(|| finder.find_all(&text).len());
    }

    #[divan::bench]
    fn language(bencher: divan::Bencher) {
        let extractor = Extractor::new(Catalog::embedded());
        let articles = corpus();
        let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
        bencher.counter(BytesCount::new(bytes)).bench(|| {
            articles
                .iter()
                .map(|a| extractor.language(None, &a.body).len())
                .sum::<usize>()
        });
    }

    #[divan::bench]
    fn fingerprint(bencher: divan::Bencher) {
        let text = corpus_text();
        bencher
            .counter(BytesCount::new(text.len()))
            .bench(|| airadar::extract::fingerprint::simhash(&text));
    }
}

#[divan::bench]
fn extractor_build() -> Extractor {
    Extractor::new(Catalog::embedded())
}

fn main() {
    divan::main();
}
