//! [`IdvcSubmit`]: the payload IDScan's web library (`@idscan/idvc2`) hands its `submit`
//! callback, read from JSON and turned into a [`VerificationRequest`] the way IDScan's own
//! code does it.

use std::fmt;

use dvs_core::{DocumentType, Error, Image, ImageError, MultiImages, SensitiveText};
use serde_json::{Map, Value};

use crate::verification_request::VerificationRequest;

/// Names the whole payload in errors about its shape.
const PAYLOAD: &str = "IDataForSubmit";

/// The type of a capture step of IDScan's web library (`StepType` in its typings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdvcStepType {
    /// `front`: the document's front.
    Front,
    /// `back`: the document's back, as a photo.
    Back,
    /// `pdf`: the back's PDF417 barcode (with the decoded `trackString`).
    Pdf,
    /// `mrz`: a machine-readable zone (with the decoded `mrzText`); a passport's photo page.
    Mrz,
    /// `face`: the selfie.
    Face,
}

impl IdvcStepType {
    /// The step type as the library writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdvcStepType::Front => "front",
            IdvcStepType::Back => "back",
            IdvcStepType::Pdf => "pdf",
            IdvcStepType::Mrz => "mrz",
            IdvcStepType::Face => "face",
        }
    }

    fn parse(text: &str) -> Option<IdvcStepType> {
        [
            IdvcStepType::Front,
            IdvcStepType::Back,
            IdvcStepType::Pdf,
            IdvcStepType::Mrz,
            IdvcStepType::Face,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }

    /// A step whose image is the document's back or second image (and whose decoded text is
    /// the track string).
    fn is_back_or_second(self) -> bool {
        matches!(
            self,
            IdvcStepType::Pdf | IdvcStepType::Mrz | IdvcStepType::Back
        )
    }
}

impl fmt::Display for IdvcStepType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of the payload, as read.
#[derive(Clone)]
struct Step {
    /// Its position in the payload's `steps`, for errors.
    index: usize,
    kind: IdvcStepType,
    /// `img`: a data URL (or bare base64), decoded by `into_request`.
    img: Option<String>,
    /// `multiImagesBlob`, when the page replaced the `Blob` with its data URL.
    multi_images: Option<String>,
    track_string: Option<SensitiveText>,
    mrz_text: Option<SensitiveText>,
}

/// The `metaData` string, and what IDScan's code reads from it.
#[derive(Clone)]
struct MetaData {
    raw: String,
    captured_method: Option<String>,
    user_agent: Option<String>,
}

