//! Getting items in: HTTP and file fetching, feed parsing, JSON source adapters and the scheduler.
//!
//! Every fetch ends as an owned [`FetchReport`]; once stored it becomes a [`FeedUpdate`] for
//! whoever listens (the UI loop or a headless command). No state is shared between tasks.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use crate::extract::Extraction;

/// A parsed feed, with plain, sanitised text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    /// Feed title, if any.
    pub title: Option<String>,
    /// Language the feed declares (`en`, `pt-BR`, ...), if any.
    pub lang: Option<String>,
    /// Items in document order.
    pub items: Vec<ParsedItem>,
}

/// One entry of a feed, already converted to plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedItem {
    /// GUID or Atom id, if the feed gave one.
    pub guid: Option<String>,
    /// Link to the article.
    pub url: Option<String>,
    /// Plain-text title (may be empty).
    pub title: String,
    /// Plain-text body: content if present, else summary; paragraphs separated by blank lines.
    pub text: String,
    /// Publication time, if any could be read.
    pub published: Option<DateTime<Utc>>,
    /// Last update time, if any.
    pub updated: Option<DateTime<Utc>>,
    /// What extraction found in this item, when it already ran where the feed was parsed (off
    /// the store's thread, see [`schedule::with_prepare`]). The store runs extraction itself
    /// when this is missing or assumed another date or language hint than the store settles on.
    pub extracted: Option<Box<Extracted>>,
}

/// Extraction run ahead of storing, with the assumptions it was run under, and the rest of what
/// storing the item needs that can be worked out off the store's thread. Only the store makes
/// one (`Store::prepare_feed`), and its fields are the crate's alone: the store writes `found`
/// without sanitising it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The publication date the time phrases were resolved against.
    pub(crate) date: NaiveDate,
    /// The language hint given to the extractor.
    pub(crate) lang_hint: Option<String>,
    /// What was found, every name and quote sanitised as stored; `None` when extraction was
    /// skipped because the item was stored already with the same hash (`KnownItems`).
    pub(crate) found: Option<Extraction>,
    /// The item's per-source identity, as the store keys it.
    pub(crate) dedup_key: String,
    /// The hash that tells an edited item from an unchanged one.
    pub(crate) content_hash: i64,
}

/// HTTP cache validators kept per source for conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag` of the last 200 response.
    pub etag: Option<String>,
    /// `Last-Modified` of the last 200 response.
    pub last_modified: Option<String>,
}

/// What a successful fetch brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// New content, parsed.
    Modified {
        /// HTTP status (200 for files).
        status: u16,
        /// Validators to send next time.
        validators: Validators,
        /// Size of the (decompressed) body in bytes.
        bytes: usize,
        /// The parsed feed.
        feed: ParsedFeed,
    },
    /// 304: nothing changed, nothing parsed.
    NotModified,
}

/// The outcome of one fetch of one source, with the schedule it leads to.
#[derive(Debug, Clone)]
pub struct FetchReport {
    /// Source name.
    pub source: String,
    /// When the fetch started.
    pub started: DateTime<Utc>,
    /// How long it took.
    pub elapsed: Duration,
    /// The result.
    pub result: Result<Fetched, FetchError>,
    /// When this source is due next (interval, jitter and back-off applied).
    pub next_due: DateTime<Utc>,
    /// Consecutive failures including this one (0 after a success).
    pub failures: u32,
}

/// Why a fetch failed. Messages are shown to users as they are.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// Connect or total timeout.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// Could not connect or the connection broke.
    #[error("connection failed: {0}")]
    Connect(String),
    /// A non-success HTTP status.
    #[error("HTTP {status}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The status code.
        status: u16,
        /// Retry-After, for 429 and 503.
        retry_after: Option<Duration>,
    },
    /// 410 Gone: the source is dead and no longer fetched.
    #[error("HTTP 410 Gone: the source was removed; fix or delete it in the config")]
    Gone,
    /// The body exceeded `max_body`.
    #[error("body larger than the {limit}-byte limit")]
    TooLarge {
        /// The configured cap in bytes.
        limit: u64,
    },
    /// Too many redirects, or a redirect to another scheme.
    #[error("redirect refused: {0}")]
    Redirect(String),
    /// A local file could not be read.
    #[error("cannot read {path}: {message}")]
    File {
        /// The path.
        path: String,
        /// The OS error.
        message: String,
    },
    /// The body is not a feed we can read.
    #[error("{0}")]
    Parse(String),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// An owned message about one source's fetch, after its result was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedUpdate {
    /// Source name.
    pub source: String,
    /// When the fetch finished.
    pub at: DateTime<Utc>,
    /// How long the fetch took.
    pub elapsed: Duration,
    /// What happened.
    pub outcome: UpdateOutcome,
}

/// What a fetch amounted to, as shown in status lines.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOutcome {
    /// New content stored.
    Stored {
        /// HTTP status (200 for files).
        status: u16,
        /// Items never seen before.
        new: usize,
        /// Items changed in place.
        updated: usize,
    },
    /// 304 Not Modified.
    NotModified,
    /// The fetch (or storing it) failed.
    Failed {
        /// The error, as shown to users.
        message: String,
        /// HTTP status, if the server answered.
        status: Option<u16>,
    },
    /// A fetch started (for progress display).
    Started,
}

pub mod adapters;
pub mod backoff;
pub mod charset;
pub mod cores;
pub mod dates;
pub mod file;
pub mod guard;
pub mod html;
pub mod http;
mod outcome;
pub mod parse;
pub mod pass;
pub mod schedule;
