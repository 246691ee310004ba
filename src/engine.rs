//! The background side of the app: the fetch scheduler and the store worker.
//!
//! The UI loop talks to it only through owned messages: it sends [`EngineCommand`]s and
//! receives [`EngineEvent`]s. It never waits on the network or the disk.

use crate::feeds::FeedUpdate;
use crate::report::Report;

/// Something the UI asks the background side to do.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineCommand {
    /// Fetch every source now.
    RefreshAll,
    /// Fetch one source now (by name).
    Refresh(String),
    /// Mark an item read or unread.
    SetRead(i64, bool),
    /// Star or unstar an item.
    SetStarred(i64, bool),
    /// Load an item's full text for the reader.
    LoadItem(i64),
    /// Stop background work.
    Shutdown,
}

/// Something the background side tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// A fresh view of the store (sent at start and after each stored fetch).
    Snapshot(Box<Report>),
    /// A fetch started or finished.
    Feed(FeedUpdate),
    /// Fetches in flight and sources in this round, for the progress indicator.
    Progress {
        /// Fetches finished in the current round.
        done: usize,
        /// Fetches in the current round.
        total: usize,
    },
    /// An item's full text, answering [`EngineCommand::LoadItem`].
    ItemText {
        /// Item id.
        id: i64,
        /// Plain, sanitised text.
        text: String,
    },
    /// A background failure worth showing (store error, a task panicked).
    Error(String),
}
