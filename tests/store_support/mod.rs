//! Shared builders for the store tests: sources, items, fetch results and a tiny extractor.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::cell::Cell;
use std::time::Duration;

use airadar::config::{FeedSource, SourceKind, SourceUrl};
use airadar::extract::{
    CapacityNote, Catalog, Claim, ClaimKind, Extraction, ModelEntry, Precision, Quantity,
    TimeWindow, Unit,
};
use airadar::feeds::{FetchError, FetchReport, Fetched, ParsedFeed, ParsedItem, Validators};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// A fixed instant, so every test is deterministic.
pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid test date")
}

/// A configured HTTP source.
pub fn source(name: &str, url: &str) -> FeedSource {
    FeedSource {
        name: name.into(),
        url: url.into(),
        location: SourceUrl::Http(url.into()),
        refresh: Duration::from_secs(900),
        lang: Some("en".into()),
        tags: Vec::new(),
        kind: SourceKind::Feed,
    }
}

/// A feed item.
pub fn item(
    guid: Option<&str>,
    url: Option<&str>,
    title: &str,
    text: &str,
    published: Option<DateTime<Utc>>,
) -> ParsedItem {
    ParsedItem {
        guid: guid.map(str::to_string),
        url: url.map(str::to_string),
        title: title.into(),
        text: text.into(),
        published,
        updated: None,
        extracted: None,
    }
}

/// A 200 response carrying `items`.
pub fn fetched(source: &str, started: DateTime<Utc>, items: Vec<ParsedItem>) -> FetchReport {
    FetchReport {
        source: source.into(),
        started,
        elapsed: Duration::from_millis(120),
        result: Ok(Fetched::Modified {
            status: 200,
            validators: Validators {
                etag: Some(format!("\"etag-{}\"", started.timestamp())),
                last_modified: Some("Fri, 21 Feb 2025 10:00:00 GMT".into()),
            },
            bytes: 1000,
            feed: ParsedFeed {
                title: Some(source.into()),
                lang: None,
                items,
            },
        }),
        next_due: started + chrono::Duration::minutes(15),
        failures: 0,
    }
}

/// A 304 response.
pub fn not_modified(source: &str, started: DateTime<Utc>) -> FetchReport {
    FetchReport {
        source: source.into(),
        started,
        elapsed: Duration::from_millis(30),
        result: Ok(Fetched::NotModified),
        next_due: started + chrono::Duration::minutes(15),
        failures: 0,
    }
}

/// A failed fetch, the `failures`-th in a row.
pub fn failed(
    source: &str,
    started: DateTime<Utc>,
    error: FetchError,
    failures: u32,
) -> FetchReport {
    FetchReport {
        source: source.into(),
        started,
        elapsed: Duration::from_millis(500),
        result: Err(error),
        next_due: started + chrono::Duration::hours(1),
        failures,
    }
}

/// Known models of the toy extractor.
pub const MODELS: [&str; 3] = ["GPT-4.5", "GPT-5", "o3"];

/// A catalogue knowing GPT-4.5.
pub fn catalog() -> Catalog {
    Catalog {
        models: vec![ModelEntry {
            name: "GPT-4.5".into(),
            vendor: Some("OpenAI".into()),
            family: Some("GPT".into()),
            aliases: vec!["Orion".into()],
        }],
        providers: Vec::new(),
    }
}

/// A toy extractor standing in for the real one: finds [`MODELS`] and "Microsoft" in the text;
/// "released" gives a claim on the published day, "expected" one for the following month;
/// "GW" gives a 5 GW capacity note for Microsoft.
pub fn toy_extract(item: &ParsedItem, hint: Option<&str>, published: NaiveDate) -> Extraction {
    let text = format!("{} {}", item.title, item.text);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .collect();
    let models: Vec<String> = MODELS
        .iter()
        .filter(|m| words.contains(m))
        .map(|m| m.to_string())
        .collect();
    let mut claims = Vec::new();
    for model in &models {
        if text.contains("released") {
            claims.push(Claim {
                subject: model.clone(),
                kind: ClaimKind::Released,
                window: Some(TimeWindow {
                    start: published,
                    end: published,
                    precision: Precision::Day,
                }),
                evidence: format!("{model} released."),
            });
        }
        if text.contains("expected") {
            claims.push(Claim {
                subject: model.clone(),
                kind: ClaimKind::Expected,
                window: Some(TimeWindow {
                    start: published + chrono::Duration::days(30),
                    end: published + chrono::Duration::days(60),
                    precision: Precision::Month,
                }),
                evidence: item.title.clone(),
            });
        }
    }
    let microsoft = text.contains("Microsoft");
    let capacity = if microsoft && text.contains("GW") {
        vec![CapacityNote {
            provider: "Microsoft".into(),
            quantities: vec![Quantity {
                value: 5.0,
                unit: Unit::Gw,
            }],
            note: item.title.clone(),
        }]
    } else {
        Vec::new()
    };
    Extraction {
        lang: hint.unwrap_or("en").into(),
        models,
        providers: if microsoft {
            vec!["Microsoft".into()]
        } else {
            Vec::new()
        },
        claims,
        capacity,
        fingerprint: text.len() as u64,
    }
}

/// Wraps [`toy_extract`] and counts calls, to prove unchanged items are not re-extracted.
pub struct CountingExtractor {
    /// Calls so far.
    pub calls: Cell<usize>,
}

impl CountingExtractor {
    /// Zero calls.
    pub fn new() -> Self {
        CountingExtractor {
            calls: Cell::new(0),
        }
    }

    /// The extraction function to hand to `apply_fetch`.
    pub fn run(&self, item: &ParsedItem, hint: Option<&str>, published: NaiveDate) -> Extraction {
        self.calls.set(self.calls.get() + 1);
        toy_extract(item, hint, published)
    }
}
