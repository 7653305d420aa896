//! Tests of the client app's messages: a missing file, an unsupported image, a backend that
//! is down, and its command line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use dvs_client_app::{
    Args, Backend, ClientAppError, ImagePaths, load_request, parse_document_type,
};
use dvs_public::{DocumentType, RequestId};
use dvs_test_support::closed_port_address;

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("dvs-client-app-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_missing_file_is_named() {
    let paths = ImagePaths {
        front: Some(PathBuf::from("/nonexistent/front.jpg")),
        ..ImagePaths::default()
    };
    let err = load_request(DocumentType::Id, &paths).unwrap_err();
    assert!(
        matches!(err, ClientAppError::MissingFile { role: "front", .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the front image file `/nonexistent/front.jpg` does not exist"
    );
}

#[test]
fn an_unsupported_image_says_what_it_looks_like() {
    let path = temp_file("selfie.txt", b"this is a note, not a photo");
    let paths = ImagePaths {
        selfie: Some(path.clone()),
        ..ImagePaths::default()
    };
    let err = load_request(DocumentType::Id, &paths).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, ClientAppError::BadImage { role: "selfie", .. }),
        "{err:?}"
    );
    assert!(
        text.contains("not JPEG, PNG or WEBP") && text.contains("text"),
        "{text}"
    );
    assert!(
        !text.contains("this is a note"),
        "the content is not echoed: {text}"
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn the_bundled_samples_load_from_their_files_too() {
    let assets = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dvs-mock/assets");
    let paths = ImagePaths {
        front: Some(format!("{assets}/front.png").into()),
        back: Some(format!("{assets}/back.png").into()),
        selfie: Some(format!("{assets}/selfie.png").into()),
    };
    assert!(load_request(DocumentType::Id, &paths).is_ok());
}

#[tokio::test]
async fn a_backend_that_is_down_is_reported_as_such() {
    let closed = closed_port_address();
    let backend = Backend::new(format!("http://{closed}")).unwrap();
    let id: RequestId = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().unwrap();
    let err = backend.submit(&id).await.unwrap_err();
    assert!(matches!(err, ClientAppError::BackendDown { .. }), "{err:?}");
    assert!(err.to_string().contains("not reachable"), "{err}");
}

#[test]
fn a_backend_url_must_be_http() {
    assert!(matches!(
        Backend::new("ftp://x"),
        Err(ClientAppError::Usage(_))
    ));
}

#[test]
fn command_line_parsing() {
    let args = Args::parse(
        [
            "--front",
            "f.jpg",
            "--back=b.jpg",
            "--selfie",
            "s.jpg",
            "--document-type",
            "passport-card",
            "--json",
        ]
        .map(String::from),
    )
    .unwrap();
    assert_eq!(args.images.front, Some(PathBuf::from("f.jpg")));
    assert_eq!(args.images.back, Some(PathBuf::from("b.jpg")));
    assert_eq!(args.document_type, DocumentType::PassportCard);
    assert!(args.json);
    assert!(matches!(
        Args::parse(["--front".to_owned()]),
        Err(ClientAppError::Usage(_))
    ));
    assert!(matches!(
        Args::parse(["--bogus".to_owned()]),
        Err(ClientAppError::Usage(_))
    ));
}

#[test]
fn document_types_by_name_and_number() {
    for (text, expected) in [
        ("id", DocumentType::Id),
        ("ID", DocumentType::Id),
        ("passport", DocumentType::Passport),
        ("green-card", DocumentType::GreenCard),
        ("international_id", DocumentType::InternationalId),
        ("2", DocumentType::Passport),
    ] {
        assert_eq!(parse_document_type(text).unwrap(), expected, "{text}");
    }
    assert!(parse_document_type("library-card").is_err());
    assert!(parse_document_type("42").is_err());
}
