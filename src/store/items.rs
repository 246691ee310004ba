//! The `items` table: deduplicated storage of fetched items, and the user's read/starred marks.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::codec::{content_hash, from_ms, to_ms};
use super::extraction::{self, ItemRef};
use super::known::KnownHashes;
use super::{ExtractFn, StoreError};
use crate::extract::Extraction;
use crate::feeds::{Extracted, ParsedItem};
use crate::sanitize::{clean, clean_multiline};

/// What storing a feed's items changed.
#[derive(Debug, Default)]
pub(crate) struct StoredItems {
    /// Items inserted.
    pub new: usize,
    /// Items updated in place.
    pub updated: usize,
    /// Models whose summary must be recomputed: mentioned or claimed about by an inserted or
    /// updated item, before or after the update.
    pub touched_models: BTreeSet<String>,
}

/// `s` sanitised and without surrounding whitespace, including any that removing a character
/// left at an end ("x \u{7}" → "x"): cleaning the result again changes nothing, so an item
/// cleaned where it was parsed keeps the key and hash it was given there.
fn clean_trimmed(s: &str) -> Cow<'_, str> {
    match clean(s.trim()) {
        Cow::Borrowed(b) => Cow::Borrowed(b),
        Cow::Owned(o) if o.trim().len() == o.len() => Cow::Owned(o),
        Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
    }
}

/// An item's fields after sanitising, borrowed when they were already clean.
struct CleanItem<'a> {
    guid: Option<Cow<'a, str>>,
    url: Option<Cow<'a, str>>,
    title: Cow<'a, str>,
    text: Cow<'a, str>,
    published: Option<DateTime<Utc>>,
    updated: Option<DateTime<Utc>>,
}

impl<'a> CleanItem<'a> {
    fn new(item: &'a ParsedItem) -> Self {
        let present =
            |s: &'a Option<String>| s.as_deref().map(clean_trimmed).filter(|s| !s.is_empty());
        CleanItem {
            guid: present(&item.guid),
            url: present(&item.url),
            title: clean_trimmed(&item.title),
            text: clean_multiline(&item.text),
            published: item.published,
            updated: item.updated,
        }
    }

    /// Per-source identity: GUID, else link, else title and date (else the text, so items with
    /// none of those are not all merged into one).
    fn dedup_key(&self) -> String {
        if let Some(guid) = &self.guid {
            format!("g:{guid}")
        } else if let Some(url) = &self.url {
            format!("u:{url}")
        } else if !self.title.is_empty() || self.published.is_some() {
            let date = self.published.map(|p| p.to_rfc3339()).unwrap_or_default();
            format!("t:{}\u{1f}{date}", self.title)
        } else {
            format!("h:{:016x}", content_hash(&[&self.text]))
        }
    }

    /// Changes in any of these mean the item was edited at the source.
    fn content_hash(&self) -> i64 {
        let published = self.published.map(|p| p.to_rfc3339()).unwrap_or_default();
        content_hash(&[
            &self.title,
            &self.text,
            self.url.as_deref().unwrap_or(""),
            &published,
        ])
    }

    /// An owned, sanitised copy, not yet extracted.
    fn to_parsed(&self) -> ParsedItem {
        ParsedItem {
            guid: self.guid.as_deref().map(str::to_string),
            url: self.url.as_deref().map(str::to_string),
            title: self.title.to_string(),
            text: self.text.to_string(),
            published: self.published,
            updated: self.updated,
            extracted: None,
        }
    }

    /// Whether sanitising and trimming changed nothing in `raw`, the item this was made from.
    /// A field left as it was is borrowed from `raw` whole, and known equal without comparing
    /// its bytes.
    fn is_unchanged(&self, raw: &ParsedItem) -> bool {
        fn same(a: Option<&str>, b: Option<&str>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
                (a, b) => a == b,
            }
        }
        same(self.guid.as_deref(), raw.guid.as_deref())
            && same(self.url.as_deref(), raw.url.as_deref())
            && same(Some(&self.title), Some(&raw.title))
            && same(Some(&self.text), Some(&raw.text))
    }
}

