//! Extraction run ahead of storing (`Store::prepare_feed`, on the thread that parsed the feed):
//! the store then only writes, stores exactly what it would have stored on its own, and runs
//! extraction itself whenever the prepared result assumed another date or language hint; items
//! stored already and unchanged are not extracted again; and bursts of results stored in one
//! transaction without one bad result costing the others.

mod store_support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use airadar::feeds::cores::CoreBudget;
use airadar::feeds::schedule::{FetchFn, PrepareFn, fetch_each_once, with_prepare};
use airadar::feeds::{FetchError, FetchReport, Fetched, ParsedFeed, ParsedItem, Validators};
use airadar::store::{ApplySummary, KnownHashes, Store};
use store_support::*;

/// `store` with one source, `name`, configured with `lang`.
fn with_source(mut store: Store, name: &str, lang: &str) -> Store {
    let mut s = source(name, &format!("https://{name}.example/feed"));
    s.lang = Some(lang.into());
    store.sync_sources(&[s]).expect("sync");
    store
}

fn store_with(name: &str, lang: &str) -> Store {
    with_source(
        Store::open_in_memory().expect("in-memory store"),
        name,
        lang,
    )
}

/// A store in a file of `dir` (which a second connection can read) with the English source
/// `name`.
fn file_store(dir: &tempfile::TempDir, name: &str) -> Store {
    let store = Store::open(&dir.path().join("airadar.db")).expect("file store");
    with_source(store, name, "en")
}

/// Prepares `report`'s feed as the fetch pipeline does, with `hint` and the `known` hashes;
/// returns how many items were extracted.
fn prepare_counting(
    report: &mut FetchReport,
    hint: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
    known: &KnownHashes,
) -> usize {
    let ahead = CountingExtractor::new();
    Store::prepare_feed(
        feed_of(report),
        hint,
        &|i: &_, h: Option<&str>, d| ahead.run(i, h, d),
        now,
        known,
    );
    ahead.calls.get()
}

/// Stores `report` at `now`; returns what changed and how many items the store extracted.
fn apply_counting(
    store: &mut Store,
    report: &FetchReport,
    now: chrono::DateTime<chrono::Utc>,
) -> (ApplySummary, usize) {
    let late = CountingExtractor::new();
    let summary = store
        .apply_fetch(
            report,
            &|i: &_, h: Option<&str>, d| late.run(i, h, d),
            &catalog(),
            now,
        )
        .expect("apply");
    (summary, late.calls.get())
}

/// Stores `items` as a fetch of `name` at `now`, extracting on the store's thread.
fn apply_plain(
    store: &mut Store,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
    items: Vec<ParsedItem>,
) {
    store
        .apply_fetch(&fetched(name, now, items), &toy_extract, &catalog(), now)
        .expect("plain apply");
}

fn feed_of(report: &mut FetchReport) -> &mut ParsedFeed {
    match &mut report.result {
        Ok(Fetched::Modified { feed, .. }) => feed,
        other => panic!("not a modified feed: {other:?}"),
    }
}

/// The report as JSON, without the parts that differ between two stores by construction.
fn stored_json(store: &Store, name: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let report = store
        .report(
            &[source(name, &format!("https://{name}.example/feed"))],
            now,
            None,
        )
        .expect("report");
    serde_json::to_string_pretty(&report).expect("serialisable")
}

#[test]
fn a_prepared_feed_is_stored_without_extracting_again_and_exactly_as_unprepared() {
    let day = at(2025, 2, 21, 9);
    let items = vec![
        item(
            Some("1"),
            None,
            "GPT-5 expected",
            "Microsoft adds 5 GW",
            Some(day),
        ),
        item(Some("2"), None, "  o3 released  ", "o3, GPT-4.5", Some(day)),
        item(
            Some("h"),
            Some("https://x/\x1b]52;c;cHduZWQ=\x07a"),
            "GPT-5\x1b[2J \u{202E}released\x07",
            "line\x1b]0;title\x07\n\nnext\u{200B}",
            Some(day),
        ),
    ];

    let mut plain = store_with("a", "en");
    apply_plain(&mut plain, "a", day, items.clone());

    let mut report = fetched("a", day, items);
    let ahead = prepare_counting(&mut report, Some("en"), day, &KnownHashes::new());
    assert_eq!(ahead, 3, "every item extracted ahead");
    let prepared = feed_of(&mut report);
    assert_eq!(prepared.items[1].title, "o3 released", "trimmed in place");
    assert_eq!(
        prepared.items[2].title, "GPT-5 released",
        "sanitised in place"
    );

    let mut store = store_with("a", "en");
    let (summary, late) = apply_counting(&mut store, &report, day);
    assert_eq!(summary.new, 3);
    assert_eq!(late, 0, "the store did not extract again");
    assert_eq!(stored_json(&store, "a", day), stored_json(&plain, "a", day));
}

