//! TOML text → validated [`Config`](super::Config): serde with `deny_unknown_fields` for the shape, then
//! checks on the values, every error mapped back to file, line, column, key and table.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ConfigError, Location, closest};
use super::units::{parse_duration, parse_size};
use super::{FeedSource, General, KeyBinding, SourceKind, SourceUrl};

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

/// Where a span falls in the document: which table (described for users) and which key.
struct Spot {
    table: String,
    key: Option<String>,
}

/// Shared state while turning one document into a [`Config`].
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
}

impl Checker<'_> {
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.file, self.text, offset)
    }

    fn invalid(&self, span: Range<usize>, key: &str, table: &str, message: String) -> ConfigError {
        ConfigError::InvalidValue {
            at: self.at(span.start),
            key: key.to_owned(),
            table: table.to_owned(),
            message,
        }
    }

    fn duration(
        &self,
        value: &Spanned<String>,
        key: &str,
        table: &str,
    ) -> Result<std::time::Duration, ConfigError> {
        parse_duration(value.get_ref())
            .map_err(|e| self.invalid(value.span(), key, table, e.to_string()))
    }

    fn positive(&self, value: &Spanned<i64>, key: &str, max: i64) -> Result<i64, ConfigError> {
        let n = *value.get_ref();
        if n <= 0 || n > max {
            let message = format!("{n} is out of range: use a whole number from 1 to {max}");
            return Err(self.invalid(value.span(), key, "[general]", message));
        }
        Ok(n)
    }
}

/// Describes the `index`-th `[[feed]]` for messages, by name when it has a usable one.
fn feed_label(index: usize, table: &DeTable<'_>) -> String {
    match table.get("name").and_then(|v| v.get_ref().as_str()) {
        Some(name) if !name.trim().is_empty() => {
            format!("[[feed]] \"{}\"", crate::sanitize::clean(name))
        }
        _ => format!("[[feed]] #{}", index + 1),
    }
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

/// Finds the key (and its table) that `offset` points into, by walking the spanned document.
fn key_in(table: &DeTable<'_>, offset: usize) -> Option<String> {
    table
        .iter()
        .find(|(k, v)| contains(&k.span(), offset) || contains(&v.span(), offset))
        .map(|(k, _)| k.get_ref().to_string())
}

fn locate(doc: &DeTable<'_>, span: &Range<usize>) -> Spot {
    let offset = span.start;
    for (key, value) in doc {
        let name = key.get_ref().as_ref();
        match (name, value.get_ref()) {
            ("feed", DeValue::Array(feeds)) => {
                for (index, feed) in feeds.iter().enumerate() {
                    let Some(table) = feed.get_ref().as_table() else {
                        continue;
                    };
                    let inner = key_in(table, offset);
                    if inner.is_some() || contains(&feed.span(), offset) {
                        return Spot {
                            table: feed_label(index, table),
                            key: inner,
                        };
                    }
                }
            }
            ("general" | "keys", DeValue::Table(table)) => {
                let inner = key_in(table, offset);
                if inner.is_some() || contains(&value.span(), offset) {
                    return Spot {
                        table: format!("[{name}]"),
                        key: inner,
                    };
                }
            }
            _ => {}
        }
        if contains(&key.span(), offset) {
            return Spot {
                table: "the top level".to_owned(),
                key: Some(name.to_owned()),
            };
        }
    }
    Spot {
        table: "the top level".to_owned(),
        key: None,
    }
}

fn valid_keys(table: &str) -> &'static [&'static str] {
    match table {
        "[general]" => GENERAL_KEYS,
        "the top level" => TOP_KEYS,
        t if t.starts_with("[[feed]]") => FEED_KEYS,
        _ => &[],
    }
}

/// Extracts the quoted name from serde's "unknown field `x`" / "missing field `x`" messages.
fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split('`').next().map(str::to_owned)
}

/// Maps a serde error from the typed pass to a located [`ConfigError`].
fn shape_error(checker: &Checker<'_>, doc: &DeTable<'_>, error: &toml::de::Error) -> ConfigError {
    let span = error.span().unwrap_or(0..0);
    let spot = locate(doc, &span);
    let at = checker.at(span.start);
    let message = error.message().trim().to_owned();
    if let Some(key) = backticked(&message, "unknown field ") {
        let suggestion = closest(&key, valid_keys(&spot.table)).map(str::to_owned);
        return ConfigError::UnknownKey {
            at,
            key,
            table: spot.table,
            suggestion,
        };
    }
    if let Some(key) = backticked(&message, "missing field ") {
        return ConfigError::MissingKey {
            at,
            key,
            table: spot.table,
        };
    }
    let key = spot.key.unwrap_or_else(|| "?".to_owned());
    let hint = match key.as_str() {
        "refresh" | "timeout" | "connect_timeout" => " (write a duration like \"30m\")",
        "max_body" => " (write a size like \"8MiB\")",
        "tags" => " (write a list like [\"openai\", \"models\"])",
        _ => "",
    };
    ConfigError::InvalidValue {
        at,
        key,
        table: spot.table,
        message: format!("{message}{hint}"),
    }
}

/// Reports a syntax error with the key around it, found in the parser's best-effort recovery.
fn syntax_error(checker: &Checker<'_>, error: &toml::de::Error) -> ConfigError {
    let offset = error.span().map_or(0, |s| s.start).min(checker.text.len());
    // The parser points where it gave up, often the end of the line; the key starts the line.
    let line_start = checker.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = checker.text[line_start..]
        .lines()
        .next()
        .unwrap_or_default();
    let key_offset = line_start + (line.len() - line.trim_start().len());
    let (partial, _) = DeTable::parse_recoverable(checker.text);
    let spot = locate(partial.get_ref(), &(key_offset..key_offset));
    let written_key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with(['[', '#']));
    let context = match spot.key.or(written_key) {
        Some(key) => format!(" in `{key}` of {}", spot.table),
        None => String::new(),
    };
    ConfigError::Syntax {
        at: checker.at(offset),
        context,
        message: error.message().trim().to_owned(),
    }
}