/// Sanitises a feed's items in place and runs `extract` on each, recording the date and hint
/// it assumed, with the results sanitised and the item's key and hash; [`store_items`] then
/// uses those instead of working them out on its own thread. Meant for the thread that parsed
/// the feed: this is most of the CPU cost of storing an item.
///
/// An item whose key is in `known` with the same hash is stored already and unchanged, so
/// storing will leave it alone: it is not extracted (`found` is `None`).
pub(crate) fn prepare_items(
    items: &mut [ParsedItem],
    lang_hint: Option<&str>,
    extract: &ExtractFn<'_>,
    now: DateTime<Utc>,
    known: &KnownHashes,
) {
    for raw in items.iter_mut() {
        let item = CleanItem::new(raw);
        let (dedup_key, content_hash) = (item.dedup_key(), item.content_hash());
        if !item.is_unchanged(raw) {
            let cleaned = item.to_parsed();
            *raw = cleaned;
        }
        let date = raw.published.unwrap_or(now).date_naive();
        let found = (known.get(&dedup_key) != Some(&content_hash))
            .then(|| extraction::sanitize(extract(raw, lang_hint, date)));
        raw.extracted = Some(Box::new(Extracted {
            date,
            lang_hint: lang_hint.map(str::to_string),
            found,
            dedup_key,
            content_hash,
        }));
    }
}

/// What extraction found in `item` for `date` and `hint`, sanitised: the result computed ahead
/// of time when it assumed the same, else a fresh run.
fn extraction_for<'i>(
    raw: &'i ParsedItem,
    item: &CleanItem<'_>,
    hint: Option<&str>,
    date: NaiveDate,
    extract: &ExtractFn<'_>,
) -> Cow<'i, Extraction> {
    match raw.extracted.as_deref() {
        Some(Extracted {
            found: Some(found),
            date: assumed,
            lang_hint,
            ..
        }) if *assumed == date && lang_hint.as_deref() == hint && item.is_unchanged(raw) => {
            Cow::Borrowed(found)
        }
        _ => Cow::Owned(extraction::sanitize(extract(&item.to_parsed(), hint, date))),
    }
}

/// Inserts new items, updates changed ones in place (keeping id, first seen, read and starred)
/// and leaves unchanged ones alone. Only inserted and updated items are extracted, here unless
/// the thread that parsed the feed already did ([`prepare_items`]).
pub(crate) fn store_items(
    conn: &Connection,
    source_id: i64,
    lang_hint: Option<&str>,
    items: &[ParsedItem],
    extract: &ExtractFn<'_>,
    now: DateTime<Utc>,
) -> Result<StoredItems, StoreError> {
    let mut stored = StoredItems::default();
    // A feed that repeats a GUID: the first occurrence wins, so one fetch never both inserts and
    // "updates" the same item.
    let mut keys_in_feed = HashSet::new();
    let mut find = conn.prepare_cached(
        "SELECT id, content_hash, published FROM items WHERE source_id = ?1 AND dedup_key = ?2",
    )?;
    // A source with nothing stored yet (every source, on a first fetch) has nothing to find:
    // one look instead of one per item.
    let has_items: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM items WHERE source_id = ?1)")?
        .query_row([source_id], |r| r.get(0))?;
    for raw in items {
        let item = CleanItem::new(raw);
        // Worked out ahead by `prepare_items` unless the item changed since.
        let (key, hash) = match raw.extracted.as_deref() {
            Some(e) if item.is_unchanged(raw) => (Cow::Borrowed(&*e.dedup_key), e.content_hash),
            _ => (Cow::Owned(item.dedup_key()), item.content_hash()),
        };
        if !keys_in_feed.insert(key.clone()) {
            continue;
        }
        let existing: Option<(i64, i64, i64)> = if has_items {
            find.query_row(params![source_id, key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
        } else {
            None
        };
        match existing {
            Some((_, old_hash, _)) if old_hash == hash => {}
            Some((id, _, old_published)) => {
                // Without a date the item keeps the one it got when first seen.
                let published = item.published.map(to_ms).unwrap_or(old_published);
                extraction::clear(conn, id, &mut stored.touched_models)?;
                let date = from_ms(Some(published)).unwrap_or(now).date_naive();
                let found = extraction_for(raw, &item, lang_hint, date, extract);
                let lang = item_lang(&found.lang, lang_hint);
                conn.prepare_cached(
                    "UPDATE items SET guid = ?2, url = ?3, title = ?4, text = ?5, published = ?6,
                        updated = ?7, lang = ?8, fingerprint = ?9, content_hash = ?10,
                        providers = ?11
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    item.guid,
                    item.url,
                    item.title,
                    item.text,
                    published,
                    item.updated.map(to_ms),
                    lang,
                    found.fingerprint as i64, // bit pattern kept; SQLite has no u64
                    hash,
                    extraction::providers_column(&found)
                ])?;
                let at = ItemRef {
                    id,
                    source_id,
                    url: item.url.as_deref(),
                    published,
                    fingerprint: found.fingerprint as i64,
                };
                extraction::write(conn, &at, &found, &mut stored.touched_models)?;
                stored.updated += 1;
            }
            None => {
                let published = item.published.unwrap_or(now);
                let found = extraction_for(raw, &item, lang_hint, published.date_naive(), extract);
                let lang = item_lang(&found.lang, lang_hint);
                conn.prepare_cached(
                    "INSERT INTO items (source_id, dedup_key, guid, url, title, text, published,
                        updated, first_seen, lang, fingerprint, content_hash, providers)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    source_id,
                    key,
                    item.guid,
                    item.url,
                    item.title,
                    item.text,
                    to_ms(published),
                    item.updated.map(to_ms),
                    to_ms(now),
                    lang,
                    found.fingerprint as i64, // bit pattern kept; SQLite has no u64
                    hash,
                    extraction::providers_column(&found)
                ])?;
                let at = ItemRef {
                    id: conn.last_insert_rowid(),
                    source_id,
                    url: item.url.as_deref(),
                    published: to_ms(published),
                    fingerprint: found.fingerprint as i64,
                };
                extraction::write(conn, &at, &found, &mut stored.touched_models)?;
                stored.new += 1;
            }
        }
    }
    if stored.new > 0 {
        // New items are unread. (Deletes and read marks are counted by triggers.)
        conn.prepare_cached(
            "UPDATE sources SET item_count = item_count + ?2, unread_count = unread_count + ?2
             WHERE id = ?1",
        )?
        .execute(params![source_id, stored.new as i64])?;
    }
    Ok(stored)
}

