//! Hostile and degenerate documents through `parse_document`: huge feeds and items are capped,
//! junk and half-documents are specific errors, missing fields stay missing (no invented ids).

use airadar::config::SourceKind;
use airadar::feeds::FetchError;
use airadar::feeds::parse::{MAX_ITEMS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, parse_document};

fn rss(items: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>"#
    )
    .into_bytes()
}

fn error_of(body: &[u8]) -> String {
    match parse_document(body, None, SourceKind::Feed) {
        Err(FetchError::Parse(message)) => message,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_hundred_thousand_items_are_capped_to_the_first() {
    let items: String = (0..100_000)
        .map(|i| format!("<item><guid>g{i}</guid><title>n{i}</title></item>"))
        .collect();
    let feed = parse_document(&rss(&items), None, SourceKind::Feed).expect("parses");
    assert_eq!(feed.items.len(), MAX_ITEMS);
    assert_eq!(feed.items[0].guid.as_deref(), Some("g0"));
    assert_eq!(
        feed.items[MAX_ITEMS - 1].title,
        format!("n{}", MAX_ITEMS - 1)
    );
}

#[test]
fn a_ten_megabyte_item_is_cut_at_a_char_boundary() {
    let body = "ação ".repeat(2_000_000);
    let title = "é".repeat(5_000);
    let doc = rss(&format!(
        "<item><title>{title}</title><description>{body}</description></item>"
    ));
    let feed = parse_document(&doc, None, SourceKind::Feed).expect("parses");
    let item = &feed.items[0];
    assert_eq!(item.title.chars().count(), MAX_TITLE_CHARS);
    let text_chars = item.text.chars().count();
    assert!(
        (MAX_TEXT_CHARS - 5..=MAX_TEXT_CHARS).contains(&text_chars),
        "{text_chars} chars"
    );
    assert!(item.text.starts_with("ação ação"));
}

#[test]
fn items_without_guid_link_title_or_date_stay_empty() {
    let feed = parse_document(
        &rss("<item><description>only text</description></item>"),
        None,
        SourceKind::Feed,
    )
    .expect("parses");
    let item = &feed.items[0];
    assert_eq!(item.guid, None, "feed-rs must not invent a GUID");
    assert_eq!(item.url, None);
    assert_eq!(item.title, "");
    assert_eq!(item.published, None);
    assert_eq!(item.text, "only text");
}

#[test]
fn duplicate_guids_are_kept_for_the_store_to_merge() {
    let feed = parse_document(
        &rss("<item><guid>same</guid><title>a</title></item><item><guid>same</guid><title>b</title></item>"),
        None,
        SourceKind::Feed,
    )
    .expect("parses");
    let guids: Vec<_> = feed.items.iter().map(|i| i.guid.as_deref()).collect();
    assert_eq!(guids, [Some("same"), Some("same")]);
}

#[test]
fn the_alternate_http_link_is_the_url() {
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x</id><title>t</title>
        <link rel="self" href="https://x.test/self"/><link rel="enclosure" href="ftp://x.test/f"/>
        <link rel="alternate" href="https://x.test/post"/><updated>2025-03-03T10:00:00Z</updated></entry></feed>"#;
    let feed = parse_document(atom, None, SourceKind::Feed).expect("parses");
    let item = &feed.items[0];
    assert_eq!(item.url.as_deref(), Some("https://x.test/post"));
    assert_eq!(item.guid.as_deref(), Some("urn:x"));
    assert!(item.published.is_some(), "updated stands in for published");
}

#[test]
fn content_wins_over_summary_and_becomes_plain_text() {
    let doc = rss(
        "<item xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><description>short</description>\
         <content:encoded><![CDATA[<p>Long &amp; <b>rich</b></p><script>x()</script><p>Two</p>]]></content:encoded></item>",
    );
    let feed = parse_document(&doc, None, SourceKind::Feed).expect("parses");
    assert_eq!(feed.items[0].text, "Long & rich\n\nTwo");
}

#[test]
fn hostile_titles_are_sanitised() {
    let doc = rss("<item><title>a&#x9b;2Jb\u{202e}c</title></item>");
    let feed = parse_document(&doc, None, SourceKind::Feed).expect("parses");
    assert_eq!(feed.items[0].title, "abc");
}

#[test]
fn junk_and_broken_documents_are_specific_errors() {
    assert_eq!(error_of(b""), "empty body");
    assert_eq!(error_of(b" \r\n\t "), "empty body");
    assert!(error_of(b"\x00\x01\x02binary\xff").starts_with("not a feed: neither XML nor JSON"));
    assert!(
        error_of(b"<!DOCTYPE html><html><head><title>Oops</title></head></html>")
            .starts_with("HTML page, not a feed (\"Oops\")")
    );
    let truncated = error_of(b"<rss version=\"2.0\">\n<channel>\n<title>T</title>\n<item><title>x");
    assert!(truncated.starts_with("XML error at line 4"), "{truncated}");
    let mismatched = error_of(b"<rss version=\"2.0\">\n<channel>\n</item>\n</rss>");
    assert!(
        mismatched.starts_with("XML error at line 3"),
        "{mismatched}"
    );
    assert!(error_of(b"{\"data\": []}").starts_with("not a JSON Feed / unknown JSON shape"));
    assert!(error_of(b"[1, 2]").starts_with("not a JSON Feed / unknown JSON shape"));
    assert!(
        error_of(b"{\"version\": \"https://jsonfeed.org/version/1\",")
            .starts_with("JSON error at line 1")
    );
    assert!(error_of(b"<catalog><book/></catalog>").contains("root element <catalog>"));
}

#[test]
fn bare_json_feed_versions_are_accepted() {
    let doc = br#"{"version": "1.1", "title": "J", "items": [{"id": "1", "content_html": "<p>Caf&eacute;</p>"}]}"#;
    let feed = parse_document(doc, None, SourceKind::Feed).expect("parses");
    assert_eq!(feed.items[0].text, "Café");
    assert_eq!(feed.items[0].guid.as_deref(), Some("1"));
}

#[test]
fn content_type_charset_is_honoured() {
    let doc = b"<rss version=\"2.0\"><channel><title>Canci\xf3n</title></channel></rss>";
    let feed = parse_document(
        doc,
        Some("application/rss+xml; charset=ISO-8859-1"),
        SourceKind::Feed,
    )
    .expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Canción"));
}

#[test]
fn a_permalink_guid_stands_in_for_a_missing_link() {
    let doc = rss(
        "<item><guid isPermaLink=\"true\">https://x.test/a</guid><title>t</title></item>\
                   <item><guid isPermaLink=\"false\">tag:x,1</guid><title>u</title></item>",
    );
    let feed = parse_document(&doc, None, SourceKind::Feed).expect("parses");
    assert_eq!(feed.items[0].url.as_deref(), Some("https://x.test/a"));
    assert_eq!(feed.items[1].url, None);
}

/// feed-rs 3.0 panics on a contact whose e-mail address touches a multi-byte character (found
/// by `fuzz_parse`): the guard parses such a feed again without its contacts, keeping every item.
#[test]
fn contacts_that_crash_the_parser_cost_nothing_but_the_contacts() {
    let items = r#"<managingEditor>redação “editor@exemplo.com.br”</managingEditor>
        <item><title>GPT-5 chega</title><guid>1</guid><author>«ana@exemplo.com»</author></item>
        <item xmlns:dc="http://purl.org/dc/elements/1.1/"><title>Llama 4</title><guid>2</guid>
        <dc:creator>€bob@example.com</dc:creator></item>"#;
    let feed = parse_document(&rss(items), None, SourceKind::Feed).expect("parsed");
    let titles: Vec<_> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["GPT-5 chega", "Llama 4"]);

    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
        "authors": [{"name": "“ana@exemplo.com”"}],
        "items": [{"id": "1", "title": "o3", "content_text": "x",
                   "authors": [{"name": "«bob@example.com»"}]}]}"#;
    let feed = parse_document(
        json.as_bytes(),
        Some("application/feed+json"),
        SourceKind::Feed,
    )
    .expect("parsed");
    assert_eq!(feed.items.len(), 1);
    assert_eq!(feed.items[0].title, "o3");
}
