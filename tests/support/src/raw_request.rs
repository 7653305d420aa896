//! The raw HTTP/1.1 request reader of the loopback servers: a request's head and the length
//! of its `content-length` body, read off a socket.

use tokio::io::{AsyncRead, AsyncReadExt};

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

    /// The method, e.g. `POST`.
    pub fn method(&self) -> &str {
        self.request_line().split(' ').next().unwrap_or("")
    }
}

/// Reads one HTTP/1.1 request: the head, then a `content-length` body, which is read and
/// dropped. `None` when the connection ends (or fails) before the request is complete.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<RawRequest> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_the_head_and_the_body_length() {
        let wire = b"POST /api/v3/Verify/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n{\"a\":";
        let mut stream = &wire[..];
        let request = read_request(&mut stream).await.unwrap();
        assert_eq!(request.request_line(), "POST /api/v3/Verify/x HTTP/1.1");
        assert_eq!(request.method(), "POST");
        assert_eq!(request.header("content-length"), Some("5"));
        assert_eq!(request.header("HOST"), Some("a"));
        assert_eq!(request.body_len, 5);
    }

    #[tokio::test]
    async fn a_request_cut_short_is_none() {
        for wire in [
            &b""[..],
            b"GET / HTTP/1.1\r\nHost: a\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345",
        ] {
            let mut stream = wire;
            assert!(read_request(&mut stream).await.is_none(), "{wire:?}");
        }
    }
}
