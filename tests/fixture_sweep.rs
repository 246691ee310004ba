//! Sweeps every real-world feed under `../shared/fixtures/feeds/` through `parse_document`:
//! each must parse or fail with a specific error, none may panic, and the outcome per file must
//! match `tests/fixture_outcomes.txt` so a regression shows as a diff.
//! Rewrite the table after an intended change with `AIRADAR_BLESS=1 cargo test --test fixture_sweep`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use airadar::config::SourceKind;
use airadar::feeds::ParsedFeed;
use airadar::feeds::parse::parse_document;

const TABLE: &str = "tests/fixture_outcomes.txt";

/// `shared/fixtures` beside the clone (`../shared`); a worktree one level deeper looks further
/// up, and `AIRADAR_SHARED` overrides both.
fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AIRADAR_SHARED") {
        return PathBuf::from(dir).join("fixtures");
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .take(3)
        .map(|dir| dir.join("shared/fixtures"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "fixture folder ../shared/fixtures (relative to {}) is missing: the tests expect \
                 a copy of shared/ beside the clone, or AIRADAR_SHARED=/path/to/shared",
                manifest.display()
            )
        })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Licences and the manifest sit beside the feeds but are not test input.
fn is_feed_fixture(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.starts_with("LICENSE") || name.ends_with(".md"))
}

fn outcome(path: &Path) -> String {
    let body = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match catch_unwind(AssertUnwindSafe(|| {
        parse_document(&body, None, SourceKind::Feed)
    })) {
        Ok(Ok(feed)) => format!("ok {} items", feed.items.len()),
        Ok(Err(e)) => {
            let message: String = e.to_string().chars().take(100).collect();
            format!("err {}", message.replace(['\n', '\t'], " "))
        }
        Err(_) => "PANIC".to_owned(),
    }
}

#[test]
fn every_fixture_matches_the_recorded_outcome() {
    let root = shared_dir().join("feeds");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.retain(|p| is_feed_fixture(p));
    files.sort();
    assert!(files.len() > 100, "only {} fixtures found", files.len());

    let mut actual = String::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy();
        actual.push_str(&format!("{rel}\t{}\n", outcome(path)));
    }
    assert!(!actual.contains("\tPANIC"), "a fixture panicked:\n{actual}");

    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
    if std::env::var_os("AIRADAR_BLESS").is_some() {
        std::fs::write(&table, &actual).expect("write the outcome table");
        return;
    }
    let expected = std::fs::read_to_string(&table).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with AIRADAR_BLESS=1 to create it)",
            table.display()
        )
    });
    let diff: Vec<String> = diff_lines(&expected, &actual);
    assert!(
        diff.is_empty(),
        "fixture outcomes changed (AIRADAR_BLESS=1 rewrites {TABLE} if intended):\n{}",
        diff.join("\n")
    );
}

/// Lines only in `expected` (`-`) or only in `actual` (`+`), keyed by path.
fn diff_lines(expected: &str, actual: &str) -> Vec<String> {
    let exp: std::collections::BTreeSet<&str> = expected.lines().collect();
    let act: std::collections::BTreeSet<&str> = actual.lines().collect();
    exp.difference(&act)
        .map(|l| format!("- {l}"))
        .chain(act.difference(&exp).map(|l| format!("+ {l}")))
        .collect()
}

fn parse_fixture(rel: &str) -> ParsedFeed {
    let path = shared_dir().join("feeds").join(rel);
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_document(&body, None, SourceKind::Feed).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn parse_error(rel: &str) -> String {
    let path = shared_dir().join("feeds").join(rel);
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse_document(&body, None, SourceKind::Feed) {
        Ok(feed) => panic!("{rel} parsed to {} items", feed.items.len()),
        Err(e) => e.to_string(),
    }
}

fn all_text(feed: &ParsedFeed) -> String {
    feed.items
        .iter()
        .map(|i| format!("{}\n{}\n", i.title, i.text))
        .collect()
}

#[test]
fn uol_portuguese_latin1_is_decoded_and_dated() {
    let feed = parse_fixture("rss-parser/uolNoticias.rss");
    assert!(!feed.items.is_empty());
    let text = all_text(&feed);
    assert!(
        !text.contains('\u{FFFD}'),
        "replacement characters in UOL text"
    );
    assert!(
        text.contains('ç') || text.contains('ã'),
        "no Portuguese accents in {text:.300}"
    );
    assert!(
        feed.items.iter().all(|i| i.published.is_some()),
        "undated UOL items"
    );
}

#[test]
fn nbcny_month_first_dates_are_parsed() {
    let feed = parse_fixture("feed-rs/rss2/rss_2.0_nbcny.xml");
    assert!(!feed.items.is_empty());
    assert!(feed.items.iter().all(|i| i.published.is_some()));
}

#[test]
fn kc0011_gb2312_is_chinese_and_dated() {
    let feed = parse_fixture("rsparser/kc0011.rss");
    let text = all_text(&feed);
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no CJK characters"
    );
    assert!(!text.contains('\u{FFFD}'));
    assert!(feed.items.iter().any(|i| i.published.is_some()));
}

