//! Item storage: deduplication, in-place updates, user marks surviving re-fetches, extraction
//! only for new or changed items, incremental model summaries.

mod store_support;

use airadar::store::{ApplySummary, Store};
use store_support::*;

fn store_with(names: &[&str]) -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let sources: Vec<_> = names
        .iter()
        .map(|n| source(n, &format!("https://{n}.example/feed")))
        .collect();
    store.sync_sources(&sources).expect("sync");
    store
}

fn apply(store: &mut Store, report: &airadar::feeds::FetchReport) -> ApplySummary {
    store
        .apply_fetch(report, &toy_extract, &catalog(), report.started)
        .expect("apply")
}

fn titles(store: &Store, names: &[&str]) -> Vec<String> {
    let sources: Vec<_> = names
        .iter()
        .map(|n| source(n, &format!("https://{n}.example/feed")))
        .collect();
    let report = store
        .report(&sources, at(2030, 1, 1, 0), None)
        .expect("report");
    report.items.into_iter().map(|i| i.title).collect()
}

#[test]
fn dedup_by_guid_then_link_then_title_and_date() {
    let mut store = store_with(&["a"]);
    let day = at(2025, 2, 21, 9);
    let first = vec![
        item(Some("g1"), Some("https://x/1"), "By guid", "", Some(day)),
        item(None, Some("https://x/2"), "By link", "", Some(day)),
        item(None, None, "By title", "", Some(day)),
    ];
    assert_eq!(
        apply(&mut store, &fetched("a", day, first)),
        ApplySummary {
            new: 3,
            updated: 0,
            status: Some(200)
        }
    );
    // Same GUID with a new link, same link without GUID, same title and date: all known.
    let again = vec![
        item(
            Some("g1"),
            Some("https://x/moved"),
            "By guid",
            "",
            Some(day),
        ),
        item(None, Some("https://x/2"), "By link, edited", "", Some(day)),
        item(None, None, "By title", "", Some(day)),
    ];
    let summary = apply(&mut store, &fetched("a", at(2025, 2, 21, 10), again));
    assert_eq!(summary.new, 0);
    assert_eq!(
        summary.updated, 2,
        "the moved link and the edited title changed content"
    );
    // The same title on another date is another item.
    let other_day = vec![item(None, None, "By title", "", Some(at(2025, 2, 22, 9)))];
    assert_eq!(
        apply(&mut store, &fetched("a", at(2025, 2, 22, 10), other_day)).new,
        1
    );
    let mut stored = titles(&store, &["a"]);
    stored.sort();
    assert_eq!(
        stored,
        vec!["By guid", "By link, edited", "By title", "By title"]
    );
}

#[test]
fn dedup_is_per_source() {
    let mut store = store_with(&["a", "b"]);
    let day = at(2025, 2, 21, 9);
    let items = vec![item(Some("same"), None, "Wire story", "", Some(day))];
    assert_eq!(apply(&mut store, &fetched("a", day, items.clone())).new, 1);
    assert_eq!(apply(&mut store, &fetched("b", day, items)).new, 1);
    assert_eq!(titles(&store, &["a", "b"]).len(), 2);
}

#[test]
fn repeated_guid_in_one_feed_is_stored_once() {
    let mut store = store_with(&["a"]);
    let day = at(2025, 2, 21, 9);
    let items = vec![
        item(Some("dup"), None, "First", "", Some(day)),
        item(Some("dup"), None, "Second", "", Some(day)),
    ];
    let summary = apply(&mut store, &fetched("a", day, items));
    assert_eq!((summary.new, summary.updated), (1, 0));
    assert_eq!(titles(&store, &["a"]), vec!["First"]);
}

#[test]
fn changed_item_is_updated_in_place_keeping_marks() {
    let mut store = store_with(&["a"]);
    let day = at(2025, 2, 21, 9);
    let v1 = vec![item(Some("g"), None, "GPT-5 expected", "draft", Some(day))];
    apply(&mut store, &fetched("a", day, v1));
    let report = store.report(&[source("a", "https://a.example/feed")], day, None);
    let id = report.expect("report").items[0].id;
    assert!(store.set_read(id, true).expect("read"));
    assert!(store.set_starred(id, true).expect("star"));

    let v2 = vec![item(Some("g"), None, "GPT-5 released", "final", Some(day))];
    let summary = apply(&mut store, &fetched("a", at(2025, 2, 21, 12), v2));
    assert_eq!((summary.new, summary.updated), (0, 1));

    let report = store
        .report(&[source("a", "https://a.example/feed")], day, None)
        .expect("report");
    let stored = &report.items[0];
    assert_eq!(report.items.len(), 1);
    assert_eq!(stored.id, id, "updated in place");
    assert_eq!(stored.title, "GPT-5 released");
    assert!(stored.read && stored.starred, "marks kept");
    assert_eq!(store.item_text(id).expect("text").as_deref(), Some("final"));
    // Re-extracted: the old "expected" claim is gone, the "released" one is there.
    let kinds: Vec<_> = report.timeline.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, vec!["released"]);
}

