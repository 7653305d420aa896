//! The one fictional person every mock result describes. Never real PII.
//!
//! Jane Q. Sample lives at 123 Example St, Anytown, in the non-existent state `ZZ`, with
//! document number `MOCK0000001`.

use dvs_core::DocumentType;
use serde_json::{Map, Value, json};

/// Full name on every mock document.
pub const FULL_NAME: &str = "JANE Q SAMPLE";
/// Date of birth on every mock document.
pub const DATE_OF_BIRTH: &str = "1990-01-31";
/// Expiry date of a valid mock document (far in the future, so results never age).
pub const EXPIRES_VALID: &str = "2099-01-31";
/// Expiry date of the document in the `expired-document` scenario.
pub const EXPIRES_EXPIRED: &str = "2020-01-31";

/// The printed document kind for a document type.
fn id_type(document_type: &DocumentType) -> &'static str {
    match document_type {
        DocumentType::Id => "DL",
        DocumentType::Passport => "P",
        DocumentType::PassportCard => "PC",
        DocumentType::GreenCard => "PR",
        DocumentType::InternationalId => "ID",
        DocumentType::EmploymentAuthorization => "EAD",
        _ => "",
    }
}

/// The `document` object: the fictional person's data as read from the document.
pub(crate) fn document(document_type: &DocumentType, expired: bool) -> Value {
    json!({
        "idType": id_type(document_type),
        "country": "United States",
        "abbrCountry": "US",
        "abbr3Country": "USA",
        "id": "MOCK0000001",
        "dob": DATE_OF_BIRTH,
        "issued": if expired { "2012-01-31" } else { "2021-01-31" },
        "expires": if expired { EXPIRES_EXPIRED } else { EXPIRES_VALID },
        "issuedBy": "ZZ",
        "fullName": FULL_NAME,
        "firstName": "JANE",
        "middleName": "Q",
        "familyName": "SAMPLE",
        "maidenName": null,
        "suffix": null,
        "address": "123 EXAMPLE ST",
        "city": "ANYTOWN",
        "state": "ZZ",
        "zip": "00000-0000",
        "postalBox": null,
        "placeOfBirth": null,
        "class": "C",
        "gender": "Female",
        "height": "5'06\"",
        "weight": "130",
        "eyes": "BRO",
        "hair": "BRO",
        "race": null,
        "ssn": null,
        "endorsementsCode": "NONE",
        "restrictionCode": "NONE",
        "cardRevisionDate": "2020-01-01",
        "hazmatExpirationDate": null,
        "template": "MOCK_ZZ_DL1",
    })
}

/// Per-field confidences matching [`document`]: `score` for fields that were read, `-1` for
/// fields that are not on the document.
pub(crate) fn field_confidences(score: u8) -> Value {
    let read = [
        "idType",
        "country",
        "abbrCountry",
        "abbr3Country",
        "id",
        "dob",
        "issued",
        "expires",
        "issuedBy",
        "fullName",
        "firstName",
        "middleName",
        "familyName",
        "address",
        "city",
        "state",
        "zip",
        "class",
        "gender",
        "height",
        "weight",
        "eyes",
        "hair",
        "endorsementsCode",
        "restrictionCode",
        "cardRevisionDate",
    ];
    let absent = [
        "maidenName",
        "suffix",
        "postalBox",
        "placeOfBirth",
        "race",
        "ssn",
        "hazmatExpirationDate",
    ];
    let mut map = Map::new();
    for field in read {
        map.insert(field.to_owned(), json!(score));
    }
    for field in absent {
        map.insert(field.to_owned(), json!(-1));
    }
    map.insert("template".to_owned(), json!(100));
    Value::Object(map)
}
