//! The one fictional person every mock result describes. Never real PII.
//!
//! Jane Q. Sample lives at 123 Example St, Anytown, in the non-existent state `ZZ`, with
//! document number `MOCK0000001`.

use dvs_core::{Date, DocumentType};
use serde_json::{Map, Value, json};

/// Full name on every mock document.
pub const FULL_NAME: &str = "JANE Q SAMPLE";
/// Date of birth on every mock document.
pub const DATE_OF_BIRTH: &str = "1990-01-31";
/// Expiry date of a valid mock document (far in the future, so results never age).
pub const EXPIRES_VALID: &str = "2099-01-31";
/// Expiry date of the document in the `expired-document` scenario.
pub const EXPIRES_EXPIRED: &str = "2020-01-31";

/// Full name on the `name-differs` scenario's document: another fictional person.
pub const OTHER_FULL_NAME: &str = "MARIA L EXEMPLAR";
/// Date of birth on the `name-differs` scenario's document.
pub const OTHER_DATE_OF_BIRTH: &str = "1985-07-04";
/// Date of birth on the `us-date-format` scenario's document: [`DATE_OF_BIRTH`] as MM/DD/YYYY.
pub const DATE_OF_BIRTH_US: &str = "01/31/1990";
/// Date of birth on the `unreadable-date` scenario's document: no day of any calendar.
pub const DATE_OF_BIRTH_UNREADABLE: &str = "31/31/1990";
/// Age of the holder in the `underage` scenario, on the day the mock answers.
pub const UNDERAGE_YEARS: i16 = 17;

/// Whose document, printed how: what the scenario changes in the `document` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    /// Jane Q. Sample, ISO dates, valid.
    Standard,
    /// Jane Q. Sample, expired in 2020.
    Expired,
    /// Jane Q. Sample, 17 years old today.
    Underage,
    /// Maria L. Exemplar.
    OtherPerson,
    /// Jane Q. Sample, US dates.
    UsDates,
    /// Jane Q. Sample, an unreadable date of birth.
    UnreadableDateOfBirth,
}

/// The date of birth of someone who is `years` old on `today` (a 29 February falls back to
/// 28 February, where the person is `years` old too).
fn born_years_before(today: Date, years: i16) -> String {
    let year = today.year().saturating_sub(years);
    Date::new(year, today.month(), today.day())
        .or_else(|_| Date::new(year, today.month(), 28))
        .map_or_else(|_| DATE_OF_BIRTH.to_owned(), |d| d.to_string())
}

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
pub(crate) fn document(document_type: &DocumentType, holder: Holder) -> Value {
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    let (dob, issued, expires) = match holder {
        Holder::Standard | Holder::OtherPerson => (
            DATE_OF_BIRTH.to_owned(),
            "2021-01-31".to_owned(),
            EXPIRES_VALID,
        ),
        Holder::Expired => (
            DATE_OF_BIRTH.to_owned(),
            "2012-01-31".to_owned(),
            EXPIRES_EXPIRED,
        ),
        Holder::Underage => (
            born_years_before(today, UNDERAGE_YEARS),
            born_years_before(today, 1),
            EXPIRES_VALID,
        ),
        Holder::UsDates => (
            DATE_OF_BIRTH_US.to_owned(),
            "01/31/2021".to_owned(),
            "01/31/2099",
        ),
        Holder::UnreadableDateOfBirth => (
            DATE_OF_BIRTH_UNREADABLE.to_owned(),
            "2021-01-31".to_owned(),
            EXPIRES_VALID,
        ),
    };
    let (dob, full_name, first, middle, family) = match holder {
        Holder::OtherPerson => (
            OTHER_DATE_OF_BIRTH.to_owned(),
            OTHER_FULL_NAME,
            "MARIA",
            "L",
            "EXEMPLAR",
        ),
        _ => (dob, FULL_NAME, "JANE", "Q", "SAMPLE"),
    };
    json!({
        "idType": id_type(document_type),
        "country": "United States",
        "abbrCountry": "US",
        "abbr3Country": "USA",
        "id": "MOCK0000001",
        "dob": dob,
        "issued": issued,
        "expires": expires,
        "issuedBy": "ZZ",
        "fullName": full_name,
        "firstName": first,
        "middleName": middle,
        "familyName": family,
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
