//! Scores extraction against the labelled corpus in `tests/corpus/*.toml` (en, pt, es) and
//! prints precision and recall per language (`cargo test --test extraction_quality -- --nocapture`).
//!
//! Matching rules: a model or provider matches by canonical name; a claim matches a labelled
//! one with the same subject and kind whose window overlaps (a label without a window accepts
//! any); a capacity figure matches a label with the same provider and unit within 0.5 %.
//! The test fails below model F1 0.9, claim recall 0.8 or capacity recall 0.8 in any language.

use std::collections::BTreeMap;
use std::path::Path;

use airadar::extract::{Catalog, Extraction, Extractor, ItemText, Unit};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    lang: String,
    published: NaiveDate,
    title: String,
    body: String,
    models: Vec<String>,
    providers: Vec<String>,
    #[serde(default)]
    claims: Vec<LabelledClaim>,
    #[serde(default)]
    capacity: Vec<LabelledCapacity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledClaim {
    subject: String,
    kind: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledCapacity {
    provider: String,
    value: f64,
    unit: Unit,
}

/// True/false positives and false negatives for one measure.
#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores two name sets.
fn names(found: &[String], truth: &[String], misses: &mut Vec<String>, tag: &str) -> Score {
    let mut s = Score::default();
    for f in found {
        if truth.contains(f) {
            s.tp += 1;
        } else {
            s.fp += 1;
            misses.push(format!("{tag} extra {f}"));
        }
    }
    for t in truth.iter().filter(|t| !found.contains(t)) {
        s.fn_ += 1;
        misses.push(format!("{tag} missed {t}"));
    }
    s
}

fn claim_matches(c: &airadar::extract::Claim, t: &LabelledClaim) -> bool {
    c.subject == t.subject
        && c.kind.name() == t.kind
        && match (t.start, t.end, c.window) {
            (Some(s), Some(e), Some(w)) => w.start <= e && s <= w.end,
            (Some(_), _, None) => false,
            _ => true,
        }
}

fn claims(x: &Extraction, a: &Article, misses: &mut Vec<String>) -> Score {
    let mut s = Score::default();
    for t in &a.claims {
        if x.claims.iter().any(|c| claim_matches(c, t)) {
            s.tp += 1;
        } else {
            s.fn_ += 1;
            misses.push(format!(
                "claim missed {} {} {:?}..{:?}",
                t.subject, t.kind, t.start, t.end
            ));
        }
    }
    for c in &x.claims {
        if !a.claims.iter().any(|t| claim_matches(c, t)) {
            s.fp += 1;
            let w = c.window.map(|w| format!("{}..{}", w.start, w.end));
            misses.push(format!("claim extra {} {} {w:?}", c.subject, c.kind.name()));
        }
    }
    s
}

fn capacity(x: &Extraction, a: &Article, misses: &mut Vec<String>) -> Score {
    let same = |p: &str, v: f64, u: Unit, t: &LabelledCapacity| {
        p == t.provider && u == t.unit && (v - t.value).abs() <= t.value.abs() * 0.005
    };
    let found: Vec<(&str, f64, Unit)> = x
        .capacity
        .iter()
        .flat_map(|n| {
            n.quantities
                .iter()
                .map(move |q| (n.provider.as_str(), q.value, q.unit))
        })
        .collect();
    let mut s = Score::default();
    for t in &a.capacity {
        if found.iter().any(|&(p, v, u)| same(p, v, u, t)) {
            s.tp += 1;
        } else {
            s.fn_ += 1;
            misses.push(format!(
                "capacity missed {} {} {:?}",
                t.provider, t.value, t.unit
            ));
        }
    }
    for &(p, v, u) in &found {
        if !a.capacity.iter().any(|t| same(p, v, u, t)) {
            s.fp += 1;
            misses.push(format!("capacity extra {p} {v} {u:?}"));
        }
    }
    s
}

#[derive(Default)]
struct LangScores {
    articles: usize,
    lang_ok: usize,
    models: Score,
    providers: Score,
    claims: Score,
    capacity: Score,
}

#[test]
fn corpus_quality_meets_the_bar() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 40,
        "the corpus needs at least 40 articles, has {}",
        paths.len()
    );

    let extractor = Extractor::new(Catalog::embedded());
    let mut by_lang: BTreeMap<String, LangScores> = BTreeMap::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let a: Article =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let x = extractor.extract(&ItemText {
            title: &a.title,
            body: &a.body,
            lang_hint: None,
            published: a.published,
        });
        let mut misses = Vec::new();
        let scores = by_lang.entry(a.lang.clone()).or_default();
        scores.articles += 1;
        scores.lang_ok += usize::from(x.lang == a.lang);
        scores
            .models
            .add(names(&x.models, &a.models, &mut misses, "model"));
        scores
            .providers
            .add(names(&x.providers, &a.providers, &mut misses, "provider"));
        scores.claims.add(claims(&x, &a, &mut misses));
        scores.capacity.add(capacity(&x, &a, &mut misses));
        if x.lang != a.lang {
            misses.push(format!(
                "language detected {} (labelled {})",
                x.lang, a.lang
            ));
        }
        let name = path.file_name().unwrap().to_string_lossy();
        for m in misses {
            println!("{name}: {m}");
        }
    }

    println!();
    println!(
        "lang  n   lang  | models P   R    F1  | providers P  R   | claims P   R    | capacity P  R"
    );
    let mut failures = Vec::new();
    let mut total = LangScores::default();
    for (lang, s) in &by_lang {
        println!(
            "{lang:<4} {:>3}  {:>4.2}  |  {:.2} {:.2} {:.2}  |  {:.2} {:.2}       |  {:.2} {:.2}     |  {:.2} {:.2}",
            s.articles,
            ratio(s.lang_ok, s.articles),
            s.models.precision(),
            s.models.recall(),
            s.models.f1(),
            s.providers.precision(),
            s.providers.recall(),
            s.claims.precision(),
            s.claims.recall(),
            s.capacity.precision(),
            s.capacity.recall(),
        );
        if s.models.f1() < 0.9 {
            failures.push(format!("{lang}: model F1 {:.2} < 0.9", s.models.f1()));
        }
        if s.claims.recall() < 0.8 {
            failures.push(format!(
                "{lang}: claim recall {:.2} < 0.8",
                s.claims.recall()
            ));
        }
        if s.capacity.recall() < 0.8 {
            failures.push(format!(
                "{lang}: capacity recall {:.2} < 0.8",
                s.capacity.recall()
            ));
        }
        total.articles += s.articles;
        total.lang_ok += s.lang_ok;
        total.models.add(s.models);
        total.providers.add(s.providers);
        total.claims.add(s.claims);
        total.capacity.add(s.capacity);
    }
    println!(
        "all  {:>3}  {:>4.2}  |  {:.2} {:.2} {:.2}  |  {:.2} {:.2}       |  {:.2} {:.2}     |  {:.2} {:.2}",
        total.articles,
        ratio(total.lang_ok, total.articles),
        total.models.precision(),
        total.models.recall(),
        total.models.f1(),
        total.providers.precision(),
        total.providers.recall(),
        total.claims.precision(),
        total.claims.recall(),
        total.capacity.precision(),
        total.capacity.recall(),
    );
    assert!(failures.is_empty(), "quality below the bar: {failures:#?}");
}
