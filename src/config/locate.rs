//! Where in a config document an error is, and how it is put to the user: the table and key
//! around a byte offset, serde's shape errors and the parser's syntax errors turned into
//! [`ConfigError`]s with file, line, column, key and table.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ConfigError, Location, closest};
use super::raw::{FEED_KEYS, GENERAL_KEYS, TOP_KEYS};
use super::units::parse_duration;

/// Where a span falls in the document: which table (described for users) and which key.
pub(super) struct Spot {
    pub(super) table: String,
    pub(super) key: Option<String>,
}

/// Shared state while turning one document into a [`Config`].
pub(super) struct Checker<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl Checker<'_> {
    pub(super) fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.file, self.text, offset)
    }

    pub(super) fn invalid(
        &self,
        span: Range<usize>,
        key: &str,
        table: &str,
        message: String,
    ) -> ConfigError {
        ConfigError::InvalidValue {
            at: self.at(span.start),
            key: key.to_owned(),
            table: table.to_owned(),
            message,
        }
    }

    pub(super) fn duration(
        &self,
        value: &Spanned<String>,
        key: &str,
        table: &str,
    ) -> Result<std::time::Duration, ConfigError> {
        parse_duration(value.get_ref())
            .map_err(|e| self.invalid(value.span(), key, table, e.to_string()))
    }

    pub(super) fn positive(
        &self,
        value: &Spanned<i64>,
        key: &str,
        max: i64,
    ) -> Result<i64, ConfigError> {
        let n = *value.get_ref();
        if n <= 0 || n > max {
            let message = format!("{n} is out of range: use a whole number from 1 to {max}");
            return Err(self.invalid(value.span(), key, "[general]", message));
        }
        Ok(n)
    }
}

/// Describes the `index`-th `[[feed]]` (named `name`) for messages, by name when it has a
/// usable one.
pub(super) fn feed_label(index: usize, name: Option<&str>) -> String {
    match name {
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

pub(super) fn locate(doc: &DeTable<'_>, span: &Range<usize>) -> Spot {
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
                            table: feed_label(
                                index,
                                table.get("name").and_then(|v| v.get_ref().as_str()),
                            ),
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
pub(super) fn shape_error(
    checker: &Checker<'_>,
    doc: &DeTable<'_>,
    error: &toml::de::Error,
) -> ConfigError {
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
pub(super) fn syntax_error(checker: &Checker<'_>, error: &toml::de::Error) -> ConfigError {
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
