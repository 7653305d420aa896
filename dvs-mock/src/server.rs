//! [`Server`]: the mock's HTTP/1.1 server. It accepts connections (kept alive), reads each
//! request whole, has [`respond`] answer it, waits out the answer's delay and sends it. It
//! keeps nothing from one request to the next: what the mock remembers is in [`Shared`],
//! bounded.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::http_request::HttpRequest;
use crate::responder::respond;
use crate::state::Shared;

/// How long to wait before accepting again after `accept` failed (out of file descriptors,
/// or a connection reset before it was accepted), rather than spinning or giving up.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// A running server. Dropping it stops accepting and drops the open connections, with any
/// answer still in flight.
#[derive(Debug)]
pub(crate) struct Server {
    address: SocketAddr,
    /// Dropped with the server, which ends the accept loop and, with it, the server's thread.
    _stop: oneshot::Sender<()>,
}

impl Server {
    /// Serves `listener` on a thread of its own, with a single-threaded runtime, so that the
    /// mock answers whatever the caller's runtime does (a current-thread test runtime blocked
    /// in a synchronous call, a mock shared by tests that each have their own runtime).
    ///
    /// Fails when the listener's address cannot be read, the listener cannot be made
    /// non-blocking, or the runtime or the thread cannot be created.
    pub(crate) fn start(
        listener: std::net::TcpListener,
        shared: Arc<Shared>,
    ) -> io::Result<Server> {
        let address = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let (stop, stopped) = oneshot::channel();
        std::thread::Builder::new()
            .name(format!("dvs-mock {address}"))
            .spawn(move || runtime.block_on(accept(listener, shared, stopped)))?;
        Ok(Server {
            address,
            _stop: stop,
        })
    }

    /// The address the server listens on.
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }
}

/// Accepts connections until `stopped` resolves (its sender dropped), each served by a task
/// of its own.
async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    loop {
        let accepted = tokio::select! {
            biased;
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, Arc::clone(&shared)));
            }
            Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
        }
    }
}

/// Serves one connection, request after request, until the client closes it.
async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    // Answers go out at once, not held back waiting for the client's acknowledgement. A
    // socket that refuses the option is served all the same.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| answer(Arc::clone(&shared), request));
    // An error here is the client's doing (it went away, or sent something that is not
    // HTTP); the connection ends and the mock goes on.
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// The error that closes a connection whose answer is lost.
#[derive(Debug)]
struct LostAnswer;

impl std::fmt::Display for LostAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer was lost (dvs-mock fault)")
    }
}

impl std::error::Error for LostAnswer {}

/// Reads one request whole and answers it, after the answer's delay (latency, `slow`).
async fn answer(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Box<dyn std::error::Error + Send + Sync>> {
    let request = HttpRequest::read(request).await?;
    let reply = respond(&shared, &request);
    // The images are not held while the answer waits.
    drop(request);
    let (delay, lost) = (reply.delay, reply.lost);
    let response = reply.into_response();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if lost {
        // An error from the service closes the connection without a response: what the
        // client sees when DVS's answer is lost on the way.
        return Err(LostAnswer.into());
    }
    Ok(response)
}
