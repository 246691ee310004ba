//! Driving a running engine the way the UI does: wait for an event or a snapshot, shut down.

use std::time::Duration;

use airadar::engine::{EngineCommand, EngineEvent, EngineHandle};
use airadar::report::Report;

/// Waits for the next event matching `pred`, failing after `within`.
pub async fn next_within<T>(
    engine: &mut EngineHandle,
    within: Duration,
    mut pred: impl FnMut(EngineEvent) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let event = tokio::time::timeout_at(deadline, engine.events.recv())
            .await
            .expect("engine event in time")
            .expect("engine still running");
        if let Some(found) = pred(event) {
            return found;
        }
    }
}

/// Waits for the next event matching `pred`, failing after 10 s.
pub async fn next<T>(engine: &mut EngineHandle, pred: impl FnMut(EngineEvent) -> Option<T>) -> T {
    next_within(engine, Duration::from_secs(10), pred).await
}

/// Waits for a snapshot satisfying `pred`.
pub async fn snapshot(engine: &mut EngineHandle, pred: impl Fn(&Report) -> bool) -> Report {
    next(engine, |e| match e {
        EngineEvent::Snapshot(r) if pred(&r) => Some(*r),
        _ => None,
    })
    .await
}

/// Sends Shutdown and waits for the store worker's last write.
pub async fn shutdown(engine: EngineHandle) {
    engine
        .commands
        .send(EngineCommand::Shutdown)
        .await
        .expect("send");
    let EngineHandle { worker, .. } = engine;
    tokio::task::spawn_blocking(move || worker.join())
        .await
        .expect("join");
}
