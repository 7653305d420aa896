//! `Image`: bytes held once, format sniffed, base64 written straight into the JSON body.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use dvs_core::{DocumentType, Image, ImageError, ImageFormat, RequestV3};
use dvs_test_support::jpeg;

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];
const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00";

#[test]
fn five_mib_image_round_trips_through_the_json_body() {
    const LEN: usize = 5 * 1024 * 1024;
    let bytes = jpeg(LEN, 0x5eed);
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    let image = Image::from_bytes(bytes.clone()).unwrap();
    assert_eq!(image.format(), ImageFormat::Jpeg);
    assert_eq!(image.len(), LEN);

    let body = RequestV3::new(DocumentType::Id).front(image.clone());
    let json = serde_json::to_vec(&body).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let text = value["frontImageBase64"].as_str().unwrap();
    assert_eq!(text.len(), image.base64_len());
    let decoded = STANDARD.decode(text).unwrap();
    assert!(decoded == bytes, "decoded bytes differ from the original");

    // And back through our own reader.
    let back: RequestV3 = serde_json::from_slice(&json).unwrap();
    assert_eq!(back.front_image_base64.unwrap().as_bytes(), &bytes[..]);
}

#[test]
fn base64_len_is_exact_for_every_remainder() {
    for len in [4, 5, 6, 7, 100, 101, 102] {
        let image = Image::from_bytes(jpeg(len, len as u64)).unwrap();
        let json = serde_json::to_string(&image).unwrap();
        assert_eq!(json.len() - 2, image.base64_len(), "len {len}");
    }
}

