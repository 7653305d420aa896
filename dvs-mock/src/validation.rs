//! Request-body validation, the way the real server binds it: JSON property names matched
//! case-insensitively, then checked field by field.
//!
//! Failures collect into `propertyErrors` (`400 ValidationError`); a body that is valid but
//! lacks a required image answers `400 FrontImageRequiredError` or
//! `400 BackImageOrTrackStringNotPresentError`.

use std::collections::BTreeMap;

use dvs_core::models::RawCode;
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

/// v3 override flags: the SDKs' list plus those seen in IDScan's own test scripts (§5.4).
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

/// v4 override flags (§5.2); the last three are integers.
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
pub(crate) const IMAGE_FIELDS: [&str; 3] = [
    "frontImageBase64",
    "backOrSecondImageBase64",
    "faceImageBase64",
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

    /// The value of `name` (any casing); `null` reads as absent.
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.members
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// Reports members not in `known` and names sent twice in different casings.
    fn check_names(&self, known: &[&str], prefix: &str, errors: &mut Errors) {
        for (i, (name, _)) in self.members.iter().enumerate() {
            if !known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                errors.add(prefix, name, "is not a known field of this request");
            } else if self.members[..i]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                errors.add(
                    prefix,
                    name,
                    "is given more than once (names are case-insensitive)",
                );
            }
        }
    }
}

/// `propertyErrors` being collected.
#[derive(Default)]
struct Errors(BTreeMap<String, String>);

impl Errors {
    fn add(&mut self, prefix: &str, field: &str, message: impl Into<String>) {
        let key = if prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{prefix}.{field}")
        };
        self.0.entry(key).or_insert_with(|| message.into());
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
    let (holder, prefix) = match shape {
        RequestShape::V3 => (Some(body), ""),
        RequestShape::V4 => (
            fields.get("metadata").and_then(Value::as_object),
            "metadata.",
        ),
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
    /// A selfie was sent and face matching is on.
    pub(crate) face_match: bool,
    /// What the result endpoint echoes as `request.content`: the images and track string
    /// exactly as sent, under their canonical names.
    pub(crate) content: Map<String, Value>,
}

/// Validates a v3 or v4 request body.
pub(crate) fn validate(
    body: &Map<String, Value>,
    shape: RequestShape,
) -> Result<ValidRequest, Reply> {
    let fields = Fields::new(body);
    let mut errors = Errors::default();
    fields.check_names(
        match shape {
            RequestShape::V3 => V3_FIELDS,
            RequestShape::V4 => V4_FIELDS,
        },
        "",
        &mut errors,
    );

    let document_type = document_type(fields.get("documentType"), &mut errors);

    let mut content = Map::new();
    let mut present = [false; 3];
    for (slot, name) in present.iter_mut().zip(IMAGE_FIELDS) {
        if let Some(value) = fields.get(name) {
            *slot = check_image(value, name, &mut errors);
            if *slot {
                content.insert(name.to_owned(), value.clone());
            }
        }
    }
    let [has_front, has_back, has_face] = present;

    string_or_null(fields.get("ssn"), "", "ssn", &mut errors);
    let has_track_string = match (shape, fields.get("trackString")) {
        (_, None) => false,
        (RequestShape::V3, Some(value)) => {
            string_or_null(Some(value), "", "trackString", &mut errors);
            value.as_str().is_some_and(|s| !s.is_empty())
        }
        (RequestShape::V4, Some(value)) => track_string_v4(value, &mut errors),
    };
    if has_track_string {
        if let Some(value) = fields.get("trackString") {
            content.insert("trackString".to_owned(), value.clone());
        }
    }

    let mut verify_face = None;
    if shape == RequestShape::V3 {
        verify_face = bool_or_null(fields.get("verifyFace"), "", "verifyFace", &mut errors);
        string_or_null(
            fields.get("captureMethod"),
            "",
            "captureMethod",
            &mut errors,
        );
        string_or_null(fields.get("userAgent"), "", "userAgent", &mut errors);
    } else if let Some(value) = fields.get("metadata") {
        match value.as_object() {
            Some(object) => {
                let metadata = Fields::new(object);
                metadata.check_names(METADATA_FIELDS, "metadata", &mut errors);
                for name in METADATA_FIELDS {
                    string_or_null(metadata.get(name), "metadata", name, &mut errors);
                }
            }
            None => errors.add("", "metadata", "must be an object"),
        }
    }

    let settings = Settings::read(fields.get("overriddenSettings"), shape, &mut errors);

    if !errors.0.is_empty() {
        return Err(Reply::validation(&errors.0));
    }
    // `document_type` is `Some` whenever no error was recorded.
    let Some(document_type) = document_type else {
        return Err(Reply::validation(&errors.0));
    };

    let face_wanted = match shape {
        RequestShape::V3 => verify_face.or(settings.face_match),
        RequestShape::V4 => settings.face_match,
    };
    if !has_face && (face_wanted == Some(true) || document_type == DocumentType::FaceAuthorization)
    {
        errors.add(
            "",
            "faceImageBase64",
            "is required when face matching is on (verifyFace / isFaceMatchEnabled) \
             and for documentType 10 (FaceAuthorization)",
        );
        return Err(Reply::validation(&errors.0));
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
    fn read(value: Option<&Value>, shape: RequestShape, errors: &mut Errors) -> Settings {
        let mut settings = Settings {
            ocr: true,
            back_processing: true,
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
        let known = match shape {
            RequestShape::V3 => V3_SETTINGS,
            RequestShape::V4 => V4_SETTINGS,
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
        if shape == RequestShape::V4 {
            for name in V4_INT_SETTINGS {
                if fields.get(name).is_some_and(|v| !v.is_i64()) {
                    errors.add("overriddenSettings", name, "must be an integer");
                }
            }
        }
        settings
    }
}
