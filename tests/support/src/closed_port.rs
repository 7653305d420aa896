//! An address where nothing listens, for connect failures.

use std::net::{SocketAddr, TcpListener};

/// A loopback address where nothing listens: a port that was free a moment ago, bound and
/// released, so connecting to it is refused (nothing was sent).
pub fn closed_port_address() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}
