//! Bytes → [`ParsedFeed`]: charset decoding, feed-rs, JSON source adapters, plain text.
//!
//! Every failure is a [`FetchError::Parse`] with a message a user can act on ("empty body",
//! "HTML page, not a feed", "XML error at line L: ..."). Sizes are capped here so that a
//! 100,000-item feed or a 10 MB item gives a sane result downstream.

use std::borrow::Cow;

use feed_rs::model::{Entry, Feed, Link};
use feed_rs::parser::{ParseErrorKind, ParseFeedError, Parser};

use super::charset::decode_document;
use super::dates::parse_lenient_date;
use super::guard::guarded;
use super::html::{html_to_line_capped, html_to_text_capped};
use super::{FetchError, ParsedFeed, ParsedItem, adapters};
use crate::config::SourceKind;
use crate::sanitize::clean;

/// At most this many items are kept per document (the first ones, feeds put news first).
pub const MAX_ITEMS: usize = 5_000;
/// Titles are cut to this many characters.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Item texts are cut to this many characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// GUIDs and links longer than this are not identifiers but junk; they are cut.
const MAX_ID_CHARS: usize = 2_000;

/// Parses a fetched document of the given kind into plain-text items.
///
/// `content_type` is the HTTP `Content-Type` header, used for its charset.
pub fn parse_document(
    body: &[u8],
    content_type: Option<&str>,
    kind: SourceKind,
) -> Result<ParsedFeed, FetchError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(parse_error("empty body"));
    }
    let text = decode_document(body, content_type);
    let doc = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if doc.is_empty() {
        return Err(parse_error("empty body"));
    }
    match kind {
        SourceKind::StatusPage => adapters::status_page(doc),
        SourceKind::ModelCatalog => adapters::model_catalog(doc),
        SourceKind::Feed => match doc.as_bytes().first() {
            Some(b'{') => json_feed(doc),
            Some(b'[') => Err(parse_error(
                "not a JSON Feed / unknown JSON shape (a JSON array)",
            )),
            Some(b'<') => xml_feed(doc),
            _ => Err(parse_error(format!(
                "not a feed: neither XML nor JSON (starts with {:?})",
                excerpt(doc, 24)
            ))),
        },
    }
}

/// Plain single-line title within [`MAX_TITLE_CHARS`].
pub(crate) fn plain_title(s: &str) -> String {
    html_to_line_capped(s, MAX_TITLE_CHARS)
}

/// Plain multi-paragraph text within [`MAX_TEXT_CHARS`].
pub(crate) fn plain_text(s: &str) -> String {
    html_to_text_capped(s, MAX_TEXT_CHARS)
}

fn parse_error(message: impl Into<String>) -> FetchError {
    FetchError::Parse(message.into())
}

/// feed-rs configured for us: our date parser, no invented ids, no HTML sanitising (we make
/// plain text ourselves, and ammonia would only cost time).
fn feed_parser() -> Parser {
    feed_rs::parser::Builder::new()
        .timestamp_parser(parse_lenient_date)
        // An empty id is left empty by feed-rs, so "no GUID in the feed" stays visible.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build()
}

/// The error for a document feed-rs panicked on twice (see [`guarded`]).
fn parser_failed(message: String) -> FetchError {
    parse_error(format!(
        "the feed parser failed on this document: {message}"
    ))
}

fn json_feed(doc: &str) -> Result<ParsedFeed, FetchError> {
    let parsed =
        guarded(doc, true, |d| feed_parser().parse(d.as_bytes())).map_err(parser_failed)?;
    match parsed {
        Ok(feed) => Ok(to_parsed(feed)),
        Err(ParseFeedError::JsonUnsupportedVersion(version)) => {
            match with_json_feed_version(doc, &version) {
                Some(fixed) => json_feed(&fixed),
                None => Err(parse_error(format!(
                    "not a JSON Feed / unknown JSON shape (version {:?})",
                    excerpt(&version, 60)
                ))),
            }
        }
        Err(ParseFeedError::JsonSerde(e)) => Err(parse_error(match e.classify() {
            serde_json::error::Category::Data => {
                format!("not a JSON Feed / unknown JSON shape: {e}")
            }
            _ => format!("JSON error at line {}: {e}", e.line()),
        })),
        Err(e) => Err(parse_error(format!("JSON Feed error: {e}"))),
    }
}

