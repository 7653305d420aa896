//! [`respond`]: the answer to every request the mock receives. It routes the path, checks
//! the method and key, picks the scenario, validates, updates the shared state and logs the
//! request.

use std::time::{Instant, SystemTime};

use dvs_core::RequestId;
use hyper::header::{ALLOW, HeaderValue};
use serde_json::{Map, Value, json};

use crate::auth::Caller;
use crate::http_request::HttpRequest;
use crate::reply::Reply;
use crate::routes::{Endpoint, route};
use crate::state::{Lifecycle, Shared, State, StoredRequest};
use crate::validation::{self, RequestShape, ValidRequest};
use crate::verification_result::{self, Subject, Verdict};
use crate::{ReceivedRequest, Scenario, random, timestamp};

/// A reply and the scenario that shaped it.
struct Handled {
    reply: Reply,
    scenario: Option<Scenario>,
}

impl Handled {
    fn plain(reply: Reply) -> Handled {
        Handled {
            reply,
            scenario: None,
        }
    }
}

/// Answers `request` — a DVS endpoint, a CORS preflight, or `404` for any other path — and
/// logs it (a preflight excepted) in the journal.
pub(crate) fn respond(shared: &Shared, request: &HttpRequest) -> Reply {
    if crate::cors::is_preflight(request) {
        // A browser asking whether it may call; not a DVS call, so not logged.
        return crate::cors::preflight();
    }
    let config = &shared.config;
    let caller = Caller::identify(request, &config.public_key, &config.secret_key);
    let mut received = ReceivedRequest::new(request);
    received.key_kind = caller.key_kind();

    let mut state = shared.lock();
    let handled = match route(&request.path) {
        None => Handled::plain(Reply::not_found(format!(
            "No DVS endpoint at {} {} (dvs-mock serves POST /api/v3/Request, \
             POST /api/v3/Verify/{{requestId}}, GET /api/v3/Request/{{requestId}}/result, \
             POST /api/v3/Verify, POST /api/v4/verify and POST /api/v4/authentication).",
            request.method, request.path
        ))),
        Some((endpoint, id)) => {
            let mut call = Call {
                shared,
                state: &mut state,
                request,
                ignored: Vec::new(),
            };
            let handled = call.handle(endpoint, id, caller);
            received.ignored_fields = call.ignored;
            handled
        }
    };
    received.status = handled.reply.status;
    received.scenario = handled.scenario;
    state.record(received, config.journal_capacity);
    drop(state);

    handled.reply.delayed(config.latency)
}

/// One call being answered, with the state locked.
struct Call<'a> {
    shared: &'a Shared,
    state: &'a mut State,
    request: &'a HttpRequest,
    /// Body fields ignored while validating (for [`ReceivedRequest::ignored_fields`]).
    ignored: Vec<String>,
}

