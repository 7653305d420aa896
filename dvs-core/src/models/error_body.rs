//! [`ErrorBody`] and [`ErrorCode`]: the JSON DVS sends with a 4xx or 5xx status.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::ExtraFields;
use super::open_enum::open_enum;

open_enum! {
    /// The `code` of a DVS error body. Unknown codes are kept as [`ErrorCode::Unknown`].
    pub enum ErrorCode {
        /// Request fields failed validation (see `propertyErrors`).
        ValidationError = "ValidationError", [],
        /// Several errors at once (see `multipleErrors`).
        MultipleErrors = "MultipleErrors", [],
        /// Could not read data from the document's front.
        OcrError = "OCRError", [],
        /// Could not read the MRZ.
        MrzOcrError = "MRZOCRError", [],
        /// No image with an MRZ was supplied.
        MrzIsNotPresentError = "MrzIsNotPresentError", [],
        /// The front image is required.
        FrontImageRequiredError = "FrontImageRequiredError", [],
        /// Neither a back image nor a track string was supplied.
        BackImageOrTrackStringNotPresentError = "BackImageOrTrackStringNotPresentError", [],
        /// Could not read the PDF417 barcode.
        Pdf417Error = "PDF417Error", [],
        /// No face found on the document.
        FaceDocNotDetectError = "FaceDocNotDetectError", [],
        /// No face found in the selfie.
        FacePhotoNotDetectError = "FacePhotoNotDetectError", [],
        /// The document could not be verified.
        DocumentVerifyError = "DocumentVerifyError", [],
        /// The track string could not be parsed.
        TrackStringParserError = "TrackStringParserError", [],
        /// Face comparison failed.
        CompareFacesError = "CompareFacesError", [],
        /// Faces could not be extracted from the images.
        CaptureFacesError = "CaptureFacesError", [],
        /// The request was already verified.
        RequestAlreadyProcessed = "RequestAlreadyProcessed", [],
        /// The request expired before it was verified.
        RequestExpired = "RequestExpired", [],
        /// The anti-spoofing (liveness) check failed.
        AntiSpoofing = "AntiSpoofing", [],
        /// Unknown request id or resource.
        NotFound = "NotFound", [],
        /// Server-side error.
        ApiError = "ApiError", [],
    }
    serialize as text
}

impl ErrorCode {
    /// `true` for codes that mean the *document or selfie* failed (retake the photo), as
    /// opposed to a problem with the request or the integration.
    pub fn is_document_failure(&self) -> bool {
        matches!(
            self,
            ErrorCode::OcrError
                | ErrorCode::MrzOcrError
                | ErrorCode::MrzIsNotPresentError
                | ErrorCode::Pdf417Error
                | ErrorCode::FaceDocNotDetectError
                | ErrorCode::FacePhotoNotDetectError
                | ErrorCode::DocumentVerifyError
                | ErrorCode::TrackStringParserError
                | ErrorCode::CompareFacesError
                | ErrorCode::CaptureFacesError
                | ErrorCode::AntiSpoofing
        )
    }

    /// `true` for codes that mean the request itself was malformed or incomplete.
    pub fn is_request_invalid(&self) -> bool {
        matches!(
            self,
            ErrorCode::ValidationError
                | ErrorCode::MultipleErrors
                | ErrorCode::FrontImageRequiredError
                | ErrorCode::BackImageOrTrackStringNotPresentError
        )
    }
}

/// Messages per request field, from `propertyErrors`. DVS has sent both
/// `{"field": "message"}` and `{"field": ["message", …]}`; both are read.
///
/// `Debug` shows the field names and how many messages each has, not the messages: they are
/// server text that may echo the input (an SSN, a name).
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PropertyErrors(pub BTreeMap<String, Vec<String>>);

impl fmt::Debug for PropertyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (field, messages) in &self.0 {
            map.entry(field, &format_args!("[{} message(s)]", messages.len()));
        }
        map.finish()
    }
}

impl PropertyErrors {
    /// The names of the fields that failed.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
    /// The messages for one field (matched case-insensitively).
    pub fn get(&self, field: &str) -> Option<&[String]> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| v.as_slice())
    }
    /// `true` when no field failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for PropertyErrors {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Option::<serde_json::Map<String, serde_json::Value>>::deserialize(deserializer)?;
        let mut out = BTreeMap::new();
        for (field, value) in raw.unwrap_or_default() {
            let messages = match value {
                serde_json::Value::String(s) => vec![s],
                serde_json::Value::Array(items) => items
                    .into_iter()
                    .filter_map(|v| match v {
                        serde_json::Value::String(s) => Some(s),
                        serde_json::Value::Null => None,
                        other => Some(other.to_string()),
                    })
                    .collect(),
                serde_json::Value::Null => Vec::new(),
                other => vec![other.to_string()],
            };
            out.insert(field, messages);
        }
        Ok(PropertyErrors(out))
    }
}

/// The JSON body of a DVS error response.
///
/// ```
/// use dvs_core::{ErrorBody, ErrorCode};
/// let body: ErrorBody = serde_json::from_str(
///     r#"{"code":"ValidationError","message":"bad","propertyErrors":{"documentType":"required"}}"#,
/// )?;
/// assert_eq!(body.code, Some(ErrorCode::ValidationError));
/// assert_eq!(body.property_errors.get("DocumentType"), Some(&["required".to_string()][..]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// The error code.
    #[serde(default, alias = "Code", skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// A human-readable message.
    #[serde(default, alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Messages per field, with `ValidationError`.
    #[serde(
        default,
        alias = "PropertyErrors",
        skip_serializing_if = "PropertyErrors::is_empty"
    )]
    pub property_errors: PropertyErrors,
    /// The individual errors, with `MultipleErrors` (`null` entries are dropped).
    #[serde(
        default,
        alias = "MultipleErrors",
        deserialize_with = "non_null_errors",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub multiple_errors: Vec<ErrorBody>,
    /// The server's trace id, to quote to IDScan support.
    #[serde(default, alias = "TraceId", skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// The extra message some servers add in development mode.
    #[serde(
        default,
        alias = "DeveloperMessage",
        skip_serializing_if = "Option::is_none"
    )]
    pub developer_message: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

fn non_null_errors<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<ErrorBody>, D::Error> {
    let items = Option::<Vec<Option<ErrorBody>>>::deserialize(deserializer)?;
    Ok(items.unwrap_or_default().into_iter().flatten().collect())
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages are server text that may echo input; show their size, not their content.
        f.debug_struct("ErrorBody")
            .field("code", &self.code)
            .field("message_len", &self.message.as_ref().map(String::len))
            .field(
                "property_errors",
                &self.property_errors.fields().collect::<Vec<_>>(),
            )
            .field("multiple_errors", &self.multiple_errors)
            .field("trace_id", &self.trace_id)
            .field("extra", &self.extra)
            .finish()
    }
}
