//! Bearer-key checks: which of the mock's keys a request carries, and whether the endpoint
//! accepts that kind.

use dvs_core::{KeyKind, PublicKey, SecretKey};
use hyper::header::AUTHORIZATION;

use crate::http_request::HttpRequest;
use crate::reply::Reply;

/// What the `Authorization` header held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    /// No `Authorization` header.
    Missing,
    /// A header that is not `Bearer <key>`.
    Malformed,
    /// A bearer key that is neither of this mock's keys.
    UnknownKey,
    /// One of this mock's keys.
    Key(KeyKind),
}

impl Caller {
    /// Reads the `Authorization` header of a request.
    pub(crate) fn identify(
        request: &HttpRequest,
        public: &PublicKey,
        secret: &SecretKey,
    ) -> Caller {
        let Some(value) = request.headers.get(AUTHORIZATION) else {
            return Caller::Missing;
        };
        let Ok(text) = value.to_str() else {
            return Caller::Malformed;
        };
        let mut parts = text.trim().splitn(2, ' ');
        let (Some(scheme), Some(key)) = (parts.next(), parts.next()) else {
            return Caller::Malformed;
        };
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Caller::Malformed;
        }
        let key = key.trim();
        if key == public.expose_secret() {
            Caller::Key(KeyKind::Public)
        } else if key == secret.expose_secret() {
            Caller::Key(KeyKind::Secret)
        } else {
            Caller::UnknownKey
        }
    }

    /// The mock key kind, if the header carried one of the mock's keys.
    pub(crate) fn key_kind(self) -> Option<KeyKind> {
        match self {
            Caller::Key(kind) => Some(kind),
            _ => None,
        }
    }

    /// Accepts the caller for an endpoint, or answers `401`.
    ///
    /// `secret_only` endpoints refuse the public key with `401` (not `403`): DVS documents
    /// no `403`, and its official sample backend handles `401` only.
    pub(crate) fn authorize(self, secret_only: bool) -> Result<KeyKind, Reply> {
        match self {
            Caller::Missing => Err(Reply::unauthorized(
                "Authorization is required: send the header `Authorization: Bearer <key>`.",
            )),
            Caller::Malformed => Err(Reply::unauthorized(
                "The Authorization header must have the form `Bearer <key>`.",
            )),
            Caller::UnknownKey => Err(Reply::unauthorized(
                "The API key is not valid (it is not one of this dvs-mock's keys).",
            )),
            Caller::Key(KeyKind::Public) if secret_only => Err(Reply::unauthorized(
                "This endpoint needs the secret key (sk_). A public key (pk_) may only create \
                 verification requests (POST /api/v3/Request).",
            )),
            Caller::Key(kind) => Ok(kind),
        }
    }
}
