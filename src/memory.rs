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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        CALLS.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn release_runs_the_function_the_binary_set() {
        super::on_release(count);
        super::release_freed();
        super::release_freed();
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    }
}
