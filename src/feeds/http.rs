//! Fetching one source: conditional GET over HTTP(S) with timeouts, a streamed size cap and a
//! safe redirect policy, or a capped read of a local file; then parsing off the async threads.

use std::error::Error as StdError;
use std::time::Duration;

use chrono::Utc;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::redirect::Policy;

use super::backoff::{parse_http_date, parse_retry_after};
use super::parse::parse_document;
use super::{FetchError, Fetched, Validators, file};
use crate::config::{FeedSource, General, SourceKind, SourceUrl};
use crate::sanitize::clean;

/// At most this many redirect hops are followed.
pub const MAX_REDIRECTS: usize = 5;

/// Validators longer than this are dropped: they are sent back verbatim and stored.
const MAX_VALIDATOR_LEN: usize = 512;

/// What feed readers usually ask for; `*/*` last so odd servers still answer.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";

/// Fetches sources. Holds one HTTP client (connection pool, TLS config) for all of them.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    connect_timeout: Duration,
    max_body: u64,
}

/// A response body that passed the status and size checks, not yet parsed.
struct Download {
    status: u16,
    validators: Validators,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Why a redirect hop was refused; found again in reqwest's error chain to word the error.
#[derive(Debug)]
struct RefusedRedirect(String);

impl std::fmt::Display for RefusedRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for RefusedRedirect {}

impl Fetcher {
    /// Builds the HTTP client from `[general]`: User-Agent, connect and total timeouts,
    /// gzip/brotli/deflate, and a redirect policy of at most [`MAX_REDIRECTS`] http(s) hops.
    pub fn new(general: &General) -> Result<Fetcher, FetchError> {
        // reqwest is built without a bundled crypto provider; ring is installed process-wide.
        // Err means a provider is already installed (by us or the embedding program): fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let user_agent = if general.user_agent.trim().is_empty() {
            format!("airadar/{}", env!("CARGO_PKG_VERSION"))
        } else {
            general.user_agent.clone()
        };
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(general.connect_timeout)
            .timeout(general.timeout)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .redirect(redirect_policy())
            .build()
            .map_err(|e| FetchError::Other(format!("cannot build HTTP client: {}", chain(&e))))?;
        Ok(Fetcher {
            client,
            timeout: general.timeout,
            connect_timeout: general.connect_timeout,
            max_body: general.max_body,
        })
    }

    /// Fetches `source`, sending `validators` for a conditional GET, and parses what came back.
    ///
    /// A 304 returns [`Fetched::NotModified`] without parsing. Files are always read in full.
    pub async fn fetch(
        &self,
        source: &FeedSource,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let download = match &source.location {
            SourceUrl::Http(url) => {
                // reqwest's own total timeout covers connect, headers and body; this outer one
                // is a backstop so no code path can wait longer than configured.
                let backstop = self.timeout + Duration::from_millis(250);
                match tokio::time::timeout(backstop, self.download(url, validators)).await {
                    Ok(Ok(Some(download))) => download,
                    Ok(Ok(None)) => return Ok(Fetched::NotModified),
                    Ok(Err(e)) => return Err(e),
                    Err(_) => return Err(FetchError::Timeout(self.timeout)),
                }
            }
            SourceUrl::File(path) => {
                // A FIFO or a hung network mount must not hold the source forever either.
                let read = file::read_capped(path, self.max_body);
                let body = tokio::time::timeout(self.timeout, read)
                    .await
                    .map_err(|_| FetchError::Timeout(self.timeout))??;
                Download {
                    status: 200,
                    validators: Validators::default(),
                    content_type: None,
                    body,
                }
            }
        };
        parse(download, source.kind).await
    }

