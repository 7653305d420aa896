//! Request-body validation, the way the real server binds it: JSON property names matched
//! case-insensitively, then checked field by field.
//!
//! Like ASP.NET model binding, fields the request model does not have are ignored (and
//! listed, for inspection); with strict fields ([`Rules::strict_fields`]) they are refused
//! instead. Failures collect into `propertyErrors` (`400 ValidationError`); a body that is
//! valid but lacks a required image answers `400 FrontImageRequiredError` or
//! `400 BackImageOrTrackStringNotPresentError`, depending on the account settings
//! ([`Rules::front_only`]) and the request's overrides.

use std::collections::BTreeMap;

use dvs_core::RawCode;
use dvs_core::{DocumentType, Image};
use serde_json::{Map, Value};

use crate::Scenario;
use crate::reply::Reply;

/// Which request model a body must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RequestShape {
    /// `VerifyRequestV3` (`POST /api/v3/Request`, `POST /api/v3/Verify`).
    V3,
    /// `VerifyRequestV4` (`POST /api/v4/verify`).
    V4,
    /// `AuthenticationRequestV4` (`POST /api/v4/authentication`): v4 plus UV/IR images.
    Authentication,
}

impl RequestShape {
    /// The ultraviolet and infrared images, if the model has them.
    fn light_source_images(self) -> &'static [&'static str] {
        match self {
            RequestShape::Authentication => &LIGHT_SOURCE_IMAGE_FIELDS,
            RequestShape::V3 | RequestShape::V4 => &[],
        }
    }

    /// The top-level fields of the model.
    fn fields(self) -> Vec<&'static str> {
        let base = if self.is_v4() { V4_FIELDS } else { V3_FIELDS };
        [base, self.light_source_images()].concat()
    }

    /// The image fields of the model, by canonical name: front, back and face first.
    pub(crate) fn image_fields(self) -> Vec<&'static str> {
        [&IMAGE_FIELDS[..], self.light_source_images()].concat()
    }

    /// Whether the model is a v4 one (track string object, `metadata`, v4 overrides).
    pub(crate) fn is_v4(self) -> bool {
        self != RequestShape::V3
    }
}

/// What the mock's account and options make of a body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Rules {
    /// Refuse (`400 ValidationError`) field names the model does not have, instead of
    /// ignoring them as the service does.
    pub(crate) strict_fields: bool,
    /// The account processes the front of documents only: back-image processing is off
    /// unless a request turns it on.
    pub(crate) front_only: bool,
}

const V3_FIELDS: &[&str] = &[
    "documentType",
    "verifyFace",
    "captureMethod",
    "userAgent",
    "frontImageBase64",
    "backOrSecondImageBase64",
    "faceImageBase64",
    "trackString",
    "ssn",
    "overriddenSettings",
];

const V4_FIELDS: &[&str] = &[
    "documentType",
    "frontImageBase64",
    "backOrSecondImageBase64",
    "faceImageBase64",
    "trackString",
    "ssn",
    "overriddenSettings",
    "metadata",
];

/// v3 override flags: the SDKs' list plus those seen in IDScan's own test scripts.
const V3_SETTINGS: &[&str] = &[
    "isOCREnabled",
    "isAddressCheckEnabled",
    "isCrossMatchRequired",
    "isDMVEnabled",
    "isDMVPartialEnabled",
    "isIdentiFraudEnabled",
    "isIdentiFraudFullCaseEnabled",
    "isDmvOrIdentiFraudEnabled",
    "isDmvAndIdentiFraudEnabled",
    "isDmvOrIdentiFraudPartialEnabled",
    "isDmvAndIdentiFraudPartialEnabled",
    "isFaceRequiredOnDocument",
    "faceVerification",
    "isGenderCheckEnabled",
    "isAgeCheckEnabled",
    "isShuftiEnabled",
    "isBackOrSecondImageProcessing",
    "isFaceMatchEnabled",
];

