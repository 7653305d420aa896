//! Fake images: bytes that the format sniffing of `dvs-core` and dvs-mock accepts as JPEG, PNG
//! or WEBP (the magic bytes), followed by varied pseudo-random bytes, of any length.

/// The first bytes of a JPEG (`FF D8 FF`, then a JFIF APP0 marker).
pub const JPEG_MAGIC: [u8; 4] = [0xFF, 0xD8, 0xFF, 0xE0];
/// The PNG signature.
const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Base64 of the first bytes of a JPEG (enough for the format sniffing DVS clients do), for
/// request bodies written as raw JSON.
pub const JPEG_BASE64: &str = "/9j/4AAQSkZJRgABAQAAAQ==";
/// Base64 of a PNG signature and the start of its IHDR chunk.
pub const PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUg==";
/// Base64 of a WEBP header.
pub const WEBP_BASE64: &str = "UklGRiQAAABXRUJQVlA4IA==";
/// Base64 of a GIF header: a format DVS does not accept.
pub const GIF_BASE64: &str = "R0lGODlhAQABAA==";

/// `len` deterministic pseudo-random bytes (xorshift64*), different for each `seed`: they vary
/// like compressed image data, so every page of a large buffer is really written.
fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// `len` bytes starting with `magic`, then pseudo-random bytes.
fn shaped(magic: &[u8], len: usize, seed: u64) -> Vec<u8> {
    assert!(
        len >= magic.len(),
        "a fake image needs at least its {} magic bytes, not {len}",
        magic.len()
    );
    let mut bytes = pseudo_random(len, seed);
    bytes[..magic.len()].copy_from_slice(magic);
    bytes
}

/// A JPEG-shaped image of `len` bytes (at least 4): [`JPEG_MAGIC`], then pseudo-random bytes
/// from `seed`.
pub fn jpeg(len: usize, seed: u64) -> Vec<u8> {
    shaped(&JPEG_MAGIC, len, seed)
}

/// A PNG-shaped image of `len` bytes (at least 8): the PNG signature, then pseudo-random bytes
/// from `seed`.
pub fn png(len: usize, seed: u64) -> Vec<u8> {
    shaped(&PNG_MAGIC, len, seed)
}

/// A WEBP-shaped image of `len` bytes (at least 12): `RIFF`, the RIFF size (`len - 8`),
/// `WEBP`, then pseudo-random bytes from `seed`.
pub fn webp(len: usize, seed: u64) -> Vec<u8> {
    let mut bytes = shaped(b"RIFF\0\0\0\0WEBP", len, seed);
    let riff_size = u32::try_from(len - 8).expect("a WEBP's RIFF size fits in 32 bits");
    bytes[4..8].copy_from_slice(&riff_size.to_le_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use dvs_core::{Image, ImageFormat};

    use super::*;

    #[test]
    fn each_fake_image_sniffs_as_its_format_at_its_length() {
        for (bytes, format) in [
            (jpeg(4, 1), ImageFormat::Jpeg),
            (jpeg(5000, 2), ImageFormat::Jpeg),
            (png(8, 3), ImageFormat::Png),
            (png(4096, 4), ImageFormat::Png),
            (webp(12, 5), ImageFormat::Webp),
            (webp(3000, 6), ImageFormat::Webp),
        ] {
            let len = bytes.len();
            let image = Image::from_bytes(bytes).unwrap();
            assert_eq!((image.format(), image.len()), (format, len));
        }
        assert_eq!(&webp(3000, 6)[4..8], &2992u32.to_le_bytes());
    }

    #[test]
    fn seeds_give_different_bytes_and_the_same_seed_the_same() {
        assert_eq!(jpeg(64, 7), jpeg(64, 7));
        assert_ne!(jpeg(64, 7)[4..], jpeg(64, 8)[4..]);
    }

    #[test]
    fn the_base64_headers_sniff_as_their_format() {
        for (text, format) in [
            (JPEG_BASE64, Some(ImageFormat::Jpeg)),
            (PNG_BASE64, Some(ImageFormat::Png)),
            (WEBP_BASE64, Some(ImageFormat::Webp)),
        ] {
            assert_eq!(Image::from_base64(text).ok().map(|i| i.format()), format);
        }
        assert!(Image::from_base64(GIF_BASE64).is_err());
    }
}
