//! [`DocumentType`]: the kind of identity document, integer-coded on the wire.

use super::open_enum::open_enum;

open_enum! {
    /// The kind of identity document (`documentType`), sent as an integer.
    ///
    /// Reading is lenient: the integer, the integer as text, or the name are accepted, and a
    /// value this SDK does not know becomes [`DocumentType::Unknown`].
    ///
    /// ```
    /// use dvs_core::DocumentType;
    /// assert_eq!(serde_json::to_string(&DocumentType::Passport)?, "2");
    /// let later: DocumentType = serde_json::from_str("42")?;
    /// assert!(later.is_unknown());
    /// assert_eq!(serde_json::to_string(&later)?, "42");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum DocumentType {
        /// Driver's license or identification card (1); back carries a PDF417 barcode.
        Id = 1_i64, ["DL", "IC", "DriverLicense", "DriversLicense"],
        /// Passport (2); the MRZ page is sent as the front image.
        Passport = 2_i64, [],
        /// US passport card (3).
        PassportCard = 3_i64, [],
        /// US permanent resident (green) card (6).
        GreenCard = 6_i64, [],
        /// International id card with a 3-line MRZ (7).
        InternationalId = 7_i64, [],
        /// US employment authorization card (9).
        EmploymentAuthorization = 9_i64, [],
        /// Face authorization only (10): a selfie compared against a stored face.
        FaceAuthorization = 10_i64, [],
        /// A 1-D/2-D barcode or QR code only (11).
        Barcode = 11_i64, [],
    }
    serialize as int
}

impl DocumentType {
    /// Whether this document type's verification reads a back side (or its barcode/MRZ text),
    /// so that a back image or a track string is needed unless back processing is turned off.
    pub fn needs_back_or_track_string(&self) -> bool {
        matches!(
            self,
            DocumentType::Id
                | DocumentType::PassportCard
                | DocumentType::GreenCard
                | DocumentType::EmploymentAuthorization
        )
    }

    /// Whether this document type has a front image to read (all but barcode and face-only).
    pub fn has_front(&self) -> bool {
        !matches!(
            self,
            DocumentType::Barcode | DocumentType::FaceAuthorization
        )
    }
}