/// [`toy_extract`], with control characters, escape sequences, padding and a repeat in every
/// string it returns, as an extractor quoting a hostile feed might.
fn hostile_extract(
    item: &airadar::feeds::ParsedItem,
    hint: Option<&str>,
    date: chrono::NaiveDate,
) -> airadar::extract::Extraction {
    let mut found = toy_extract(item, hint, date);
    found.lang = " en\x1b[31m ".into();
    for name in &mut found.models {
        *name = format!(" {name}\x1b[2J ");
    }
    for claim in &mut found.claims {
        claim.subject = format!("\u{202E}{} ", claim.subject);
        claim.evidence = format!("said \x1b]52;c;cHduZWQ=\x07{}", claim.evidence);
    }
    for note in &mut found.capacity {
        note.provider = format!(" {}\x07", note.provider);
        note.note = format!("{}\x1b[0m!", note.note);
    }
    found.providers = [" Azure\x1b[1m", "Azure", "", "AWS\x07 "]
        .map(String::from)
        .to_vec();
    found
}

#[test]
fn an_extractors_strings_are_sanitised_as_stored_whether_it_ran_ahead_or_not() {
    let day = at(2025, 2, 21, 9);
    let items = vec![item(
        Some("1"),
        None,
        "GPT-5 released, o3 expected",
        "Microsoft adds 5 GW",
        Some(day),
    )];
    let mut plain = store_with("a", "en");
    plain
        .apply_fetch(
            &fetched("a", day, items.clone()),
            &hostile_extract,
            &catalog(),
            day,
        )
        .expect("plain apply");
    let mut report = fetched("a", day, items);
    Store::prepare_feed(
        feed_of(&mut report),
        Some("en"),
        &hostile_extract,
        day,
        &KnownHashes::new(),
    );
    let mut store = store_with("a", "en");
    store
        .apply_fetch(&report, &toy_extract, &catalog(), day)
        .expect("prepared apply");

    let json = stored_json(&store, "a", day);
    assert_eq!(json, stored_json(&plain, "a", day));
    for bad in ['\x1b', '\x07', '\u{202E}'] {
        assert!(!json.contains(bad), "{bad:?} stored: {json}");
    }
    let report = store
        .report(&[source("a", "https://a.example/feed")], day, None)
        .expect("report");
    let item = &report.items[0];
    assert_eq!(
        item.providers,
        ["Azure", "AWS"],
        "trimmed, cleaned, each once"
    );
    assert_eq!(item.lang.as_deref(), Some("en"));
    let mut models: Vec<_> = report.models.iter().map(|m| m.name.as_str()).collect();
    models.sort_unstable();
    assert_eq!(models, ["GPT-5", "o3"]);
    assert!(report.capacity.iter().all(|n| n.provider == "Microsoft"));
    assert!(json.contains("said GPT-5 released."), "{json}");
}