impl Call<'_> {
    /// Answers `endpoint`; `id` is the path's `{requestId}` segment, where it has one.
    fn handle(&mut self, endpoint: Endpoint, id: Option<&str>, caller: Caller) -> Handled {
        if !self
            .request
            .method
            .as_str()
            .eq_ignore_ascii_case(endpoint.method())
        {
            return Handled::plain(
                Reply::error(
                    405,
                    "MethodNotAllowed",
                    format!("This path answers {} only.", endpoint.method()),
                )
                .with_header(ALLOW, HeaderValue::from_static(endpoint.method())),
            );
        }
        if let Err(reply) = caller.authorize(endpoint.secret_only()) {
            return Handled::plain(reply);
        }
        // A pushed scenario is consumed by the next authorized call it can shape: any call
        // for one that shapes the HTTP exchange; a document outcome waits for a create or a
        // verification (a result lookup has no document outcome to give).
        let lookup = matches!(endpoint, Endpoint::RequestResult);
        let for_verify = match endpoint {
            Endpoint::VerifyRequest => self.state.next_verify.pop_front(),
            _ => None,
        };
        let pushed = match self.state.next.front() {
            _ if for_verify.is_some() => for_verify,
            Some(scenario) if lookup && !scenario.shapes_the_exchange() => None,
            _ => self.state.next.pop_front(),
        };
        match endpoint {
            Endpoint::CreateRequest => self.create(pushed),
            Endpoint::VerifyRequest => {
                let handled = self.verify_created(pushed, id.unwrap_or_default());
                if self.state.lost_verify_answers == 0 {
                    return handled;
                }
                self.state.lost_verify_answers -= 1;
                Handled {
                    reply: handled.reply.lost(),
                    scenario: handled.scenario,
                }
            }
            Endpoint::RequestResult => self.stored_result(pushed, id.unwrap_or_default()),
            Endpoint::VerifyV3 => self.verify_direct(pushed, RequestShape::V3),
            Endpoint::VerifyV4 => self.verify_direct(pushed, RequestShape::V4),
            Endpoint::Authentication => self.verify_direct(pushed, RequestShape::Authentication),
        }
    }

    /// The reply of a transport-failure scenario, if `scenario` is one.
    fn transport_failure(&self, scenario: Scenario) -> Option<Handled> {
        let reply = match scenario {
            Scenario::RateLimited => Reply::rate_limited(self.shared.config.retry_after_secs),
            Scenario::ServerError => Reply::server_error(),
            _ => return None,
        };
        Some(Handled {
            reply,
            scenario: Some(scenario),
        })
    }

    /// A success reply, delayed when the scenario is `slow`.
    fn success(&self, reply: Reply, scenario: Scenario) -> Handled {
        let reply = if scenario == Scenario::Slow {
            reply.delayed(self.shared.config.slow_delay)
        } else {
            reply
        };
        Handled {
            reply,
            scenario: Some(scenario),
        }
    }

    /// Parses and validates a v3/v4/authentication body, choosing the scenario on the
    /// way: pushed, else the body's marker, else the default.
    fn read_body(
        &mut self,
        pushed: Option<Scenario>,
        shape: RequestShape,
    ) -> Result<(ValidRequest, Scenario, Option<Scenario>, Value), Handled> {
        let parsed = validation::parse_object(&self.request.body);
        let marker = match &parsed {
            Ok(body) => validation::scenario_marker(body, shape),
            Err(_) => Ok(None),
        };
        let explicit = pushed.or(marker.as_ref().ok().copied().flatten());
        let scenario = explicit.unwrap_or(self.state.default_scenario);
        if let Some(handled) = self.transport_failure(scenario) {
            return Err(handled);
        }
        let invalid = |reply| Handled {
            reply,
            scenario: Some(scenario),
        };
        let body = parsed.map_err(invalid)?;
        marker.map_err(invalid)?;
        let validated = validation::validate(&body, shape, self.shared.config.rules);
        self.ignored = validated.ignored;
        let valid = validated.outcome.map_err(invalid)?;
        Ok((valid, scenario, explicit, Value::Object(body)))
    }

    fn store(
        &mut self,
        id: RequestId,
        valid: &ValidRequest,
        scenario: Option<Scenario>,
        status: Lifecycle,
        result: Option<Value>,
    ) {
        let capacity = self.shared.config.stored_requests;
        self.state.remember(
            id,
            StoredRequest {
                created_at: Instant::now(),
                created: timestamp::rfc3339(SystemTime::now()),
                document_type: valid.document_type.clone(),
                scenario,
                status,
                has_front: valid.has_front,
                has_back_or_track: valid.reads_back(),
                face_match: valid.face_match,
                content: valid.content.clone(),
                result,
                processing_until: None,
            },
            capacity,
        );
    }

    /// `POST /api/v3/Request`.
    fn create(&mut self, pushed: Option<Scenario>) -> Handled {
        let (valid, scenario, explicit, _) = match self.read_body(pushed, RequestShape::V3) {
            Ok(read) => read,
            Err(handled) => return handled,
        };
        let id = random::request_id();
        self.store(id, &valid, explicit, Lifecycle::Pending, None);
        let body = json!({
            "requestId": id.as_str(),
            "documentType": valid.document_type,
            "status": 0,
        });
        self.success(Reply::ok(body), scenario)
    }

    /// Looks up a stored request by the path's id, marking it expired when its time is up.
    fn find(&mut self, id: &str) -> Result<RequestId, Reply> {
        let not_found = || Reply::not_found("No verification request with this requestId.");
        let id = RequestId::parse(id).map_err(|_| not_found())?;
        let expiry = self.shared.config.request_expiry;
        let stored = self.state.requests.get_mut(&id).ok_or_else(not_found)?;
        if stored.status == Lifecycle::Pending && stored.created_at.elapsed() > expiry {
            stored.status = Lifecycle::Expired;
        }
        Ok(id)
    }

    /// `POST /api/v3/Verify/{requestId}`.
    fn verify_created(&mut self, pushed: Option<Scenario>, id: &str) -> Handled {
        if let Some(handled) = pushed.and_then(|s| self.transport_failure(s)) {
            return handled;
        }
        let id = match self.find(id) {
            Ok(id) => id,
            Err(reply) => return Handled::plain(reply),
        };
        // The body is `{}` (or empty); anything in it is accepted and ignored.
        if !self.request.body.iter().all(u8::is_ascii_whitespace) {
            if let Err(reply) = validation::parse_object(&self.request.body) {
                return Handled::plain(reply);
            }
        }
        let default = self.state.default_scenario;
        let Some(stored) = self.state.requests.get(&id) else {
            return Handled::plain(Reply::not_found(
                "No verification request with this requestId.",
            ));
        };
        match stored.status {
            Lifecycle::Pending => {}
            Lifecycle::Success | Lifecycle::Failed => {
                return Handled::plain(Reply::error(
                    400,
                    "RequestAlreadyProcessed",
                    "This verification request was already processed.",
                ));
            }
            Lifecycle::Expired => {
                return Handled::plain(Reply::error(
                    400,
                    "RequestExpired",
                    "This verification request expired before it was verified.",
                ));
            }
        }
        let scenario = pushed.or(stored.scenario).unwrap_or(default);
        if let Some(handled) = self.transport_failure(scenario) {
            return handled;
        }
        let subject = Subject {
            request_id: id,
            document_type: stored.document_type.clone(),
            has_front: stored.has_front,
            has_back_or_track: stored.has_back_or_track,
            face_match: stored.face_match,
        };
        // DVS works on the request for as long as its answer takes; meanwhile a lookup
        // finds it pending.
        let slow = if scenario == Scenario::Slow {
            self.shared.config.slow_delay
        } else {
            std::time::Duration::ZERO
        };
        let processing_until = Instant::now() + slow + self.shared.config.latency;
        let (status, handled) = match verification_result::verdict(scenario) {
            Verdict::Rejected { code, message } => (
                Lifecycle::Failed,
                Handled {
                    reply: Reply::error(400, code, message),
                    scenario: Some(scenario),
                },
            ),
            Verdict::Completed(scores) => {
                let result = verification_result::v3(&subject, scores);
                if let Some(stored) = self.state.requests.get_mut(&id) {
                    stored.result = Some(result.clone());
                }
                (
                    Lifecycle::Success,
                    self.success(Reply::ok(result), scenario),
                )
            }
        };
        if let Some(stored) = self.state.requests.get_mut(&id) {
            stored.status = status;
            stored.processing_until = Some(processing_until);
        }
        handled
    }

    /// `GET /api/v3/Request/{requestId}/result`.
    fn stored_result(&mut self, pushed: Option<Scenario>, id: &str) -> Handled {
        let scenario = pushed.unwrap_or(self.state.default_scenario);
        if let Some(handled) = self.transport_failure(scenario) {
            return handled;
        }
        let id = match self.find(id) {
            Ok(id) => id,
            Err(reply) => return Handled::plain(reply),
        };
        let Some(stored) = self.state.requests.get(&id) else {
            return Handled::plain(Reply::not_found(
                "No verification request with this requestId.",
            ));
        };
        let (status, result) = if stored.processing(Instant::now()) {
            (Lifecycle::Pending, None)
        } else {
            (stored.status, stored.result.as_ref())
        };
        let body = json!({
            "verificationResult": result,
            "request": {
                "id": id.as_str(),
                "documentType": stored.document_type,
                "status": status.name(),
                "created": stored.created,
                "content": stored.content,
            },
        });
        self.success(Reply::ok(body), scenario)
    }

    /// `POST /api/v3/Verify`, `POST /api/v4/verify` and `POST /api/v4/authentication`.
    fn verify_direct(&mut self, pushed: Option<Scenario>, shape: RequestShape) -> Handled {
        let (valid, scenario, _, body) = match self.read_body(pushed, shape) {
            Ok(read) => read,
            Err(handled) => return handled,
        };
        let flags = if shape.is_v4() {
            query_flag(self.request, "returnRequest")
                .and_then(|r| query_flag(self.request, "returnContent").map(|c| (r, c)))
        } else {
            Ok((false, false))
        };
        let (return_request, return_content) = match flags {
            Ok(flags) => flags,
            Err(reply) => {
                return Handled {
                    reply,
                    scenario: Some(scenario),
                };
            }
        };
        let id = random::request_id();
        let subject = Subject {
            request_id: id,
            document_type: valid.document_type.clone(),
            has_front: valid.has_front,
            has_back_or_track: valid.reads_back(),
            face_match: valid.face_match,
        };
        match verification_result::verdict(scenario) {
            Verdict::Rejected { code, message } => {
                self.store(id, &valid, Some(scenario), Lifecycle::Failed, None);
                Handled {
                    reply: Reply::error(400, code, message),
                    scenario: Some(scenario),
                }
            }
            Verdict::Completed(scores) => {
                let mut result = if shape.is_v4() {
                    verification_result::v4(&subject, scores)
                } else {
                    verification_result::v3(&subject, scores)
                };
                self.store(
                    id,
                    &valid,
                    Some(scenario),
                    Lifecycle::Success,
                    Some(result.clone()),
                );
                if let Value::Object(map) = &mut result {
                    if return_request {
                        map.insert("requestData".to_owned(), body);
                    }
                    if return_content {
                        let images: Map<String, Value> = shape
                            .image_fields()
                            .into_iter()
                            .filter_map(|name| {
                                valid
                                    .content
                                    .get(name)
                                    .map(|v| (name.to_owned(), v.clone()))
                            })
                            .collect();
                        map.insert("content".to_owned(), Value::Object(images));
                    }
                }
                self.success(Reply::ok(result), scenario)
            }
        }
    }
}

/// A boolean query parameter (name in any casing): `true`/`false`/`1`/`0`; absent is false.
fn query_flag(request: &HttpRequest, name: &str) -> Result<bool, Reply> {
    let Some((_, value)) = request
        .query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
    else {
        return Ok(false);
    };
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" | "" => Ok(false),
        _ => {
            let mut errors = std::collections::BTreeMap::new();
            errors.insert(name.to_owned(), "must be true or false".to_owned());
            Err(Reply::validation(&errors))
        }
    }
}