/// Parses and validates one document. `file` is how the file is named in messages; `base` is
/// the folder that relative feed and catalogue paths are resolved against.
pub fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<ParsedParts, ConfigError> {
    let checker = Checker { file, text };
    let doc = DeTable::parse(text).map_err(|e| syntax_error(&checker, &e))?;
    let raw: RawConfig =
        toml::from_str(text).map_err(|e| shape_error(&checker, doc.get_ref(), &e))?;
    let (general, catalog) = general(&checker, raw.general, base)?;
    let feeds = feeds(&checker, doc.get_ref(), raw.feed, &general, base)?;
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
    doc: &DeTable<'_>,
    raw: Vec<Spanned<RawFeed>>,
    general: &General,
    base: Option<&Path>,
) -> Result<Vec<FeedSource>, ConfigError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (index, spanned) in raw.into_iter().enumerate() {
        let feed = spanned.into_inner();
        let table = locate(doc, &feed.name.span()).table;
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
        let line = checker.at(feed.name.span().start).line;
        if let Some(&first_line) = seen.get(&name.to_lowercase()) {
            return Err(ConfigError::DuplicateSource {
                at: checker.at(feed.name.span().start),
                name,
                first_line,
            });
        }
        seen.insert(name.to_lowercase(), line);
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

fn parse_kind(text: &str) -> Result<SourceKind, String> {
    match text {
        "feed" => Ok(SourceKind::Feed),
        "statuspage" => Ok(SourceKind::StatusPage),
        "models" => Ok(SourceKind::ModelCatalog),
        other => {
            let hint = closest(other, KIND_VALUES)
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            Err(format!(
                "unknown kind \"{other}\": use \"feed\", \"statuspage\" or \"models\"{hint}"
            ))
        }
    }
}

/// Accepts language tags like `en`, `pt`, `pt-BR`, `es-419`, normalised to lower-case language.
fn parse_lang(text: &str) -> Result<String, String> {
    let text = text.trim();
    let mut parts = text.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok = parts
        .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(text.replace('_', "-").to_lowercase())
    } else {
        Err(format!(
            "\"{text}\" is not a language tag: use e.g. \"en\", \"pt\", \"es\" or \"pt-BR\""
        ))
    }
}

/// The scheme of `url` if it starts like `scheme://`.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Classifies a feed URL; plain paths and `file://` become paths resolved against `base`.
fn source_url(url: &str, base: Option<&Path>) -> Result<SourceUrl, String> {
    if url.is_empty() {
        return Err("a source needs a url (http://, https://, file:// or a path)".to_owned());
    }
    if url.chars().any(char::is_control) {
        return Err("control characters are not allowed in a url".to_owned());
    }
    match scheme_of(url).map(str::to_ascii_lowercase).as_deref() {
        Some("http" | "https") => {
            let parsed = reqwest::Url::parse(url)
                .map_err(|e| format!("\"{url}\" is not a valid URL: {e}"))?;
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(format!("\"{url}\" has no host"));
            }
            Ok(SourceUrl::Http(url.to_owned()))
        }
        Some("file") => {
            let path = &url["file://".len()..];
            if path.is_empty() {
                return Err("\"file://\" needs a path".to_owned());
            }
            Ok(SourceUrl::File(resolve_path(path, base)))
        }
        Some(other) => Err(format!(
            "unsupported scheme \"{other}\": use http://, https://, file:// or a plain path"
        )),
        None => Ok(SourceUrl::File(resolve_path(url, base))),
    }
}

/// Resolves `~/…` against the home folder and relative paths against `base`.
fn resolve_path(path: &str, base: Option<&Path>) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/")
        && let Some(home) = dirs::home_dir()
    {
        return home.join(rest);
    }
    let path = Path::new(path);
    match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_by_scheme() {
        let base = Path::new("/etc/airadar");
        assert_eq!(
            source_url("https://openai.com/news/rss.xml", Some(base)),
            Ok(SourceUrl::Http("https://openai.com/news/rss.xml".into()))
        );
        assert_eq!(
            source_url("demo/a.xml", Some(base)),
            Ok(SourceUrl::File(PathBuf::from("/etc/airadar/demo/a.xml")))
        );
        assert_eq!(
            source_url("file:///srv/a.xml", Some(base)),
            Ok(SourceUrl::File(PathBuf::from("/srv/a.xml")))
        );
        assert_eq!(
            source_url("file://rel/a.xml", Some(base)),
            Ok(SourceUrl::File(PathBuf::from("/etc/airadar/rel/a.xml")))
        );
        assert!(
            source_url("ftp://x.org/feed", Some(base))
                .unwrap_err()
                .contains("\"ftp\"")
        );
        assert!(source_url("https://", Some(base)).is_err());
        assert!(source_url("", Some(base)).is_err());
    }

    #[test]
    fn kinds_and_languages() {
        assert_eq!(parse_kind("statuspage"), Ok(SourceKind::StatusPage));
        assert_eq!(parse_kind("models"), Ok(SourceKind::ModelCatalog));
        assert!(parse_kind("status").unwrap_err().contains("statuspage"));
        assert_eq!(parse_lang("pt_BR"), Ok("pt-br".to_owned()));
        assert_eq!(parse_lang("es"), Ok("es".to_owned()));
        assert!(parse_lang("english language").is_err());
        assert!(parse_lang("").is_err());
    }
}
