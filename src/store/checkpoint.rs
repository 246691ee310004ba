//! Checkpoints of the write-ahead log on a thread of their own, so a commit never waits for
//! the disk.
//!
//! SQLite's automatic checkpoint runs inside the commit that takes the log over its threshold:
//! it copies the log into the database file and syncs both files, and the store cannot write
//! until that is done. On the 2-core bench machine those syncs were 1.3 s of a 4.5 s cold fetch
//! (`strace -T`: about 100 fsyncs of 13 ms on average). Here a write-ahead-log hook on the
//! writer's connection replaces the automatic checkpoint: when a commit leaves the log at or
//! over [`CHECKPOINT_PAGES`], it wakes a thread that checkpoints through a connection of its
//! own. Its checkpoints are PASSIVE, so they never block the writer or a reader; the writer
//! goes on appending to the log while the previous part of it is copied and synced, and SQLite
//! starts the log over once everything in it has been copied.
//!
//! Durability is SQLite's, unchanged: a commit is in the log before it returns, and the log is
//! synced before any checkpoint copies it. If the thread cannot start, the store keeps SQLite's
//! automatic checkpoint.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::StoreError;
use super::schema;

/// Log size, in pages, from which a commit asks for a checkpoint: SQLite's own default for its
/// automatic checkpoint (4 MB of 4 KiB pages, 16 MB of the 16 KiB pages of new files).
pub(crate) const CHECKPOINT_PAGES: i32 = 1000;

/// The checkpoint thread of one writer connection. Dropping it stops the thread and waits for
/// it, so its connection is closed before the writer's (the last connection to close copies
/// what is left and removes the log).
#[derive(Debug)]
pub(crate) struct Checkpointer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread for the database at `path` and installs the hook on `writer`, which
    /// must already be in WAL mode. On error nothing is installed and `writer` keeps SQLite's
    /// automatic checkpoint.
    pub(crate) fn start(writer: &mut Connection, path: &Path) -> Result<Self, StoreError> {
        let conn = schema::connect(path)?;
        // It only copies log frames into the file: the page cache would hold nothing useful.
        conn.pragma_update(None, "cache_size", 16)?;
        // Room for one pending request: a request made while one waits adds nothing.
        let (wake, requests) = sync_channel(1);
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name("airadar-checkpoint".into())
            .spawn({
                let stop = Arc::clone(&stop);
                move || run(&conn, &requests, &stop)
            })
            .map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        let hook_wake = wake.clone();
        let installed = writer.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages| {
            if pages >= CHECKPOINT_PAGES {
                request(&hook_wake);
            }
            Ok(())
        }));
        let checkpointer = Checkpointer {
            wake,
            stop,
            thread: Some(thread),
        };
        // On failure the checkpointer is dropped here, which stops its thread.
        installed?;
        Ok(checkpointer)
    }

    /// Asks for a checkpoint whatever the size of the log, without waiting: after a large
    /// write that ends a run, so the copy overlaps what follows instead of all of it waiting
    /// for the close.
    pub(crate) fn request(&self) {
        request(&self.wake);
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // A blocking send: the thread takes requests as fast as it finishes checkpoints, and
        // must see one after `stop` is set to leave its loop.
        let _ = self.wake.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Asks for a checkpoint without waiting. Either outcome of a failed send is fine: a full
/// channel means one is already requested, a closed one that the thread has stopped.
fn request(wake: &SyncSender<()>) {
    let _ = wake.try_send(());
}

/// The thread: one PASSIVE checkpoint per request, until stopped.
fn run(conn: &Connection, requests: &Receiver<()>, stop: &AtomicBool) {
    while requests.recv().is_ok() {
        if stop.load(Ordering::Acquire) {
            break;
        }
        // (busy, frames in the log, frames copied): a partial copy is retried on the next
        // request, as SQLite's own automatic checkpoint would.
        let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        });
        match result {
            Ok((_, log, copied)) => tracing::trace!("checkpoint: {copied} of {log} frames"),
            Err(e) => tracing::debug!("background checkpoint failed: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use rusqlite::Connection;

    use super::*;

    fn writer(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t (x BLOB)").unwrap();
        conn
    }

    /// Commits about `pages` pages of log in one transaction.
    fn write_pages(conn: &Connection, pages: usize) {
        conn.execute_batch("BEGIN").unwrap();
        for _ in 0..pages {
            conn.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                .unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
    }

    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    /// Waits up to 10 s for the database file to pass `len` bytes.
    fn grows_past(path: &Path, len: u64) -> bool {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if file_len(path) > len {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn commits_leave_the_copy_to_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut conn = writer(&path);
        let checkpointer = Checkpointer::start(&mut conn, &path).unwrap();
        let before = file_len(&path);
        write_pages(&conn, 2 * CHECKPOINT_PAGES as usize);
        assert!(
            grows_past(&path, before + 4_000_000),
            "the thread copied the log"
        );
        drop(checkpointer);
        drop(conn);
        assert!(!Path::new(&format!("{}-wal", path.display())).exists());
    }

    #[test]
    fn a_request_copies_a_log_under_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut conn = writer(&path);
        let checkpointer = Checkpointer::start(&mut conn, &path).unwrap();
        let before = file_len(&path);
        write_pages(&conn, CHECKPOINT_PAGES as usize / 4);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(file_len(&path), before, "copied before any request");
        checkpointer.request();
        assert!(
            grows_past(&path, before + 500_000),
            "the thread copied the log"
        );
    }

    #[test]
    fn a_commit_over_the_threshold_does_not_checkpoint_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut conn = writer(&path);
        // The thread is stopped but the hook stays: nothing copies the log now, which shows
        // SQLite's automatic checkpoint (run inside the commit) is off.
        drop(Checkpointer::start(&mut conn, &path).unwrap());
        let before = file_len(&path);
        write_pages(&conn, 2 * CHECKPOINT_PAGES as usize);
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(
            file_len(&path),
            before,
            "the commit copied the log into the file"
        );
        // Closing still empties the log into the file.
        drop(conn);
        assert!(file_len(&path) > before + 4_000_000);
    }
}