/// v4 override flags (the v4 manual's, with `isGpuEnabled` of the authentication example); three
/// are integers.
const V4_SETTINGS: &[&str] = &[
    "isOCREnabled",
    "isBackOrSecondImageProcessingEnabled",
    "isFaceMatchEnabled",
    "isFaceMatchOptional",
    "isGenderCheckEnabled",
    "isAgeCheckEnabled",
    "isExternalAddressVerificationEnabled",
    "isExternalShuftiEnabled",
    "isExternalOFACWatchlistEnabled",
    "isCrossMatchRequired",
    "isDocTypeChangeEnabled",
    "bothSidedScreeningStrategy",
    "oneSidedScreeningStrategy",
    "ageYearsDifference",
    "isGpuEnabled",
];
const V4_INT_SETTINGS: &[&str] = &[
    "bothSidedScreeningStrategy",
    "oneSidedScreeningStrategy",
    "ageYearsDifference",
];

const METADATA_FIELDS: &[&str] = &[
    "captureMethod",
    "userAgent",
    "frontEndMetadata",
    "otherMetadata",
];
const TRACK_STRING_FIELDS: &[&str] = &["data", "barcodeParams"];

/// The three image fields, by canonical name.
const IMAGE_FIELDS: [&str; 3] = [
    "frontImageBase64",
    "backOrSecondImageBase64",
    "faceImageBase64",
];

/// The ultraviolet and infrared images of an authentication request.
const LIGHT_SOURCE_IMAGE_FIELDS: [&str; 4] = [
    "frontImageBase64Uv",
    "backOrSecondImageBase64Uv",
    "frontImageBase64Ir",
    "backOrSecondImageBase64Ir",
];

/// An object's members looked up by case-insensitive name.
struct Fields<'a> {
    members: Vec<(&'a str, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn new(object: &'a Map<String, Value>) -> Self {
        Fields {
            members: object.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        }
    }

    /// Which member binds to `name`: the one spelled exactly so, else the first in any
    /// casing. (A JSON object's member order is not kept, so when a name is sent twice in
    /// two casings the mock cannot keep "the last one" as a streaming binder may; it keeps
    /// the canonical spelling.)
    fn chosen(&self, name: &str) -> Option<usize> {
        self.members
            .iter()
            .position(|(k, _)| *k == name)
            .or_else(|| {
                self.members
                    .iter()
                    .position(|(k, _)| k.eq_ignore_ascii_case(name))
            })
    }

    /// The value of `name` (any casing, see [`Fields::chosen`]); `null` reads as absent.
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.chosen(name)
            .and_then(|i| self.members.get(i))
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// Members not in `known`, and a name sent again in another casing (the spelling not
    /// bound): ignored, or refused with strict fields.
    fn check_names(&self, known: &[&str], prefix: &str, errors: &mut Errors) {
        for (i, (name, _)) in self.members.iter().enumerate() {
            match known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                None => errors.unmodelled(prefix, name, "is not a known field of this request"),
                Some(canonical) if self.chosen(canonical) != Some(i) => errors.unmodelled(
                    prefix,
                    name,
                    "is given more than once (names are case-insensitive)",
                ),
                Some(_) => {}
            }
        }
    }
}

/// `propertyErrors` being collected, and the fields ignored on the way.
#[derive(Default)]
struct Errors {
    errors: BTreeMap<String, String>,
    /// Refuse unmodelled fields instead of ignoring them.
    strict: bool,
    /// Unmodelled fields ignored (lenient), by dotted path.
    ignored: Vec<String>,
}

impl Errors {
    fn path(prefix: &str, field: &str) -> String {
        if prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{prefix}.{field}")
        }
    }

    fn add(&mut self, prefix: &str, field: &str, message: impl Into<String>) {
        self.errors
            .entry(Self::path(prefix, field))
            .or_insert_with(|| message.into());
    }

    /// A field the model does not bind: an error with strict fields, else ignored.
    fn unmodelled(&mut self, prefix: &str, field: &str, message: &str) {
        if self.strict {
            self.add(prefix, field, message);
        } else {
            self.ignored.push(Self::path(prefix, field));
        }
    }

    fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a body as a JSON object, or answers `400 ValidationError`.
