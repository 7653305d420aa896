//! The loopback server both the SDK and the baseline call: raw HTTP/1.1 over tokio, answering
//! at once with fixed bodies, reading (and discarding) request bodies as they arrive, and
//! counting the connections it accepts and the Verify calls and result lookups it answers.
//!
//! It stands in for DVS in the backend figures too: Verify answers the v4 fixture for any
//! id, and a result lookup (`GET /api/v3/Request/{id}/result`) answers "pending, not
//! verified" for any id, which is what DVS says of a fresh request before its Verify.
//! Verify can be made to take a fixed time ([`Server::start_with_verify_delay`]), as DVS's
//! does, so that concurrent submissions of one id overlap it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::fixtures;

/// A running server.
pub(crate) struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    counts: Arc<Counts>,
}

/// What the server answered, by kind.
#[derive(Default)]
struct Counts {
    verify: AtomicUsize,
    lookups: AtomicUsize,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves on the current runtime.
    pub(crate) async fn start() -> io::Result<Server> {
        Server::start_with_verify_delay(Duration::ZERO).await
    }

    /// [`start`](Server::start), with every Verify answered after `delay`.
    pub(crate) async fn start_with_verify_delay(delay: Duration) -> io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        let responses = Arc::new(Responses::new());
        let counts = Arc::new(Counts::default());
        let served = counts.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let (responses, served) = (responses.clone(), served.clone());
                tokio::spawn(async move {
                    // A client closing its pooled connection ends this task; nothing to report.
                    let _ = serve(stream, &responses, &served, delay).await;
                });
            }
        });
        Ok(Server {
            addr,
            accepted,
            counts,
        })
    }

    /// Verify calls answered since the last call.
    pub(crate) fn take_verify_calls(&self) -> usize {
        self.counts.verify.swap(0, Ordering::SeqCst)
    }

    /// Result lookups answered since the last call.
    pub(crate) fn take_lookups(&self) -> usize {
        self.counts.lookups.swap(0, Ordering::SeqCst)
    }

    /// The base URL, `http://127.0.0.1:PORT/`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Connections accepted since the last call.
    pub(crate) fn take_accepted(&self) -> usize {
        self.accepted.swap(0, Ordering::SeqCst)
    }
}

/// The whole responses (status line, headers, body), built once.
struct Responses {
    verify: Vec<u8>,
    created: Vec<u8>,
    not_verified: Vec<u8>,
    not_found: Vec<u8>,
}

/// What a path is answered with.
#[derive(Clone, Copy, PartialEq)]
enum Endpoint {
    Verify,
    Create,
    Lookup,
    Unknown,
}

impl Endpoint {
    fn of(path: &str) -> Endpoint {
        if path.starts_with("/api/v3/Verify/") {
            Endpoint::Verify
        } else if path == "/api/v3/Request" {
            Endpoint::Create
        } else if path.starts_with("/api/v3/Request/") && path.ends_with("/result") {
            Endpoint::Lookup
        } else {
            Endpoint::Unknown
        }
    }
}

impl Responses {
    fn new() -> Self {
        let ok = |body: &[u8]| {
            let mut response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\n\
                 content-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(body);
            response
        };
        Responses {
            verify: ok(&fixtures::v4_result()),
            created: ok(fixtures::CREATED),
            not_verified: ok(fixtures::NOT_VERIFIED),
            not_found: b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".to_vec(),
        }
    }

    fn for_endpoint(&self, endpoint: Endpoint) -> &[u8] {
        match endpoint {
            Endpoint::Verify => &self.verify,
            Endpoint::Create => &self.created,
            Endpoint::Lookup => &self.not_verified,
            Endpoint::Unknown => &self.not_found,
        }
    }
}

async fn serve(
    stream: TcpStream,
    responses: &Responses,
    counts: &Counts,
    verify_delay: Duration,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::with_capacity(64 * 1024, read);
    let mut line = Vec::with_capacity(256);
    let mut sink = vec![0u8; 64 * 1024];
    loop {
        // Request line.
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let request_line = String::from_utf8_lossy(&line).into_owned();
        let path = request_line.split(' ').nth(1).unwrap_or("").to_owned();
        // Headers.
        let mut content_length = 0usize;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).await? == 0 {
                return Ok(());
            }
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            let text = String::from_utf8_lossy(&line);
            if let Some((name, value)) = text.split_once(':') {
                let name = name.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().map_err(io::Error::other)?;
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    return Err(io::Error::other("chunked bodies are not expected"));
                }
            }
        }
        // Body, read and dropped 64 KiB at a time.
        let mut left = content_length;
        while left > 0 {
            let want = left.min(sink.len());
            let n = reader.read(&mut sink[..want]).await?;
            if n == 0 {
                return Ok(());
            }
            left -= n;
        }
        let endpoint = Endpoint::of(&path);
        match endpoint {
            Endpoint::Verify => {
                counts.verify.fetch_add(1, Ordering::SeqCst);
                if !verify_delay.is_zero() {
                    tokio::time::sleep(verify_delay).await;
                }
            }
            Endpoint::Lookup => {
                counts.lookups.fetch_add(1, Ordering::SeqCst);
            }
            Endpoint::Create | Endpoint::Unknown => {}
        }
        write.write_all(responses.for_endpoint(endpoint)).await?;
    }
}
