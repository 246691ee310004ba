//! Handing memory the program has freed back to the system between the phases of a long
//! command. The allocator is the binary's choice (`main.rs`), so the binary says how.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Sets how [`release_freed`] gives freed memory back; the first call wins. Without one,
/// [`release_freed`] does nothing (tests, and a build whose allocator gives memory back alone).
pub fn on_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Gives back what the allocator holds freed, when the binary said how ([`on_release`]).
pub fn release_freed() {
    if let Some(release) = RELEASE.get() {
        release();
    }
}

/// A release that only counts its calls, for tests that check a phase gives memory back.
/// Every test registers this same function, so whichever registers first, all of them count.
#[cfg(test)]
pub(crate) mod counting {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    /// Registers [`count`] as the release (once per process; later calls change nothing).
    pub(crate) fn install() {
        super::on_release(count);
    }

    fn count() {
        CALLS.fetch_add(1, Ordering::SeqCst);
    }

    /// Releases counted so far in this process (other tests' included: compare a difference).
    pub(crate) fn calls() -> usize {
        CALLS.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::counting;

    #[test]
    fn release_runs_the_function_the_binary_set() {
        counting::install();
        let before = counting::calls();
        super::release_freed();
        super::release_freed();
        assert!(counting::calls() >= before + 2);
    }
}
