//! Direct verification, for backends that hold the images themselves:
//! [`Client::verify_v3`] (`POST /api/v3/Verify`) and [`Client::verify_v4`]
//! (`POST /api/v4/verify`), with [`V4Options`].

use crate::VerificationResult;
use dvs_core::internal::{ApiCall, traced};
use dvs_core::{RequestV3, RequestV4};

use crate::Result;
use crate::client::Client;
use crate::result_body::{ResultShape, parse_result};

/// Query options of `POST /api/v4/verify`. Both are off by default; each is sent only when on.
///
/// ```
/// use dvs_secret::V4Options;
/// let options = V4Options::new().return_request(true);
/// assert!(options.return_request && !options.return_content);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct V4Options {
    /// `returnRequest=true`: DVS echoes the request (`requestData`) in the response.
    pub return_request: bool,
    /// `returnContent=true`: DVS returns the document image(s), base64, in the response.
    pub return_content: bool,
}

impl V4Options {
    /// Both options off.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `returnRequest`.
    #[must_use]
    pub fn return_request(mut self, on: bool) -> Self {
        self.return_request = on;
        self
    }

    /// Sets `returnContent`.
    #[must_use]
    pub fn return_content(mut self, on: bool) -> Self {
        self.return_content = on;
        self
    }
}

impl Client {
    /// Verifies images the backend holds: `POST /api/v3/Verify`, answered synchronously.
    ///
    /// Checked before sending with [`RequestV3::check`]: something to verify (an image, a
    /// recording or a non-blank track string) and each image within the client's size limit.
    /// Which images the account needs is the server's to say. Billable and sent **at most
    /// once**, like [`verify`](Client::verify): after a timeout the outcome is unknown, and no
    /// request id is known to look it up with.
    ///
    /// ```no_run
    /// use dvs_secret::{Client, DocumentType, Image, Policy, RequestV3};
    /// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = RequestV3::new(DocumentType::Id)
    ///     .front(Image::from_path("front.jpg")?)
    ///     .back(Image::from_path("back.jpg")?)
    ///     .selfie(Image::from_path("selfie.jpg")?)
    ///     .verify_face(true);
    /// let result = client.verify_v3(&request).await?;
    /// let decision = Policy::default().decide(&result);
    /// # let _ = decision; Ok(()) }
    /// ```
    pub async fn verify_v3(&self, request: &RequestV3) -> Result<VerificationResult> {
        traced("verify_v3", None, async {
            let body = request.checked_body(self.engine.max_image_bytes())?;
            let response = self
                .engine
                .execute(ApiCall::post("api/v3/Verify", body))
                .await?;
            parse_result(response.status, response.body, ResultShape::V3)
        })
        .await
    }

    /// Verifies images the backend holds: `POST /api/v4/verify`, answered synchronously.
    ///
    /// The track string is the v4 object ([`TrackStringV4`](crate::TrackStringV4)),
    /// overrides are typed ([`OverriddenSettingsV4`](crate::OverriddenSettingsV4)) and
    /// capture data goes in [`Metadata`](crate::Metadata). With [`V4Options`] the echoed
    /// request and the document images are in the result's
    /// [`raw_json`](VerificationResult::raw_json).
    ///
    /// Checked before sending with [`RequestV4::check`], as `verify_v3` is. Billable and sent
    /// **at most once**.
    ///
    /// ```no_run
    /// use dvs_secret::{
    ///     Client, DocumentType, Image, Metadata, OverriddenSettingsV4, RequestV4,
    ///     TrackStringV4, V4Options,
    /// };
    /// # async fn run(client: Client, barcode: String) -> Result<(), Box<dyn std::error::Error>> {
    /// let request = RequestV4::new(DocumentType::Id)
    ///     .front(Image::from_path("front.jpg")?)
    ///     .selfie(Image::from_path("selfie.jpg")?)
    ///     .track_string(TrackStringV4::from_web_library(barcode))
    ///     .overridden_settings(
    ///         OverriddenSettingsV4::new()
    ///             .is_face_match_enabled(true)
    ///             .is_age_check_enabled(true)
    ///             .age_years_difference(10),
    ///     )
    ///     .metadata(Metadata::default());
    /// let result = client.verify_v4(&request, V4Options::new()).await?;
    /// println!("face match: {:?}", result.face_match_confidence);
    /// # Ok(()) }
    /// ```
    pub async fn verify_v4(
        &self,
        request: &RequestV4,
        options: V4Options,
    ) -> Result<VerificationResult> {
        traced("verify_v4", None, async {
            let body = request.checked_body(self.engine.max_image_bytes())?;
            let mut call = ApiCall::post("api/v4/verify", body);
            if options.return_request {
                call = call.query("returnRequest", "true");
            }
            if options.return_content {
                call = call.query("returnContent", "true");
            }
            let response = self.engine.execute(call).await?;
            parse_result(response.status, response.body, ResultShape::V4)
        })
        .await
    }
}