pub(crate) fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    let mut errors = BTreeMap::new();
    if body.iter().all(u8::is_ascii_whitespace) {
        errors.insert(
            "body".to_owned(),
            "A non-empty JSON request body is required.".to_owned(),
        );
        return Err(Reply::validation(&errors));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => {
            errors.insert(
                "body".to_owned(),
                "The request body must be a JSON object.".to_owned(),
            );
            Err(Reply::validation(&errors))
        }
        Err(e) => {
            let reason = format!(
                "The request body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            );
            errors.insert("body".to_owned(), reason);
            Err(Reply::validation(&errors))
        }
    }
}

/// The text fields a scenario marker may be put in, for a shape.
fn marker_fields(body: &Map<String, Value>, shape: RequestShape) -> Vec<(String, &str)> {
    let fields = Fields::new(body);
    let (holder, prefix) = if shape.is_v4() {
        (
            fields.get("metadata").and_then(Value::as_object),
            "metadata.",
        )
    } else {
        (Some(body), "")
    };
    let Some(holder) = holder else {
        return Vec::new();
    };
    let holder = Fields::new(holder);
    ["userAgent", "captureMethod"]
        .into_iter()
        .filter_map(|name| {
            holder
                .get(name)
                .and_then(Value::as_str)
                .map(|text| (format!("{prefix}{name}"), text))
        })
        .collect()
}

/// The scenario a body asks for with a `dvs-mock-scenario=<name>` marker.
pub(crate) fn scenario_marker(
    body: &Map<String, Value>,
    shape: RequestShape,
) -> Result<Option<Scenario>, Reply> {
    for (field, text) in marker_fields(body, shape) {
        match Scenario::from_marker(text) {
            Some(Ok(scenario)) => return Ok(Some(scenario)),
            Some(Err(unknown)) => {
                let mut errors = BTreeMap::new();
                errors.insert(field, unknown.to_string());
                return Err(Reply::validation(&errors));
            }
            None => {}
        }
    }
    Ok(None)
}

/// A request body that passed validation.
#[derive(Clone)]
pub(crate) struct ValidRequest {
    pub(crate) document_type: DocumentType,
    pub(crate) has_front: bool,
    pub(crate) has_back: bool,
    pub(crate) has_track_string: bool,
    /// The back image or track string is processed (back processing on).
    pub(crate) back_processed: bool,
    /// A selfie was sent and face matching is on.
    pub(crate) face_match: bool,
    /// What the result endpoint echoes as `request.content`: the images and track string
    /// exactly as sent, under their canonical names.
    pub(crate) content: Map<String, Value>,
}

impl ValidRequest {
    /// A back image or track string was sent and is processed.
    pub(crate) fn reads_back(&self) -> bool {
        self.back_processed && (self.has_back || self.has_track_string)
    }
}

/// The outcome of validating a body, and the fields ignored on the way (dotted paths such
/// as `overriddenSettings.isFooEnabled`, sorted; always empty with strict fields, which
/// refuses them instead).
pub(crate) struct Validated {
    pub(crate) outcome: Result<ValidRequest, Reply>,
    pub(crate) ignored: Vec<String>,
}

/// Validates a v3, v4 or authentication request body under the mock's rules.
pub(crate) fn validate(body: &Map<String, Value>, shape: RequestShape, rules: Rules) -> Validated {
    let mut errors = Errors {
        strict: rules.strict_fields,
        ..Errors::default()
    };
    let outcome = check(body, shape, rules, &mut errors);
    let mut ignored = errors.ignored;
    ignored.sort();
    ignored.dedup();
    Validated { outcome, ignored }
}

