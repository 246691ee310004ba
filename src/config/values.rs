//! Single config values read from their text: source kinds, language tags, feed URLs and
//! paths relative to the config file.

use std::path::{Path, PathBuf};

use super::error::closest;
use super::raw::KIND_VALUES;
use super::{SourceKind, SourceUrl};

pub(super) fn parse_kind(text: &str) -> Result<SourceKind, String> {
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
pub(super) fn parse_lang(text: &str) -> Result<String, String> {
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
pub(super) fn source_url(url: &str, base: Option<&Path>) -> Result<SourceUrl, String> {
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
pub(super) fn resolve_path(path: &str, base: Option<&Path>) -> PathBuf {
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
    use std::path::{Path, PathBuf};

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