/// Some generators write `"version": "1.1"` instead of the spec's URL; feed-rs refuses that.
/// Returns the document with the URL form, or `None` if the version is not a bare 1.x.
fn with_json_feed_version(doc: &str, version: &str) -> Option<String> {
    let bare = version.trim().strip_prefix('1')?;
    if !(bare.is_empty() || bare.strip_prefix('.')?.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let mut value: serde_json::Value = serde_json::from_str(doc).ok()?;
    let url = format!("https://jsonfeed.org/version/1{bare}");
    *value.get_mut("version")? = serde_json::Value::String(url);
    serde_json::to_string(&value).ok()
}

fn xml_feed(doc: &str) -> Result<ParsedFeed, FetchError> {
    let root = root_element(doc);
    if let Some(root) = &root
        && root.is_html
    {
        return Err(parse_error(html_error(doc)));
    }
    let prepared = match &root {
        Some(root) => with_rss_version(doc, root),
        None => Cow::Borrowed(doc),
    };
    let parsed =
        guarded(&prepared, false, |d| feed_parser().parse(d.as_bytes())).map_err(parser_failed)?;
    match parsed {
        Ok(feed) => Ok(to_parsed(feed)),
        // `<rss>` without a `<channel>`: a feed with nothing in it, not a broken source.
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))
            if root.as_ref().is_some_and(|r| r.name == "rss") =>
        {
            Ok(ParsedFeed::default())
        }
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) => {
            Err(parse_error(match root.filter(|r| !r.name.is_empty()) {
                Some(_) if looks_like_html(doc) => html_error(doc),
                Some(root) => format!(
                    "XML document is not a feed (root element <{}>)",
                    excerpt(&root.name, 40)
                ),
                None => "not a feed: no root element (empty XML document)".to_owned(),
            }))
        }
        Err(ParseFeedError::XmlReader(e)) => Err(parse_error(match xml_error_at(&prepared) {
            Some((line, message)) => format!("XML error at line {line}: {message}"),
            None => format!("XML error: {e}"),
        })),
        Err(e) => Err(parse_error(format!("feed error: {e}"))),
    }
}

/// Re-reads the XML to locate the first well-formedness error: feed-rs does not say where.
/// A document that ends with elements still open is reported as truncated at its last line.
fn xml_error_at(doc: &str) -> Option<(usize, String)> {
    use quick_xml::events::Event;
    let line_at = |at: usize| {
        let before = doc.as_bytes().get(..at).unwrap_or(doc.as_bytes());
        before.iter().filter(|b| **b == b'\n').count() + 1
    };
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                open.push(e.name().as_ref().to_owned());
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => {
                let name = open.pop()?;
                return Some((
                    line_at(doc.len()),
                    format!(
                        "document ends before </{}> (truncated?)",
                        excerpt(&name, 40)
                    ),
                ));
            }
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(doc.len());
                return Some((line_at(at), e.to_string()));
            }
        }
    }
}

/// The first element of an XML document, after declarations, comments and the doctype.
struct RootElement {
    /// Local name as written (may carry a prefix).
    name: String,
    /// Byte offset of the element's `<`.
    offset: usize,
    /// An HTML page rather than a feed (`<html>` or `<!DOCTYPE html>`).
    is_html: bool,
}

fn root_element(doc: &str) -> Option<RootElement> {
    let mut at = 0;
    let mut html_doctype = false;
    loop {
        let rest = &doc[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        let skip_to = |end: &str| trimmed.find(end).map(|i| i + end.len());
        if trimmed.starts_with("<?") {
            at += skip_to("?>")?;
        } else if trimmed.starts_with("<!--") {
            at += skip_to("-->")?;
        } else if trimmed.starts_with("<!") {
            let doctype = trimmed.get(..14).unwrap_or(trimmed);
            // Feeds sometimes carry a stray XHTML doctype: only the root element decides.
            html_doctype |= doctype.eq_ignore_ascii_case("<!DOCTYPE html");
            at += skip_to(">")?;
        } else if let Some(tag) = trimmed.strip_prefix('<') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
                .take(64)
                .collect();
            let local = name.rsplit(':').next().unwrap_or(&name);
            let is_feed_root = ["rss", "feed", "RDF", "entry"].contains(&local);
            let is_html = ["html", "head", "body"]
                .iter()
                .any(|h| name.eq_ignore_ascii_case(h))
                || (html_doctype && !is_feed_root);
            return Some(RootElement {
                name,
                offset: at,
                is_html,
            });
        } else {
            return None;
        }
    }
}

