//! Raw loopback TCP servers for fault injection (resets, stalls, slow answers) and a counting
//! TCP proxy for the load test. Each counts the connections it accepted and keeps the head of
//! every request it read completely, so a test can assert how many attempts reached it and
//! which headers they carried.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with each connection.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// Accept, then reset (RST) at once, before reading anything.
    ResetOnAccept,
    /// Accept, wait (the client has written its request by then), then reset without
    /// reading anything.
    ResetUnreadAfter(Duration),
    /// Read the whole request, then reset.
    ReadThenReset,
    /// Read the whole request, then wait this long before answering 200 `{}`.
    ReadThenSleep(Duration),
    /// Read the whole request, then send these bytes and keep the connection open, silent.
    ReadThenSendAndStall(&'static [u8]),
    /// Read the whole request, then send these bytes and close.
    ReadThenSendAndClose(&'static [u8]),
}

/// A request as read off the wire: its head (request line and headers) and body length.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The request line and headers, as text.
    pub head: String,
    /// The body's length in bytes.
    pub body_len: usize,
}

impl RawRequest {
    /// The value of a header (name matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The request line, e.g. `POST /api/v3/Verify/… HTTP/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }
}

/// A raw server on a loopback port.
pub struct RawServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts serving `behavior` on every connection.
    pub async fn start(behavior: Behavior) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (c, r) = (Arc::clone(&connections), Arc::clone(&requests));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, behavior.clone(), Arc::clone(&r)));
            }
        });
        RawServer {
            addr,
            connections,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests read completely so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, behavior: Behavior, log: Arc<Mutex<Vec<RawRequest>>>) {
    match behavior {
        Behavior::ResetOnAccept => {
            let _ = stream.set_zero_linger();
            drop(stream);
            return;
        }
        Behavior::ResetUnreadAfter(delay) => {
            tokio::time::sleep(delay).await;
            let _ = stream.set_zero_linger();
            drop(stream);
            return;
        }
        _ => {}
    }
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().unwrap().push(request);
    match behavior {
        Behavior::ResetOnAccept | Behavior::ResetUnreadAfter(_) => {}
        Behavior::ReadThenReset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Behavior::ReadThenSleep(delay) => {
            tokio::time::sleep(delay).await;
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                .await;
        }
        Behavior::ReadThenSendAndStall(bytes) => {
            let _ = stream.write_all(bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        Behavior::ReadThenSendAndClose(bytes) => {
            let _ = stream.write_all(bytes).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Reads one HTTP/1.1 request (head, then a `content-length` body).
async fn read_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut request = RawRequest { head, body_len: 0 };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut have = buffer.len() - head_end;
    while have < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        have += n;
    }
    request.body_len = length;
    Some(request)
}

/// A keep-alive HTTP/1.1 server that answers every request with `answer(request)` and keeps
/// nothing: no request log, so its memory does not grow with the number of requests
/// (wiremock keeps every matched request, body included, for `MockGuard::received_requests`).
pub struct StatelessServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl StatelessServer {
    /// Starts the server.
    pub async fn start(answer: fn(&RawRequest) -> &'static [u8]) -> StatelessServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    while let Some(request) = read_request(&mut stream).await {
                        if stream.write_all(answer(&request)).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        StatelessServer { addr, task }
    }

    /// The socket address.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for StatelessServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A TCP proxy on loopback that counts the connections it accepts and forwards each to
/// `target` byte for byte.
pub struct CountingProxy {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl CountingProxy {
    /// Starts a proxy in front of `target`.
    pub async fn start(target: SocketAddr) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        CountingProxy {
            addr,
            connections,
            task,
        }
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}
