//! Rows derived from one item by extraction: model mentions, claims, capacity notes (and the
//! item's `providers` column).
//!
//! Written when an item is inserted, replaced when it changes, deleted with it (foreign keys
//! cascade). Every write records which models it touched so their summaries can be refreshed.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::StoreError;
use super::codec::date_number;
use crate::extract::Extraction;
use crate::report::QuantityReport;
use crate::sanitize::clean;

/// The stored item extraction rows belong to; mention, claim and capacity rows copy its source,
/// link and date (see the schema).
pub(crate) struct ItemRef<'a> {
    /// Item id.
    pub id: i64,
    /// Its source's id.
    pub source_id: i64,
    /// Its link.
    pub url: Option<&'a str>,
    /// Its publication time in stored form (milliseconds).
    pub published: i64,
    /// Its near-duplicate fingerprint, as stored (the u64's bit pattern).
    pub fingerprint: i64,
}

/// Sanitises, in place, every string of `found` that is stored: text from the extractor is
/// quoted from the feed, so it is sanitised like the item itself. Names are trimmed as well;
/// an empty model name stays (a mention's position counts it) and is skipped when written.
/// Providers are also made unique, in order, as the item's `providers` column lists them.
///
/// Run where the feed was parsed (`prepare_items`), so the store's thread, which every write
/// waits for, only writes.
pub(crate) fn sanitize(mut found: Extraction) -> Extraction {
    tidy(&mut found.lang, |s| clean(s.trim()));
    for name in &mut found.models {
        tidy(name, |s| clean(s.trim()));
    }
    for claim in &mut found.claims {
        tidy(&mut claim.subject, |s| clean(s.trim()));
        tidy(&mut claim.evidence, clean);
    }
    for note in &mut found.capacity {
        tidy(&mut note.provider, |s| clean(s.trim()));
        tidy(&mut note.note, clean);
    }
    let mut providers: Vec<String> = Vec::with_capacity(found.providers.len());
    for mut name in std::mem::take(&mut found.providers) {
        tidy(&mut name, |s| clean(s.trim()));
        if !name.is_empty() && !providers.contains(&name) {
            providers.push(name);
        }
    }
    found.providers = providers;
    found
}

/// Replaces `s` by `f(s)` when that differs (allocating only then: most strings are clean).
fn tidy(s: &mut String, f: impl Fn(&str) -> std::borrow::Cow<'_, str>) {
    let changed = match f(s) {
        std::borrow::Cow::Borrowed(same) if same.len() == s.len() => None,
        other => Some(other.into_owned()),
    };
    if let Some(changed) = changed {
        *s = changed;
    }
}

/// Stores what extraction found in an item; `found` must have been through [`sanitize`].
pub(crate) fn write(
    conn: &Connection,
    item: &ItemRef<'_>,
    found: &Extraction,
    touched: &mut BTreeSet<String>,
) -> Result<(), StoreError> {
    let item_id = item.id;
    let mut model = conn.prepare_cached(
        "INSERT OR IGNORE INTO item_models (item_id, position, model, source_id, published)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, name) in found.models.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        model.execute(params![
            item_id,
            position as i64,
            name,
            item.source_id,
            item.published
        ])?;
        note_touched(touched, name);
    }
    let mut claim = conn.prepare_cached(
        "INSERT INTO claims (item_id, source_id, item_url, published, subject, kind, start, end,
            precision, evidence, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for c in &found.claims {
        let subject = &c.subject;
        if subject.is_empty() {
            continue;
        }
        claim.execute(params![
            item_id,
            item.source_id,
            item.url,
            item.published,
            subject,
            c.kind.name(),
            c.window.map(|w| date_number(w.start)),
            c.window.map(|w| date_number(w.end)),
            c.window.map(|w| w.precision.name()),
            c.evidence,
            item.fingerprint
        ])?;
        note_touched(touched, subject);
    }
    let mut capacity = conn.prepare_cached(
        "INSERT INTO capacity (item_id, source_id, item_url, published, provider, note, quantities)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for note in &found.capacity {
        // Kept in the report's shape so reading it back needs no conversion.
        let quantities: Vec<QuantityReport> = note
            .quantities
            .iter()
            .map(|q| QuantityReport {
                value: q.value,
                unit: q.unit.name().to_string(),
            })
            .collect();
        capacity.execute(params![
            item_id,
            item.source_id,
            item.url,
            item.published,
            note.provider,
            note.note,
            serde_json::to_string(&quantities)?
        ])?;
    }
    Ok(())
}

/// Separates provider names in an item's `providers` column: a control character, which the
/// sanitiser removes from every name.
pub(crate) const PROVIDER_SEPARATOR: char = '\u{1f}';

/// An item's `providers` column: its providers' names (each once, in order, once `found` has
/// been through [`sanitize`]).
pub(crate) fn providers_column(found: &Extraction) -> String {
    found.providers.join(&PROVIDER_SEPARATOR.to_string())
}

/// The names in an item's `providers` column.
pub(crate) fn split_providers(column: &str) -> Vec<String> {
    column
        .split(PROVIDER_SEPARATOR)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// Adds `name` to `touched` (allocating only for a name not in it yet: most are).
fn note_touched(touched: &mut BTreeSet<String>, name: &str) {
    if !touched.contains(name) {
        touched.insert(name.to_string());
    }
}

/// Deletes what extraction stored for `item_id`, noting the models it had touched (they may no
/// longer be mentioned after the item changed).
pub(crate) fn clear(
    conn: &Connection,
    item_id: i64,
    touched: &mut BTreeSet<String>,
) -> Result<(), StoreError> {
    touched_by(conn, item_id, touched)?;
    for sql in [
        "DELETE FROM item_models WHERE item_id = ?1",
        "DELETE FROM claims WHERE item_id = ?1",
        "DELETE FROM capacity WHERE item_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([item_id])?;
    }
    Ok(())
}

/// Adds the models item `item_id` mentions or makes claims about to `touched`.
pub(crate) fn touched_by(
    conn: &Connection,
    item_id: i64,
    touched: &mut BTreeSet<String>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT model FROM item_models WHERE item_id = ?1
         UNION SELECT subject FROM claims WHERE item_id = ?1",
    )?;
    let names = stmt.query_map([item_id], |r| r.get::<_, String>(0))?;
    for name in names {
        touched.insert(name?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_column_keeps_order_drops_repeats_and_control_characters() {
        let found = Extraction {
            providers: ["Oracle", " AWS ", "Oracle", "", "Az\u{1f}ure\u{1b}[31m"]
                .map(String::from)
                .to_vec(),
            ..Extraction::default()
        };
        let column = providers_column(&sanitize(found));
        assert_eq!(split_providers(&column), ["Oracle", "AWS", "Azure"]);
        assert!(split_providers("").is_empty());
    }
}
