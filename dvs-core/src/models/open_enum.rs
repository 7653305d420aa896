//! Helpers shared by the forward-compatible wire enums and the redacted JSON holder.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A wire value we did not recognise, kept as it came so it round-trips.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RawCode {
    /// An integer code.
    Int(i64),
    /// A text code.
    Text(String),
}

impl fmt::Display for RawCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawCode::Int(n) => write!(f, "{n}"),
            RawCode::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for RawCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RawCode::Int(n) => serializer.serialize_i64(*n),
            RawCode::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for RawCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawCode, E> {
                Ok(RawCode::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawCode, E> {
                Ok(i64::try_from(v).map_or_else(|_| RawCode::Text(v.to_string()), RawCode::Int))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawCode, E> {
                Ok(RawCode::Text(v.to_string()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawCode, E> {
                Ok(match v.trim().parse::<i64>() {
                    Ok(n) => RawCode::Int(n),
                    Err(_) => RawCode::Text(v.to_owned()),
                })
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawCode, E> {
                Ok(RawCode::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Declares a forward-compatible enum coded on the wire by an integer and/or a name.
///
/// Deserializes from the integer, from the integer as a string, or from any known name
/// (case-insensitively); anything else becomes `Unknown(RawCode)`, which serializes back as it came.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:expr, [$($alias:literal),*] ),* $(,)?
        }
        serialize as $ser:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the SDK does not know; kept as it came.
            Unknown($crate::models::RawCode),
        }

        impl $name {
            /// Every known variant.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The known variant for a wire code or name, or `Unknown`.
            pub fn from_raw(raw: $crate::models::RawCode) -> Self {
                match &raw {
                    $crate::models::RawCode::Int(n) => {
                        $( if $crate::models::open_enum::int_code($code) == Some(*n) { return $name::$variant; } )*
                    }
                    $crate::models::RawCode::Text(s) => {
                        $(
                            if s.eq_ignore_ascii_case(stringify!($variant))
                                $(|| s.eq_ignore_ascii_case($alias))*
                                || $crate::models::open_enum::text_code($code).is_some_and(|t: &str| s.eq_ignore_ascii_case(t))
                            {
                                return $name::$variant;
                            }
                        )*
                    }
                }
                $name::Unknown(raw)
            }

            /// The wire code of this value.
            pub fn to_raw(&self) -> $crate::models::RawCode {
                match self {
                    $( $name::$variant => $crate::models::open_enum::raw_code($code), )*
                    $name::Unknown(raw) => raw.clone(),
                }
            }

            /// `true` for a value this SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    // The wire name where the code is text (`OCRError`), else the variant name.
                    $( $name::$variant => f.write_str(
                        $crate::models::open_enum::text_code($code).unwrap_or(stringify!($variant)),
                    ), )*
                    $name::Unknown(raw) => write!(f, "Unknown({raw})"),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.to_raw().serialize(serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok($name::from_raw($crate::models::RawCode::deserialize(deserializer)?))
            }
        }
    };
}
pub(crate) use open_enum;

/// A code literal: an integer or a string.
pub(super) trait CodeLiteral: Copy {
    /// The integer form, if any.
    fn int(self) -> Option<i64>;
    /// The text form, if any.
    fn text(self) -> Option<&'static str>;
}
impl CodeLiteral for i64 {
    fn int(self) -> Option<i64> {
        Some(self)
    }
    fn text(self) -> Option<&'static str> {
        None
    }
}
impl CodeLiteral for &'static str {
    fn int(self) -> Option<i64> {
        None
    }
    fn text(self) -> Option<&'static str> {
        Some(self)
    }
}
pub(super) fn int_code(c: impl CodeLiteral) -> Option<i64> {
    c.int()
}
pub(super) fn text_code(c: impl CodeLiteral) -> Option<&'static str> {
    c.text()
}
pub(super) fn raw_code(c: impl CodeLiteral) -> RawCode {
    match (c.int(), c.text()) {
        (Some(n), _) => RawCode::Int(n),
        (None, Some(t)) => RawCode::Text(t.to_owned()),
        (None, None) => RawCode::Int(0),
    }
}

/// JSON whose content may hold PII or images: serialized as it came, never shown by `Debug`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpaqueJson(pub serde_json::Value);

impl fmt::Debug for OpaqueJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            serde_json::Value::Null => f.write_str("null"),
            serde_json::Value::Object(map) => write!(f, "{{..{} fields redacted..}}", map.len()),
            serde_json::Value::Array(items) => write!(f, "[..{} items redacted..]", items.len()),
            _ => f.write_str("[REDACTED]"),
        }
    }
}

/// Fields the SDK does not model, kept so they round-trip; `Debug` shows their names only.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExtraFields(pub serde_json::Map<String, serde_json::Value>);

impl ExtraFields {
    /// The value of an unmodelled field.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.get(name)
    }
    /// The value of an unmodelled field, its name compared without regard to ASCII case (as
    /// DVS's ASP.NET model binding compares property names).
    pub fn get_ignore_case(&self, name: &str) -> Option<&serde_json::Value> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
    /// Sets an unmodelled field (sent as given), returning the value it replaces.
    ///
    /// ```
    /// let mut settings = dvs_core::OverriddenSettingsV3::new();
    /// settings.extra.insert("isOCREnabled", false);
    /// assert_eq!(settings.extra.get("isocrenabled"), None);
    /// assert_eq!(settings.extra.get_ignore_case("isocrenabled"), Some(&false.into()));
    /// ```
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Option<serde_json::Value> {
        self.0.insert(name.into(), value.into())
    }
    /// `true` when the server sent no unmodelled field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ExtraFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}