fn check(
    body: &Map<String, Value>,
    shape: RequestShape,
    rules: Rules,
    errors: &mut Errors,
) -> Result<ValidRequest, Reply> {
    let fields = Fields::new(body);
    fields.check_names(&shape.fields(), "", errors);

    let document_type = document_type(fields.get("documentType"), errors);

    let mut content = Map::new();
    // Front, back and face come first in every shape's list.
    let image_fields = shape.image_fields();
    let mut present = Vec::with_capacity(image_fields.len());
    for name in image_fields {
        let value = fields.get(name);
        let valid = value.is_some_and(|value| check_image(value, name, errors));
        if let (true, Some(value)) = (valid, value) {
            content.insert(name.to_owned(), value.clone());
        }
        present.push(valid);
    }
    let has = |i: usize| present.get(i).copied().unwrap_or(false);
    let (has_front, has_back, has_face) = (has(0), has(1), has(2));

    string_or_null(fields.get("ssn"), "", "ssn", errors);
    let has_track_string = match fields.get("trackString") {
        None => false,
        Some(value) if shape.is_v4() => track_string_v4(value, errors),
        Some(value) => {
            string_or_null(Some(value), "", "trackString", errors);
            value.as_str().is_some_and(|s| !s.is_empty())
        }
    };
    if has_track_string {
        if let Some(value) = fields.get("trackString") {
            content.insert("trackString".to_owned(), value.clone());
        }
    }

    let mut verify_face = None;
    if !shape.is_v4() {
        verify_face = bool_or_null(fields.get("verifyFace"), "", "verifyFace", errors);
        string_or_null(fields.get("captureMethod"), "", "captureMethod", errors);
        string_or_null(fields.get("userAgent"), "", "userAgent", errors);
    } else if let Some(value) = fields.get("metadata") {
        match value.as_object() {
            Some(object) => {
                let metadata = Fields::new(object);
                metadata.check_names(METADATA_FIELDS, "metadata", errors);
                for name in METADATA_FIELDS {
                    string_or_null(metadata.get(name), "metadata", name, errors);
                }
            }
            None => errors.add("", "metadata", "must be an object"),
        }
    }

    let settings = Settings::read(fields.get("overriddenSettings"), shape, rules, errors);

    if !errors.is_empty() {
        return Err(Reply::validation(&errors.errors));
    }
    // `document_type` is `Some` whenever no error was recorded.
    let Some(document_type) = document_type else {
        return Err(Reply::validation(&errors.errors));
    };

    let face_wanted = if shape.is_v4() {
        settings.face_match
    } else {
        verify_face.or(settings.face_match)
    };
    if !has_face && (face_wanted == Some(true) || document_type == DocumentType::FaceAuthorization)
    {
        errors.add(
            "",
            "faceImageBase64",
            "is required when face matching is on (verifyFace / isFaceMatchEnabled) \
             and for documentType 10 (FaceAuthorization)",
        );
        return Err(Reply::validation(&errors.errors));
    }
    if document_type.has_front() && settings.ocr && !has_front {
        return Err(Reply::error(
            400,
            "FrontImageRequiredError",
            "The front image (frontImageBase64) is required for this document type when OCR is enabled.",
        ));
    }
    let needs_back =
        document_type.needs_back_or_track_string() || document_type == DocumentType::Barcode;
    if needs_back && settings.back_processing && !has_back && !has_track_string {
        return Err(Reply::error(
            400,
            "BackImageOrTrackStringNotPresentError",
            "Neither the back image (backOrSecondImageBase64) nor a trackString was supplied, \
             and this document type needs one while back-side processing is enabled.",
        ));
    }
    Ok(ValidRequest {
        document_type,
        has_front,
        has_back,
        has_track_string,
        back_processed: settings.back_processing,
        face_match: has_face && face_wanted != Some(false),
        content,
    })
}

/// `documentType`: an integer, an integer as text, or a name (`"ID"`, `"Passport"` …).
fn document_type(value: Option<&Value>, errors: &mut Errors) -> Option<DocumentType> {
    let raw = match value {
        None => {
            errors.add("", "documentType", "is required");
            return None;
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(n) => RawCode::Int(n),
            None => {
                errors.add(
                    "",
                    "documentType",
                    "must be an integer or a document type name",
                );
                return None;
            }
        },
        Some(Value::String(s)) => RawCode::Text(s.trim().to_owned()),
        Some(_) => {
            errors.add(
                "",
                "documentType",
                "must be an integer or a document type name",
            );
            return None;
        }
    };
    let raw = match raw {
        RawCode::Text(s) => match s.parse::<i64>() {
            Ok(n) => RawCode::Int(n),
            Err(_) => RawCode::Text(s),
        },
        int => int,
    };
    let parsed = DocumentType::from_raw(raw);
    if parsed.is_unknown() {
        errors.add(
            "",
            "documentType",
            "is not a known document type (1 ID, 2 Passport, 3 PassportCard, 6 GreenCard, \
             7 InternationalId, 9 EmploymentAuthorization, 10 FaceAuthorization, 11 Barcode)",
        );
        return None;
    }
    Some(parsed)
}