#[test]
fn a_prepared_result_for_another_hint_or_date_is_not_used() {
    let day = at(2025, 2, 21, 9);
    let items = vec![item(Some("1"), None, "GPT-5 released", "", Some(day))];

    // Prepared with the feed's own language, but the source's configured one wins.
    let mut report = fetched("a", day, items);
    feed_of(&mut report).lang = Some("pt".into());
    Store::prepare_feed(
        feed_of(&mut report),
        None,
        &toy_extract,
        day,
        &KnownHashes::new(),
    );
    let mut store = store_with("a", "es");
    let (_, late) = apply_counting(&mut store, &report, day);
    assert_eq!(late, 1, "re-extracted with the source's hint");
    assert!(stored_json(&store, "a", day).contains("\"lang\": \"es\""));

    // An undated item keeps the date it was first seen; an update prepared later assumed
    // "now", so the store extracts it again against the kept date.
    let seen = at(2025, 3, 1, 8);
    let mut store = store_with("b", "en");
    let first = vec![item(Some("u"), None, "GPT-5 released", "v1", None)];
    apply_plain(&mut store, "b", seen, first);
    let later = at(2025, 3, 9, 8);
    let mut update = fetched(
        "b",
        later,
        vec![item(Some("u"), None, "GPT-5 released", "v2", None)],
    );
    Store::prepare_feed(
        feed_of(&mut update),
        Some("en"),
        &toy_extract,
        later,
        &KnownHashes::new(),
    );
    let (summary, late) = apply_counting(&mut store, &update, later);
    assert_eq!((summary.updated, late), (1, 1));
    let json = stored_json(&store, "b", later);
    assert!(json.contains("\"start\": \"2025-03-01\""), "{json}");
    assert!(!json.contains("\"start\": \"2025-03-09\""), "{json}");
}

#[test]
fn items_stored_already_and_unchanged_are_not_extracted_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = at(2025, 2, 21, 9);
    let v1 = vec![
        item(
            Some("1"),
            None,
            "GPT-5 expected",
            "Microsoft adds 5 GW",
            Some(day),
        ),
        item(Some("2"), None, "o3 released", "o3 ships", Some(day)),
    ];
    let mut store = file_store(&dir, "a");
    apply_plain(&mut store, "a", day, v1.clone());
    let known = store
        .known_items()
        .expect("a file store can be read beside its writer");
    assert!(
        known.hashes("nobody").is_empty(),
        "an unknown source has nothing stored"
    );
    let hashes = known.hashes("a");
    assert_eq!(hashes.len(), 2, "{hashes:?}");

    // The same feed again, with one item edited and one new.
    let later = at(2025, 2, 22, 9);
    let mut v2 = v1.clone();
    v2[1] = item(
        Some("2"),
        None,
        "o3 released",
        "o3 ships to everyone",
        Some(day),
    );
    v2.push(item(
        Some("3"),
        None,
        "Llama 4 delayed",
        "to May",
        Some(later),
    ));
    let mut report = fetched("a", later, v2.clone());
    let ahead = prepare_counting(&mut report, Some("en"), later, &hashes);
    assert_eq!(ahead, 2, "the edited and the new item only");
    let (summary, late) = apply_counting(&mut store, &report, later);
    assert_eq!((summary.new, summary.updated), (1, 1));
    assert_eq!(late, 0, "the store did not extract either");

    // Exactly what storing both fetches without preparing stores.
    let mut plain = store_with("a", "en");
    apply_plain(&mut plain, "a", day, v1);
    apply_plain(&mut plain, "a", later, v2);
    store.refresh_models(&catalog()).expect("refresh");
    plain.refresh_models(&catalog()).expect("refresh");
    assert_eq!(
        stored_json(&store, "a", later),
        stored_json(&plain, "a", later)
    );
}

#[test]
fn an_item_skipped_as_unchanged_but_edited_meanwhile_is_extracted_by_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let day = at(2025, 2, 21, 9);
    let v1 = vec![item(Some("1"), None, "GPT-5 expected", "in May", Some(day))];
    let v2 = vec![item(Some("1"), None, "GPT-5 delayed", "to June", Some(day))];
    let mut store = file_store(&dir, "a");
    apply_plain(&mut store, "a", day, v1.clone());
    let hashes = store.known_items().expect("reader").hashes("a");
    // Another fetch stores an edit after the hashes were read...
    apply_plain(&mut store, "a", day, v2);
    // ...and then this one, prepared against the older hashes, brings v1 back.
    let mut report = fetched("a", day, v1.clone());
    let ahead = prepare_counting(&mut report, Some("en"), day, &hashes);
    assert_eq!(ahead, 0, "skipped: unchanged as far as the hashes knew");
    let (summary, late) = apply_counting(&mut store, &report, day);
    assert_eq!(
        (summary.updated, late),
        (1, 1),
        "extracted on the store's thread"
    );
    let mut plain = store_with("a", "en");
    apply_plain(&mut plain, "a", day, v1);
    store.refresh_models(&catalog()).expect("refresh");
    plain.refresh_models(&catalog()).expect("refresh");
    assert_eq!(stored_json(&store, "a", day), stored_json(&plain, "a", day));
}

