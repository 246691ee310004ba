//! Text → models, providers, claims with time windows, and capacity figures (en, pt, es).
//!
//! Extraction is pure: it takes an item's text and its publication date and never reads the
//! clock, so results are reproducible. Cross-item aggregation (a model's claims ledger) lives in
//! [`ledger`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How precisely a time phrase pins down a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A single day.
    Day,
    /// A week.
    Week,
    /// A month or part of one.
    Month,
    /// A quarter.
    Quarter,
    /// A half year.
    Half,
    /// A year or part of one.
    Year,
    /// Vague ("in a few weeks").
    Fuzzy,
}

/// A resolved time window, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeWindow {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// How precise the phrase was.
    pub precision: Precision,
}

/// What a sentence claims about a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// Officially announced.
    Announced,
    /// Expected or planned.
    Expected,
    /// Released, shipped, available.
    Released,
    /// Postponed.
    Delayed,
    /// Attributed to unnamed sources.
    Rumored,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 7] = [
        Precision::Day,
        Precision::Week,
        Precision::Month,
        Precision::Quarter,
        Precision::Half,
        Precision::Year,
        Precision::Fuzzy,
    ];

    /// The lowercase name the report and the store use (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Half => "half",
            Precision::Year => "year",
            Precision::Fuzzy => "fuzzy",
        }
    }

    /// The inverse of [`Precision::name`].
    pub fn from_name(name: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl ClaimKind {
    /// Every kind.
    pub const ALL: [ClaimKind; 5] = [
        ClaimKind::Announced,
        ClaimKind::Expected,
        ClaimKind::Released,
        ClaimKind::Delayed,
        ClaimKind::Rumored,
    ];

    /// The lowercase name the report and the store use (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Announced => "announced",
            ClaimKind::Expected => "expected",
            ClaimKind::Released => "released",
            ClaimKind::Delayed => "delayed",
            ClaimKind::Rumored => "rumored",
        }
    }

    /// The inverse of [`ClaimKind::name`].
    pub fn from_name(name: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One claim found in an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Canonical model name.
    pub subject: String,
    /// What is claimed.
    pub kind: ClaimKind,
    /// When, if the sentence said.
    pub window: Option<TimeWindow>,
    /// The sentence, trimmed.
    pub evidence: String,
}

/// Units capacity figures are normalised to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// Gigawatts.
    #[serde(rename = "GW")]
    Gw,
    /// Megawatts.
    #[serde(rename = "MW")]
    Mw,
    /// Accelerators of any kind.
    #[serde(rename = "GPUs")]
    Gpus,
    /// US dollars.
    #[serde(rename = "USD")]
    Usd,
}

impl Unit {
    /// The name the report and the store use (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Gw => "GW",
            Unit::Mw => "MW",
            Unit::Gpus => "GPUs",
            Unit::Usd => "USD",
        }
    }
}

/// A normalised quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number in `unit`.
    pub value: f64,
    /// The unit.
    pub unit: Unit,
}

/// A sentence about a provider's compute capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityNote {
    /// Canonical provider name.
    pub provider: String,
    /// Quantities found in the sentence.
    pub quantities: Vec<Quantity>,
    /// The sentence.
    pub note: String,
}

/// The text of one item, as extraction needs it.
#[derive(Debug, Clone, Copy)]
pub struct ItemText<'a> {
    /// Plain-text title.
    pub title: &'a str,
    /// Plain-text body.
    pub body: &'a str,
    /// Language hint from the source or feed (`pt-BR`, `es`, ...).
    pub lang_hint: Option<&'a str>,
    /// Publication date; relative phrases resolve against it.
    pub published: NaiveDate,
}

/// Everything found in one item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Language used (`en`, `pt`, `es`, or another code when detected).
    pub lang: String,
    /// Canonical names of models mentioned, in order of first mention.
    pub models: Vec<String>,
    /// Canonical names of providers mentioned, in order of first mention.
    pub providers: Vec<String>,
    /// Claims about models.
    pub claims: Vec<Claim>,
    /// Capacity notes.
    pub capacity: Vec<CapacityNote>,
    /// A similarity fingerprint (simhash) of the text, for near-duplicate stories.
    pub fingerprint: u64,
}
pub mod capacity;
mod capacity_reading;
pub mod catalog;
mod claims;
mod compiling;
pub mod cues;
mod extractor;
pub mod fingerprint;
pub mod lang;
pub mod ledger;
mod lexicon;
pub mod mentions;
pub mod text;
pub mod timex;

pub use compiling::SharedExtractor;
pub use extractor::Extractor;

/// Why a catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// The parser's message (names the key).
        message: String,
    },
    /// A value is not acceptable.
    #[error("{file}:{line}: {key}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line of the entry.
        line: usize,
        /// The key, like `model.name`.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Known models and providers (the embedded `config/catalog.toml`, plus a user file).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Known models.
    #[serde(default, rename = "model")]
    pub models: Vec<ModelEntry>,
    /// Known compute providers.
    #[serde(default, rename = "provider")]
    pub providers: Vec<ProviderEntry>,
}

/// A known model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// Canonical name (`GPT-4.5`).
    pub name: String,
    /// Vendor (`OpenAI`).
    #[serde(default)]
    pub vendor: Option<String>,
    /// Family (`GPT`).
    #[serde(default)]
    pub family: Option<String>,
    /// Aliases and codenames (`GPT 4.5`, `Orion`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A known compute provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderEntry {
    /// Canonical name (`Microsoft`).
    pub name: String,
    /// Aliases (`Azure`, `Microsoft Azure`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Catalog {
    /// The model entry with this canonical name, if known.
    pub fn model(&self, name: &str) -> Option<&ModelEntry> {
        self.models.iter().find(|m| m.name == name)
    }
}

/// The labelled corpus's files (`tests/corpus/*.toml`) as raw text, for unit tests that check a
/// shortcut finds what the full scan finds on realistic text.
#[cfg(test)]
pub(crate) fn corpus_files() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read_to_string(p).expect("readable corpus file"))
        .collect()
}

#[cfg(test)]
mod names_tests {
    use super::*;

    /// The names the store writes must be the serde names of the report contract.
    #[test]
    fn names_round_trip_and_match_serde() {
        for k in ClaimKind::ALL {
            assert_eq!(ClaimKind::from_name(k.name()), Some(k));
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::json!(k.name()))
            );
        }
        for p in Precision::ALL {
            assert_eq!(Precision::from_name(p.name()), Some(p));
            assert_eq!(
                serde_json::to_value(p).ok(),
                Some(serde_json::json!(p.name()))
            );
        }
        for u in [Unit::Gw, Unit::Mw, Unit::Gpus, Unit::Usd] {
            assert_eq!(
                serde_json::to_value(u).ok(),
                Some(serde_json::json!(u.name()))
            );
        }
        assert_eq!(ClaimKind::from_name("promised"), None);
        assert_eq!(Precision::from_name("decade"), None);
    }
}
