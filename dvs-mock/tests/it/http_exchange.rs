//! The HTTP/1.1 exchange clients rely on, on the wire: keep-alive, `Content-Length` on every
//! answer, chunked request bodies (a streamed upload of unknown length), `HEAD`, and bodies
//! of tens of MiB through the real client.

use dvs_public::{DocumentType, VerificationRequest};
use dvs_test_support::jpeg;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use dvs_mock::MockDvs;

use crate::support::{id_body, keys};

/// One answer read off the connection.
#[derive(Debug)]
struct RawAnswer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl RawAnswer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A keep-alive connection to the mock, with what was read past the last answer.
struct Connection {
    stream: TcpStream,
    unread: Vec<u8>,
}

impl Connection {
    async fn open(mock: &MockDvs) -> Connection {
        Connection {
            stream: TcpStream::connect(mock.address()).await.unwrap(),
            unread: Vec::new(),
        }
    }

    async fn fill(&mut self) {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the mock closed the connection");
        self.unread.extend_from_slice(&chunk[..n]);
    }

    /// Reads one answer. Its body must have a `Content-Length` (read as many bytes), unless
    /// `head_only` (the answer to `HEAD`, which has none whatever the length says).
    async fn answer(&mut self, head_only: bool) -> RawAnswer {
        let head_end = loop {
            if let Some(i) = self.unread.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            self.fill().await;
        };
        let head = String::from_utf8(self.unread.drain(..head_end).collect()).unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut answer = RawAnswer {
            status,
            head,
            body: Vec::new(),
        };
        assert_eq!(answer.header("transfer-encoding"), None, "{}", answer.head);
        let length: usize = answer
            .header("content-length")
            .unwrap_or_else(|| panic!("no Content-Length: {}", answer.head))
            .parse()
            .unwrap();
        if !head_only {
            while self.unread.len() < length {
                self.fill().await;
            }
            answer.body = self.unread.drain(..length).collect();
        }
        answer
    }

    /// Sends a request with a `Content-Length` body and reads the answer.
    async fn call(&mut self, method: &str, path: &str, key: &str, body: &[u8]) -> RawAnswer {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        self.stream.write_all(head.as_bytes()).await.unwrap();
        self.stream.write_all(body).await.unwrap();
        self.answer(method == "HEAD").await
    }

    /// `POST /api/v3/Request` with an ID's body.
    async fn create(&mut self, key: &str) -> RawAnswer {
        let body = serde_json::to_vec(&id_body()).unwrap();
        self.call("POST", "/api/v3/Request", key, &body).await
    }
}

/// A fresh mock, its public and secret keys, and a connection to it.
async fn connected() -> (MockDvs, String, String, Connection) {
    let mock = MockDvs::start().await;
    let (pk, sk) = keys(&mock);
    let connection = Connection::open(&mock).await;
    (mock, pk, sk, connection)
}

#[tokio::test]
async fn one_connection_serves_a_whole_flow_with_lengths_on_every_answer() {
    let (mock, pk, sk, mut connection) = connected().await;
    let created = connection.create(&pk).await;
    assert_eq!(created.status, 200, "{}", created.head);
    assert!(
        created
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let id = created.json()["requestId"].as_str().unwrap().to_owned();

    let verified = connection
        .call("POST", &format!("/api/v3/Verify/{id}"), &sk, b"{}")
        .await;
    assert_eq!(verified.status, 200, "{}", verified.head);
    assert_eq!(verified.json()["requestId"], json!(id));

    let missing = connection.call("POST", "/nothing/here", &sk, b"").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["code"], json!("NotFound"));

    let result = connection
        .call("GET", &format!("/api/v3/Request/{id}/result"), &sk, b"")
        .await;
    assert_eq!(result.status, 200, "{}", result.head);
    assert_eq!(result.json()["request"]["status"], json!("Success"));
    assert_eq!(mock.received().len(), 4);
}

#[tokio::test]
async fn a_chunked_body_is_read_whole() {
    let (mock, pk, _, mut connection) = connected().await;
    let body = serde_json::to_vec(&id_body()).unwrap();
    let head = format!(
        "POST /api/v3/Request HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {pk}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    connection.stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(7) {
        let framed = [
            format!("{:x}\r\n", chunk.len()).as_bytes(),
            chunk,
            b"\r\n".as_slice(),
        ]
        .concat();
        connection.stream.write_all(&framed).await.unwrap();
        connection.stream.flush().await.unwrap();
    }
    connection.stream.write_all(b"0\r\n\r\n").await.unwrap();

    let created = connection.answer(false).await;
    assert_eq!(
        created.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&created.body)
    );
    let sent = &mock.received()[0];
    assert_eq!(sent.field("documentType"), Some(&json!(1)));
    assert_eq!(
        sent.field("faceImageBase64"),
        Some(&json!("<JPEG image, 16 bytes>"))
    );
}

#[tokio::test]
async fn head_is_answered_without_a_body_and_the_connection_goes_on() {
    let (_mock, pk, _, mut connection) = connected().await;
    let head = connection.call("HEAD", "/api/v3/Request", &pk, b"").await;
    assert_eq!(head.status, 405, "{}", head.head);
    assert_eq!(head.header("allow"), Some("POST"));
    assert_ne!(head.header("content-length"), Some("0"), "{}", head.head);

    // Had the HEAD answer carried a body, the answer read next would start with its bytes
    // instead of a status line.
    let created = connection.create(&pk).await;
    assert_eq!(created.status, 200, "{}", created.head);
    assert!(created.json()["requestId"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tens_of_mib_stream_in_through_the_client() {
    const IMAGE: usize = 8 * 1024 * 1024;
    let mock = MockDvs::start().await;
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    // Three 8 MiB images: a 32 MiB JSON body, streamed by dvs-public.
    let request = VerificationRequest::new(DocumentType::Id)
        .front(jpeg(IMAGE, 1))
        .back(jpeg(IMAGE, 2))
        .selfie(jpeg(IMAGE, 3));
    let created = public.create_request(request).await.unwrap();
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    secret.verify(&created.request_id).await.unwrap();

    let sent = &mock.received()[0];
    let described = json!(format!("<JPEG image, {IMAGE} bytes>"));
    for field in [
        "frontImageBase64",
        "backOrSecondImageBase64",
        "faceImageBase64",
    ] {
        assert_eq!(sent.field(field), Some(&described), "{field}");
    }
}

#[tokio::test]
async fn a_dropped_mock_closes_its_connections_and_its_port() {
    let (mock, pk, _, mut connection) = connected().await;
    let address = mock.address();
    assert_eq!(connection.create(&pk).await.status, 200);

    drop(mock);
    // The server stops on its own thread: give it a moment, no more.
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        let mut byte = [0u8; 1];
        // The kept-alive connection ends (end of stream, or reset).
        while matches!(connection.stream.read(&mut byte).await, Ok(n) if n > 0) {}
        // And nothing listens any more.
        while TcpStream::connect(address).await.is_ok() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(closed.is_ok(), "the mock still serves after being dropped");
}
