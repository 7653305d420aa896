//! Raw loopback TCP servers: one that misbehaves on purpose (resets, stalls, slow answers), for
//! fault injection; a keep-alive server that answers every request and keeps nothing, for load
//! and connection-reuse tests; and a counting TCP proxy. Each counts the connections it
//! accepted, so a test can assert how many attempts reached it; [`RawServer`] also keeps the
//! head of every request it read completely, to check which headers they carried.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::raw_request::{RawRequest, read_request};

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

/// What every server here is: a listener on a loopback port whose accept loop counts the
/// connections and hands each to `serve` in its own task; stopped when dropped.
#[derive(Debug)]
struct AcceptLoop {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl AcceptLoop {
    async fn start<F, Fut>(serve: F) -> AcceptLoop
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream));
            }
        });
        AcceptLoop {
            addr,
            connections,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for AcceptLoop {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A raw server on a loopback port that treats every connection as its [`Behavior`] says;
/// stops when dropped.
#[derive(Debug)]
pub struct RawServer {
    accept: AcceptLoop,
    requests: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Starts serving `behavior` on every connection.
    pub async fn start(behavior: Behavior) -> RawServer {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        let accept =
            AcceptLoop::start(move |stream| serve(stream, behavior.clone(), Arc::clone(&log)))
                .await;
        RawServer { accept, requests }
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn base_url(&self) -> String {
        self.accept.base_url()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.accept.connections()
    }

    /// Requests read completely so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }
}

/// Treats one connection as `behavior` says, logging the request when it reads one whole.
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

/// A keep-alive HTTP/1.1 server that answers every request with `answer(request)` and keeps
/// nothing but a count of the connections it accepted: no request log, so its memory does not
/// grow with the number of requests (wiremock keeps every matched request, body included, for
/// `MockGuard::received_requests`). Stops when dropped.
#[derive(Debug)]
pub struct StatelessServer {
    accept: AcceptLoop,
}

impl StatelessServer {
    /// Starts the server.
    pub async fn start(answer: fn(&RawRequest) -> &'static [u8]) -> StatelessServer {
        let accept = AcceptLoop::start(move |mut stream: TcpStream| async move {
            while let Some(request) = read_request(&mut stream).await {
                if stream.write_all(answer(&request)).await.is_err() {
                    break;
                }
            }
        })
        .await;
        StatelessServer { accept }
    }

    /// The socket address.
    pub fn address(&self) -> SocketAddr {
        self.accept.addr
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn base_url(&self) -> String {
        self.accept.base_url()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.accept.connections()
    }
}

/// A TCP proxy on loopback that counts the connections it accepts and forwards each to
/// `target` byte for byte. Stops when dropped.
#[derive(Debug)]
pub struct CountingProxy {
    accept: AcceptLoop,
}

impl CountingProxy {
    /// Starts a proxy in front of `target`.
    pub async fn start(target: SocketAddr) -> CountingProxy {
        let accept = AcceptLoop::start(move |mut inbound: TcpStream| async move {
            if let Ok(mut outbound) = TcpStream::connect(target).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        })
        .await;
        CountingProxy { accept }
    }

    /// `http://127.0.0.1:<port>/`.
    pub fn base_url(&self) -> String {
        self.accept.base_url()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.accept.connections()
    }
}