/// What IDScan's web library (`@idscan/idvc2` 3.10) hands its `submit` callback
/// (`IDataForSubmit`), serialized as JSON by the page: `{ steps, documentType, metaData }`.
///
/// [`into_request`](Self::into_request) builds the [`VerificationRequest`] exactly as
/// IDScan's own `prepareRequestDataForDiveApi` and samples do:
///
/// | request | from |
/// |---|---|
/// | front image | the first `front` step's `img`; for a passport (`documentType` 2) the first `mrz` step's, if any |
/// | back image | the first step of type `pdf`, `mrz` or `back` (none for a passport) |
/// | selfie | the first `face` step's `img` |
/// | track string | that back step's `mrzText`, or else its `trackString` (for a passport too) |
/// | `verifyFace` | whether there is a `face` step |
/// | capture method, user agent | `capturedMethod` and `userAgent` of the `metaData` JSON string (`0` file, `1` auto capture, `2` manual capture, one digit per step) |
/// | `frontEndMetadata` | the `metaData` string, verbatim |
/// | multi-images recordings | a `front` / `face` step's `multiImagesBlob`, when the page turned that `Blob` into a data URL string (a `Blob` itself becomes `{}` in JSON and is skipped) |
///
/// Reading is lenient: images are data URLs (`data:image/webp;base64,…`, jpeg, png; bare
/// base64 is accepted too) whose format is sniffed from the decoded bytes, not taken from the
/// URL; an empty or `null` image is no image; steps of an unknown type, and fields this
/// mapping does not use (`blob`, `source`, `mrzImg`, `payload`, `logs` …), are ignored. The
/// page's own `navigator.userAgent` can replace the library's: call
/// [`VerificationRequest::user_agent`] on the result.
///
/// Errors are [`Error::InvalidInput`] naming the payload field (`steps[].img`, `metaData` …)
/// and, for a step, its position and type; they never repeat the payload's content. `Debug`
/// shows the document type and step types only.
///
/// ```
/// use dvs_public::{DocumentType, IdvcSubmit};
/// let payload = br#"{
///   "documentType": 1,
///   "steps": [
///     { "type": "front", "img": "data:image/jpeg;base64,/9j/4AAQ", "source": "video" },
///     { "type": "pdf", "img": "data:image/png;base64,iVBORw0KGgoAAAAN", "trackString": "@ANSI 636026..." }
///   ],
///   "metaData": "{\"userAgent\":\"Mozilla/5.0\",\"capturedMethod\":\"12\",\"version\":\"3.10.0\"}"
/// }"#;
/// let submit = IdvcSubmit::from_json(payload)?;
/// assert_eq!(submit.document_type(), &DocumentType::Id);
/// assert_eq!(submit.capture_method(), Some("12"));
/// let request = submit.into_request()?;
/// request.check(dvs_public::DEFAULT_MAX_IMAGE_BYTES)?;
/// # Ok::<(), dvs_public::Error>(())
/// ```
#[derive(Clone)]
pub struct IdvcSubmit {
    document_type: DocumentType,
    steps: Vec<Step>,
    meta_data: Option<MetaData>,
}

impl fmt::Debug for IdvcSubmit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let steps: Vec<IdvcStepType> = self.step_types().collect();
        f.debug_struct("IdvcSubmit")
            .field("document_type", &self.document_type)
            .field("steps", &steps)
            .field("meta_data", &self.meta_data.is_some())
            .finish()
    }
}

