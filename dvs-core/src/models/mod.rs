//! Wire models: request bodies, responses, enums and the error body, camelCase on the wire.
//!
//! Reading is lenient (unknown fields are kept, unknown enum values become `Unknown`,
//! nullable flags stay `Option<bool>`, `-1` scores are "not available"); writing is strict.

mod authentication_request;
mod confidence;
mod country;
mod create_response;
mod document;
mod document_accessors;
mod document_date;
mod document_type;
mod error_body;
mod external_check;
mod field;
mod gender;
mod lenient;
mod open_enum;
mod overridden_settings;
mod person_name;
mod request_check;
mod request_v3;
mod request_v4;
mod response_v3;
mod response_v4;
mod returned_image;
mod sensitive_text;

pub use authentication_request::AuthenticationRequestV4;
pub use confidence::{Confidence, FalseAcceptanceRate, FieldConfidence};
pub use country::{CountryCode, CountryCodeError};
pub use create_response::{CreateRequestResponse, RequestStatus};
pub use document::{Document, FieldConfidences};
pub use document_date::{Date, DateError, read_date};
pub use document_type::DocumentType;
pub use error_body::{ErrorBody, ErrorCode, PropertyErrors};
pub use external_check::{ExternalCheck, ExternalCheckName, ExternalCheckStatus};
pub use field::Field;
pub use gender::Gender;
pub use open_enum::{ExtraFields, OpaqueJson, RawCode};
pub use overridden_settings::{OverriddenSettingsV3, OverriddenSettingsV4};
pub use person_name::PersonName;
pub use request_v3::RequestV3;
pub use request_v4::{Metadata, RequestV4, TrackStringV4};
pub use response_v3::{DocumentStatusV3, DocumentVerificationV3, FaceVerificationV3, ResponseV3};
pub use response_v4::{
    AntiSpoofingVerificationV4, DocumentVerificationV4, FaceMatchVerificationV4, ResponseV4,
    Skipped,
};
pub use returned_image::ReturnedImage;
pub use sensitive_text::SensitiveText;