    /// GETs `url`; `None` means 304 Not Modified.
    async fn download(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Option<Download>, FetchError> {
        let mut request = self.client.get(url).header(header::ACCEPT, ACCEPT);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        let mut response = request.send().await.map_err(|e| self.map_error(&e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(status_error(status.as_u16(), response.headers()));
        }
        if let Some(len) = response.content_length()
            && len > self.max_body
        {
            return Err(FetchError::TooLarge {
                limit: self.max_body,
            });
        }
        let validators = validators_from(response.headers());
        let content_type = header_text(response.headers(), header::CONTENT_TYPE);
        // The length hint is capped so a lying Content-Length cannot make us pre-allocate.
        let hint = response.content_length().unwrap_or(0).min(self.max_body);
        let mut body = Vec::with_capacity(usize::try_from(hint.min(1 << 20)).unwrap_or(0));
        // Chunks arrive decompressed, so the cap bounds what we hold, not what was sent.
        while let Some(chunk) = response.chunk().await.map_err(|e| self.map_error(&e))? {
            if (body.len() + chunk.len()) as u64 > self.max_body {
                return Err(FetchError::TooLarge {
                    limit: self.max_body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Some(Download {
            status: status.as_u16(),
            validators,
            content_type,
            body,
        }))
    }

    fn map_error(&self, e: &reqwest::Error) -> FetchError {
        if e.is_timeout() {
            let limit = if e.is_connect() {
                self.connect_timeout
            } else {
                self.timeout
            };
            return FetchError::Timeout(limit);
        }
        if let Some(refused) = find_source::<RefusedRedirect>(e) {
            return FetchError::Redirect(clean(&refused.0).into_owned());
        }
        if e.is_redirect() {
            return FetchError::Redirect(chain(e));
        }
        if e.is_connect() || e.is_request() || e.is_body() {
            return FetchError::Connect(chain(e));
        }
        if e.is_decode() {
            return FetchError::Other(format!("cannot decode the body: {}", chain(e)));
        }
        FetchError::Other(chain(e))
    }
}

/// Parses on the blocking pool: a large feed must not stall the async threads.
async fn parse(download: Download, kind: SourceKind) -> Result<Fetched, FetchError> {
    let Download {
        status,
        validators,
        content_type,
        body,
    } = download;
    let bytes = body.len();
    let feed =
        tokio::task::spawn_blocking(move || parse_document(&body, content_type.as_deref(), kind))
            .await
            .map_err(|e| FetchError::Other(format!("internal error: parser failed: {e}")))??;
    Ok(Fetched::Modified {
        status,
        validators,
        bytes,
        feed,
    })
}

/// At most [`MAX_REDIRECTS`] hops, no loops, and only to http or https: a feed must never be
/// able to point the fetcher at `file:///etc/passwd` or another protocol.
fn redirect_policy() -> Policy {
    Policy::custom(|attempt| {
        let next = attempt.url().clone();
        if !matches!(next.scheme(), "http" | "https") {
            return attempt.error(RefusedRedirect(format!(
                "to {next}: only http and https are followed"
            )));
        }
        // `previous` holds every URL requested so far, the original one included.
        if attempt.previous().contains(&next) {
            return attempt.error(RefusedRedirect(format!("redirect loop back to {next}")));
        }
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(RefusedRedirect(format!(
                "more than {MAX_REDIRECTS} redirects (next was {next})"
            )));
        }
        attempt.follow()
    })
}

/// The error for a non-success status that was not followed as a redirect.
fn status_error(status: u16, headers: &HeaderMap) -> FetchError {
    match status {
        410 => FetchError::Gone,
        300..=399 => {
            // A 3xx reaching here was not followed: no Location, or one that cannot be an
            // http(s) URL (reqwest hands back redirects to `file:` and the like unfollowed).
            match header_text(headers, header::LOCATION) {
                Some(location) if !is_http_location(&location) => {
                    FetchError::Redirect(format!("to {location}: only http and https are followed"))
                }
                Some(location) => {
                    FetchError::Redirect(format!("HTTP {status} to {location} not followed"))
                }
                None => FetchError::Redirect(format!("HTTP {status} without a Location")),
            }
        }
        429 | 503 => {
            // Relative to the server's own clock when it sends one, so clock skew cancels out.
            let now = header_text(headers, header::DATE)
                .and_then(|d| parse_http_date(&d))
                .unwrap_or_else(Utc::now);
            let retry_after =
                header_text(headers, header::RETRY_AFTER).and_then(|v| parse_retry_after(&v, now));
            FetchError::Status {
                status,
                retry_after,
            }
        }
        _ => FetchError::Status {
            status,
            retry_after: None,
        },
    }
}

fn is_http_location(location: &str) -> bool {
    match location.split_once(':') {
        // No colon, or one after a slash or query: a relative reference, resolved as http(s).
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        _ => true,
    }
}

/// ETag and Last-Modified of a 200, to send back next time.
fn validators_from(headers: &HeaderMap) -> Validators {
    let keep = |v: String| (v.len() <= MAX_VALIDATOR_LEN).then_some(v);
    Validators {
        etag: header_text(headers, header::ETAG).and_then(keep),
        last_modified: header_text(headers, header::LAST_MODIFIED).and_then(keep),
    }
}

/// A header as text, if present and visible ASCII (anything else is not worth keeping).
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(HeaderValue::to_str)
        .and_then(Result::ok)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn find_source<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        current = err.source();
    }
    None
}

/// An error and its causes on one line, without repeats and without control characters.
fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    clean(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_errors() {
        let mut headers = HeaderMap::new();
        assert_eq!(status_error(410, &headers), FetchError::Gone);
        assert_eq!(
            status_error(404, &headers),
            FetchError::Status {
                status: 404,
                retry_after: None
            }
        );
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        for code in [429, 503] {
            assert_eq!(
                status_error(code, &headers),
                FetchError::Status {
                    status: code,
                    retry_after: Some(Duration::from_secs(30))
                }
            );
        }
        // Only 429 and 503 carry Retry-After.
        assert_eq!(
            status_error(500, &headers),
            FetchError::Status {
                status: 500,
                retry_after: None
            }
        );
    }

    #[test]
    fn unfollowed_redirects_say_why() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::LOCATION,
            HeaderValue::from_static("file:///etc/passwd"),
        );
        let err = status_error(302, &headers).to_string();
        assert!(err.contains("file:///etc/passwd"), "{err}");
        assert!(err.contains("only http and https"), "{err}");
        assert!(is_http_location("/feed?next=a:b"));
        assert!(is_http_location("HTTPS://example.com/"));
        assert!(!is_http_location("ftp://example.com/"));
    }

    #[test]
    fn oversized_or_binary_validators_are_dropped() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, HeaderValue::from_static("\"abc\""));
        let long = "x".repeat(MAX_VALIDATOR_LEN + 1);
        headers.insert(header::LAST_MODIFIED, HeaderValue::from_str(&long).unwrap());
        let v = validators_from(&headers);
        assert_eq!(v.etag.as_deref(), Some("\"abc\""));
        assert_eq!(v.last_modified, None);
        headers.insert(header::ETAG, HeaderValue::from_bytes(b"\xff\xfe").unwrap());
        assert_eq!(validators_from(&headers).etag, None);
    }
}
