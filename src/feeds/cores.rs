//! A budget of cores shared by the threads that prepare fetched feeds and the one that stores
//! them, so the CPU-bound stages of a fetch never ask for more cores than there are.
//!
//! Preparing (extraction) can run on several threads; storing runs on one. When the store
//! simply competes with a feed per core, it gets a fraction of a core while it writes and falls
//! behind, and its backlog is written at the end with the other cores idle. When it is given a
//! core of its own, that core idles between its writes. So the store takes a core from this
//! budget only while it writes, and preparing uses whatever is left.

use std::sync::{Condvar, Mutex, PoisonError};

/// Counting semaphore over the machine's cores (blocking: it is taken on the blocking pool and
/// on the store's own thread, never on an async worker).
#[derive(Debug)]
pub struct CoreBudget {
    free: Mutex<usize>,
    freed: Condvar,
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
            free: Mutex::new(cores.max(1)),
            freed: Condvar::new(),
        }
    }

    /// A budget of this machine's cores.
    pub fn of_machine() -> Self {
        Self::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Waits for a free core and takes it. (A poisoned lock only means a holder panicked; the
    /// count itself is always consistent, so it is used as it is.)
    pub fn take(&self) -> Core<'_> {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .freed
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Core { budget: self }
    }

    /// Cores free right now.
    #[cfg(test)]
    fn free(&self) -> usize {
        *self.free.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Core<'_> {
    fn drop(&mut self) {
        let mut free = self
            .budget
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *free += 1;
        self.budget.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
}