#[test]
fn read_state_survives_refetch_and_unchanged_items_are_not_reextracted() {
    let mut store = store_with(&["a"]);
    let day = at(2025, 2, 21, 9);
    let items = vec![
        item(Some("1"), None, "GPT-5 one", "", Some(day)),
        item(Some("2"), None, "o3 two", "", Some(day)),
    ];
    let counter = CountingExtractor::new();
    let extract = |i: &_, h: Option<&str>, d| counter.run(i, h, d);
    store
        .apply_fetch(&fetched("a", day, items.clone()), &extract, &catalog(), day)
        .expect("first");
    assert_eq!(counter.calls.get(), 2);
    assert_eq!(store.mark_all_read(Some("a")).expect("mark"), 2);

    let later = at(2025, 2, 21, 10);
    let summary = store
        .apply_fetch(&fetched("a", later, items), &extract, &catalog(), later)
        .expect("second");
    assert_eq!((summary.new, summary.updated), (0, 0));
    assert_eq!(
        counter.calls.get(),
        2,
        "unchanged items are not extracted again"
    );
    let report = store
        .report(&[source("a", "https://a.example/feed")], later, None)
        .expect("report");
    assert!(report.items.iter().all(|i| i.read));
    assert_eq!(report.sources[0].unread, 0);
}

#[test]
fn undated_item_gets_first_seen_as_published_and_keeps_it() {
    let mut store = store_with(&["a"]);
    let seen = at(2025, 3, 1, 8);
    apply(
        &mut store,
        &fetched(
            "a",
            seen,
            vec![item(Some("u"), None, "No date", "v1", None)],
        ),
    );
    let later = at(2025, 3, 5, 8);
    let changed = vec![item(Some("u"), None, "No date", "v2", None)];
    assert_eq!(apply(&mut store, &fetched("a", later, changed)).updated, 1);
    let report = store
        .report(&[source("a", "https://a.example/feed")], later, None)
        .expect("report");
    assert_eq!(report.items[0].published, Some(seen));
}

#[test]
fn hostile_text_is_sanitised_before_it_is_stored() {
    let mut store = store_with(&["a"]);
    let day = at(2025, 2, 21, 9);
    let hostile = item(
        Some("h"),
        Some("https://x/\x1b]52;c;cHduZWQ=\x07a"),
        "GPT-5\x1b[2J \u{202E}news\x07",
        "line\x1b]0;title\x07\n\nnext\u{200B}",
        Some(day),
    );
    apply(&mut store, &fetched("a", day, vec![hostile]));
    let report = store
        .report(&[source("a", "https://a.example/feed")], day, None)
        .expect("report");
    let stored = &report.items[0];
    assert_eq!(stored.title, "GPT-5 news");
    assert_eq!(stored.url.as_deref(), Some("https://x/a"));
    assert_eq!(
        store.item_text(stored.id).expect("text").as_deref(),
        Some("line\n\nnext")
    );
}

#[test]
fn model_summaries_follow_new_updated_and_changed_items() {
    let mut store = store_with(&["a", "b"]);
    let day = at(2025, 2, 21, 9);
    apply(
        &mut store,
        &fetched(
            "a",
            day,
            vec![item(Some("1"), None, "GPT-4.5 expected", "", Some(day))],
        ),
    );
    let next = at(2025, 2, 27, 9);
    apply(
        &mut store,
        &fetched(
            "b",
            next,
            vec![item(
                Some("1"),
                None,
                "GPT-4.5 released, o3",
                "",
                Some(next),
            )],
        ),
    );
    let all = [
        source("a", "https://a.example/feed"),
        source("b", "https://b.example/feed"),
    ];
    let report = store.report(&all, next, None).expect("report");
    let names: Vec<_> = report.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["GPT-4.5", "o3"]);
    let gpt = &report.models[0];
    assert_eq!(
        gpt.vendor.as_deref(),
        Some("OpenAI"),
        "vendor from the catalogue"
    );
    assert_eq!(gpt.aliases, vec!["Orion"]);
    assert_eq!(gpt.mentions, 2);
    assert_eq!(gpt.first_seen, Some(day.date_naive()));
    assert_eq!(gpt.last_seen, Some(next.date_naive()));

    // Source b's item is edited and no longer mentions o3: o3's row disappears.
    let edited = vec![item(Some("1"), None, "GPT-4.5 released", "", Some(next))];
    apply(&mut store, &fetched("b", at(2025, 2, 27, 12), edited));
    let report = store.report(&all, next, None).expect("report");
    let names: Vec<_> = report.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["GPT-4.5"]);
}

