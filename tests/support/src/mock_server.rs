//! wiremock helpers: a fixture served as a response, and the catch-all that names a request
//! no other mock expected.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::fixtures::fixture;

/// An answer of `status` whose body is the fixture `name`, byte for byte, typed
/// `application/json`.
pub fn fixture_response(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(fixture(name), "application/json")
}

/// Answers 599 (a status no service sends) with the method and URL of the request.
struct Unexpected;

impl Respond for Unexpected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        ResponseTemplate::new(599).set_body_string(format!(
            "no mock for this request: {} {}",
            request.method, request.url
        ))
    }
}

/// Mounts on `server`, at the lowest priority, a mock for any request that no other mock
/// matched: it answers 599 naming the request and is expected never to be called, so such a
/// request fails the test by name when the server is verified or dropped.
pub async fn catch_all(server: &MockServer) {
    Mock::given(any())
        .respond_with(Unexpected)
        .with_priority(u8::MAX)
        .named("catch-all (an unexpected request was sent)")
        .expect(0)
        .mount(server)
        .await;
}
