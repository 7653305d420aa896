//! Loading the images: from files given on the command line, or the bundled synthetic samples.

use std::path::{Path, PathBuf};

use dvs_public::{DocumentType, Image, VerificationRequest};

use crate::ClientAppError;

/// The image files a user gives: front (required), back and selfie (optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImagePaths {
    /// Front of the document (or a passport's photo page).
    pub front: Option<PathBuf>,
    /// Back of the document (barcode) or second page (MRZ).
    pub back: Option<PathBuf>,
    /// The selfie.
    pub selfie: Option<PathBuf>,
}

impl ImagePaths {
    /// `true` when no image file was given (the demo then uses the bundled samples).
    pub fn is_empty(&self) -> bool {
        self.front.is_none() && self.back.is_none() && self.selfie.is_none()
    }
}

fn load(role: &'static str, path: &Path) -> Result<Image, ClientAppError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ClientAppError::MissingFile {
            role,
            path: path.to_owned(),
        },
        _ => ClientAppError::BadImage {
            role,
            path: path.to_owned(),
            reason: e.to_string(),
        },
    })?;
    Image::from_bytes(bytes).map_err(|e| ClientAppError::BadImage {
        role,
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// Builds a request from image files, with a clear error for a missing or unsupported file.
pub fn load_request(
    document_type: DocumentType,
    paths: &ImagePaths,
) -> Result<VerificationRequest, ClientAppError> {
    let mut request = VerificationRequest::new(document_type);
    if let Some(path) = &paths.front {
        request = request.front(load("front", path)?);
    }
    if let Some(path) = &paths.back {
        request = request.back(load("back", path)?);
    }
    if let Some(path) = &paths.selfie {
        request = request.selfie(load("selfie", path)?);
    }
    Ok(request)
}

/// The bundled synthetic images: a drawn ID card (front and a barcode-like back that encodes
/// nothing) and a cartoon selfie. No real person, no real document.
pub fn sample_request(document_type: DocumentType) -> VerificationRequest {
    const FRONT: &[u8] = include_bytes!("../../../dvs-mock/assets/front.png");
    const BACK: &[u8] = include_bytes!("../../../dvs-mock/assets/back.png");
    const SELFIE: &[u8] = include_bytes!("../../../dvs-mock/assets/selfie.png");
    VerificationRequest::new(document_type)
        .front(FRONT)
        .back(BACK)
        .selfie(SELFIE)
        .capture_method("000")
}
