//! Configuration: the embedded default, the user's file, validation with file:line errors.

use std::path::PathBuf;
use std::time::Duration;

/// What kind of document a source serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    /// RSS, Atom or JSON Feed (detected from the content).
    #[default]
    Feed,
    /// An Atlassian Statuspage `summary.json`.
    StatusPage,
    /// A model catalogue (OpenRouter `/api/v1/models` shape).
    ModelCatalog,
}

/// Where a source lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceUrl {
    /// `http://` or `https://`.
    Http(String),
    /// `file://` or a path, resolved against the config file's folder.
    File(PathBuf),
}

/// One configured source (`[[feed]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSource {
    /// Unique name.
    pub name: String,
    /// The URL as written in the config (shown to users).
    pub url: String,
    /// The resolved location.
    pub location: SourceUrl,
    /// Refresh interval.
    pub refresh: Duration,
    /// Language hint (`en`, `pt`, `es`, ...).
    pub lang: Option<String>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Document kind.
    pub kind: SourceKind,
}

/// `[general]`: defaults and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct General {
    /// Default refresh interval.
    pub refresh: Duration,
    /// At most this many fetches at once.
    pub concurrency: usize,
    /// Total timeout of one fetch.
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Body cap in bytes, enforced while streaming and after decompression.
    pub max_body: u64,
    /// User-Agent header.
    pub user_agent: String,
    /// Keep at most this many items per source.
    pub max_items_per_source: u64,
    /// Drop items first seen more than this many days ago.
    pub retention_days: u32,
}

/// The whole configuration, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where it came from (`None` for the embedded default).
    pub path: Option<PathBuf>,
    /// `[general]`.
    pub general: General,
    /// `[[feed]]` tables in order.
    pub feeds: Vec<FeedSource>,
    /// `[keys]`: key → action name overrides, in file order.
    pub keys: Vec<KeyBinding>,
    /// Extra catalogue file merged over the embedded one.
    pub catalog: Option<PathBuf>,
}

/// One `[keys]` entry, with its place in the file so a bad action name can be reported there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// Key as written (`"ctrl-r"`, `"G"`, `"f5"`).
    pub key: String,
    /// Action name as written (`"refresh_all"`).
    pub action: String,
    /// 1-based line of the entry (0 for the embedded default).
    pub line: usize,
    /// 1-based column of the entry.
    pub column: usize,
}