/// Checks one image field; `true` when an image is present and valid. An empty string reads
/// as absent.
fn check_image(value: &Value, name: &str, errors: &mut Errors) -> bool {
    let Some(text) = value.as_str() else {
        errors.add("", name, "must be a base64 string");
        return false;
    };
    if text.is_empty() {
        return false;
    }
    if text.trim_start().starts_with("data:") {
        errors.add(
            "",
            name,
            "must be raw base64 without a `data:image/...;base64,` prefix",
        );
        return false;
    }
    match Image::from_base64(text) {
        Ok(_) => true,
        Err(e) => {
            errors.add("", name, e.to_string());
            false
        }
    }
}

/// v4 `trackString`: `{ "data": string, "barcodeParams": string|null }`; `true` when data is
/// present.
fn track_string_v4(value: &Value, errors: &mut Errors) -> bool {
    let Some(object) = value.as_object() else {
        errors.add(
            "",
            "trackString",
            "must be an object { data, barcodeParams } in v4 (a plain string is the v3 form)",
        );
        return false;
    };
    let track = Fields::new(object);
    track.check_names(TRACK_STRING_FIELDS, "trackString", errors);
    string_or_null(
        track.get("barcodeParams"),
        "trackString",
        "barcodeParams",
        errors,
    );
    match track.get("data") {
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => {
            errors.add("trackString", "data", "must be a string");
            false
        }
        None => {
            errors.add("trackString", "data", "is required");
            false
        }
    }
}

fn string_or_null(value: Option<&Value>, prefix: &str, name: &str, errors: &mut Errors) {
    if value.is_some_and(|v| !v.is_string()) {
        errors.add(prefix, name, "must be a string");
    }
}

fn bool_or_null(
    value: Option<&Value>,
    prefix: &str,
    name: &str,
    errors: &mut Errors,
) -> Option<bool> {
    match value {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            errors.add(prefix, name, "must be true, false or null");
            None
        }
    }
}

/// The overrides that change which images are required.
struct Settings {
    ocr: bool,
    back_processing: bool,
    face_match: Option<bool>,
}

impl Settings {
    /// The account's settings (`rules`), overridden by the request's `overriddenSettings`.
    fn read(
        value: Option<&Value>,
        shape: RequestShape,
        rules: Rules,
        errors: &mut Errors,
    ) -> Settings {
        let mut settings = Settings {
            ocr: true,
            back_processing: !rules.front_only,
            face_match: None,
        };
        let Some(value) = value else {
            return settings;
        };
        let Some(object) = value.as_object() else {
            errors.add("", "overriddenSettings", "must be an object");
            return settings;
        };
        let fields = Fields::new(object);
        let known = if shape.is_v4() {
            V4_SETTINGS
        } else {
            V3_SETTINGS
        };
        fields.check_names(known, "overriddenSettings", errors);
        let mut flag =
            |name: &str| bool_or_null(fields.get(name), "overriddenSettings", name, errors);
        for name in known.iter().filter(|n| !V4_INT_SETTINGS.contains(n)) {
            let value = flag(name);
            match (*name, value) {
                ("isOCREnabled", Some(on)) => settings.ocr = on,
                (
                    "isBackOrSecondImageProcessingEnabled" | "isBackOrSecondImageProcessing",
                    Some(on),
                ) => {
                    settings.back_processing = on;
                }
                ("isFaceMatchEnabled" | "faceVerification", Some(on)) => {
                    settings.face_match = Some(settings.face_match.unwrap_or(false) || on);
                }
                _ => {}
            }
        }
        if shape.is_v4() {
            for name in V4_INT_SETTINGS {
                if fields.get(name).is_some_and(|v| !v.is_i64()) {
                    errors.add("overriddenSettings", name, "must be an integer");
                }
            }
        }
        settings
    }
}
