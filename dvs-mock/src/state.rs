//! The mock's shared state: configuration, scenarios, stored requests and the request log.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use dvs_core::{DocumentType, PublicKey, RequestId, SecretKey};
use serde_json::{Map, Value};

use crate::validation::Rules;
use crate::{ReceivedRequest, Scenario};

/// Settings fixed when the mock starts.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) public_key: PublicKey,
    pub(crate) secret_key: SecretKey,
    pub(crate) request_expiry: Duration,
    pub(crate) latency: Duration,
    pub(crate) slow_delay: Duration,
    pub(crate) retry_after_secs: u64,
    /// How many received requests the journal keeps (the most recent).
    pub(crate) journal_capacity: usize,
    /// How many created requests are kept for Verify and the result endpoint (the most
    /// recent).
    pub(crate) stored_requests: usize,
    /// Strict field names and the account's front-only setting.
    pub(crate) rules: Rules,
}

/// Where a created request is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifecycle {
    Pending,
    Success,
    Failed,
    Expired,
}

impl Lifecycle {
    /// The name the result endpoint reports (`request.status`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Lifecycle::Pending => "Pending",
            Lifecycle::Success => "Success",
            Lifecycle::Failed => "Failed",
            Lifecycle::Expired => "Expired",
        }
    }
}

/// A request the mock created (`POST /api/v3/Request`) or verified directly.
///
/// `Debug` leaves out the images and the result (document data).
#[derive(Clone)]
pub(crate) struct StoredRequest {
    pub(crate) created_at: Instant,
    /// Creation time, RFC 3339.
    pub(crate) created: String,
    pub(crate) document_type: DocumentType,
    /// The scenario chosen explicitly at creation (pushed or marker), if any.
    pub(crate) scenario: Option<Scenario>,
    pub(crate) status: Lifecycle,
    pub(crate) has_front: bool,
    pub(crate) has_back_or_track: bool,
    pub(crate) face_match: bool,
    /// Images and track string as sent.
    pub(crate) content: Map<String, Value>,
    /// The body Verify answered, once verified.
    pub(crate) result: Option<Value>,
    /// Until when Verify is still processing (its answer is delayed): until then the
    /// result endpoint reports the request `Pending` with no result, as DVS does while it
    /// works, and a second Verify is refused as already processed.
    pub(crate) processing_until: Option<Instant>,
}

impl StoredRequest {
    /// Whether Verify is still processing this request at `now`.
    pub(crate) fn processing(&self, now: Instant) -> bool {
        self.processing_until.is_some_and(|until| now < until)
    }
}

impl fmt::Debug for StoredRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredRequest")
            .field("created", &self.created)
            .field("document_type", &self.document_type)
            .field("scenario", &self.scenario)
            .field("status", &self.status)
            .field("content_fields", &self.content.keys().collect::<Vec<_>>())
            .field("verified", &self.result.is_some())
            .finish_non_exhaustive()
    }
}

/// What changes while the mock runs.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) default_scenario: Scenario,
    pub(crate) next: VecDeque<Scenario>,
    /// Scenarios for the next Verify calls of created requests only.
    pub(crate) next_verify: VecDeque<Scenario>,
    /// How many of the next Verify calls of a created request lose their answer.
    pub(crate) lost_verify_answers: u32,
    /// The stored requests by id. A B-tree, not a hash map: its memory follows the number of
    /// requests kept, whereas a hash map that forgets its oldest entry for each new one fills
    /// with tombstones and, once, thousands of requests after the capacity is reached,
    /// doubles its table.
    pub(crate) requests: BTreeMap<RequestId, StoredRequest>,
    /// The stored requests' ids, oldest first, to forget the oldest beyond the capacity.
    pub(crate) request_order: VecDeque<RequestId>,
    /// The most recent requests received, oldest first, at most `Config::journal_capacity`.
    pub(crate) received: VecDeque<ReceivedRequest>,
}

impl State {
    /// Logs a received request, forgetting the oldest beyond `capacity` (none kept at 0).
    pub(crate) fn record(&mut self, received: ReceivedRequest, capacity: usize) {
        if capacity == 0 {
            return;
        }
        while self.received.len() >= capacity {
            self.received.pop_front();
        }
        self.received.push_back(received);
    }

    /// Stores a request, forgetting the oldest stored ones beyond `capacity` (at least the
    /// new one is kept).
    pub(crate) fn remember(&mut self, id: RequestId, request: StoredRequest, capacity: usize) {
        if self.requests.insert(id, request).is_none() {
            self.request_order.push_back(id);
        }
        while self.requests.len() > capacity.max(1) {
            let Some(oldest) = self.request_order.pop_front() else {
                break;
            };
            self.requests.remove(&oldest);
        }
    }
}

/// Configuration plus state, shared by every responder and the [`MockDvs`](crate::MockDvs) handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(config: Config, state: State) -> Shared {
        Shared {
            config,
            state: Mutex::new(state),
        }
    }

    /// Locks the state. A panic elsewhere while it was held leaves plain data, still usable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
