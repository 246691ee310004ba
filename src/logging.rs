//! Logs go to a file (tracing), never to the terminal the dashboard owns.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Sends `tracing` output to `path` (created with its folder), filtered by `AIRADAR_LOG`
/// (default `info`). Without a path, or if the file cannot be opened, logging is off: the
/// terminal is never used for logs.
pub fn init(path: Option<&Path>) {
    let Some(path) = path else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(path) else {
        return;
    };
    let filter = EnvFilter::try_from_env("AIRADAR_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}

/// Writes every panic to the log too, then runs the previous hook (which prints it). A panic
/// the feed parser's guard handles (`feeds::guard`) is only logged.
pub fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::feeds::guard::panic_expected() {
            tracing::debug!("handled panic: {info}");
            return;
        }
        tracing::error!("panic: {info}");
        previous(info);
    }));
}
