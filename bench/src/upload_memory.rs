//! Figure 1: peak resident memory of creating one request with three 8 MiB images, above the
//! memory that holds the raw images. Each measurement runs in a fresh child process (this
//! binary, re-run as `dvs-bench mem-upload VARIANT URL`) so that one's high-water mark cannot
//! pollute another's.

use dvs_core::{HttpRequest, HttpResponse, RequestBody, Transport, TransportError};
use dvs_public::{Client, DocumentType, PublicKey, ReqwestTransport, VerificationRequest};

use crate::fixtures::{self, PUBLIC_KEY};
use crate::{BoxError, baseline, resident_memory};

/// The ways of uploading that are measured.
pub(crate) const VARIANTS: [&str; 3] = ["sdk", "sdk-buffered", "baseline"];

/// A user's own transport that needs the body as bytes (as in the browser): the SDK's
/// buffered path.
#[derive(Debug)]
struct BufferingTransport(ReqwestTransport);

#[async_trait::async_trait]
impl Transport for BufferingTransport {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        request.body = request
            .body
            .map(|body| RequestBody::Bytes(body.into_bytes()));
        self.0.send(request).await
    }
}

enum Uploader {
    Sdk(Client),
    Baseline(reqwest::Client, String),
}

impl Uploader {
    fn new(variant: &str, base_url: &str) -> Result<Uploader, BoxError> {
        let builder = Client::builder(PublicKey::new(PUBLIC_KEY)?).base_url(base_url);
        Ok(match variant {
            "sdk" => Uploader::Sdk(builder.build()?),
            "sdk-buffered" => {
                let transport = ReqwestTransport::new(reqwest::Client::new());
                Uploader::Sdk(builder.transport(BufferingTransport(transport)).build()?)
            }
            "baseline" => Uploader::Baseline(reqwest::Client::new(), base_url.to_owned()),
            other => return Err(format!("unknown upload variant {other}").into()),
        })
    }

    /// Uploads the images; they are moved in and dropped afterwards.
    async fn upload(&self, images: [Vec<u8>; 3]) -> Result<(), BoxError> {
        match self {
            Uploader::Sdk(client) => {
                let [front, back, selfie] = images;
                let request = VerificationRequest::new(DocumentType::Id)
                    .front(front)
                    .back(back)
                    .selfie(selfie);
                client.create_request(request).await?;
            }
            Uploader::Baseline(client, base_url) => {
                let created =
                    baseline::create_request(client, base_url, PUBLIC_KEY, &images).await?;
                if created.request_id.is_empty() {
                    return Err("the baseline got no request id".into());
                }
            }
        }
        Ok(())
    }
}

/// In the child: warms up, allocates the images, uploads them, and prints
/// `extra=BYTES raw=BYTES` (peak resident memory above the level once the images are held).
pub(crate) fn child(variant: &str, base_url: &str) -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let uploader = Uploader::new(variant, base_url)?;
        // Connection, buffers and lazy statics are set up by a small upload first.
        let small = || dvs_test_support::jpeg(4096, 9);
        uploader.upload([small(), small(), small()]).await?;
        let images = fixtures::three_images();
        let raw: usize = images.iter().map(Vec::len).sum();
        let base = resident_memory::current();
        if !resident_memory::reset_peak() {
            eprintln!("cannot reset VmHWM; the peak may include earlier allocations");
        }
        uploader.upload(images).await?;
        let extra = resident_memory::peak().saturating_sub(base);
        println!("extra={extra} raw={raw}");
        Ok(())
    })
}

/// In the parent: runs `variant` in a child process; returns the extra peak ÷ raw images.
pub(crate) fn run_child(variant: &str, base_url: &str) -> Result<f64, BoxError> {
    let output = crate::child_process::run(&["mem-upload", variant, base_url], &[])?;
    let (extra, raw) = (output.field("extra")?, output.field("raw")?);
    if raw > 0.0 {
        Ok(extra / raw)
    } else {
        Err(format!("mem-upload {variant}: no raw images").into())
    }
}
