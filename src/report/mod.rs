//! The stored state as a stable JSON contract (and its markdown rendering).
//!
//! Field names here are a public contract: later work adds fields, never renames them.
//! Dates are `YYYY-MM-DD`, timestamps RFC 3339. The dashboard draws from the same structs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod markdown;

/// Everything airadar knows, as `airadar report --format json` prints it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// When this report was built.
    pub generated_at: DateTime<Utc>,
    /// One row per configured source.
    pub sources: Vec<SourceReport>,
    /// Stored items, newest first.
    pub items: Vec<ItemReport>,
    /// One row per model seen in any item.
    pub models: Vec<ModelReport>,
    /// Dated claims, ordered by window start.
    pub timeline: Vec<TimelineEntry>,
    /// Notes about providers' compute capacity.
    pub capacity: Vec<CapacityReport>,
}

/// Health of one source.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    /// The last fetch succeeded (200 or 304).
    Ok,
    /// The last fetch failed; see `error`.
    Error,
    /// Never fetched yet.
    #[default]
    Pending,
}

/// One configured source and its fetch state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourceReport {
    /// Name from the config.
    pub name: String,
    /// URL from the config.
    pub url: String,
    /// ok, error or pending.
    pub status: SourceStatus,
    /// The last error message, if the last fetch failed.
    pub error: Option<String>,
    /// Number of stored items.
    pub items: u64,
    /// When the last fetch finished (success or failure).
    pub last_fetch: Option<DateTime<Utc>>,
    /// When the last fetch succeeded.
    #[serde(default)]
    pub last_success: Option<DateTime<Utc>>,
    /// When the next fetch is due.
    #[serde(default)]
    pub next_fetch: Option<DateTime<Utc>>,
    /// HTTP status of the last fetch, if any.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// Duration of the last fetch in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Consecutive failed fetches.
    #[serde(default)]
    pub failures: u32,
    /// The source answered 410 Gone and is no longer fetched.
    #[serde(default)]
    pub dead: bool,
    /// Language hint from the config.
    #[serde(default)]
    pub lang: Option<String>,
    /// Unread items.
    #[serde(default)]
    pub unread: u64,
}

/// One stored item.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ItemReport {
    /// Stable id in the store.
    pub id: i64,
    /// Source name.
    pub source: String,
    /// Plain-text title.
    pub title: String,
    /// Link to the article.
    pub url: Option<String>,
    /// Publication time (or first-seen time when the feed gave none).
    pub published: Option<DateTime<Utc>>,
    /// Language code (`en`, `pt`, `es`, ...).
    pub lang: Option<String>,
    /// Canonical names of models mentioned.
    pub models: Vec<String>,
    /// Canonical names of providers mentioned.
    pub providers: Vec<String>,
    /// The user has read it.
    #[serde(default)]
    pub read: bool,
    /// The user starred it.
    #[serde(default)]
    pub starred: bool,
}

/// A model's status and the history of what was claimed about it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelReport {
    /// Canonical name.
    pub name: String,
    /// Vendor (OpenAI, Anthropic, ...), if known.
    pub vendor: Option<String>,
    /// Known aliases and codenames.
    pub aliases: Vec<String>,
    /// Latest, strongest claim kind (`announced`, `expected`, `released`, `delayed`, `rumored`),
    /// or `mentioned` when no claim was made.
    pub status: String,
    /// Window of the latest expectation.
    pub expected: Option<WindowReport>,
    /// Release date once released.
    pub released: Option<NaiveDate>,
    /// First item that mentioned it.
    pub first_seen: Option<NaiveDate>,
    /// Latest item that mentioned it.
    pub last_seen: Option<NaiveDate>,
    /// Items that mention it.
    pub mentions: u64,
    /// Distinct sources that mention it.
    pub sources: u64,
    /// Every claim, oldest first.
    pub claims: Vec<ClaimReport>,
    /// Days between the first expected window's end and the release (or the latest window's end).
    pub slip_days: Option<i64>,
}

/// A time window with inclusive dates.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct WindowReport {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// `day`, `week`, `month`, `quarter`, `half`, `year` or `fuzzy`.
    pub precision: String,
}

/// One claim in a model's ledger.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ClaimReport {
    /// announced, expected, released, delayed or rumored.
    pub kind: String,
    /// Window start, if the claim had a time.
    pub start: Option<NaiveDate>,
    /// Window end (inclusive).
    pub end: Option<NaiveDate>,
    /// Window precision.
    pub precision: Option<String>,
    /// Source name.
    pub source: String,
    /// Link of the item the claim came from.
    pub item_url: Option<String>,
    /// Publication date of that item.
    pub published: Option<NaiveDate>,
    /// The sentence that carries the claim.
    pub evidence: String,
    /// Distinct sources that made the same claim (near-duplicate stories included).
    #[serde(default)]
    pub corroboration: u64,
}

/// One dated claim on the timeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TimelineEntry {
    /// Model (or provider) the claim is about.
    pub subject: String,
    /// Claim kind.
    pub kind: String,
    /// Window start.
    pub start: NaiveDate,
    /// Window end (inclusive).
    pub end: NaiveDate,
    /// Window precision.
    pub precision: String,
    /// Link of the item.
    pub item_url: Option<String>,
    /// Source name.
    pub source: String,
    /// The sentence that carries the claim.
    pub evidence: String,
}

/// A note about a provider's compute capacity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CapacityReport {
    /// Canonical provider name.
    pub provider: String,
    /// Normalised quantities.
    pub quantities: Vec<QuantityReport>,
    /// The sentence.
    pub note: String,
    /// Link of the item.
    pub item_url: Option<String>,
    /// Publication date of the item.
    pub published: Option<NaiveDate>,
    /// Source name.
    #[serde(default)]
    pub source: String,
}

/// A normalised quantity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct QuantityReport {
    /// The number in `unit`.
    pub value: f64,
    /// `GW`, `MW`, `GPUs` or `USD`.
    pub unit: String,
}
