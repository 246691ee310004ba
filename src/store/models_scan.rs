//! Model summaries from one pass over the mention and claim tables, instead of one look-up per
//! model through the indexes: for the end of a first fetch, when every model is stale and those
//! indexes are not built yet (`Store::finish_fetch`).

use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;

use super::StoreError;
use super::models::{
    Entries, Helper, LedgerRow, ModelFacts, SourceNames, Summaries, mention, summarise_with,
};

/// Every mention, in table order.
const ALL_MENTIONS: &str = "SELECT model, source_id, published FROM item_models";

/// Every claim, in table order, in `models::LedgerRow`'s columns (those of
/// `models::LEDGER_CLAIMS`) plus subject (10).
const ALL_CLAIMS: &str =
    "SELECT kind, start, end, precision, source_id, NULL, NULL, published, fingerprint, id,
        subject
     FROM claims";

/// Rows reserved at most before reading claims (their largest id bounds their number).
const RESERVE_MAX: i64 = 1 << 20;

/// What `models::summarise` computes for `names`, from the same rows (each model's claims in the
/// same order, by date and id), read in one pass.
///
/// The claims are held as plain numbers in one vector, sorted by model, and made into ledger
/// claims one model at a time: 25,000 items' 46,000 claims take ~3 MB so.
pub(crate) fn summarise_scanning(
    conn: &Connection,
    names: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
) -> Result<Summaries, StoreError> {
    let sources = SourceNames::read(conn)?;
    // Each model by its position in `names`, the order in which `summarise_with` asks.
    let position: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let model = |text: rusqlite::types::ValueRef<'_>| {
        text.as_str().ok().and_then(|n| position.get(n).copied())
    };
    let mut mentions: Vec<(usize, i64, i64)> = Vec::new();
    let mut stmt = conn.prepare(ALL_MENTIONS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(m) = model(r.get_ref(0)?) {
            mentions.push((m, r.get(2)?, r.get(1)?));
        }
    }
    let most: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM claims", [], |r| r.get(0))?;
    let mut claims: Vec<(usize, LedgerRow)> =
        Vec::with_capacity(most.clamp(0, RESERVE_MAX) as usize);
    let mut stmt = conn.prepare(ALL_CLAIMS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(m) = model(r.get_ref(10)?)
            && let Some(row) = LedgerRow::read(r)?
        {
            claims.push((m, row));
        }
    }
    // By model; within one, mentions may come in any order (`summarize_ledger` counts them and
    // takes their first and last dates), but claims go oldest first, as through the index.
    mentions.sort_unstable_by_key(|&(model, ..)| model);
    claims.sort_unstable_by_key(|(m, row)| (*m, row.published_ms, row.id));
    let (mut mentions, mut claims) = (&mentions[..], &claims[..]);
    // The index build has the other core: a helper thread would only hold more memory.
    let read = |name: &str| {
        let m = position[name];
        let found = take_while(&mut mentions, |&(of, ..)| of == m);
        let about = take_while(&mut claims, |(of, _)| *of == m);
        Ok(Entries {
            mentions: found
                .iter()
                .filter_map(|&(_, published, source)| mention(published, source, &sources))
                .collect(),
            ids: about.iter().map(|(_, row)| row.id).collect(),
            claims: about
                .iter()
                .map(|(_, row)| row.claim(name, &sources))
                .collect(),
        })
    };
    summarise_with(conn, names, facts, read, Helper::None)
}

/// Splits off the leading elements of `rest` for which `of` holds.
fn take_while<'a, T>(rest: &mut &'a [T], of: impl Fn(&T) -> bool) -> &'a [T] {
    let n = rest.iter().take_while(|x| of(x)).count();
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    head
}
