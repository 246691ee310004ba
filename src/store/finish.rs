//! The end of a fetch: deferred indexes built, stale summaries refreshed. After a first fetch
//! into a file, the indexes are built on the store's connection while a second, read-only
//! connection summarises the models on the other core.
//!
//! Building the indexes (~100 ms for 25,000 items) and then refreshing the summaries through
//! two of them (~45 ms) were the last fifth of a cold `airadar fetch`, on one core. Here the
//! summaries are computed from one pass over the tables (`models_scan`), which needs no index,
//! in a snapshot taken before the build. They are written only if no other connection (another
//! airadar process) committed since; if one did, the refresh is done again in the write, as
//! before, so nothing it stored is summarised stale.

use std::collections::BTreeSet;

use rusqlite::Connection;

use super::apply::catalog_facts;
use super::models::{self, ModelFacts, Summaries};
use super::{Store, StoreError, bulk, known, models_scan};
use crate::extract::Catalog;

/// Page cache of the summarising connection, in KiB: it reads each table once, in order.
const CACHE_KIB: i64 = 256;

/// What [`Store::finish_fetch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Finished {
    /// Deferred indexes built.
    pub indexes: usize,
    /// Model summaries refreshed.
    pub models: usize,
    /// Whether the summaries were computed beside the index build; else after it, as
    /// [`Store::refresh_models`] does (a database in memory, no index deferred, or another
    /// connection wrote meanwhile).
    pub beside: bool,
}

impl Store {
    /// Ends a fetch: builds the indexes [`Store::defer_indexes_if_empty`] deferred, if any, and
    /// refreshes every stale model summary. That is what [`Store::build_deferred_indexes`] then
    /// [`Store::refresh_models`] do, except that after a first fetch into a file the summaries
    /// are computed on a second connection while the indexes are built.
    pub fn finish_fetch(&mut self, catalog: &Catalog) -> Result<Finished, StoreError> {
        self.finish_with(catalog, || {})
    }

    /// [`Store::finish_fetch`], running `meanwhile` once the indexes are built and before
    /// the summaries are written (tests write through another connection there).
    pub(crate) fn finish_with(
        &mut self,
        catalog: &Catalog,
        meanwhile: impl FnOnce(),
    ) -> Result<Finished, StoreError> {
        let facts = |name: &str| catalog_facts(catalog, name);
        let path = self.conn.path().filter(|p| !p.is_empty()).map(String::from);
        let reader = match path {
            Some(path) if bulk::pending(&self.conn)? > 0 => {
                known::open_reader(path.as_ref(), CACHE_KIB)
                    .inspect_err(|e| tracing::warn!("summaries wait for the indexes: {e}"))
                    .ok()
            }
            _ => None,
        };
        let Some(reader) = reader else {
            let indexes = self.build_deferred_indexes()?;
            let models = self.refresh_models(catalog)?;
            return Ok(Finished {
                indexes,
                models,
                beside: false,
            });
        };
        let version = data_version(&self.conn)?;
        let (built, summarised) = std::thread::scope(|scope| {
            let facts = &facts;
            let summarising = std::thread::Builder::new()
                .name("airadar-summary".into())
                .spawn_scoped(scope, move || summarise(&reader, facts));
            let built = self.build_deferred_indexes();
            meanwhile();
            let summarised = summarising
                .inspect_err(|e| tracing::warn!("no thread to summarise beside the indexes: {e}"))
                .ok()
                .map(|thread| {
                    thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                });
            (built, summarised)
        });
        let indexes = built?;
        let summarised = summarised.and_then(|done| {
            done.inspect_err(|e| tracing::warn!("summaries computed again in the writer: {e}"))
                .ok()
        });
        self.write(|tx| {
            let (names, summaries) = match summarised {
                Some(done) if data_version(tx)? == version => done,
                _ => {
                    let models = models::refresh_dirty(tx, &BTreeSet::new(), facts)?;
                    return Ok(Finished {
                        indexes,
                        models,
                        beside: false,
                    });
                }
            };
            summaries.write(tx)?;
            models::clear_dirty(tx, &names)?;
            Ok(Finished {
                indexes,
                models: names.len(),
                beside: true,
            })
        })
    }
}

/// The stale models and their new summaries, read in one snapshot of the file.
fn summarise(
    reader: &Connection,
    facts: &(impl Fn(&str) -> Option<ModelFacts> + Sync),
) -> Result<(BTreeSet<String>, Summaries), StoreError> {
    let snapshot = reader.unchecked_transaction()?;
    let names = models::dirty(&snapshot)?;
    let summaries = models_scan::summarise_scanning(&snapshot, &names, facts)?;
    Ok((names, summaries))
}

