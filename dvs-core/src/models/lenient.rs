//! Lenient readers: for response fields that must never fail a whole response, and for the
//! request fields IDScan's own web library fills with `""` when it has nothing.

use serde::{Deserialize, Deserializer};

use crate::{Image, ImageError, MultiImages, RequestId};

/// Reads a request id leniently: a value that is not a UUID becomes `None`
/// (the raw JSON kept with the result still has it).
pub(crate) fn request_id<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<RequestId>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(s)) => RequestId::parse(&s).ok(),
            _ => None,
        },
    )
}

/// Reads a nullable boolean leniently: `true`/`false`, `"true"`/`"false"`, `1`/`0`;
/// anything else is `None` ("not determined").
pub(crate) fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Bool(b)) => Some(b),
            Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("true") => Some(true),
            Some(serde_json::Value::String(s)) if s.eq_ignore_ascii_case("false") => Some(false),
            Some(serde_json::Value::Number(n)) if n.as_i64() == Some(1) => Some(true),
            Some(serde_json::Value::Number(n)) if n.as_i64() == Some(0) => Some(false),
            _ => None,
        },
    )
}

/// Reads a list leniently: `null` or a missing field is empty; elements that do not fit are skipped.
pub(crate) fn list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Array(items)) => items
                .into_iter()
                .filter_map(|item| serde_json::from_value(item).ok())
                .collect(),
            _ => Vec::new(),
        },
    )
}

/// Reads a free-text field leniently: strings as they are, other scalars as their text.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
            _ => None,
        },
    )
}

/// Reads a map leniently: `null`, a missing field or a non-object is empty.
pub(crate) fn map<'de, D: Deserializer<'de>, V: serde::de::DeserializeOwned>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, V>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Object(entries)) => entries
                .into_iter()
                .filter_map(|(k, v)| serde_json::from_value(v).ok().map(|v| (k, v)))
                .collect(),
            _ => std::collections::BTreeMap::new(),
        },
    )
}

/// Reads an optional image: `null`, a missing field or blank text is `None` (IDScan's web
/// library sends `""` for an image it does not have); other text must be a valid image.
pub(crate) fn image<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Image>, D::Error> {
    optional_base64(deserializer, Image::from_base64)
}

/// Reads an optional recording like [`image`] reads an image.
pub(crate) fn multi_images<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<MultiImages>, D::Error> {
    optional_base64(deserializer, MultiImages::from_base64)
}

fn optional_base64<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    parse: fn(&str) -> Result<T, ImageError>,
) -> Result<Option<T>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.trim().is_empty() => {
            parse(&text).map(Some).map_err(serde::de::Error::custom)
        }
        _ => Ok(None),
    }
}

/// Reads an image a result carries: non-empty text; `null`, `""` or anything else is `None`.
pub(crate) fn returned_image<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<super::ReturnedImage>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(s)) if !s.is_empty() => {
                Some(super::ReturnedImage::new(s))
            }
            _ => None,
        },
    )
}
