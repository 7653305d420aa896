//! Direct verification, for backends that hold the images themselves:
//! [`Client::verify_v3`] (`POST /api/v3/Verify`) and [`Client::verify_v4`]
//! (`POST /api/v4/verify`), with [`V4Options`].

use dvs_core::http::ApiCall;
use dvs_core::{Error, Image, RequestV3, RequestV4, StreamingJson, VerificationResult};
use serde::Serialize;

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
    /// Checked before sending: at least one image or a track string, each image within the
    /// client's size limit, and a selfie and front image when `verifyFace` is on. Billable
    /// and sent **at most once**, like [`verify`](Client::verify): after a timeout the
    /// outcome is unknown, and no request id is known to look it up with.
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
        let has_track = non_empty_track(
            request.track_string.as_ref().map(|t| t.is_empty()),
            "trackString",
        )?;
        let limit = self.engine.max_image_bytes();
        let images = check_images(request.images(), limit)?;
        require_input(images, has_track)?;
        if request.verify_face == Some(true) {
            require_for_face(
                request.face_image_base64.is_some(),
                request.front_image_base64.is_some(),
                "verifyFace",
            )?;
        }
        let body = json_body(request)?;
        let response = self
            .engine
            .execute(ApiCall::post("api/v3/Verify", body))
            .await?;
        parse_result(response.status, response.body, ResultShape::V3)
    }

    /// Verifies images the backend holds: `POST /api/v4/verify`, answered synchronously.
    ///
    /// The track string is the v4 object ([`TrackStringV4`](crate::TrackStringV4)),
    /// overrides are typed ([`OverriddenSettingsV4`](crate::OverriddenSettingsV4)) and
    /// capture data goes in [`Metadata`](crate::Metadata). With [`V4Options`] the echoed
    /// request and the document images are in the result's
    /// [`raw_json`](VerificationResult::raw_json).
    ///
    /// Checked before sending: at least one image or a track string, each image within the
    /// client's size limit, and a selfie and front image when `isFaceMatchEnabled` is on.
    /// Billable and sent **at most once**.
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
        let has_track = non_empty_track(
            request.track_string.as_ref().map(|t| t.data.is_empty()),
            "trackString.data",
        )?;
        let limit = self.engine.max_image_bytes();
        let images = check_images(request.images(), limit)?;
        require_input(images, has_track)?;
        let face_match = request
            .overridden_settings
            .as_ref()
            .and_then(|s| s.is_face_match_enabled);
        if face_match == Some(true) {
            require_for_face(
                request.face_image_base64.is_some(),
                request.front_image_base64.is_some(),
                "overriddenSettings.isFaceMatchEnabled",
            )?;
        }
        let body = json_body(request)?;
        let mut call = ApiCall::post("api/v4/verify", body);
        if options.return_request {
            call = call.query("returnRequest", "true");
        }
        if options.return_content {
            call = call.query("returnContent", "true");
        }
        let response = self.engine.execute(call).await?;
        parse_result(response.status, response.body, ResultShape::V4)
    }
}

/// Checks each image against the size limit; returns how many there are.
pub(crate) fn check_images<'a>(
    images: impl Iterator<Item = (&'static str, &'a Image)>,
    limit: usize,
) -> Result<usize> {
    let mut count = 0;
    for (field, image) in images {
        image
            .check_size(limit)
            .map_err(|source| Error::InvalidImage { field, source })?;
        count += 1;
    }
    Ok(count)
}

/// `Some(is_empty)` of a track string → whether a usable one is there; an empty one is refused.
pub(crate) fn non_empty_track(is_empty: Option<bool>, field: &'static str) -> Result<bool> {
    match is_empty {
        Some(true) => Err(Error::InvalidInput {
            field,
            reason: "is empty; leave it out or give the decoded barcode or MRZ text".into(),
        }),
        Some(false) => Ok(true),
        None => Ok(false),
    }
}

/// DVS has nothing to verify without an image or a track string.
pub(crate) fn require_input(images: usize, has_track: bool) -> Result<()> {
    if images == 0 && !has_track {
        return Err(Error::InvalidInput {
            field: "images",
            reason: "are all missing: give at least one image (frontImageBase64, \
                     backOrSecondImageBase64, faceImageBase64) or a trackString"
                .into(),
        });
    }
    Ok(())
}

/// A face match compares the selfie with the portrait cropped from the front image.
pub(crate) fn require_for_face(
    has_face: bool,
    has_front: bool,
    setting: &'static str,
) -> Result<()> {
    let missing = match (has_face, has_front) {
        (false, _) => "faceImageBase64",
        (true, false) => "frontImageBase64",
        (true, true) => return Ok(()),
    };
    Err(Error::InvalidInput {
        field: missing,
        reason: format!(
            "is required when {setting} is on (a face match needs a selfie and a front image)"
        ),
    })
}

/// The request body, streamed from the images' bytes as it is sent (exact length up front).
pub(crate) fn json_body<T: Serialize>(body: &T) -> Result<StreamingJson> {
    StreamingJson::new(body).map_err(|_| Error::InvalidInput {
        field: "body",
        reason: "could not be written as JSON".into(),
    })
}