#[test]
fn marks_on_missing_items_report_false() {
    let mut store = store_with(&["a"]);
    assert!(!store.set_read(404, true).expect("read"));
    assert!(!store.set_starred(404, true).expect("star"));
    assert_eq!(store.item_text(404).expect("text"), None);
}

#[test]
fn mark_all_read_can_target_one_source() {
    let mut store = store_with(&["a", "b"]);
    let day = at(2025, 2, 21, 9);
    for name in ["a", "b"] {
        let items = vec![
            item(Some("1"), None, "one", "", Some(day)),
            item(Some("2"), None, "two", "", Some(day)),
        ];
        apply(&mut store, &fetched(name, day, items));
    }
    assert_eq!(store.mark_all_read(Some("a")).expect("a"), 2);
    assert_eq!(store.mark_all_read(Some("a")).expect("again"), 0);
    assert_eq!(store.mark_all_read(None).expect("all"), 2);
}

#[test]
fn deferred_fetches_leave_summaries_for_one_refresh_that_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deferred.db");
    let all = [
        source("a", "https://a.example/feed"),
        source("b", "https://b.example/feed"),
    ];
    let day = at(2025, 2, 21, 9);
    {
        let mut store = Store::open(&path).expect("open");
        store.sync_sources(&all).expect("sync");
        for name in ["a", "b"] {
            let items = vec![item(Some("1"), None, "GPT-4.5 expected", "", Some(day))];
            let summary = store
                .apply_fetch_deferred(&fetched(name, day, items), &toy_extract, day)
                .expect("deferred");
            assert_eq!(summary.new, 1);
        }
        let report = store.report(&all, day, None).expect("report");
        assert!(report.models.is_empty(), "not summarised yet");
        assert_eq!(report.items.len(), 2, "the items themselves are stored");
    } // "Crash" before the refresh: the stale marks are in the file.
    let mut store = Store::open(&path).expect("reopen");
    assert_eq!(store.refresh_models(&catalog()).expect("refresh"), 1);
    assert_eq!(store.refresh_models(&catalog()).expect("again"), 0);
    let report = store.report(&all, day, None).expect("report");
    assert_eq!(report.models.len(), 1);
    assert_eq!(report.models[0].mentions, 2);
    assert_eq!(report.models[0].vendor.as_deref(), Some("OpenAI"));
}

#[test]
fn a_normal_fetch_also_refreshes_models_left_stale() {
    let mut store = store_with(&["a", "b"]);
    let day = at(2025, 2, 21, 9);
    let items = vec![item(Some("1"), None, "o3", "", Some(day))];
    store
        .apply_fetch_deferred(&fetched("a", day, items), &toy_extract, day)
        .expect("deferred");
    let items = vec![item(Some("1"), None, "GPT-5", "", Some(day))];
    apply(&mut store, &fetched("b", day, items));
    let all = [
        source("a", "https://a.example/feed"),
        source("b", "https://b.example/feed"),
    ];
    let report = store.report(&all, day, None).expect("report");
    let names: Vec<_> = report.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["GPT-5", "o3"]);
}

#[test]
fn a_ledger_read_before_its_refresh_never_shows_another_models_claim() {
    let mut store = store_with(&["a"]);
    let all = [source("a", "https://a.example/feed")];
    let day = at(2025, 2, 21, 9);
    let first = vec![item(Some("1"), None, "GPT-5 expected", "", Some(day))];
    apply(&mut store, &fetched("a", day, first));
    let before = store.report(&all, day, None).expect("report");
    assert_eq!(before.models[0].claims.len(), 1);
    // The item changes to speak of o3: its claim is replaced (SQLite may give the new claim the
    // old one's id), but GPT-5's summary is refreshed only later.
    let edited = vec![item(Some("1"), None, "o3 expected", "", Some(day))];
    let summary = store
        .apply_fetch_deferred(&fetched("a", day, edited), &toy_extract, day)
        .expect("deferred");
    assert_eq!(summary.updated, 1);
    let stale = store
        .report(&all, day, None)
        .expect("report with a stale ledger");
    let gpt5 = stale
        .models
        .iter()
        .find(|m| m.name == "GPT-5")
        .expect("stale row");
    assert!(gpt5.claims.is_empty(), "{:?}", gpt5.claims);
    store.refresh_models(&catalog()).expect("refresh");
    let fresh = store.report(&all, day, None).expect("report");
    let names: Vec<_> = fresh.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["o3"]);
    assert_eq!(fresh.models[0].claims.len(), 1);
}