#[test]
fn utf16_with_bom_parses() {
    // The fixture is an empty `<rss>`: it must decode to a root we recognise.
    let feed = parse_fixture("feedparser/encoding/utf-16le-bom.xml");
    assert!(feed.items.is_empty());

    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel>\
        <title>Canal</title><item><title>Ação no 中文</title></item></channel></rss>";
    for big_endian in [false, true] {
        let mut body = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in xml.encode_utf16() {
            let bytes = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            body.extend_from_slice(&bytes);
        }
        let feed = parse_document(&body, None, SourceKind::Feed).expect("UTF-16 feed");
        assert_eq!(feed.title.as_deref(), Some("Canal"));
        assert_eq!(feed.items[0].title, "Ação no 中文");
    }
}

#[test]
fn latin1_declared_in_xml_is_decoded() {
    for rel in [
        "rss-parser/encoding.rss",
        "feed-rs/rss2/rss_2.0_encoding_1.xml",
    ] {
        let feed = parse_fixture(rel);
        let text = format!("{:?}{}", feed.title, all_text(&feed));
        assert!(!text.contains('\u{FFFD}'), "{rel}: replacement characters");
        assert!(!text.is_ascii(), "{rel}: expected accented text");
    }
}

#[test]
fn empty_and_html_bodies_are_specific_errors() {
    assert_eq!(parse_error("gofeed/universal/empty_feed.xml"), "empty body");
    let err = parse_error("rss-parser/unrecognized.rss");
    assert!(err.starts_with("HTML page, not a feed"), "{err}");
}

#[test]
fn google_alerts_titles_have_no_tags() {
    let feed = parse_fixture("feedjira/google_alerts_atom.xml");
    assert!(!feed.items.is_empty());
    for item in &feed.items {
        assert!(
            !item.title.contains('<') && !item.title.contains("&lt;"),
            "{}",
            item.title
        );
    }
}

#[test]
fn json_feed_entities_are_decoded() {
    let feed = parse_fixture("feed-rs/jsonfeed/jsonfeed_elastic_1.1.json");
    assert!(!feed.items.is_empty());
    let text = all_text(&feed);
    for entity in ["&amp;", "&#39;", "&quot;", "&lt;", "&#8217;"] {
        assert!(!text.contains(entity), "{entity} left in JSON Feed text");
    }
}

#[test]
fn api_examples_parse_with_their_kinds() {
    let api = shared_dir().join("api");
    let status = std::fs::read(api.join("statuspage-summary.example.json")).expect("read");
    let feed = parse_document(&status, None, SourceKind::StatusPage).expect("statuspage");
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert!(
        titles.contains(&"Elevated error rates for new model"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Maintenance: Database upgrade"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("not operational")),
        "{titles:?}"
    );
    assert!(feed.items.iter().all(|i| i.published.is_some()));

    let models = std::fs::read(api.join("openrouter-models.example.json")).expect("read");
    let feed = parse_document(&models, None, SourceKind::ModelCatalog).expect("catalogue");
    let first = &feed.items[0];
    assert_eq!(first.title, "Example Lab: Example Model 4.5");
    assert_eq!(first.guid.as_deref(), Some("example-lab/example-model-4.5"));
    assert!(
        first.text.contains("128000") && first.text.contains("per 1M"),
        "{}",
        first.text
    );
    assert_eq!(first.published.map(|d| d.timestamp()), Some(1_740_700_800));

    // Each shape read as the wrong kind is a specific error, not an empty success.
    let err = parse_document(&models, None, SourceKind::Feed)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("not a JSON Feed / unknown JSON shape"),
        "{err}"
    );
    let err = parse_document(&status, None, SourceKind::ModelCatalog)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown JSON shape"), "{err}");
}
