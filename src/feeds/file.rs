//! Local sources (`file://` URLs and plain paths): read under the same size cap as HTTP bodies.

use std::path::Path;

use tokio::io::AsyncReadExt;

use super::FetchError;
use crate::sanitize::clean;

/// Reads the whole file at `path`, refusing anything larger than `max_body` bytes.
///
/// The metadata length is checked first so an oversized file is refused without reading it;
/// the read itself is also limited, because the file may grow (or be a device or FIFO whose
/// length says nothing) between the check and the read.
pub async fn read_capped(path: &Path, max_body: u64) -> Result<Vec<u8>, FetchError> {
    let file_error = |e: std::io::Error| FetchError::File {
        path: clean(&path.display().to_string()).into_owned(),
        message: e.to_string(),
    };
    let meta = tokio::fs::metadata(path).await.map_err(file_error)?;
    if meta.is_dir() {
        return Err(FetchError::File {
            path: clean(&path.display().to_string()).into_owned(),
            message: "is a directory".into(),
        });
    }
    if meta.is_file() && meta.len() > max_body {
        return Err(FetchError::TooLarge { limit: max_body });
    }
    let file = tokio::fs::File::open(path).await.map_err(file_error)?;
    // Reading one byte past the cap tells "exactly at the cap" from "over it".
    let mut limited = file.take(max_body.saturating_add(1));
    // The length hint is bounded by the cap, so a lying or huge length cannot pre-allocate much.
    let hint = usize::try_from(meta.len().min(max_body)).unwrap_or(0);
    let mut body = Vec::with_capacity(hint);
    limited.read_to_end(&mut body).await.map_err(file_error)?;
    if body.len() as u64 > max_body {
        return Err(FetchError::TooLarge { limit: max_body });
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    #[test]
    fn reads_a_file_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        std::fs::write(&path, b"12345").unwrap();
        let body = runtime().block_on(read_capped(&path, 5)).unwrap();
        assert_eq!(body, b"12345");
    }

    #[test]
    fn refuses_a_file_over_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        std::fs::write(&path, b"123456").unwrap();
        let err = runtime().block_on(read_capped(&path, 5)).unwrap_err();
        assert_eq!(err, FetchError::TooLarge { limit: 5 });
    }

    #[test]
    fn missing_file_and_directory_are_file_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.xml");
        let err = runtime().block_on(read_capped(&missing, 5)).unwrap_err();
        assert!(
            matches!(&err, FetchError::File { path, .. } if path.ends_with("nope.xml")),
            "{err:?}"
        );
        let err = runtime().block_on(read_capped(dir.path(), 5)).unwrap_err();
        assert!(
            matches!(&err, FetchError::File { message, .. } if message == "is a directory"),
            "{err:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn endless_device_is_stopped_at_the_cap() {
        // /dev/zero reports length 0 and never ends: only the limited read stops it.
        let path = Path::new("/dev/zero");
        if !path.exists() {
            return;
        }
        let err = runtime().block_on(read_capped(path, 4096)).unwrap_err();
        assert_eq!(err, FetchError::TooLarge { limit: 4096 });
    }
}
