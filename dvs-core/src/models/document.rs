//! [`Document`]: the data read from the identity document. All of it is PII.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ExtraFields, FieldConfidence};

macro_rules! document_fields {
    ($( $(#[$meta:meta])* $field:ident : $wire:literal ),* $(,)?) => {
        /// Data read from the document (names, dates, address, numbers). **All of it is PII.**
        ///
        /// Every field is optional: DVS fills what it could read. `Debug` lists which fields
        /// are present, never their values. Unknown fields are kept in `extra`.
        ///
        /// ```
        /// use dvs_core::Document;
        /// let doc: Document = serde_json::from_str(r#"{"fullName":"JANE Q SAMPLE","dob":"1990-01-31"}"#)?;
        /// assert_eq!(doc.full_name.as_deref(), Some("JANE Q SAMPLE"));
        /// let shown = format!("{doc:?}");
        /// assert!(!shown.contains("SAMPLE") && !shown.contains("1990"));
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct Document {
            $(
                $(#[$meta])*
                #[serde(rename = $wire, default, deserialize_with = "super::lenient::text", skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )*
            /// Fields this SDK does not model (may hold PII too; `Debug` shows names only).
            #[serde(flatten)]
            pub extra: ExtraFields,
        }

        impl Document {
            /// The wire names of the fields that hold a value.
            pub fn present_fields(&self) -> Vec<&'static str> {
                let mut names = Vec::new();
                $( if self.$field.is_some() { names.push($wire); } )*
                names
            }
        }

        impl fmt::Debug for Document {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Document")
                    .field("present_fields", &self.present_fields())
                    .field("extra", &self.extra)
                    .finish_non_exhaustive()
            }
        }
    };
}

document_fields! {
    /// Document kind as printed (`DL`, `ID`, `P` …).
    id_type: "idType",
    /// Issuing country, full name.
    country: "country",
    /// Issuing country, ISO 3166 alpha-2.
    abbr_country: "abbrCountry",
    /// Issuing country, ISO 3166 alpha-3.
    abbr3_country: "abbr3Country",
    /// Document number.
    id: "id",
    /// Date of birth.
    dob: "dob",
    /// Date of issue.
    issued: "issued",
    /// Expiry date.
    expires: "expires",
    /// Issuing authority.
    issued_by: "issuedBy",
    /// Full name.
    full_name: "fullName",
    /// First name.
    first_name: "firstName",
    /// Middle name.
    middle_name: "middleName",
    /// Family name.
    family_name: "familyName",
    /// Given names (legacy field).
    private_name: "privateName",
    /// Maiden name.
    maiden_name: "maidenName",
    /// Name suffix.
    suffix: "suffix",
    /// Street address.
    address: "address",
    /// City.
    city: "city",
    /// State or province.
    state: "state",
    /// Postal code.
    zip: "zip",
    /// Post office box.
    postal_box: "postalBox",
    /// Place of birth.
    place_of_birth: "placeOfBirth",
    /// Licence class.
    class: "class",
    /// Gender as printed.
    gender: "gender",
    /// Height as printed.
    height: "height",
    /// Weight as printed.
    weight: "weight",
    /// Eye colour.
    eyes: "eyes",
    /// Hair colour.
    hair: "hair",
    /// Race, where printed.
    race: "race",
    /// Social security number, where the document holds it.
    ssn: "ssn",
    /// Personal number (international documents).
    personal_number: "personalNumber",
    /// Endorsement codes.
    endorsements_code: "endorsementsCode",
    /// Restriction codes.
    restriction_code: "restrictionCode",
    /// Issuer identification number.
    iin: "iin",
    /// Card revision date.
    card_revision_date: "cardRevisionDate",
    /// HAZMAT endorsement expiry.
    hazmat_expiration_date: "hazmatExpirationDate",
    /// Audit information.
    audit_information: "auditInformation",
    /// Layout template DVS matched (e.g. `US_OH3`).
    template: "template",
}

/// Per-field confidences of the document data (`documentConfidenceScores` in v4,
/// `verificationConfidence` in v3): field name → score, `-1` read as not available.
///
/// Field names are not PII, and scores are not either, so `Debug` shows them.
pub type FieldConfidences = BTreeMap<String, FieldConfidence>;