/// The language the extractor settled on (sanitised with the rest of `found`), else the hint.
fn item_lang(found: &str, hint: Option<&str>) -> Option<String> {
    if found.is_empty() {
        hint.map(|h| clean(h).into_owned())
    } else {
        Some(found.to_string())
    }
}

/// A per-item mark the user sets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Flag {
    /// Read or unread.
    Read,
    /// Starred or not.
    Starred,
}

/// Sets a mark; false when no item has this id.
pub(crate) fn set_flag(
    conn: &Connection,
    id: i64,
    flag: Flag,
    value: bool,
) -> Result<bool, StoreError> {
    let sql = match flag {
        Flag::Read => "UPDATE items SET read = ?2 WHERE id = ?1",
        Flag::Starred => "UPDATE items SET starred = ?2 WHERE id = ?1",
    };
    Ok(conn.prepare_cached(sql)?.execute(params![id, value])? > 0)
}

/// Marks every unread item read, optionally only one source's; returns how many changed.
pub(crate) fn mark_all_read(conn: &Connection, source: Option<&str>) -> Result<usize, StoreError> {
    let changed = match source {
        Some(name) => conn
            .prepare_cached(
                "UPDATE items SET read = 1 WHERE read = 0
                 AND source_id = (SELECT id FROM sources WHERE name = ?1)",
            )?
            .execute([name])?,
        None => conn
            .prepare_cached("UPDATE items SET read = 1 WHERE read = 0")?
            .execute([])?,
    };
    Ok(changed)
}

/// An item's stored plain text.
pub(crate) fn text(conn: &Connection, id: i64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT text FROM items WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_a_trimmed_field_twice_changes_nothing_more() {
        for raw in [
            "  x \u{7}",
            "\u{1b}[0m y",
            "plain",
            " a\u{202E} b ",
            "\u{7}",
        ] {
            let once = clean_trimmed(raw).into_owned();
            assert_eq!(clean_trimmed(&once), once, "{raw:?}");
            assert_eq!(once.trim(), once, "{raw:?}");
        }
        assert!(matches!(clean_trimmed(" kept "), Cow::Borrowed("kept")));
    }
}
