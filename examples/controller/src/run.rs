//! The loop: watched changes in, debounced, compiled, applied.

use crate::apply::{Retry, execute_all};
use crate::inputs::InputEvent;
use crate::state::{Action, State};
use futures::{Stream, StreamExt};
use kube::Client;
use std::pin::pin;
use std::time::Duration;

/// How the loop batches and retries.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Quiet time after a change before compiling: a burst of changes compiles once.
    pub debounce: Duration,
    /// Retries of each request.
    pub retry: Retry,
    /// Wait before trying again the requests that still failed.
    pub requeue: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            debounce: Duration::from_millis(500),
            retry: Retry::default(),
            requeue: Duration::from_secs(30),
        }
    }
}

/// Runs until `events` ends: after each burst of changes, compiles and carries out the plan.
/// Requests that fail after their retries are tried again after [`Settings::requeue`] (and
/// with the next plan), so a failing API call never stops the loop; each is checked against
/// the compiler's current output first ([`State::current`]), so a late retry never brings back
/// what the inputs have dropped since.
pub async fn run(
    client: Client,
    mut state: State,
    events: impl Stream<Item = InputEvent>,
    settings: Settings,
) -> State {
    let mut events = pin!(events);
    let mut failed: Vec<Action> = Vec::new();
    loop {
        let first = if failed.is_empty() {
            events.next().await
        } else {
            match tokio::time::timeout(settings.requeue, events.next()).await {
                Ok(event) => event,
                Err(_) => {
                    failed = execute_current(&client, &state, failed, Vec::new(), settings).await;
                    continue;
                }
            }
        };
        let Some(first) = first else {
            break;
        };
        state.handle(first);
        let mut ended = false;
        loop {
            match tokio::time::timeout(settings.debounce, events.next()).await {
                Ok(Some(event)) => state.handle(event),
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(_) => break,
            }
        }
        // Planned first: the retries are checked against the output the new inputs give.
        let actions = state.plan();
        failed = execute_current(&client, &state, failed, actions, settings).await;
        if ended {
            break;
        }
    }
    state
}

/// Carries out the failed actions that are still current, then `planned`; returns what failed.
async fn execute_current(
    client: &Client,
    state: &State,
    failed: Vec<Action>,
    planned: Vec<Action>,
    settings: Settings,
) -> Vec<Action> {
    let actions = failed
        .into_iter()
        .filter_map(|action| state.current(action))
        .chain(planned)
        .collect();
    execute_all(client, actions, settings.retry)
        .await
        .into_iter()
        .map(|(action, _)| action)
        .collect()
}
