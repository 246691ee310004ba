//! TOML text → validated [`Config`](super::Config): serde with `deny_unknown_fields` for the shape, then
//! checks on the values, every error mapped back to file, line, column, key and table.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::error::ConfigError;
use super::locate::{Checker, feed_label, shape_error, syntax_error};
use super::units::parse_size;
use super::values::{parse_kind, parse_lang, resolve_path, source_url};
use super::{FeedSource, General, KeyBinding, SourceKind};

/// Keys allowed at the top level.
pub const TOP_KEYS: &[&str] = &["general", "feed", "keys"];
/// Keys allowed in `[general]`.
pub const GENERAL_KEYS: &[&str] = &[
    "refresh",
    "concurrency",
    "timeout",
    "connect_timeout",
    "max_body",
    "user_agent",
    "max_items_per_source",
    "retention_days",
    "catalog",
];
/// Keys allowed in each `[[feed]]`.
pub const FEED_KEYS: &[&str] = &["name", "url", "refresh", "lang", "tags", "kind"];
/// Values allowed for `kind`.
pub const KIND_VALUES: &[&str] = &["feed", "statuspage", "models"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    general: Option<RawGeneral>,
    #[serde(default)]
    feed: Vec<Spanned<RawFeed>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeneral {
    refresh: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    timeout: Option<Spanned<String>>,
    connect_timeout: Option<Spanned<String>>,
    max_body: Option<Spanned<String>>,
    user_agent: Option<Spanned<String>>,
    max_items_per_source: Option<Spanned<i64>>,
    retention_days: Option<Spanned<i64>>,
    catalog: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    name: Spanned<String>,
    url: Spanned<String>,
    refresh: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    tags: Option<Vec<Spanned<String>>>,
    kind: Option<Spanned<String>>,
}

/// Parses and validates one document. `file` is how the file is named in messages; `base` is
/// the folder that relative feed and catalogue paths are resolved against.
pub fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<ParsedParts, ConfigError> {
    let checker = Checker { file, text };
    let doc = DeTable::parse(text).map_err(|e| syntax_error(&checker, &e))?;
    let raw: RawConfig =
        toml::from_str(text).map_err(|e| shape_error(&checker, doc.get_ref(), &e))?;
    let (general, catalog) = general(&checker, raw.general, base)?;
    let feeds = feeds(&checker, raw.feed, &general, base)?;
    let mut keys: Vec<KeyBinding> = raw
        .keys
        .into_iter()
        .map(|(key, action)| {
            let at = checker.at(key.span().start);
            KeyBinding {
                key: key.into_inner(),
                action: action.into_inner(),
                line: at.line,
                column: at.column,
            }
        })
        .collect();
    keys.sort_by_key(|k| (k.line, k.column));
    Ok(ParsedParts {
        general,
        feeds,
        keys,
        catalog,
    })
}

/// The validated pieces of a [`Config`], before the caller records where it came from.
pub struct ParsedParts {
    /// `[general]` with defaults filled in.
    pub general: General,
    /// `[[feed]]` tables in order.
    pub feeds: Vec<FeedSource>,
    /// `[keys]` in file order.
    pub keys: Vec<KeyBinding>,
    /// `[general] catalog`, resolved.
    pub catalog: Option<PathBuf>,
}

fn general(
    checker: &Checker<'_>,
    raw: Option<RawGeneral>,
    base: Option<&Path>,
) -> Result<(General, Option<PathBuf>), ConfigError> {
    let mut general = General::default();
    let Some(raw) = raw else {
        return Ok((general, None));
    };
    let table = "[general]";
    if let Some(v) = &raw.refresh {
        general.refresh = checker.duration(v, "refresh", table)?;
    }
    if let Some(v) = &raw.timeout {
        general.timeout = checker.duration(v, "timeout", table)?;
    }
    if let Some(v) = &raw.connect_timeout {
        general.connect_timeout = checker.duration(v, "connect_timeout", table)?;
    }
    if let Some(v) = &raw.max_body {
        general.max_body = parse_size(v.get_ref())
            .map_err(|e| checker.invalid(v.span(), "max_body", table, e.to_string()))?;
    }
    if let Some(v) = &raw.concurrency {
        // Casts are in range: `positive` bounds each value by a small maximum.
        general.concurrency = checker.positive(v, "concurrency", 256)? as usize;
    }
    if let Some(v) = &raw.max_items_per_source {
        general.max_items_per_source =
            checker.positive(v, "max_items_per_source", 10_000_000)? as u64;
    }
    if let Some(v) = &raw.retention_days {
        general.retention_days = checker.positive(v, "retention_days", 36_500)? as u32;
    }
    if let Some(v) = &raw.user_agent {
        let ua = v.get_ref().trim();
        if ua.is_empty() || ua.chars().any(|c| c.is_control()) {
            let message = "must be a non-empty single line".to_owned();
            return Err(checker.invalid(v.span(), "user_agent", table, message));
        }
        general.user_agent = ua.to_owned();
    }
    let catalog = match &raw.catalog {
        Some(v) if v.get_ref().trim().is_empty() => {
            let message = "must be a path to a catalogue TOML file".to_owned();
            return Err(checker.invalid(v.span(), "catalog", table, message));
        }
        Some(v) => Some(resolve_path(v.get_ref().trim(), base)),
        None => None,
    };
    Ok((general, catalog))
}

fn feeds(
    checker: &Checker<'_>,
    raw: Vec<Spanned<RawFeed>>,
    general: &General,
    base: Option<&Path>,
) -> Result<Vec<FeedSource>, ConfigError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (index, spanned) in raw.into_iter().enumerate() {
        let feed = spanned.into_inner();
        // Labelled from the index and name at hand: locating the name's span in the document
        // walks every feed, which made reading a config quadratic in its feeds.
        let table = feed_label(index, Some(feed.name.get_ref()));
        let name = feed.name.get_ref().trim().to_owned();
        if name.is_empty() {
            let message = "a source needs a non-empty name".to_owned();
            return Err(checker.invalid(
                feed.name.span(),
                "name",
                &format!("[[feed]] #{}", index + 1),
                message,
            ));
        }
        if crate::sanitize::clean(&name) != name.as_str() {
            let message = "control, escape or invisible characters are not allowed".to_owned();
            return Err(checker.invalid(feed.name.span(), "name", &table, message));
        }
        // Lines are counted only for the error: counting from the top of the file for every
        // feed made reading a config quadratic in its size.
        let start = feed.name.span().start;
        if let Some(&first) = seen.get(&name.to_lowercase()) {
            return Err(ConfigError::DuplicateSource {
                at: checker.at(start),
                name,
                first_line: checker.at(first).line,
            });
        }
        seen.insert(name.to_lowercase(), start);
        let url = feed.url.get_ref().trim().to_owned();
        let location = source_url(&url, base)
            .map_err(|message| checker.invalid(feed.url.span(), "url", &table, message))?;
        let refresh = match &feed.refresh {
            Some(v) => checker.duration(v, "refresh", &table)?,
            None => general.refresh,
        };
        let kind = match &feed.kind {
            None => SourceKind::Feed,
            Some(v) => parse_kind(v.get_ref())
                .map_err(|message| checker.invalid(v.span(), "kind", &table, message))?,
        };
        let lang = match &feed.lang {
            None => None,
            Some(v) => Some(
                parse_lang(v.get_ref())
                    .map_err(|message| checker.invalid(v.span(), "lang", &table, message))?,
            ),
        };
        let mut tags = Vec::new();
        for tag in feed.tags.unwrap_or_default() {
            let text = tag.get_ref().trim();
            if text.is_empty() || crate::sanitize::clean(text) != text {
                let message = "tags must be non-empty plain text".to_owned();
                return Err(checker.invalid(tag.span(), "tags", &table, message));
            }
            tags.push(text.to_owned());
        }
        out.push(FeedSource {
            name,
            url,
            location,
            refresh,
            lang,
            tags,
            kind,
        });
    }
    Ok(out)
}
