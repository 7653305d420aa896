//! The DVS paths the mock serves, matched case-insensitively (ASP.NET routing is).

/// One DVS endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// `POST /api/v3/Request`: create a verification request (public key).
    CreateRequest,
    /// `POST /api/v3/Verify/{requestId}`: process a created request (secret key).
    VerifyRequest,
    /// `GET /api/v3/Request/{requestId}/result`: the stored result (secret key).
    RequestResult,
    /// `POST /api/v3/Verify`: direct v3 verification (secret key).
    VerifyV3,
    /// `POST /api/v4/verify`: direct v4 verification (secret key).
    VerifyV4,
    /// `POST /api/v4/authentication`: v4 verification with UV/IR images (secret key).
    Authentication,
}

impl Endpoint {
    /// The method the endpoint answers.
    pub(crate) fn method(self) -> &'static str {
        match self {
            Endpoint::RequestResult => "GET",
            _ => "POST",
        }
    }

    /// Whether only the secret key may call it.
    pub(crate) fn secret_only(self) -> bool {
        self != Endpoint::CreateRequest
    }
}

/// The endpoint a path names, with the `{requestId}` segment where there is one.
pub(crate) fn route(path: &str) -> Option<(Endpoint, Option<&str>)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is = |i: usize, word: &str| {
        segments
            .get(i)
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    };
    if !is(0, "api") {
        return None;
    }
    match segments.len() {
        3 if is(1, "v3") && is(2, "request") => Some((Endpoint::CreateRequest, None)),
        3 if is(1, "v3") && is(2, "verify") => Some((Endpoint::VerifyV3, None)),
        3 if is(1, "v4") && is(2, "verify") => Some((Endpoint::VerifyV4, None)),
        3 if is(1, "v4") && is(2, "authentication") => Some((Endpoint::Authentication, None)),
        4 if is(1, "v3") && is(2, "verify") => {
            Some((Endpoint::VerifyRequest, segments.get(3).copied()))
        }
        5 if is(1, "v3") && is(2, "request") && is(4, "result") => {
            Some((Endpoint::RequestResult, segments.get(3).copied()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_in_any_casing() {
        assert_eq!(
            route("/api/v3/Request"),
            Some((Endpoint::CreateRequest, None))
        );
        assert_eq!(
            route("/API/V3/REQUEST/"),
            Some((Endpoint::CreateRequest, None))
        );
        assert_eq!(
            route("/api/v3/verify/abc"),
            Some((Endpoint::VerifyRequest, Some("abc")))
        );
        assert_eq!(
            route("/api/v3/Request/abc/Result"),
            Some((Endpoint::RequestResult, Some("abc")))
        );
        assert_eq!(route("/api/v3/Verify"), Some((Endpoint::VerifyV3, None)));
        assert_eq!(route("/api/v4/Verify"), Some((Endpoint::VerifyV4, None)));
        assert_eq!(
            route("/api/v4/Authentication"),
            Some((Endpoint::Authentication, None))
        );
        assert_eq!(route("/api/v4/request"), None);
        assert_eq!(route("/api/Request"), None);
        assert_eq!(route("/"), None);
    }
}
