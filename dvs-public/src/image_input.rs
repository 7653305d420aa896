//! [`IntoImage`]: what the request builder accepts as an image, including fallible inputs.

use bytes::Bytes;
use dvs_core::{Image, ImageError};

/// Something that can become an [`Image`]: an `Image`, raw bytes, or the `Result` of
/// [`Image::from_path`] / [`Image::from_base64`].
///
/// Conversion errors are not raised by the builder method; they are kept and reported by
/// [`VerificationRequest::check`](crate::VerificationRequest::check) or
/// [`Client::create_request`](crate::Client::create_request) as
/// [`Error::InvalidImage`](crate::Error::InvalidImage) naming the field, before anything is sent.
/// That lets a request read like the domain without a `?` after every image:
///
/// ```no_run
/// use dvs_public::{DocumentType, Image, VerificationRequest};
/// let request = VerificationRequest::new(DocumentType::Id)
///     .front(Image::from_path("front.jpg"))
///     .back(std::fs::read("back.jpg")?)
///     .selfie(Image::from_path("selfie.jpg"));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// Owned inputs (`Vec<u8>`, `Bytes`) are taken without copying: each image is held once.
pub trait IntoImage {
    /// Converts into an image, checking that the bytes are a non-empty JPEG, PNG or WEBP.
    fn into_image(self) -> Result<Image, ImageError>;
}

impl IntoImage for Image {
    fn into_image(self) -> Result<Image, ImageError> {
        Ok(self)
    }
}

impl IntoImage for Result<Image, ImageError> {
    fn into_image(self) -> Result<Image, ImageError> {
        self
    }
}

impl IntoImage for Vec<u8> {
    fn into_image(self) -> Result<Image, ImageError> {
        Image::from_bytes(self)
    }
}

impl IntoImage for Bytes {
    fn into_image(self) -> Result<Image, ImageError> {
        Image::from_bytes(self)
    }
}

impl IntoImage for &'static [u8] {
    /// Static bytes (e.g. `include_bytes!`) are referenced, not copied.
    fn into_image(self) -> Result<Image, ImageError> {
        Image::from_bytes(Bytes::from_static(self))
    }
}

impl<const N: usize> IntoImage for &'static [u8; N] {
    /// `include_bytes!` output is referenced, not copied.
    fn into_image(self) -> Result<Image, ImageError> {
        Image::from_bytes(Bytes::from_static(self))
    }
}
