//! The enhanced flow's backend step: [`Client::verify`] a request id (at most once), and
//! [`Client::verify_or_recover`] when its answer may have been lost.

use crate::VerificationResult;
use bytes::Bytes;
use dvs_core::AttemptOutcome;
use dvs_core::internal::{ApiCall, traced};
use dvs_core::{Error, RequestId};

use crate::Result;
use crate::client::Client;
use crate::result_body::{ResultShape, parse_result};

/// The answer of [`Client::verify_or_recover`]: a fresh result, or one recovered by lookup.
#[derive(Debug)]
#[non_exhaustive]
pub enum Verified {
    /// Verify answered: this call started the processing.
    Fresh(VerificationResult),
    /// Verify's own answer was lost (timeout, dropped connection, gateway error) or DVS said
    /// the request had been processed already; this is the stored result, fetched with
    /// [`Client::get_result`]. `cause` is what Verify returned.
    ///
    /// With [`Error::AlreadyProcessed`] as the cause, the id had been verified *before this
    /// call*: if it came from an untrusted client, make sure it is the one you verified for
    /// this user (see the crate docs), or it may be a replay.
    Recovered {
        /// The stored result.
        result: VerificationResult,
        /// Why Verify's own answer could not be used.
        cause: Error,
    },
}

impl Verified {
    /// The result, fresh or recovered.
    pub fn result(&self) -> &VerificationResult {
        match self {
            Verified::Fresh(result) | Verified::Recovered { result, .. } => result,
        }
    }

    /// The result, fresh or recovered.
    pub fn into_result(self) -> VerificationResult {
        match self {
            Verified::Fresh(result) | Verified::Recovered { result, .. } => result,
        }
    }

    /// `true` when the result was fetched by lookup rather than answered by Verify.
    pub fn is_recovered(&self) -> bool {
        matches!(self, Verified::Recovered { .. })
    }
}

/// Whether a Verify error leaves a result that a lookup may find: DVS certainly processed the
/// request (`RequestAlreadyProcessed`), or may have and its answer was lost (a timeout, a
/// broken connection, a gateway's 502/504), as dvs-core's retry classification says
/// ([`AttemptOutcome::may_have_been_processed`]).
pub(crate) fn may_have_processed(error: &Error) -> bool {
    matches!(error, Error::AlreadyProcessed(_))
        || error
            .attempt_outcome()
            .is_some_and(AttemptOutcome::may_have_been_processed)
}

impl Client {
    /// Starts processing of what the client app uploaded, and returns the result:
    /// `POST /api/v3/Verify/{requestId}` with the body `{}`.
    ///
    /// **Billable, and sent at most once.** DVS has no idempotency key, so this call is never
    /// re-sent once it may have reached the server: after a timeout or a dropped connection
    /// it fails with [`Error::Timeout`] or [`Error::Transport`] (outcome unknown), and after
    /// a 5xx with [`Error::Server`]. It is re-sent only when it provably was not received (a
    /// failed connect) or DVS asked to come back (429/503 with `Retry-After`). To learn the
    /// outcome of an ambiguous call, use [`get_result`](Client::get_result), or call
    /// [`verify_or_recover`](Client::verify_or_recover) instead of this.
    ///
    /// Errors to expect besides those: [`Error::DocumentRejected`] (retake the photo),
    /// [`Error::NotFound`] (unknown id), [`Error::AlreadyProcessed`] (verified before),
    /// [`Error::Expired`] (the user must start over), [`Error::Auth`] (check the key).
    ///
    /// ```no_run
    /// use dvs_secret::{Client, Policy, RequestId, SecretKey, Summary};
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = Client::new(std::env::var("DVS_SECRET_KEY")?.parse::<SecretKey>()?)?;
    /// let id: RequestId = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse()?;
    /// let result = client.verify(&id).await?;
    /// let decision = Policy::default().decide(&result);
    /// let summary = decision.summary(&result); // safe to send to the client app
    /// # let _ = summary; Ok(()) }
    /// ```
    pub async fn verify(&self, request_id: &RequestId) -> Result<VerificationResult> {
        traced("verify", Some(request_id), async {
            let call = ApiCall::post(
                format!("api/v3/Verify/{request_id}"),
                Bytes::from_static(b"{}"),
            );
            let response = self.engine.execute(call).await?;
            let result = parse_result(response.status, response.body, ResultShape::Detect)?;
            Ok(result.asked_for(*request_id))
        })
        .await
    }

    /// [`verify`](Client::verify), and when its outcome is unknown or the request was
    /// already processed, the stored result instead. It **never re-sends Verify**.
    ///
    /// After [`Error::Timeout`], [`Error::Transport`], a 502/504 [`Error::Server`] or
    /// [`Error::AlreadyProcessed`], it fetches the result once with
    /// [`get_result`](Client::get_result) and returns it as [`Verified::Recovered`]. If no
    /// result is stored yet (DVS may still be processing the lost call), or the lookup fails
    /// as well, it returns Verify's own error: the outcome is still unknown, so call
    /// `get_result` again in a few seconds, and do not call `verify` again. Every other
    /// error is returned as it is.
    ///
    /// ```no_run
    /// use dvs_secret::{Client, RequestId, Verified};
    /// # async fn run(client: Client, id: RequestId) -> dvs_secret::Result<()> {
    /// match client.verify_or_recover(&id).await {
    ///     Ok(Verified::Fresh(result)) => println!("verified: {:?}", result.document_confidence),
    ///     Ok(Verified::Recovered { result, cause }) => {
    ///         // Verify's answer was lost, or the id had been verified before.
    ///         println!("recovered after `{cause}`: {:?}", result.document_confidence);
    ///     }
    ///     Ok(_) => {}
    ///     Err(e) if e.outcome_unknown() => println!("not known yet: look it up later"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn verify_or_recover(&self, request_id: &RequestId) -> Result<Verified> {
        match self.verify(request_id).await {
            Ok(result) => Ok(Verified::Fresh(result)),
            Err(cause) if may_have_processed(&cause) => match self.get_result(request_id).await {
                Ok(stored) => match stored.result {
                    Some(result) => Ok(Verified::Recovered { result, cause }),
                    None => Err(cause),
                },
                Err(_) => Err(cause),
            },
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_verify_errors_are_worth_a_lookup() {
        let status = |s: u16| Error::from_response(s, None, b"");
        let code =
            |c: &str| Error::from_response(400, None, format!(r#"{{"code":"{c}"}}"#).as_bytes());
        let table: Vec<(Error, bool)> = vec![
            (Error::Timeout, true),
            (Error::Transport("reset".into()), true),
            (code("RequestAlreadyProcessed"), true),
            (status(502), true),
            (status(504), true),
            (status(500), false),
            (status(503), false),
            (Error::Connect("refused".into()), false),
            (code("RequestExpired"), false),
            (code("OCRError"), false),
            (code("ValidationError"), false),
            (status(401), false),
            (status(404), false),
            (status(429), false),
            (
                Error::Decode {
                    status: 200,
                    reason: "malformed JSON".into(),
                },
                false,
            ),
            (Error::Config("bad".into()), false),
        ];
        for (error, expected) in table {
            assert_eq!(may_have_processed(&error), expected, "{error:?}");
        }
    }
}
