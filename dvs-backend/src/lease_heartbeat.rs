//! [`LeaseHeartbeat`]: renews a claim's lease while its attempt runs, so that a verification
//! longer than the lease (a slow DVS, a slow result sink) is not taken over.

use std::sync::Arc;
use std::time::Duration;

use dvs_secret::RequestId;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::ClaimStore;

/// The shortest pause between two renewals.
const MIN_INTERVAL: Duration = Duration::from_millis(50);

/// A task that renews the lease of `(id, attempt)` every third of the lease until stopped,
/// or until the claim is no longer pending at that attempt.
pub(crate) struct LeaseHeartbeat {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl LeaseHeartbeat {
    pub(crate) fn start(
        store: Arc<dyn ClaimStore>,
        id: RequestId,
        attempt: u32,
        lease: Duration,
    ) -> LeaseHeartbeat {
        let (stop, mut stopped) = oneshot::channel::<()>();
        let interval = (lease / 3).max(MIN_INTERVAL);
        let task = tokio::spawn(async move {
            loop {
                if tokio::time::timeout(interval, &mut stopped).await.is_ok() {
                    return;
                }
                match store.renew(&id, attempt, lease).await {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(error) => {
                        tracing::warn!(
                            operation = "renew",
                            error = %error,
                            error_kind = "claim_store",
                            "lease renewal failed"
                        );
                    }
                }
            }
        });
        LeaseHeartbeat {
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops renewing, and waits for a renewal in flight to end: after this, nothing renews
    /// the lease behind the caller's back.
    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for LeaseHeartbeat {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