#[test]
fn from_base64_is_lenient() {
    let bytes = jpeg(1000, 3);
    let plain = STANDARD.encode(&bytes);

    let cases = [
        ("plain", plain.clone()),
        ("data URI", format!("data:image/jpeg;base64,{plain}")),
        (
            "data URI, other type",
            format!("data:application/octet-stream;base64,{plain}"),
        ),
        (
            "MIME line breaks",
            plain
                .as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\r\n"),
        ),
        (
            "Unix line breaks and indentation",
            plain
                .as_bytes()
                .chunks(64)
                .map(|c| format!("    {}\n", std::str::from_utf8(c).unwrap()))
                .collect(),
        ),
        ("surrounding white space", format!("\n  {plain}  \n")),
        ("missing padding", STANDARD_NO_PAD.encode(&bytes)),
    ];
    // 1000 bytes need padding, so the last case really lacks it.
    assert!(plain.ends_with('=') && !cases[6].1.ends_with('='));
    for (what, text) in cases {
        let image = Image::from_base64(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(image.as_bytes(), &bytes[..], "{what}");
        assert_eq!(image.format(), ImageFormat::Jpeg, "{what}");
    }

    // Deserializing an image reads the same way.
    let image: Image =
        serde_json::from_value(serde_json::json!(format!("data:image/jpeg;base64,{plain}")))
            .unwrap();
    assert_eq!(image.as_bytes(), &bytes[..]);
}

#[test]
fn from_base64_errors() {
    assert_eq!(Image::from_base64("").unwrap_err(), ImageError::Empty);
    assert_eq!(Image::from_base64("  \n ").unwrap_err(), ImageError::Empty);
    assert_eq!(
        Image::from_base64("data:image/png;base64,").unwrap_err(),
        ImageError::Empty
    );
    let error = Image::from_base64("/9j/4AAQ!!!secret-text!!!").unwrap_err();
    assert!(
        matches!(error, ImageError::InvalidBase64 { .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains("secret-text"), "{error}");
    // Valid base64 of something that is not an image.
    let text = STANDARD.encode("name,dob\nJANE,1990\n");
    assert_eq!(
        Image::from_base64(&text).unwrap_err(),
        ImageError::UnsupportedFormat { looks_like: "text" }
    );
}

#[test]
fn format_sniffing() {
    let jpeg = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xDB, 0, 0x43]).unwrap();
    assert_eq!(jpeg.format(), ImageFormat::Jpeg);
    assert_eq!(jpeg.format().mime(), "image/jpeg");
    let png = Image::from_bytes(PNG.to_vec()).unwrap();
    assert_eq!(png.format(), ImageFormat::Png);
    assert_eq!(png.format().mime(), "image/png");
    let webp = Image::from_bytes(WEBP.to_vec()).unwrap();
    assert_eq!(webp.format(), ImageFormat::Webp);
    assert_eq!(webp.format().mime(), "image/webp");
    assert_eq!(
        format!("{png:?}"),
        format!("Image {{ format: PNG, len: {} }}", PNG.len())
    );

    let cases: &[(&str, &[u8], &str)] = &[
        (
            "text file",
            b"Hello, this is a text file.\nIt is not an image.\n",
            "text",
        ),
        ("CSV", b"name,dob\nJANE,1990\n", "text"),
        ("GIF87a", b"GIF87a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
        ("GIF89a", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
        ("PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (
            "HEIC",
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
            "HEIC/HEIF or another ISO media file",
        ),
        ("BMP", b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00", "BMP"),
        ("TIFF", b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (
            "RIFF but not WEBP",
            b"RIFF\x24\x00\x00\x00WAVEfmt ",
            "unknown binary data",
        ),
        ("truncated JPEG magic", b"\xFF\xD8", "unknown binary data"),
        (
            "PNG without its CRLF",
            b"\x89PNG\n\x1a\n\x00",
            "unknown binary data",
        ),
    ];
    for (what, bytes, looks_like) in cases {
        assert_eq!(ImageFormat::sniff(bytes), None, "{what}");
        let error = Image::from_bytes(bytes.to_vec()).unwrap_err();
        assert_eq!(
            error,
            ImageError::UnsupportedFormat { looks_like },
            "{what}"
        );
    }
    assert_eq!(
        Image::from_bytes(b"just some text".to_vec())
            .unwrap_err()
            .to_string(),
        "the image is not JPEG, PNG or WEBP (it looks like text)"
    );
    assert_eq!(
        Image::from_bytes(Vec::new()).unwrap_err(),
        ImageError::Empty
    );
    assert_eq!(
        Image::from_bytes(Vec::new()).unwrap_err().to_string(),
        "the image is empty"
    );
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("dvs-core-it-{}-{nanos}-{name}", std::process::id()))
}

#[test]
fn from_path_reads_a_file() {
    let bytes = jpeg(20_000, 9);
    let path = temp_path("front.jpg");
    std::fs::write(&path, &bytes).unwrap();
    let result = Image::from_path(&path);
    std::fs::remove_file(&path).unwrap();
    let image = result.unwrap();
    assert_eq!(image.as_bytes(), &bytes[..]);
    assert_eq!(image.format(), ImageFormat::Jpeg);

    let text_path = temp_path("notes.txt");
    std::fs::write(&text_path, "not an image").unwrap();
    let result = Image::from_path(&text_path);
    std::fs::remove_file(&text_path).unwrap();
    assert_eq!(
        result.unwrap_err(),
        ImageError::UnsupportedFormat { looks_like: "text" }
    );
}

#[test]
fn from_path_missing_file_is_io() {
    let path = temp_path("missing.jpg");
    let error = Image::from_path(&path).unwrap_err();
    assert_eq!(
        error,
        ImageError::Io {
            kind: std::io::ErrorKind::NotFound
        }
    );
    let message = error.to_string();
    assert!(message.contains("could not be read"), "{message}");
    assert!(
        !message.contains("dvs-core-it"),
        "the path is not in the message: {message}"
    );
}

#[test]
fn check_size() {
    let image = Image::from_bytes(jpeg(1024, 1)).unwrap();
    assert_eq!(image.check_size(1024), Ok(()));
    assert_eq!(image.check_size(usize::MAX), Ok(()));
    let error = image.check_size(1023).unwrap_err();
    assert_eq!(
        error,
        ImageError::TooLarge {
            len: 1024,
            limit: 1023
        }
    );
    assert_eq!(
        error.to_string(),
        "the image is 1024 bytes, over the limit of 1023 bytes"
    );
}

#[test]
fn clones_share_the_bytes() {
    let image = Image::from_bytes(jpeg(4096, 2)).unwrap();
    let copy = image.clone();
    assert_eq!(image.as_bytes().as_ptr(), copy.as_bytes().as_ptr());
    assert_eq!(image.bytes().as_ptr(), image.as_bytes().as_ptr());
}