/// Gives an `<rss>` root `version="2.0"` when it has none or one feed-rs does not know
/// (UOL omits it; 0.93, 0.94 and 2.01 exist in the wild): feed-rs refuses those otherwise.
fn with_rss_version<'a>(doc: &'a str, root: &RootElement) -> Cow<'a, str> {
    const KNOWN: [&str; 3] = ["2.0", "0.91", "0.92"];
    if root.name != "rss" {
        return Cow::Borrowed(doc);
    }
    let tag_start = root.offset + "<rss".len();
    let tag_end = doc[tag_start..]
        .find('>')
        .map_or(doc.len(), |i| tag_start + i);
    let tag = &doc[tag_start..tag_end];
    let version = tag.find("version").and_then(|at| {
        let value = tag[at + "version".len()..].trim_start().strip_prefix('=')?;
        let value = value.trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        let end = inner.find(quote)?;
        // Byte range of the value inside `doc`, to replace it in place.
        let start = tag_start + (tag.len() - inner.len());
        Some((start, start + end, &inner[..end]))
    });
    let mut fixed = String::with_capacity(doc.len() + 16);
    match version {
        Some((_, _, v)) if KNOWN.contains(&v.trim()) => return Cow::Borrowed(doc),
        Some((start, end, _)) => {
            fixed.push_str(&doc[..start]);
            fixed.push_str("2.0");
            fixed.push_str(&doc[end..]);
        }
        None => {
            fixed.push_str(&doc[..tag_start]);
            fixed.push_str(r#" version="2.0""#);
            fixed.push_str(&doc[tag_start..]);
        }
    }
    Cow::Owned(fixed)
}

fn html_error(doc: &str) -> String {
    match html_title(doc) {
        Some(title) => format!("HTML page, not a feed ({title:?})"),
        None => "HTML page, not a feed".to_owned(),
    }
}

/// An `<html>` tag or HTML doctype near the start: a web page, whatever its first element.
fn looks_like_html(doc: &str) -> bool {
    let head = doc
        .get(..doc.len().min(4096))
        .unwrap_or(doc)
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

/// The `<title>` of an HTML page, as plain text, for the error message.
fn html_title(doc: &str) -> Option<String> {
    let head = doc.get(..doc.len().min(64 * 1024)).unwrap_or(doc);
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = html_to_line_capped(&head[start..end], 80);
    (!title.is_empty()).then_some(title)
}

fn to_parsed(feed: Feed) -> ParsedFeed {
    ParsedFeed {
        title: feed
            .title
            .map(|t| plain_title(&t.content))
            .filter(|t| !t.is_empty()),
        lang: feed
            .language
            .map(|l| cap_chars(clean(l.trim()).into_owned(), 35))
            .filter(|l| !l.is_empty()),
        items: feed
            .entries
            .into_iter()
            .take(MAX_ITEMS)
            .map(to_item)
            .collect(),
    }
}

fn to_item(entry: Entry) -> ParsedItem {
    let body = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.map(|s| s.content));
    let guid = Some(entry.id)
        .filter(|id| !id.trim().is_empty())
        .map(|id| cap_chars(clean(id.trim()).into_owned(), MAX_ID_CHARS));
    // RSS items may carry their address only as a permalink <guid>.
    let url = article_link(&entry.links).or_else(|| guid.clone().filter(|g| is_http(g)));
    ParsedItem {
        guid,
        url,
        title: entry
            .title
            .map(|t| plain_title(&t.content))
            .unwrap_or_default(),
        text: body.map(|b| plain_text(&b)).unwrap_or_default(),
        // Atom entries often carry only <updated>: it is the best publication time we have.
        published: entry.published.or(entry.updated),
        updated: entry.updated,
        extracted: None,
    }
}

/// The article's link: the first http(s) alternate link, else the first http(s) link.
fn article_link(links: &[Link]) -> Option<String> {
    let http = |l: &&Link| is_http(l.href.trim());
    links
        .iter()
        .filter(http)
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.iter().find(http))
        .map(|l| cap_chars(clean(l.href.trim()).into_owned(), MAX_ID_CHARS))
}

/// An absolute `http://` or `https://` address (any case).
fn is_http(s: &str) -> bool {
    let scheme = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    scheme.starts_with("http://") || scheme.starts_with("https://")
}

/// Cuts `s` to at most `max` characters, at a char boundary.
pub(crate) fn cap_chars(mut s: String, max: usize) -> String {
    if let Some((cut, _)) = s.char_indices().nth(max) {
        s.truncate(cut);
    }
    s
}

/// The first `max` characters of `s`, for error messages.
fn excerpt(s: &str, max: usize) -> String {
    let cut = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    clean(&s[..cut]).into_owned()
}
