//! Extraction throughput over the labelled corpus, in bytes of text per second on one core.
//!
//! Run with `cargo bench --bench extract`; divan prints the throughput (aim: ≥ 20 MB/s).
//!
//! Measured 2026-11-29 on the shared 2-core build machine (noisy: load 5–7, two other agents
//! compiling), the binaries of before and after run alternately in one session, three runs
//! each for `extract_corpus` and two for the parts; fastest sample (the median of the same run
//! in brackets). Still short of 20 MB/s: about 1.7× by fastest samples, 1.7–1.8× by medians.
//!
//! | bench                 | before (b43f153)    | after (branch xfast) |
//! |-----------------------|---------------------|----------------------|
//! | extract_corpus        | 9.9 MB/s (5.9)      | 17.2 MB/s (10.0)     |
//! | cue_words             | 296 MB/s (283)      | 292 MB/s (282)       |
//! | fingerprint           | 124 MB/s (122)      | 182 MB/s (153)       |
//! | language              | 65 MB/s (64)        | 231 MB/s (229)       |
//! | models_and_providers  | 56 MB/s (56)        | 75 MB/s (63)         |
//! | quantities            | 142 MB/s (136)      | 162 MB/s (158)       |
//! | time_phrases          | 140 MB/s (117)      | 274 MB/s (270)       |
//!
//! (The 2026-11-28 pass, 1602dbc → xperf, took `extract_corpus` from 5.6 to 8.6 MB/s.)
//!
//! What changed: whatlang, asked for 4 of the 42 corpus items, cost a tenth of the time; nine
//! more Portuguese function words (já, nesta, neste, às, são, seus, suas, pelos, pelas) let the
//! vote decide all of them. Family patterns are tried, anchored, only where their start words
//! are (found by the shared Aho-Corasick pass), and not named when a catalogue alias covers the
//! span. Time rows are the patterns of one multi-pattern regex that reports the row, and are
//! searched only in sentences with a model and a cue (no phrase crosses a sentence).
//! Quantities are skipped when the item names no provider, the unit pattern when no unit word is
//! present; capture groups are read by index, not by hashed name. Simhash adds into bit-sliced
//! counters; the vote, simhash and the sentence splitter skip char decoding for Latin-1 letters
//! or non-mark bytes; evidence is built once a claim needs it (and cleaned by the shared
//! sanitiser, which skips printable ASCII runs and decodes only other characters: 17.46 MB/s
//! against 17.49 MB/s with a claims-only Latin-1 pre-check, so the pre-check was dropped);
//! fewer allocations per sentence.
//! Unit tests check each skipped or narrowed scan against the full scan it replaces.
//!
//! What limits it now (perf, `extract_corpus`): the shared overlapping Aho-Corasick pass
//! (~12 %, a 1 MB DFA over every byte), the lazy DFAs of the time and quantity regexes
//! (~15 %), capture groups of quantities and time phrases in the bounded backtracker (~10 %),
//! simhash (~11 %) and the function-word vote (~7 %, both byte loops with a branch per word).
//! Next steps would be fewer, cheaper captures (the quantity regex is a large NFA) and a
//! smaller lexicon automaton.

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
