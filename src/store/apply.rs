//! Writing one fetch result inside the caller's transaction: the source's fetch state, then
//! (on 200) its items and what extraction found, and the models they touched.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{ApplySummary, ExtractFn, StoreError, items, models, sources};
use crate::extract::Catalog;
use crate::feeds::{FetchReport, Fetched};

/// Vendor and aliases of a model the catalogue knows.
pub(super) fn catalog_facts(catalog: &Catalog, name: &str) -> Option<models::ModelFacts> {
    catalog
        .model(name)
        .map(|m| (m.vendor.clone(), m.aliases.clone()))
}

/// Writes one fetch result inside the caller's transaction (see [`Store::apply_fetch`]).
pub(super) fn store_one(
    conn: &Connection,
    report: &FetchReport,
    extract: &ExtractFn<'_>,
    catalog: Option<&Catalog>,
    now: DateTime<Utc>,
) -> Result<ApplySummary, StoreError> {
    let source = sources::lookup(conn, &report.source)?;
    let outcome = sources::record_fetch(conn, source.id, report)?;
    let summary = match &report.result {
        Ok(Fetched::Modified { status, feed, .. }) => {
            let hint = source.lang.as_deref().or(feed.lang.as_deref());
            let stored = items::store_items(conn, source.id, hint, &feed.items, extract, now)?;
            match catalog {
                Some(catalog) => {
                    models::refresh_dirty(conn, &stored.touched_models, |name| {
                        catalog_facts(catalog, name)
                    })?;
                }
                None => models::mark_dirty(conn, &stored.touched_models)?,
            }
            ApplySummary {
                new: stored.new,
                updated: stored.updated,
                status: Some(*status),
            }
        }
        _ => ApplySummary {
            status: outcome,
            ..ApplySummary::default()
        },
    };
    Ok(summary)
}
