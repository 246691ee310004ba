//! Loading the model and provider catalogue: the embedded `config/catalog.toml` plus a user file.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Catalog, ExtractError, ModelEntry, ProviderEntry};

/// The catalogue shipped inside the binary.
const EMBEDDED: &str = include_str!("../../config/catalog.toml");

/// The file shape, with spans so validation errors can name a line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    model: Vec<Spanned<ModelEntry>>,
    #[serde(default)]
    provider: Vec<Spanned<ProviderEntry>>,
}

impl Catalog {
    /// The catalogue embedded in the binary.
    ///
    /// The embedded file is checked by a unit test, so parsing it cannot fail at run time; should
    /// it ever, an empty catalogue is returned rather than a panic (discovery patterns still work).
    pub fn embedded() -> Catalog {
        parse(EMBEDDED, "config/catalog.toml").unwrap_or_default()
    }

    /// The embedded catalogue with `user` (if any) merged over it.
    ///
    /// An entry with a name already known (case-insensitive) adds its aliases and overrides the
    /// vendor and family it sets; a new name adds an entry. Errors name the file, line and key.
    pub fn load_merged(user: Option<&Path>) -> Result<Catalog, ExtractError> {
        let mut catalog = Catalog::embedded();
        if let Some(path) = user {
            let text = std::fs::read_to_string(path).map_err(|source| ExtractError::Io {
                path: path.display().to_string(),
                source,
            })?;
            let extra = parse(&text, &path.display().to_string())?;
            catalog.merge(extra);
        }
        Ok(catalog)
    }

    /// Merges `other` over `self` (see [`Catalog::load_merged`]).
    pub fn merge(&mut self, other: Catalog) {
        for entry in other.models {
            match self
                .models
                .iter_mut()
                .find(|m| m.name.eq_ignore_ascii_case(&entry.name))
            {
                Some(known) => {
                    if entry.vendor.is_some() {
                        known.vendor = entry.vendor;
                    }
                    if entry.family.is_some() {
                        known.family = entry.family;
                    }
                    add_aliases(&mut known.aliases, entry.aliases);
                }
                None => self.models.push(entry),
            }
        }
        for entry in other.providers {
            match self
                .providers
                .iter_mut()
                .find(|p| p.name.eq_ignore_ascii_case(&entry.name))
            {
                Some(known) => add_aliases(&mut known.aliases, entry.aliases),
                None => self.providers.push(entry),
            }
        }
    }

    /// The provider entry with this canonical name, if known.
    pub fn provider(&self, name: &str) -> Option<&ProviderEntry> {
        self.providers.iter().find(|p| p.name == name)
    }
}

fn add_aliases(known: &mut Vec<String>, new: Vec<String>) {
    for alias in new {
        if !known.iter().any(|a| a.eq_ignore_ascii_case(&alias)) {
            known.push(alias);
        }
    }
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses and validates one catalogue file; `file` only labels errors.
fn parse(text: &str, file: &str) -> Result<Catalog, ExtractError> {
    let raw: CatalogFile = toml::from_str(text).map_err(|e| ExtractError::Parse {
        file: file.to_string(),
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let invalid = |span: std::ops::Range<usize>, key: &str, message: &str| ExtractError::Invalid {
        file: file.to_string(),
        line: line_of(text, span.start),
        key: key.to_string(),
        message: message.to_string(),
    };
    let mut catalog = Catalog::default();
    for spanned in raw.model {
        let span = spanned.span();
        let entry = spanned.into_inner();
        if entry.name.trim().is_empty() {
            return Err(invalid(span, "model.name", "must not be empty"));
        }
        if entry.aliases.iter().any(|a| a.trim().is_empty()) {
            return Err(invalid(span, "model.aliases", "aliases must not be empty"));
        }
        catalog.models.push(entry);
    }
    for spanned in raw.provider {
        let span = spanned.span();
        let entry = spanned.into_inner();
        if entry.name.trim().is_empty() {
            return Err(invalid(span, "provider.name", "must not be empty"));
        }
        if entry.aliases.iter().any(|a| a.trim().is_empty()) {
            return Err(invalid(
                span,
                "provider.aliases",
                "aliases must not be empty",
            ));
        }
        catalog.providers.push(entry);
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_parses_and_knows_orion() {
        let catalog = parse(EMBEDDED, "embedded").unwrap();
        let gpt45 = catalog.model("GPT-4.5").unwrap();
        assert!(gpt45.aliases.iter().any(|a| a == "Orion"));
        assert!(catalog.provider("Microsoft").is_some());
        assert_eq!(Catalog::embedded(), catalog);
    }

    #[test]
    fn user_file_is_merged_over_the_embedded_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.toml");
        std::fs::write(
            &path,
            "[[model]]\nname = \"gpt-4.5\"\naliases = [\"Orion Prime\"]\n\n[[model]]\nname = \"Nova 1\"\nvendor = \"Acme\"\n",
        )
        .unwrap();
        let catalog = Catalog::load_merged(Some(&path)).unwrap();
        let gpt45 = catalog.model("GPT-4.5").unwrap();
        assert!(gpt45.aliases.iter().any(|a| a == "Orion Prime"));
        assert_eq!(gpt45.vendor.as_deref(), Some("OpenAI"));
        assert_eq!(
            catalog.model("Nova 1").unwrap().vendor.as_deref(),
            Some("Acme")
        );
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(
            &path,
            "[[model]]\nname = \"A\"\n\n[[model]]\nname = \"B\"\ncolour = 1\n",
        )
        .unwrap();
        let err = Catalog::load_merged(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("bad.toml:6"), "{err}");
        assert!(err.contains("colour"), "{err}");

        std::fs::write(
            &path,
            "[[provider]]\nname = \"X\"\n\n[[provider]]\nname = \" \"\n",
        )
        .unwrap();
        let err = Catalog::load_merged(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("bad.toml:4"), "{err}");
        assert!(err.contains("provider.name"), "{err}");
    }

    #[test]
    fn missing_user_file_is_an_io_error_naming_it() {
        let err = Catalog::load_merged(Some(Path::new("/nonexistent/cat.toml"))).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/cat.toml"));
    }
}
