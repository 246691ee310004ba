//! When to write: fetch results that arrive close together are stored in one transaction.
//!
//! A commit writes every page its transaction touched, and a new item touches a leaf page in
//! each index ordered by date (items, mentions, claims, capacity): items of one feed are spread
//! over months, so small transactions rewrite nearly every leaf page of those indexes each time.
//! A cold fetch of 500 feeds committed in bursts of about 7 results wrote 350 MB of log for a
//! 64 MB database. So the store waits up to [`WRITE_PACE`] after its previous write for more
//! results to join a burst; that wait costs nothing when storing is the bottleneck (results are
//! already waiting) and little when it is not (the store is idle anyway).

use std::time::{Duration, Instant};

use crate::feeds::{FetchReport, Fetched};

/// At most this many fetch results are stored in one transaction.
pub const MAX_BURST: usize = 40;

/// A burst stops growing at this many items: what a burst holds in memory is its feeds, and a
/// few huge feeds must not hold as much as 40 ordinary ones (the bench's feeds have 50 items).
pub const MAX_BURST_ITEMS: usize = 2_000;

/// Results that may wait, fetched and prepared, while a burst is being written: as many as a
/// burst holds, so the next burst is ready when a write ends. Until this round the queue also
/// carried a start notice per fetch, so it held about half as many results, and a fetch that
/// had its concurrency slot waited for room for its notice: the store then waited up to the
/// pace for its next burst, ~50 ms after most writes. Counting results only, 48 queued and
/// 48 per burst took the peak of a cold fetch of 500 feeds from 52-55 MB to 58-59.5 MB; 40
/// and 40 keep it at 54-57 MB (as fast within this noisy machine's spread).
pub const QUEUED_RESULTS: usize = MAX_BURST;

/// A write starts at least this long after the previous one began, unless a burst is full
/// before: results that arrive meanwhile join it. 250 ms took a cold fetch from about 65
/// commits to 8 and its CPU time down 15 %, and a dashboard still shows new items within a
/// quarter of a second of their fetch.
pub const WRITE_PACE: Duration = Duration::from_millis(250);

/// Fetch results gathered for one transaction.
#[derive(Debug, Default)]
pub struct Burst {
    reports: Vec<FetchReport>,
    items: usize,
}

impl Burst {
    /// Adds a result (as the fetch pipeline sends them, boxed).
    pub fn push(&mut self, report: Box<FetchReport>) {
        self.items += match &report.result {
            Ok(Fetched::Modified { feed, .. }) => feed.items.len(),
            _ => 0,
        };
        self.reports.push(*report);
    }

    /// Whether it holds as many results or items as one transaction should.
    pub fn is_full(&self) -> bool {
        self.reports.len() >= MAX_BURST || self.items >= MAX_BURST_ITEMS
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// The results, in arrival order.
    pub fn reports(&self) -> Vec<&FetchReport> {
        self.reports.iter().collect()
    }

    /// Frees the burst on a thread of its own. The store's thread is what a cold fetch waits
    /// for, and freeing a full burst's feeds (allocated on the threads that parsed them) was
    /// about 3 % of its work.
    pub fn discard(self) {
        if self.items == 0 {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("airadar-free".into())
            .spawn(move || drop(self));
        // Without a thread (the system is out of them), the burst was dropped right here.
        drop(spawned);
    }
}

/// When a burst begun after a write that started at `last_write` stops waiting for more.
pub fn deadline(last_write: Instant) -> Instant {
    last_write + WRITE_PACE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::{FetchError, ParsedFeed, ParsedItem};

    fn report(result: Result<Fetched, FetchError>) -> Box<FetchReport> {
        Box::new(FetchReport {
            source: "s".into(),
            started: chrono::DateTime::UNIX_EPOCH,
            elapsed: Duration::ZERO,
            result,
            next_due: chrono::DateTime::UNIX_EPOCH,
            failures: 0,
        })
    }

    fn modified(items: usize) -> Box<FetchReport> {
        let feed = ParsedFeed {
            items: vec![ParsedItem::default(); items],
            ..ParsedFeed::default()
        };
        report(Ok(Fetched::Modified {
            status: 200,
            validators: Default::default(),
            bytes: 0,
            feed,
        }))
    }

    fn failed() -> Box<FetchReport> {
        report(Err(FetchError::Timeout(Duration::from_secs(1))))
    }

    #[test]
    fn full_at_the_result_cap_even_without_items() {
        let mut burst = Burst::default();
        assert!(burst.is_empty());
        for _ in 0..MAX_BURST - 1 {
            burst.push(failed());
        }
        assert!(!burst.is_full());
        burst.push(failed());
        assert!(burst.is_full());
        assert_eq!(burst.reports().len(), MAX_BURST);
    }

    #[test]
    fn full_at_the_item_cap_with_few_results() {
        let mut burst = Burst::default();
        burst.push(modified(MAX_BURST_ITEMS - 1));
        assert!(!burst.is_full());
        burst.push(modified(1));
        assert!(burst.is_full());
        assert_eq!(burst.reports().len(), 2);
    }
}
