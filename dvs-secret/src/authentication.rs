//! Authentication for hardware document scanners: [`Client::authenticate`]
//! (`POST /api/v4/authentication`), with ultraviolet and infrared images.

use crate::VerificationResult;
use dvs_core::AuthenticationRequestV4;
use dvs_core::internal::{ApiCall, traced};

use crate::Result;
use crate::client::Client;
use crate::result_body::{ResultShape, parse_result};

impl Client {
    /// Authenticates a document captured by a hardware scanner:
    /// `POST /api/v4/authentication`, answered synchronously with the v4 result.
    ///
    /// The body is a v4 verify body plus the pages under ultraviolet and infrared light
    /// ([`AuthenticationRequestV4`]); IDScan documents this endpoint for hardware scanners
    /// only (phones and browsers use [`verify_v4`](Client::verify_v4)). The answer is read
    /// like `verify_v4`'s into the normalized [`VerificationResult`].
    ///
    /// Checked before sending, as for `verify_v4`: at least one image or a track string,
    /// each image (ultraviolet and infrared included) within the client's size limit, and a
    /// selfie and front image when `isFaceMatchEnabled` is on. Billable and sent **at most
    /// once**: never re-sent after a timeout or a 5xx.
    ///
    /// ```no_run
    /// use dvs_secret::{AuthenticationRequestV4, Client, DocumentType, Image, RequestV4};
    /// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let white = RequestV4::new(DocumentType::Id)
    ///     .front(Image::from_path("front.jpg")?)
    ///     .back(Image::from_path("back.jpg")?);
    /// let request = AuthenticationRequestV4::new(white)
    ///     .front_uv(Image::from_path("front-uv.jpg")?)
    ///     .back_uv(Image::from_path("back-uv.jpg")?)
    ///     .front_ir(Image::from_path("front-ir.jpg")?)
    ///     .back_ir(Image::from_path("back-ir.jpg")?)
    ///     .gpu_enabled(true);
    /// let result = client.authenticate(&request).await?;
    /// println!("document confidence: {:?}", result.document_confidence);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        request: &AuthenticationRequestV4,
    ) -> Result<VerificationResult> {
        traced("authenticate", None, async {
            let body = request.checked_body(self.engine.max_image_bytes())?;
            let response = self
                .engine
                .execute(ApiCall::post("api/v4/authentication", body))
                .await?;
            parse_result(response.status, response.body, ResultShape::V4)
        })
        .await
    }
}
