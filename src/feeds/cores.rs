//! A budget of cores shared by the threads that prepare fetched feeds and the one that stores
//! them, so the CPU-bound stages of a fetch never ask for more cores than there are.
//!
//! Preparing (extraction) can run on several threads; storing runs on one. When the store
//! simply competes with a feed per core, it gets a fraction of a core while it writes and falls
//! behind, and its backlog is written at the end with the other cores idle. When it is given a
//! core of its own, that core idles between its writes. So the store takes a core from this
//! budget only while it writes, and preparing uses whatever is left.
//!
//! The async runtime's blocking pool, where feeds are parsed and prepared, is sized from the
//! same cores ([`runtime`]).
//!
//! The store takes its core ahead of the feeds waiting to be prepared ([`CoreBudget::take_first`]):
//! in line with them, it waited while a dozen feeds were prepared one after another, the queue
//! of prepared feeds filled meanwhile, and then fetching stopped while the store wrote them.
//! The store and the fetchers took turns, each leaving a core idle.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// The async runtime every command runs on, its blocking pool sized by [`blocking_threads`].
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    runtime_with(blocking_threads(machine_cores()))
}

fn runtime_with(blocking: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(blocking)
        .enable_all()
        .build()
}

/// Threads in the runtime's blocking pool for `cores` cores: two per core, at least four.
///
/// Parsing a feed and preparing it are CPU-bound and run there, besides name lookups and file
/// reads. Tokio allows 512 such threads, and with eight fetches at once a cold fetch ran ~18 of
/// them on two cores: more threads than cores only took turns, each with its own allocator
/// cache, so the run was slower and held more memory. Two per core leaves room for the threads
/// waiting for a core of the [`CoreBudget`] and for name lookups.
pub fn blocking_threads(cores: usize) -> usize {
    (2 * cores).max(4)
}

fn machine_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Counting semaphore over the machine's cores (blocking: it is taken on the blocking pool and
/// on the store's own thread, never on an async worker).
#[derive(Debug)]
pub struct CoreBudget {
    count: Mutex<Count>,
    freed: Condvar,
}

#[derive(Debug)]
struct Count {
    /// Cores not taken.
    free: usize,
    /// Takers waiting with priority ([`CoreBudget::take_first`]).
    first_in_line: usize,
    /// Takers waiting, with priority or not.
    waiting: usize,
}

/// One core taken from a [`CoreBudget`], given back when dropped.
#[derive(Debug)]
pub struct Core<'a> {
    budget: &'a CoreBudget,
}

impl CoreBudget {
    /// A budget of `cores` (at least one).
    pub fn new(cores: usize) -> Self {
        Self {
            count: Mutex::new(Count {
                free: cores.max(1),
                first_in_line: 0,
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// A budget of this machine's cores.
    pub fn of_machine() -> Self {
        Self::new(machine_cores())
    }

    /// Waits for a free core that no [`CoreBudget::take_first`] is waiting for, and takes it.
    pub fn take(&self) -> Core<'_> {
        self.take_when(false)
    }

    /// Waits for a free core and takes it before any [`CoreBudget::take`] waiting.
    pub fn take_first(&self) -> Core<'_> {
        self.take_when(true)
    }

    fn take_when(&self, first: bool) -> Core<'_> {
        let mut count = self.lock();
        count.waiting += 1;
        count.first_in_line += usize::from(first);
        while count.free == 0 || (!first && count.first_in_line > 0) {
            count = self
                .freed
                .wait(count)
                .unwrap_or_else(PoisonError::into_inner);
        }
        count.waiting -= 1;
        count.first_in_line -= usize::from(first);
        count.free -= 1;
        Core { budget: self }
    }

    /// The count. (A poisoned lock only means a holder panicked; the count itself is always
    /// consistent, so it is used as it is.)
    fn lock(&self) -> MutexGuard<'_, Count> {
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Cores free right now.
    #[cfg(test)]
    fn free(&self) -> usize {
        self.lock().free
    }

    /// Takers waiting right now.
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.lock().waiting
    }
}

impl Drop for Core<'_> {
    fn drop(&mut self) {
        self.budget.lock().free += 1;
        // Every waiter re-checks: the one woken must not be an ordinary taker while a
        // priority taker keeps waiting.
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn two_blocking_threads_per_core_and_at_least_four() {
        assert_eq!(blocking_threads(1), 4);
        assert_eq!(blocking_threads(2), 4);
        assert_eq!(blocking_threads(8), 16);
    }

    #[test]
    fn the_blocking_pool_runs_no_more_threads_than_its_size() {
        let runtime = runtime_with(3).unwrap();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        runtime.block_on(async {
            let tasks: Vec<_> = (0..9)
                .map(|_| {
                    let (running, most) = (Arc::clone(&running), Arc::clone(&most));
                    tokio::task::spawn_blocking(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(30));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        });
        // Nine tasks that each hold their thread: three at a time, never more.
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_core_is_given_back_when_dropped() {
        let budget = CoreBudget::new(2);
        let a = budget.take();
        let b = budget.take();
        assert_eq!(budget.free(), 0);
        drop(a);
        assert_eq!(budget.free(), 1);
        drop(b);
        assert_eq!(budget.free(), 2);
    }

    #[test]
    fn a_budget_has_at_least_one_core() {
        let budget = CoreBudget::new(0);
        let _core = budget.take();
        assert_eq!(budget.free(), 0);
    }

    #[test]
    fn no_more_holders_at_once_than_cores() {
        let budget = Arc::new(CoreBudget::new(2));
        let holding = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (budget, holding, most) =
                    (Arc::clone(&budget), Arc::clone(&holding), Arc::clone(&most));
                std::thread::spawn(move || {
                    for _ in 0..200 {
                        let _core = budget.take();
                        let now = holding.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        holding.fetch_sub(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(most.load(Ordering::SeqCst) <= 2);
        assert_eq!(budget.free(), 2);
    }

    /// Waits until `n` takers are waiting on `budget`.
    fn until_waiting(budget: &CoreBudget, n: usize) {
        while budget.waiting() < n {
            std::thread::yield_now();
        }
    }

    #[test]
    fn a_priority_taker_gets_the_next_core_before_takers_that_waited_longer() {
        let budget = Arc::new(CoreBudget::new(1));
        let held = budget.take();
        let order = Arc::new(Mutex::new(Vec::new()));
        let taker = |first: bool, name: &'static str| {
            let (budget, order) = (Arc::clone(&budget), Arc::clone(&order));
            std::thread::spawn(move || {
                let _core = if first {
                    budget.take_first()
                } else {
                    budget.take()
                };
                order.lock().unwrap().push(name);
            })
        };
        let ordinary = [taker(false, "feed"), taker(false, "feed")];
        until_waiting(&budget, 2);
        let store = taker(true, "store");
        until_waiting(&budget, 3);
        drop(held);
        store.join().unwrap();
        for t in ordinary {
            t.join().unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["store", "feed", "feed"]);
        assert_eq!(budget.free(), 1);
    }
}
