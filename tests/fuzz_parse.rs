//! Property tests for everything that reads untrusted feed bytes: the document parser (random
//! bytes and mutated real fixtures), the lenient date parser, HTML-to-text and the sanitiser.
//! None may panic, and sanitised text must never carry a control or bidi character.
//! Case counts are modest so the file runs in seconds; raise `PROPTEST_CASES` to dig deeper.

use std::path::{Path, PathBuf};

use airadar::config::SourceKind;
use airadar::feeds::dates::parse_lenient_date;
use airadar::feeds::html::{html_to_line, html_to_text};
use airadar::feeds::parse::parse_document;
use airadar::sanitize::{clean, clean_multiline};
use proptest::prelude::*;

/// 256 cases per property; `PROPTEST_CASES=20000` for a longer hunt (the parser panic that
/// `feeds::guard` catches was found by a default run).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// A handful of real fixtures of each format to mutate (found beside the clone, as in the
/// fixture sweep; fall back to built-in samples so the properties still run without them).
fn seeds() -> Vec<Vec<u8>> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root: Option<PathBuf> = manifest
        .ancestors()
        .skip(1)
        .take(3)
        .map(|d| d.join("shared/fixtures"))
        .find(|d| d.is_dir());
    let mut out: Vec<Vec<u8>> = [
        "feeds/rss-parser/uolNoticias.rss",
        "feeds/feedjira/google_alerts_atom.xml",
        "feeds/rsparser/kc0011.rss",
        "feeds/feed-rs/jsonfeed/jsonfeed_elastic_1.1.json",
        "feeds/feed-rs/rss1/rss_1.0_example_1.xml",
        "feeds/feedparser/encoding/utf-16le-bom.xml",
        "api/statuspage-summary.example.json",
        "api/openrouter-models.example.json",
    ]
    .iter()
    .filter_map(|rel| std::fs::read(root.as_ref()?.join(rel)).ok())
    .collect();
    out.push(
        br#"<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>T</title>
<item><title>&lt;b&gt;A&lt;/b&gt; &amp; B</title><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate>
<description><![CDATA[<p>x</p><script>y</script>]]></description></item></channel></rss>"#
            .to_vec(),
    );
    out
}

fn kind() -> impl Strategy<Value = SourceKind> {
    prop_oneof![
        Just(SourceKind::Feed),
        Just(SourceKind::StatusPage),
        Just(SourceKind::ModelCatalog),
    ]
}

/// A mutation of a seed: overwrite, insert, delete or truncate at a random spot.
#[derive(Debug, Clone)]
enum Mutation {
    Overwrite(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut doc: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = doc.len().max(1);
        match m {
            Mutation::Overwrite(i, b) => {
                if let Some(slot) = doc.get_mut(i % len) {
                    *slot = *b;
                }
            }
            Mutation::Insert(i, bytes) => {
                let at = (i % len).min(doc.len());
                doc.splice(at..at, bytes.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let at = (i % len).min(doc.len());
                let end = (at + n).min(doc.len());
                doc.drain(at..end);
            }
            Mutation::Truncate(i) => doc.truncate(i % len),
        }
    }
    doc
}

/// True when `s` has nothing a terminal would interpret: C0 (except `\n` when allowed), DEL,
/// C1, ESC, bidi controls or zero-width characters.
fn is_safe(s: &str, allow_newline: bool) -> bool {
    s.chars().all(|c| {
        let code = c as u32;
        let control = code < 0x20 && !(allow_newline && c == '\n');
        let c1 = (0x7f..=0x9f).contains(&code);
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        !(control || c1 || bidi)
    })
}

fn assert_feed_is_clean(feed: &airadar::feeds::ParsedFeed) {
    for item in &feed.items {
        assert!(is_safe(&item.title, false), "unsafe title {:?}", item.title);
        assert!(is_safe(&item.text, true), "unsafe text {:?}", item.text);
        assert!(item.title.chars().count() <= 1_000);
        assert!(item.text.chars().count() <= 100_000);
    }
    if let Some(title) = &feed.title {
        assert!(is_safe(title, false), "unsafe feed title {title:?}");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..2048), kind in kind()) {
        if let Ok(feed) = parse_document(&body, None, kind) {
            assert_feed_is_clean(&feed);
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
        kind in kind(),
        charset in prop::option::of(prop_oneof![Just("utf-8"), Just("iso-8859-1"), Just("utf-16"), Just("gb2312"), Just("bogus")]),
    ) {
        let seeds = seeds();
        let doc = apply(seed.get(&seeds).clone(), &mutations);
        let content_type = charset.map(|c| format!("application/xml; charset={c}"));
        if let Ok(feed) = parse_document(&doc, content_type.as_deref(), kind) {
            assert_feed_is_clean(&feed);
        }
        // The guard catches feed-rs's panics; only its known contact-splitting one is expected.
        if let Some(panic) = airadar::feeds::guard::take_caught_panic() {
            prop_assert!(panic.contains("is not a char boundary"), "new parser panic: {panic}");
        }
    }

    #[test]
    fn lenient_dates_never_panic(s in "\\PC{0,40}") {
        let _ = parse_lenient_date(&s);
    }

    #[test]
    fn date_like_strings_never_panic(
        s in "[A-Za-zçáé]{0,9},? [0-9]{1,4}[ /-][A-Za-z0-9]{1,9}[ /-][0-9]{1,5}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?)?( [AaPp][Mm])?( [+-][0-9:]{1,5}| [A-Z]{2,4})?"
    ) {
        let _ = parse_lenient_date(&s);
    }

    #[test]
    fn html_to_text_is_safe(s in "(<[a-zA-Z/!?]{0,8}[^>]{0,10}>?|&[#a-zA-Z0-9]{0,8};?|[^<&]{0,10}|\\PC|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}])*") {
        let text = html_to_text(&s);
        prop_assert!(is_safe(&text, true), "{text:?}");
        prop_assert!(!text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace));
        let line = html_to_line(&s);
        prop_assert!(is_safe(&line, false), "{line:?}");
    }

    #[test]
    fn sanitiser_output_is_safe(s in any::<String>()) {
        prop_assert!(is_safe(&clean(&s), false));
        prop_assert!(is_safe(&clean_multiline(&s), true));
    }

    #[test]
    fn sanitiser_strips_escape_sequences(prefix in "[a-z]{0,5}", payload in "[ -~]{0,12}", suffix in "[a-z]{0,5}") {
        for intro in ["\x1b[", "\x1b]", "\u{9b}", "\u{9d}", "\x1bP"] {
            let s = format!("{prefix}{intro}{payload}\x07{suffix}");
            prop_assert!(is_safe(&clean(&s), false));
        }
    }
}