/// SQLite's count of commits by other connections, as this connection last saw it.
fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use chrono::{DateTime, NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::config::{FeedSource, SourceKind, SourceUrl};
    use crate::extract::{Claim, ClaimKind, Extraction, Precision, TimeWindow};
    use crate::feeds::{FetchReport, Fetched, ParsedFeed, ParsedItem, Validators};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap()
    }

    fn source(name: &str) -> FeedSource {
        let url = format!("https://{name}.example/feed");
        FeedSource {
            name: name.into(),
            location: SourceUrl::Http(url.clone()),
            url,
            refresh: Duration::from_secs(900),
            lang: Some("en".into()),
            tags: Vec::new(),
            kind: SourceKind::Feed,
        }
    }

    /// A 200 from `source` with one item per title, an hour apart.
    fn fetched(source: &str, titles: &[&str]) -> FetchReport {
        let items = titles
            .iter()
            .enumerate()
            .map(|(i, title)| ParsedItem {
                guid: Some(format!("{source}-{i}")),
                title: (*title).into(),
                published: Some(now() - chrono::Duration::hours(i as i64)),
                ..ParsedItem::default()
            })
            .collect();
        FetchReport {
            source: source.into(),
            started: now(),
            elapsed: Duration::from_millis(10),
            result: Ok(Fetched::Modified {
                status: 200,
                validators: Validators::default(),
                bytes: 100,
                feed: ParsedFeed {
                    title: None,
                    lang: None,
                    items,
                },
            }),
            next_due: now(),
            failures: 0,
        }
    }

    /// Each title's first word is the model it mentions, with a release claim on the day.
    fn extract(item: &ParsedItem, _: Option<&str>, published: NaiveDate) -> Extraction {
        let model = item.title.split(' ').next().unwrap_or_default().to_string();
        Extraction {
            lang: "en".into(),
            models: vec![model.clone()],
            claims: vec![Claim {
                subject: model,
                kind: ClaimKind::Released,
                window: Some(TimeWindow {
                    start: published,
                    end: published,
                    precision: Precision::Day,
                }),
                evidence: item.title.clone(),
            }],
            ..Extraction::default()
        }
    }

    /// Model names and mention counts, as the report shows them.
    fn models(store: &Store) -> Vec<(String, u64)> {
        let report = store.report(&[source("a"), source("b")], now(), None);
        let models = report.expect("report").models.into_iter();
        models.map(|m| (m.name, m.mentions)).collect()
    }

    /// A first fetch of source "a" into a new file, its indexes deferred.
    fn first_fetch(path: &Path) -> Store {
        let mut store = Store::open(path).expect("open");
        store.sync_sources(&[source("a"), source("b")]).unwrap();
        assert!(store.defer_indexes_if_empty().unwrap() > 0);
        let report = fetched("a", &["GPT-5 ships", "GPT-5 again", "o3 too"]);
        store
            .apply_fetch_deferred(&report, &extract, now())
            .expect("stored");
        store
    }

    #[test]
    fn after_a_first_fetch_the_summaries_are_computed_beside_the_index_build() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = first_fetch(&dir.path().join("airadar.db"));
        let finished = store.finish_fetch(&Catalog::default()).expect("finish");
        assert_eq!((finished.indexes > 0, finished.models), (true, 2));
        assert!(finished.beside);
        let expected = [("GPT-5".to_string(), 2), ("o3".to_string(), 1)];
        assert_eq!(models(&store), expected);
        // Nothing is left stale: a refresh finds nothing to do.
        assert_eq!(store.refresh_models(&Catalog::default()).unwrap(), 0);
    }

    #[test]
    fn a_write_by_another_process_meanwhile_is_summarised_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airadar.db");
        let mut store = first_fetch(&path);
        let finished = store
            .finish_with(&Catalog::default(), || {
                let mut other = Store::open(&path).expect("a second store");
                let report = fetched("b", &["GPT-5 elsewhere", "Gemini new"]);
                other
                    .apply_fetch_deferred(&report, &extract, now())
                    .expect("stored by the other");
            })
            .expect("finish");
        assert!(!finished.beside, "the snapshot summarised is stale");
        let expected = [("GPT-5", 3), ("Gemini", 1), ("o3", 1)];
        let expected: Vec<_> = expected.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        assert_eq!(models(&store), expected);
    }

    #[test]
    fn a_database_in_memory_refreshes_after_the_build() {
        let mut store = Store::open_in_memory().unwrap();
        store.sync_sources(&[source("a")]).unwrap();
        let report = fetched("a", &["GPT-5 ships"]);
        store
            .apply_fetch_deferred(&report, &extract, now())
            .unwrap();
        let finished = store.finish_fetch(&Catalog::default()).unwrap();
        assert_eq!(
            finished,
            Finished {
                indexes: 0,
                models: 1,
                beside: false
            }
        );
    }
}