impl IdvcSubmit {
    /// Reads the payload from its JSON text (`JSON.stringify` of what `submit` received).
    ///
    /// Fails on text that is not a JSON object, a missing or unreadable `documentType`, a
    /// missing `steps` array or a step that is not an object, a step field of the wrong JSON
    /// type, and a `metaData` that is not a JSON object (as text, or already parsed).
    pub fn from_json(bytes: &[u8]) -> Result<IdvcSubmit, Error> {
        let root = match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(root)) => root,
            Ok(_) => return Err(invalid(PAYLOAD, "is not a JSON object".into())),
            Err(e) => {
                return Err(invalid(
                    PAYLOAD,
                    format!("is not JSON (line {}, column {})", e.line(), e.column()),
                ));
            }
        };
        let mut root = root;
        let document_type = match root.remove("documentType") {
            None | Some(Value::Null) => return Err(invalid("documentType", "is missing".into())),
            Some(value) => serde_json::from_value::<DocumentType>(value).map_err(|_| {
                invalid(
                    "documentType",
                    "is not a document type (a number such as 1 or 2)".into(),
                )
            })?,
        };
        let steps = match root.remove("steps") {
            Some(Value::Array(items)) => read_steps(items)?,
            _ => return Err(invalid("steps", "is missing or not an array".into())),
        };
        let meta_data = read_meta_data(root.remove("metaData"))?;
        Ok(IdvcSubmit {
            document_type,
            steps,
            meta_data,
        })
    }

    /// The document type the user chose (`documentType`).
    pub fn document_type(&self) -> &DocumentType {
        &self.document_type
    }

    /// The types of the steps read, in payload order (steps of unknown types are left out).
    pub fn step_types(&self) -> impl Iterator<Item = IdvcStepType> + '_ {
        self.steps.iter().map(|step| step.kind)
    }

    /// `capturedMethod` from `metaData`: one digit per step, `0` file upload, `1` auto
    /// capture, `2` manual capture.
    pub fn capture_method(&self) -> Option<&str> {
        self.meta_data.as_ref()?.captured_method.as_deref()
    }

    /// `userAgent` from `metaData`: the capturing browser's user agent.
    pub fn user_agent(&self) -> Option<&str> {
        self.meta_data.as_ref()?.user_agent.as_deref()
    }

    /// The `metaData` JSON text, as sent on as `frontEndMetadata`.
    pub fn meta_data(&self) -> Option<&str> {
        self.meta_data.as_ref().map(|meta| meta.raw.as_str())
    }

    /// Builds the request as IDScan's code does (see the table on [`IdvcSubmit`]), decoding
    /// the images it uses.
    ///
    /// Fails when an image it uses is not a base64 data URL of a JPEG, PNG or WEBP image, or
    /// a recording is not base64. Whether the request has what the account needs is left to
    /// [`VerificationRequest::check`] and the server.
    pub fn into_request(self) -> Result<VerificationRequest, Error> {
        let first =
            |wanted: fn(IdvcStepType) -> bool| self.steps.iter().position(|step| wanted(step.kind));
        let passport = self.document_type == DocumentType::Passport;
        let mrz = first(|kind| kind == IdvcStepType::Mrz);
        let front = match (passport, mrz) {
            (true, Some(mrz)) => Some(mrz),
            _ => first(|kind| kind == IdvcStepType::Front),
        };
        let back = first(IdvcStepType::is_back_or_second);
        let face = first(|kind| kind == IdvcStepType::Face);
        let front_recording = first(|kind| kind == IdvcStepType::Front);

        let mut steps = self.steps;
        let mut request = VerificationRequest::new(self.document_type).verify_face(face.is_some());
        let track_string = back
            .and_then(|i| steps.get(i))
            .and_then(|step| non_blank(&step.mrz_text).or_else(|| non_blank(&step.track_string)));
        if let Some(text) = track_string {
            request = request.track_string(text);
        }
        if let Some(image) = step_media(&mut steps, front, IMG, Image::from_base64)? {
            request = request.front(image);
        }
        if !passport {
            if let Some(image) = step_media(&mut steps, back, IMG, Image::from_base64)? {
                request = request.back(image);
            }
        }
        if let Some(image) = step_media(&mut steps, face, IMG, Image::from_base64)? {
            request = request.selfie(image);
        }
        if let Some(recording) = step_media(
            &mut steps,
            front_recording,
            MULTI_IMAGES,
            MultiImages::from_base64,
        )? {
            request = request.front_multi_images(recording);
        }
        if let Some(recording) =
            step_media(&mut steps, face, MULTI_IMAGES, MultiImages::from_base64)?
        {
            request = request.selfie_multi_images(recording);
        }
        if let Some(meta) = self.meta_data {
            if let Some(method) = meta.captured_method.filter(|m| !m.is_empty()) {
                request = request.capture_method(method);
            }
            if let Some(agent) = meta.user_agent.filter(|a| !a.is_empty()) {
                request = request.user_agent(agent);
            }
            request = request.front_end_metadata(meta.raw);
        }
        Ok(request)
    }
}

fn invalid(field: &'static str, reason: String) -> Error {
    Error::InvalidInput { field, reason }
}

/// The text, unless it is blank.
fn non_blank(text: &Option<SensitiveText>) -> Option<SensitiveText> {
    text.as_ref()
        .filter(|t| !t.expose_secret().trim().is_empty())
        .cloned()
}

