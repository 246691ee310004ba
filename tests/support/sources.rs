//! Test inputs: `[general]` and source values built directly, RSS documents, gzip.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use airadar::config::{FeedSource, General, SourceKind, SourceUrl};
use airadar::feeds::Fetched;
use flate2::Compression;
use flate2::write::GzEncoder;

/// One second, for timeouts.
pub const SECOND: Duration = Duration::from_secs(1);
/// One hour, for refresh intervals.
pub const HOUR: Duration = Duration::from_secs(3600);
/// One MiB, for body caps.
pub const MIB: u64 = 1024 * 1024;

/// How many items a fetch brought back; panics on 304.
pub fn items(fetched: &Fetched) -> usize {
    match fetched {
        Fetched::Modified { feed, .. } => feed.items.len(),
        Fetched::NotModified => panic!("expected new content, got 304"),
    }
}

/// Gzips `data` (for a normal compressed response).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// A valid RSS 2.0 document with `items` items.
pub fn rss(title: &str, items: usize) -> String {
    let mut doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>{title}</title><link>http://example.com/</link><description>test</description>"
    );
    for i in 0..items {
        doc.push_str(&format!(
            "<item><title>{title} item {i}</title><link>http://example.com/{i}</link>\
             <guid>{title}-{i}</guid><pubDate>Fri, 21 Feb 2025 12:00:00 GMT</pubDate>\
             <description>Item {i} of {title}.</description></item>"
        ));
    }
    doc.push_str("</channel></rss>");
    doc
}

/// `[general]` for tests: short timeouts, the given body cap and concurrency.
pub fn general(timeout: Duration, max_body: u64, concurrency: usize) -> General {
    General {
        refresh: Duration::from_secs(1800),
        concurrency,
        timeout,
        connect_timeout: timeout,
        max_body,
        user_agent: "airadar-tests/1.0 (+https://example.invalid/airadar)".into(),
        max_items_per_source: 5000,
        retention_days: 365,
    }
}

/// An HTTP feed source.
pub fn http_source(name: &str, url: &str, refresh: Duration) -> FeedSource {
    FeedSource {
        name: name.into(),
        url: url.into(),
        location: SourceUrl::Http(url.into()),
        refresh,
        lang: None,
        tags: Vec::new(),
        kind: SourceKind::Feed,
    }
}

/// A local-file feed source, as the config loader resolves `file://` URLs.
pub fn file_source(name: &str, path: PathBuf) -> FeedSource {
    FeedSource {
        name: name.into(),
        url: format!("file://{}", path.display()),
        location: SourceUrl::File(path),
        refresh: Duration::from_secs(1800),
        lang: None,
        tags: Vec::new(),
        kind: SourceKind::Feed,
    }
}
