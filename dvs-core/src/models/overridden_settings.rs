//! Per-request overrides of the account settings: [`OverriddenSettingsV3`] and
//! [`OverriddenSettingsV4`]. Every flag left unset falls back to the portal settings.

use serde::{Deserialize, Serialize};

use super::ExtraFields;

macro_rules! settings {
    (
        $(#[$meta:meta])* $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty => $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $wire, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Flags this SDK does not model yet, sent as given.
            #[serde(flatten)]
            pub extra: ExtraFields,
        }

        impl $name {
            /// No overrides: every setting comes from the portal.
            pub fn new() -> Self {
                Self::default()
            }
            $(
                $(#[$fmeta])*
                #[must_use]
                pub fn $field(mut self, value: $ty) -> Self {
                    self.$field = Some(value);
                    self
                }
            )*
            /// `true` when nothing is overridden.
            pub fn is_empty(&self) -> bool {
                $( self.$field.is_none() && )* self.extra.is_empty()
            }
        }
    };
}

settings! {
    /// v3 overrides (`overriddenSettings` of `POST /api/v3/Request` and `/api/v3/Verify`).
    ///
    /// ```
    /// use dvs_core::OverriddenSettingsV3;
    /// let s = OverriddenSettingsV3::new().is_ocr_enabled(true).face_verification(true);
    /// assert_eq!(serde_json::to_string(&s)?, r#"{"isOCREnabled":true,"faceVerification":true}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    OverriddenSettingsV3 {
        /// Run OCR on the front image.
        is_ocr_enabled: bool => "isOCREnabled",
        /// Third-party address validation.
        is_address_check_enabled: bool => "isAddressCheckEnabled",
        /// Both sides must read successfully.
        is_cross_match_required: bool => "isCrossMatchRequired",
        /// DMV check when both sides were read.
        is_dmv_enabled: bool => "isDMVEnabled",
        /// DMV check when one side was read.
        is_dmv_partial_enabled: bool => "isDMVPartialEnabled",
        /// IdentiFraud check when one side was read.
        is_identi_fraud_enabled: bool => "isIdentiFraudEnabled",
        /// IdentiFraud check when both sides were read.
        is_identi_fraud_full_case_enabled: bool => "isIdentiFraudFullCaseEnabled",
        /// DMV if possible, else IdentiFraud (both sides).
        is_dmv_or_identi_fraud_enabled: bool => "isDmvOrIdentiFraudEnabled",
        /// DMV and IdentiFraud (both sides).
        is_dmv_and_identi_fraud_enabled: bool => "isDmvAndIdentiFraudEnabled",
        /// DMV if possible, else IdentiFraud (one side).
        is_dmv_or_identi_fraud_partial_enabled: bool => "isDmvOrIdentiFraudPartialEnabled",
        /// DMV and IdentiFraud (one side).
        is_dmv_and_identi_fraud_partial_enabled: bool => "isDmvAndIdentiFraudPartialEnabled",
        /// Face match optional when the document portrait cannot be cropped.
        is_face_required_on_document: bool => "isFaceRequiredOnDocument",
        /// Enable face matching.
        face_verification: bool => "faceVerification",
    }
}

settings! {
    /// v4 overrides (`overriddenSettings` of `POST /api/v4/verify`).
    ///
    /// ```
    /// use dvs_core::OverriddenSettingsV4;
    /// let s = OverriddenSettingsV4::new().is_face_match_enabled(true).age_years_difference(10);
    /// assert_eq!(
    ///     serde_json::to_string(&s)?,
    ///     r#"{"isFaceMatchEnabled":true,"ageYearsDifference":10}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    OverriddenSettingsV4 {
        /// Run OCR on the front image.
        is_ocr_enabled: bool => "isOCREnabled",
        /// Process the back/second image (barcode or MRZ).
        is_back_or_second_image_processing_enabled: bool => "isBackOrSecondImageProcessingEnabled",
        /// Compare the selfie with the document portrait.
        is_face_match_enabled: bool => "isFaceMatchEnabled",
        /// Do not fail when the portrait cannot be cropped.
        is_face_match_optional: bool => "isFaceMatchOptional",
        /// Estimate gender from the selfie and compare.
        is_gender_check_enabled: bool => "isGenderCheckEnabled",
        /// Estimate age from the selfie and compare with the date of birth.
        is_age_check_enabled: bool => "isAgeCheckEnabled",
        /// Third-party address validation.
        is_external_address_verification_enabled: bool => "isExternalAddressVerificationEnabled",
        /// Enhanced international document support (external provider).
        is_external_shufti_enabled: bool => "isExternalShuftiEnabled",
        /// OFAC watchlist screening.
        is_external_ofac_watchlist_enabled: bool => "isExternalOFACWatchlistEnabled",
        /// Both sides must read successfully.
        is_cross_match_required: bool => "isCrossMatchRequired",
        /// The server may correct a wrongly declared document type.
        is_doc_type_change_enabled: bool => "isDocTypeChangeEnabled",
        /// External screening when both sides were read (values undocumented by IDScan).
        both_sided_screening_strategy: i64 => "bothSidedScreeningStrategy",
        /// External screening when one side was read (values undocumented by IDScan).
        one_sided_screening_strategy: i64 => "oneSidedScreeningStrategy",
        /// Largest allowed difference in years between selfie age and document age.
        age_years_difference: u32 => "ageYearsDifference",
        /// Run the processing on a GPU (shown in IDScan's authentication example).
        is_gpu_enabled: bool => "isGpuEnabled",
    }
}