#[test]
fn a_store_in_memory_has_no_reader_beside_it() {
    assert!(store_with("a", "en").known_items().is_none());
}

/// A fetch that answers from a table: a feed, 304, or an error.
fn scripted() -> FetchFn {
    Arc::new(|source, _validators| {
        Box::pin(async move {
            match source.name.as_str() {
                "fresh" => Ok(Fetched::Modified {
                    status: 200,
                    validators: Validators::default(),
                    bytes: 10,
                    feed: ParsedFeed {
                        items: vec![item(Some("1"), None, "GPT-5 released", "", None)],
                        ..ParsedFeed::default()
                    },
                }),
                "same" => Ok(Fetched::NotModified),
                _ => Err(FetchError::Other("down".into())),
            }
        })
    })
}

#[tokio::test]
async fn the_pipeline_prepares_only_modified_feeds_off_the_async_threads() {
    // The test's runtime has one thread, this one: the blocking pool is any other.
    let async_thread = std::thread::current().id();
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let prepare: PrepareFn = Arc::new(move |source, feed| {
        seen.fetch_add(1, Ordering::SeqCst);
        assert_ne!(
            std::thread::current().id(),
            async_thread,
            "not on the async thread"
        );
        feed.title = Some(format!("prepared for {}", source.name));
    });
    let sources = ["fresh", "same", "down"].map(|n| source(n, &format!("https://{n}.example/")));
    let reports = fetch_each_once(
        &sources,
        3,
        &HashMap::new(),
        with_prepare(scripted(), prepare, Arc::new(CoreBudget::new(2))),
        chrono::Utc::now,
        None,
    )
    .await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let by_name: HashMap<_, _> = reports.iter().map(|r| (r.source.as_str(), r)).collect();
    match &by_name["fresh"].result {
        Ok(Fetched::Modified { feed, .. }) => {
            assert_eq!(feed.title.as_deref(), Some("prepared for fresh"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(by_name["same"].result, Ok(Fetched::NotModified)));
    assert!(by_name["down"].result.is_err());
}

#[test]
fn a_burst_is_stored_in_one_go_and_a_bad_result_loses_none_of_the_others() {
    let day = at(2025, 2, 21, 9);
    let mut store = Store::open_in_memory().expect("in-memory store");
    let sources = ["a", "b"].map(|n| source(n, &format!("https://{n}.example/feed")));
    store.sync_sources(&sources).expect("sync");
    let a = fetched(
        "a",
        day,
        vec![item(Some("1"), None, "GPT-5 released", "", Some(day))],
    );
    let unknown = fetched(
        "nobody",
        day,
        vec![item(Some("2"), None, "o3", "", Some(day))],
    );
    let b = fetched(
        "b",
        day,
        vec![item(Some("3"), None, "o3 expected", "", Some(day))],
    );

    let results = store.apply_fetches_deferred(&[&a, &unknown, &b], &toy_extract, day);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().map(|s| s.new).ok(), Some(1));
    assert!(
        matches!(&results[1], Err(e) if e.to_string().contains("nobody")),
        "{:?}",
        results[1]
    );
    assert_eq!(results[2].as_ref().map(|s| s.new).ok(), Some(1));
    store.refresh_models(&catalog()).expect("refresh");
    let report = store.report(&sources, day, None).expect("report");
    let mut titles: Vec<_> = report.items.iter().map(|i| i.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, ["GPT-5 released", "o3 expected"]);
    assert_eq!(report.models.len(), 2, "summaries of both stored results");
}
