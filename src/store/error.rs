//! What can go wrong in the store, with messages that name the database file.

use std::path::PathBuf;

/// Why the store could not do what was asked. Messages name the file where it matters.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder for the database could not be created.
    #[error("cannot create the folder for {}: {source}", path.display())]
    CreateDir {
        /// The database path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The database path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file belongs to something else; it was left untouched.
    #[error("{} is not an airadar database: {reason}; it was left untouched", path.display())]
    Foreign {
        /// The database path.
        path: PathBuf,
        /// What it looks like instead.
        reason: String,
    },
    /// The file is an airadar database (or was) but is damaged; it was left untouched.
    #[error("{} is corrupt: {reason}; it was left untouched", path.display())]
    Corrupt {
        /// The database path.
        path: PathBuf,
        /// What SQLite reported.
        reason: String,
    },
    /// A newer airadar wrote this file; this one would not understand it.
    #[error(
        "{} has schema version {found}, newer than the {known} this airadar knows; upgrade airadar",
        path.display()
    )]
    TooNew {
        /// The database path.
        path: PathBuf,
        /// The file's `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Opening or preparing the file failed for another reason (permissions, locks...).
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The database path.
        path: PathBuf,
        /// What SQLite reported.
        source: rusqlite::Error,
    },
    /// A fetch result names a source that [`Store::sync_sources`] never saw.
    #[error("source {0:?} is not in the store; sync the configured sources first")]
    UnknownSource(String),
    /// A query failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored JSON column could not be read or written.
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
}

/// Whether SQLite says the file is damaged: "corrupt", or "not a database" (the header was
/// checked before SQLite saw the file, so that too means a damaged SQLite file).
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// The file `conn` has open, as errors name it.
pub(crate) fn file_of(conn: &rusqlite::Connection) -> PathBuf {
    PathBuf::from(conn.path().unwrap_or(":memory:"))
}

/// Gives a damaged page met by any statement, not only while opening, the same
/// [`StoreError::Corrupt`] that names the file.
pub(crate) trait NameCorrupt<T> {
    /// `self`, with a corruption error from SQLite turned into [`StoreError::Corrupt`].
    fn name_corrupt(self, conn: &rusqlite::Connection) -> Result<T, StoreError>;
}

impl<T> NameCorrupt<T> for Result<T, StoreError> {
    fn name_corrupt(self, conn: &rusqlite::Connection) -> Result<T, StoreError> {
        self.map_err(|e| match e {
            StoreError::Sqlite(e) if is_damage(&e) => StoreError::Corrupt {
                path: file_of(conn),
                reason: e.to_string(),
            },
            other => other,
        })
    }
}
