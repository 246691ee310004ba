//! A finished fetch task turned into a [`FetchReport`]: its timing, a panic caught as the
//! source's error, and the source's state and next due time updated with [`super::backoff`].

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use tokio::task::{Id, JoinError};

use super::backoff::{is_dead, next_due};
use super::schedule::{Clock, SourceState};
use super::{FetchError, FetchReport, Fetched};
use crate::config::FeedSource;

/// A fetch in flight: which slot, and when it started.
pub(super) struct Flight {
    pub(super) slot: usize,
    pub(super) started: DateTime<Utc>,
    pub(super) since: Instant,
}

/// What a fetch task hands back: its result, how long it took and when it really started
/// (after waiting for a concurrency slot).
pub(super) struct Done {
    result: Result<Fetched, FetchError>,
    elapsed: Duration,
    started: DateTime<Utc>,
}

pub(super) async fn timed(
    clock: Clock,
    fetch: BoxFuture<'static, Result<Fetched, FetchError>>,
) -> Done {
    let started = clock();
    let since = Instant::now();
    let result = fetch.await;
    Done {
        result,
        elapsed: since.elapsed(),
        started,
    }
}

/// A finished task's id and outcome; a panic becomes the source's error.
pub(super) fn unpack(joined: Result<(Id, Done), JoinError>) -> (Id, Result<Done, FetchError>) {
    match joined {
        Ok((id, done)) => (id, Ok(done)),
        Err(e) => (e.id(), Err(join_failure(e))),
    }
}

fn join_failure(e: JoinError) -> FetchError {
    if e.is_cancelled() {
        return FetchError::Other("internal error: the fetch was cancelled".into());
    }
    let payload = e.into_panic();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    tracing::error!(%message, "fetch task panicked");
    FetchError::Other(format!("internal error: the fetch panicked: {message}"))
}

/// Folds a finished fetch into the source's state and turns it into a report with its next
/// due time. `outcome` is `Err` when the task itself failed (panicked).
pub(super) fn settle(
    source: &FeedSource,
    state: &mut SourceState,
    flight: &Flight,
    outcome: Result<Done, FetchError>,
    now: DateTime<Utc>,
) -> FetchReport {
    let done = outcome.unwrap_or_else(|e| Done {
        result: Err(e),
        elapsed: flight.since.elapsed(),
        started: flight.started,
    });
    match &done.result {
        Ok(fetched) => {
            state.failures = 0;
            state.dead = false;
            if let Fetched::Modified { validators, .. } = fetched {
                state.validators = validators.clone();
            }
        }
        Err(e) => {
            state.failures = state.failures.saturating_add(1);
            state.dead = is_dead(e);
        }
    }
    let jitter = fastrand::f64() * 2.0 - 1.0;
    let err = done.result.as_ref().err();
    let due = next_due(now, source.refresh, state.failures, err, jitter);
    state.next_due = Some(due);
    FetchReport {
        source: source.name.clone(),
        started: done.started,
        elapsed: done.elapsed,
        result: done.result,
        next_due: due,
        failures: state.failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{SourceKind, SourceUrl};
    use crate::feeds::Validators;
    use tokio::task::JoinSet;

    fn source() -> FeedSource {
        FeedSource {
            name: "s".into(),
            url: "http://127.0.0.1/".into(),
            location: SourceUrl::Http("http://127.0.0.1/".into()),
            refresh: Duration::from_secs(600),
            lang: None,
            tags: Vec::new(),
            kind: SourceKind::Feed,
        }
    }

    fn fold(state: &mut SourceState, result: Result<Fetched, FetchError>) -> FetchReport {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let flight = Flight {
            slot: 0,
            started: now,
            since: Instant::now(),
        };
        let done = Done {
            result,
            elapsed: Duration::ZERO,
            started: now,
        };
        settle(&source(), state, &flight, Ok(done), now)
    }

    #[test]
    fn state_follows_results() {
        let etag = Validators {
            etag: Some("\"1\"".into()),
            last_modified: None,
        };
        let mut state = SourceState {
            validators: etag.clone(),
            failures: 3,
            ..Default::default()
        };
        // A 304 is a success that keeps the validators.
        let report = fold(&mut state, Ok(Fetched::NotModified));
        assert_eq!((report.failures, &state.validators), (0, &etag));
        assert_eq!(state.next_due, Some(report.next_due));
        fold(&mut state, Err(FetchError::Gone));
        assert!(state.dead && state.failures == 1);
        let report = fold(&mut state, Err(FetchError::Timeout(Duration::from_secs(1))));
        assert!(!state.dead && report.failures == 2);
        let fresh = Validators {
            etag: Some("\"2\"".into()),
            last_modified: None,
        };
        let modified = Fetched::Modified {
            status: 200,
            validators: fresh.clone(),
            bytes: 0,
            feed: Default::default(),
        };
        fold(&mut state, Ok(modified));
        assert_eq!((state.failures, &state.validators), (0, &fresh));
    }

    #[test]
    fn a_panic_becomes_the_sources_error() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let joined = rt.block_on(async {
            let mut tasks: JoinSet<Done> = JoinSet::new();
            tasks.spawn(async { panic!("kaput") });
            tasks.join_next_with_id().await.unwrap()
        });
        let (_, outcome) = unpack(joined);
        let err = outcome.err().unwrap();
        assert_eq!(
            err,
            FetchError::Other("internal error: the fetch panicked: kaput".into())
        );
    }
}
