//! Every local validation error, with zero requests reaching the server.

use dvs_public::{
    Client, DEFAULT_MAX_IMAGE_BYTES, DocumentType, Error, Image, ImageError, MultiImages,
    VerificationRequest,
};
use dvs_test_support::{fixture_response, jpeg};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::{builder, client};

/// A server that must receive nothing.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .named("nothing may be sent for an invalid request")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// Sends `request` to a server that must see nothing, and returns the local error.
async fn refused_with(
    client_for: impl Fn(&MockServer) -> Client,
    request: VerificationRequest,
) -> Error {
    let server = silent_server().await;
    let client = client_for(&server);
    let checked = client.check(&request).unwrap_err();
    let error = client.create_request(request).await.unwrap_err();
    assert_eq!(
        checked.to_string(),
        error.to_string(),
        "check and create disagree"
    );
    assert!(error.was_not_sent(), "{error:?}");
    server.verify().await;
    error
}

async fn refused(request: VerificationRequest) -> Error {
    refused_with(client, request).await
}

fn assert_input(error: &Error, expected_field: &str) {
    match error {
        Error::InvalidInput { field, .. } => assert_eq!(*field, expected_field, "{error}"),
        other => panic!("expected InvalidInput on {expected_field}, got {other:?}"),
    }
    assert!(error.to_string().contains(expected_field), "{error}");
}

fn assert_image(error: &Error, expected_field: &str) -> ImageError {
    match error {
        Error::InvalidImage { field, source } => {
            assert_eq!(*field, expected_field, "{error}");
            assert!(error.to_string().contains(expected_field), "{error}");
            source.clone()
        }
        other => panic!("expected InvalidImage on {expected_field}, got {other:?}"),
    }
}

#[tokio::test]
async fn nothing_to_verify() {
    let error = refused(VerificationRequest::new(DocumentType::Passport)).await;
    assert_input(&error, "frontImageBase64");
    // A blank track string (what IDScan's web library sends when it decoded nothing) is
    // not something to verify either.
    let error = refused(VerificationRequest::new(DocumentType::Id).track_string(" ")).await;
    assert_input(&error, "frontImageBase64");
    let error = refused(VerificationRequest::new(DocumentType::FaceAuthorization)).await;
    assert_input(&error, "faceImageBase64");
}

#[tokio::test]
async fn empty_image() {
    let error = refused(VerificationRequest::new(DocumentType::Passport).front(Vec::new())).await;
    assert_eq!(assert_image(&error, "frontImageBase64"), ImageError::Empty);
}

#[tokio::test]
async fn image_that_is_not_jpeg_png_or_webp() {
    for (bytes, looks_like) in [
        (b"GIF89a\x01\x00\x01\x00".to_vec(), "GIF"),
        (b"%PDF-1.7\n".to_vec(), "PDF"),
        (b"data:image/jpeg;base64,/9j/4A==".to_vec(), "text"),
    ] {
        let error = refused(
            VerificationRequest::new(DocumentType::Id)
                .front(jpeg(100, 1))
                .back(bytes),
        )
        .await;
        assert_eq!(
            assert_image(&error, "backOrSecondImageBase64"),
            ImageError::UnsupportedFormat { looks_like }
        );
    }
}

#[tokio::test]
async fn unreadable_image_file() {
    let error = refused(
        VerificationRequest::new(DocumentType::Passport)
            .front(jpeg(100, 1))
            .selfie(Image::from_path("/nonexistent/dvs-public/selfie.jpg")),
    )
    .await;
    assert_eq!(
        assert_image(&error, "faceImageBase64"),
        ImageError::Io {
            kind: std::io::ErrorKind::NotFound
        }
    );
}

#[tokio::test]
async fn image_over_the_default_limit() {
    let error = refused(
        VerificationRequest::new(DocumentType::Passport)
            .front(jpeg(DEFAULT_MAX_IMAGE_BYTES + 1, 1)),
    )
    .await;
    assert_eq!(
        assert_image(&error, "frontImageBase64"),
        ImageError::TooLarge {
            len: DEFAULT_MAX_IMAGE_BYTES + 1,
            limit: 10 * 1024 * 1024
        }
    );
}

#[tokio::test]
async fn image_over_a_configured_limit() {
    let error = refused_with(
        |server| builder(server).max_image_bytes(1024).build().unwrap(),
        VerificationRequest::new(DocumentType::Passport)
            .front(jpeg(1024, 1))
            .selfie(jpeg(1025, 2)),
    )
    .await;
    assert_eq!(
        assert_image(&error, "faceImageBase64"),
        ImageError::TooLarge {
            len: 1025,
            limit: 1024
        }
    );
}

#[tokio::test]
async fn image_at_the_limit_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    builder(&server)
        .max_image_bytes(1024)
        .build()
        .unwrap()
        .create_request(VerificationRequest::new(DocumentType::Passport).front(jpeg(1024, 1)))
        .await
        .unwrap();
}

#[tokio::test]
async fn multi_images_over_a_configured_limit() {
    let mut webm = vec![0x42; 1025];
    webm[..4].copy_from_slice(&[0x1A, 0x45, 0xDF, 0xA3]);
    let error = refused_with(
        |server| builder(server).max_image_bytes(1024).build().unwrap(),
        VerificationRequest::new(DocumentType::Id)
            .front(jpeg(1024, 1))
            .selfie_multi_images(MultiImages::from_bytes(webm).unwrap()),
    )
    .await;
    assert_eq!(
        assert_image(&error, "faceMultiImagesBase64"),
        ImageError::TooLarge {
            len: 1025,
            limit: 1024
        }
    );
}

#[tokio::test]
async fn errors_do_not_repeat_sensitive_input() {
    let error = refused(
        VerificationRequest::new(DocumentType::Id)
            .front(b"SSN 123-45-6789 in a text file".to_vec())
            .ssn("123-45-6789")
            .track_string("DAQD1234562"),
    )
    .await;
    let text = format!("{error} {error:?}");
    assert!(!text.contains("6789"), "{text}");
    assert!(!text.contains("D1234562"), "{text}");
}