/// Reads the steps; unknown types are skipped.
fn read_steps(items: Vec<Value>) -> Result<Vec<Step>, Error> {
    let mut steps = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let Value::Object(mut fields) = item else {
            return Err(invalid("steps[]", format!("step {index} is not an object")));
        };
        let kind = match fields.get("type") {
            Some(Value::String(text)) => IdvcStepType::parse(text),
            _ => None,
        };
        let Some(kind) = kind else {
            // A step type this mapping does not know (or none): ignored, as IDScan's code
            // ignores steps it does not look for.
            continue;
        };
        let mut text = |name: &'static str, field: &'static str| {
            optional_text(fields.remove(name), || {
                invalid(field, format!("is not a string in step {index} (`{kind}`)"))
            })
        };
        let img = text("img", "steps[].img")?;
        let track_string = text("trackString", "steps[].trackString")?.map(SensitiveText::new);
        let mrz_text = text("mrzText", "steps[].mrzText")?.map(SensitiveText::new);
        // A `Blob` serializes as `{}`: only a string (a data URL made by the page) is kept.
        let multi_images = match fields.remove("multiImagesBlob") {
            Some(Value::String(url)) => Some(url),
            _ => None,
        };
        steps.push(Step {
            index,
            kind,
            img,
            multi_images,
            track_string,
            mrz_text,
        });
    }
    Ok(steps)
}

/// A string field: `None` when absent or `null`, the error when of another JSON type.
fn optional_text(
    value: Option<Value>,
    error: impl FnOnce() -> Error,
) -> Result<Option<String>, Error> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(error()),
    }
}

/// Reads `metaData`: a JSON object in a string (as the library gives it), or already parsed.
fn read_meta_data(value: Option<Value>) -> Result<Option<MetaData>, Error> {
    let not_an_object = || {
        invalid(
            "metaData",
            "is not a JSON object (nor a string holding one)".into(),
        )
    };
    let (raw, parsed) = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(raw)) => match serde_json::from_str::<Value>(&raw) {
            Ok(Value::Object(parsed)) => (raw, parsed),
            _ => return Err(not_an_object()),
        },
        Some(Value::Object(parsed)) => (Value::Object(parsed.clone()).to_string(), parsed),
        Some(_) => return Err(not_an_object()),
    };
    Ok(Some(MetaData {
        raw,
        captured_method: scalar_text(&parsed, "capturedMethod"),
        user_agent: scalar_text(&parsed, "userAgent"),
    }))
}

/// A text member read leniently (a number is taken as its digits).
fn scalar_text(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Decodes what `take` takes out of step `at` (its image or recording text), if anything;
/// an error names `field`, the step's position and its type.
fn step_media<T>(
    steps: &mut [Step],
    at: Option<usize>,
    (field, take): StepPart,
    parse: fn(&str) -> Result<T, ImageError>,
) -> Result<Option<T>, Error> {
    let Some(step) = at.and_then(|i| steps.get_mut(i)) else {
        return Ok(None);
    };
    let Some(text) = take(step) else {
        return Ok(None);
    };
    decode(&text, parse).map_err(|problem| {
        invalid(
            field,
            format!("of step {} (`{}`) {problem}", step.index, step.kind),
        )
    })
}

/// A step's media field: its name in errors, and how to take its text out.
type StepPart = (&'static str, fn(&mut Step) -> Option<String>);
/// The image of a step, for [`step_media`].
const IMG: StepPart = ("steps[].img", |step| step.img.take());
/// The recording of a step, for [`step_media`].
const MULTI_IMAGES: StepPart = ("steps[].multiImagesBlob", |step| step.multi_images.take());

/// Decodes a data URL (`data:<type>;base64,<data>`) or bare base64. Blank text and a data
/// URL without data are no image (`Ok(None)`); the error says what is wrong without
/// repeating the text.
fn decode<T>(text: &str, parse: fn(&str) -> Result<T, ImageError>) -> Result<Option<T>, String> {
    let text = text.trim();
    let data = match text.strip_prefix("data:") {
        Some(url) => {
            let Some((header, data)) = url.split_once(',') else {
                return Err("is a data URL without a comma before its data".into());
            };
            if data.trim().is_empty() {
                return Ok(None);
            }
            if !header.to_ascii_lowercase().ends_with(";base64") {
                return Err("is a data URL whose data is not base64".into());
            }
            data
        }
        None => text,
    };
    if data.is_empty() {
        return Ok(None);
    }
    parse(data)
        .map(Some)
        .map_err(|e| format!("is not usable: {e}"))
}
