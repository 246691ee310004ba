//! The offline demo corpus: `config/demo.toml` and its feed files, embedded in the binary.
//!
//! Why both: from a source checkout the files beside the build are used directly, so editing
//! the corpus needs no rebuild; an installed binary has no checkout, so it writes its embedded
//! copy to `<cache dir>/airadar/demo/` and the demo config resolves its relative feed paths
//! there. Nothing is written into the user's config folder.

use std::path::{Path, PathBuf};

use super::ConfigError;

/// The demo configuration, as shipped.
pub const DEMO_TOML: &str = include_str!("../../config/demo.toml");

/// The demo feed files: path relative to the folder holding `demo.toml`, and content.
pub const DEMO_FILES: &[(&str, &str)] = &[
    (
        "demo/compute-wire.rss.xml",
        include_str!("../../config/demo/compute-wire.rss.xml"),
    ),
    (
        "demo/olhar-ia.pt.rss.xml",
        include_str!("../../config/demo/olhar-ia.pt.rss.xml"),
    ),
    (
        "demo/xataka-ia.es.atom.xml",
        include_str!("../../config/demo/xataka-ia.es.atom.xml"),
    ),
    (
        "demo/hn-ai-compute.json",
        include_str!("../../config/demo/hn-ai-compute.json"),
    ),
    (
        "demo/status-summary.json",
        include_str!("../../config/demo/status-summary.json"),
    ),
    (
        "demo/openrouter-models.json",
        include_str!("../../config/demo/openrouter-models.json"),
    ),
    (
        "demo/broken-feed.xml",
        include_str!("../../config/demo/broken-feed.xml"),
    ),
];

/// The folder holding `demo.toml`: the checkout's `config/` when it exists, else the embedded
/// copy written under `cache_dir` (normally `dirs::cache_dir()`).
pub fn demo_dir(cache_dir: Option<PathBuf>) -> Result<PathBuf, ConfigError> {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    if checkout.join("demo.toml").is_file() {
        return Ok(checkout);
    }
    let dir = cache_dir
        .ok_or_else(|| ConfigError::Demo {
            dir: PathBuf::from("<cache dir>"),
            message: "this system has no cache folder".to_owned(),
        })?
        .join("airadar")
        .join("demo");
    write_demo(&dir)?;
    Ok(dir)
}

/// Writes `demo.toml` and the demo feed files into `dir`, rewriting only what differs, so a
/// newer binary refreshes an older copy and an unchanged one costs no writes.
pub fn write_demo(dir: &Path) -> Result<(), ConfigError> {
    let fail = |e: std::io::Error| ConfigError::Demo {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    };
    let files = std::iter::once(("demo.toml", DEMO_TOML)).chain(DEMO_FILES.iter().copied());
    for (relative, content) in files {
        let path = dir.join(relative);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == content) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, content).map_err(fail)?;
    }
    Ok(())
}
