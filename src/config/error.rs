//! Config errors that point at the spot: file, line, column, key, and the closest valid key.

use std::fmt;
use std::path::PathBuf;

/// A place in a config file, printed as `file:line:column` like a compiler does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it, or `<embedded default>`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// Turns a byte offset into `text` into a 1-based line and column.
    pub fn at_offset(file: &str, text: &str, offset: usize) -> Self {
        // Clamp and step back to a char boundary: spans from the parser may point one past
        // the end of the input (an unterminated table) or, in theory, inside a character.
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self {
            file: file.to_owned(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Why a configuration could not be loaded. Every variant about file content carries the
/// [`Location`] and, where one exists, the key; `Display` is the whole message for the user.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read config {}: {message}", path.display())]
    Read {
        /// The path we tried.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// Not valid TOML.
    #[error("{at}: TOML syntax error{context}: {message}")]
    Syntax {
        /// Where the parser stopped.
        at: Location,
        /// `` in `key` of [table]`` when the surrounding key could be recovered, else empty.
        context: String,
        /// The parser's explanation.
        message: String,
    },
    /// A key that is not part of the schema (usually a typo).
    #[error("{at}: unknown key `{key}` in {table}{}", did_you_mean(suggestion))]
    UnknownKey {
        /// Where the key is.
        at: Location,
        /// The key as written.
        key: String,
        /// The table it is in (`[general]`, `[[feed]] "OpenAI News"`, `the top level`).
        table: String,
        /// The closest valid key, if one is close enough.
        suggestion: Option<String>,
    },
    /// A required key is absent.
    #[error("{at}: missing key `{key}` in {table}")]
    MissingKey {
        /// The table's header.
        at: Location,
        /// The key that must be present.
        key: String,
        /// The table it belongs to.
        table: String,
    },
    /// A key with a value of the wrong type or out of range.
    #[error("{at}: invalid `{key}` in {table}: {message}")]
    InvalidValue {
        /// Where the value is.
        at: Location,
        /// The key.
        key: String,
        /// The table it is in.
        table: String,
        /// What is wrong and what would be right.
        message: String,
    },
    /// Two `[[feed]]` tables with the same name: names identify sources in the store and UI.
    #[error(
        "{at}: duplicate source name `{name}` in key `name` of [[feed]] (first used on line {first_line})"
    )]
    DuplicateSource {
        /// Where the second one is.
        at: Location,
        /// The name.
        name: String,
        /// Line of the first one.
        first_line: usize,
    },
    /// The embedded demo corpus could not be written out.
    #[error("cannot prepare the demo corpus in {}: {message}", dir.display())]
    Demo {
        /// The directory we tried to write.
        dir: PathBuf,
        /// The OS error.
        message: String,
    },
}

impl ConfigError {
    /// Where in the file the problem is, when it is about file content.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::Syntax { at, .. }
            | Self::UnknownKey { at, .. }
            | Self::MissingKey { at, .. }
            | Self::InvalidValue { at, .. }
            | Self::DuplicateSource { at, .. } => Some(at),
            Self::Read { .. } | Self::Demo { .. } => None,
        }
    }

    /// The key the problem is about, when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::UnknownKey { key, .. }
            | Self::MissingKey { key, .. }
            | Self::InvalidValue { key, .. } => Some(key),
            Self::DuplicateSource { .. } => Some("name"),
            Self::Read { .. } | Self::Syntax { .. } | Self::Demo { .. } => None,
        }
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The valid key closest to `typo`, if it is close enough to be a plausible typo.
pub fn closest<'a>(typo: &str, valid: &[&'a str]) -> Option<&'a str> {
    let typo_lower = typo.to_ascii_lowercase();
    valid
        .iter()
        .map(|&candidate| (candidate, strsim::jaro_winkler(&typo_lower, candidate)))
        .filter(|&(_, score)| score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a = 1\n[general]\nnome = \"ç\" x\n";
        assert_eq!(Location::at_offset("f", text, 0).to_string(), "f:1:1");
        assert_eq!(Location::at_offset("f", text, 6).to_string(), "f:2:1");
        // "ç" is two bytes but one column.
        let x = text.find('x').unwrap();
        assert_eq!(Location::at_offset("f", text, x).to_string(), "f:3:12");
        assert_eq!(Location::at_offset("f", text, 10_000).line, 4);
    }

    #[test]
    fn suggestions_only_for_plausible_typos() {
        let keys = ["name", "url", "refresh", "lang", "tags", "kind"];
        assert_eq!(closest("refesh", &keys), Some("refresh"));
        assert_eq!(closest("Tag", &keys), Some("tags"));
        assert_eq!(closest("language", &keys), Some("lang"));
        assert_eq!(closest("zzzzzz", &keys), None);
    }
}
