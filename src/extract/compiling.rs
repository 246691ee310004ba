//! An [`Extractor`] compiled on a thread of its own, so start-up does not wait for it.
//!
//! Compiling the matchers takes ~40 ms, longer than opening the database and drawing the first
//! frame together. The dashboard and `airadar fetch` start it first and go on; the first feed
//! that needs it (a few milliseconds of downloading and parsing later) waits only for the rest.

use std::sync::{Arc, OnceLock};

use super::{Catalog, Extractor};

/// A shared handle to an extractor that may still be compiling. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SharedExtractor(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    catalog: Catalog,
    compiled: OnceLock<Extractor>,
}

impl SharedExtractor {
    /// Starts compiling the extractor for `catalog` on a new thread. If the thread cannot be
    /// started, the first [`SharedExtractor::get`] compiles it instead.
    pub fn compile_in_background(catalog: Catalog) -> SharedExtractor {
        let shared = SharedExtractor::lazy(catalog);
        let warm = shared.clone();
        let started = std::thread::Builder::new()
            .name("airadar-compile".into())
            .spawn(move || {
                warm.get();
            });
        if let Err(e) = started {
            tracing::warn!("extractor compiled on first use: {e}");
        }
        shared
    }

    /// A handle that compiles the extractor on its first [`SharedExtractor::get`].
    pub fn lazy(catalog: Catalog) -> SharedExtractor {
        SharedExtractor(Arc::new(Inner {
            catalog,
            compiled: OnceLock::new(),
        }))
    }

    /// A handle to an extractor compiled already.
    pub fn ready(extractor: Extractor) -> SharedExtractor {
        let catalog = extractor.catalog().clone();
        SharedExtractor(Arc::new(Inner {
            catalog,
            compiled: OnceLock::from(extractor),
        }))
    }

    /// The extractor, waiting for (or doing) its compilation if it is not finished.
    pub fn get(&self) -> &Extractor {
        let inner = &*self.0;
        inner
            .compiled
            .get_or_init(|| Extractor::new(inner.catalog.clone()))
    }

    /// The catalogue it compiles, available at once.
    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// Whether compilation has finished.
    pub fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_handle_sees_the_one_extractor_compiled_in_the_background() {
        let shared = SharedExtractor::compile_in_background(Catalog::embedded());
        let other = shared.clone();
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| shared.get() as *const Extractor as usize);
            let b = s.spawn(|| other.get() as *const Extractor as usize);
            (a.join().expect("a"), b.join().expect("b"))
        });
        assert_eq!(a, b, "compiled once");
        assert!(shared.is_compiled());
        let found = shared.get().extract(&crate::extract::ItemText {
            title: "GPT-5 is expected in 2025",
            body: "",
            lang_hint: Some("en"),
            published: chrono::NaiveDate::from_ymd_opt(2025, 1, 2).expect("date"),
        });
        assert!(found.models.iter().any(|m| m == "GPT-5"), "{found:?}");
    }

    #[test]
    fn a_lazy_handle_compiles_on_first_use() {
        let shared = SharedExtractor::lazy(Catalog::embedded());
        assert!(!shared.is_compiled());
        shared.get();
        assert!(shared.is_compiled());
    }
}
