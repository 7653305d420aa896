//! [`HttpRequest`]: one request as the mock reads it — method, path, query, headers, and the
//! whole body.

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes};
use hyper::{HeaderMap, Method, Uri};
use url::Url;

/// A request received, with its body read to the end.
///
/// No `Debug`: the headers hold the caller's key and the body its images.
pub(crate) struct HttpRequest {
    pub(crate) method: Method,
    /// The path, any casing, read the way a URL parser reads it (`/api/v3/./Request` is
    /// `/api/v3/Request`).
    pub(crate) path: String,
    /// The query string, without `?`, if any.
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl HttpRequest {
    /// Reads `request`, its body collected whole whether it came with a `Content-Length` or
    /// chunked (a streamed upload).
    pub(crate) async fn read<B: Body>(request: hyper::Request<B>) -> Result<HttpRequest, B::Error> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await?.to_bytes();
        let (path, query) = path_and_query(&parts.uri);
        Ok(HttpRequest {
            method: parts.method,
            path,
            query,
            headers: parts.headers,
            body,
        })
    }

    /// The query's `name=value` pairs, percent- and `+`-decoded.
    pub(crate) fn query_pairs(&self) -> url::form_urlencoded::Parse<'_> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
    }
}

/// The path and query of a request target, as a URL parser reads them (as sent, should one
/// not parse).
fn path_and_query(uri: &Uri) -> (String, Option<String>) {
    let target = uri.path_and_query().map_or("/", |target| target.as_str());
    match Url::parse(&format!("http://localhost{target}")) {
        Ok(url) => (url.path().to_owned(), url.query().map(str::to_owned)),
        Err(_) => (uri.path().to_owned(), uri.query().map(str::to_owned)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use hyper::body::Frame;

    use super::*;

    /// A body that arrives in several chunks, as a streamed upload does.
    struct Chunks(VecDeque<Bytes>);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.0.pop_front().map(|chunk| Ok(Frame::data(chunk))))
        }
    }

    #[tokio::test]
    async fn the_body_is_read_whole_and_the_target_parsed() {
        let body = Chunks(["{\"documentType\"", ":1", "}"].map(Bytes::from).into());
        let request = hyper::Request::post("/API/v3/./Request/?returnRequest=tr%75e&a=b+c")
            .header("Authorization", "Bearer pk_x")
            .body(body)
            .unwrap();
        let read = HttpRequest::read(request).await.unwrap();
        assert_eq!(read.method, Method::POST);
        assert_eq!(read.path, "/API/v3/Request/");
        assert_eq!(read.query.as_deref(), Some("returnRequest=tr%75e&a=b+c"));
        let pairs: Vec<(String, String)> = read
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("returnRequest".to_owned(), "true".to_owned()),
                ("a".to_owned(), "b c".to_owned())
            ]
        );
        assert_eq!(read.headers["authorization"], "Bearer pk_x");
        assert_eq!(&read.body[..], b"{\"documentType\":1}");
    }
}
