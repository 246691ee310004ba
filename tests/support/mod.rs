//! A small scriptable HTTP/1.1 server on 127.0.0.1 for the fetch tests; config builders and
//! documents are in `sources`.
//!
//! Each path gets a script of replies (the last one repeats): a normal response with status,
//! headers, body and delay; silence; raw bytes; a response trickled a byte at a time; an endless
//! body; a gzip bomb compressed on the fly. Every request is recorded, and the server counts how
//! many it is answering at once, so tests can assert on headers and on concurrency.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub mod engine;
mod sources;
// Each test binary imports a different subset.
#[allow(unused_imports)]
pub use sources::{HOUR, MIB, SECOND, file_source, general, gzip, http_source, items, rss};

/// A response body.
#[derive(Clone)]
pub enum Body {
    /// Sent with a Content-Length.
    Bytes(Vec<u8>),
    /// Sent chunked, so the client cannot know the size up front.
    Chunked(Vec<u8>),
    /// Chunked junk that never ends.
    Endless,
    /// Chunked, `Content-Encoding: gzip`, inflating to `inflated` zero bytes, compressed while
    /// it is sent so the server never holds the inflated data.
    GzipBomb {
        /// Decompressed size.
        inflated: u64,
    },
}

/// One scripted reply.
#[derive(Clone)]
pub enum Reply {
    /// A well-formed response.
    Respond(Response),
    /// Read the request, then say nothing and keep the connection open.
    Silent,
    /// These bytes as the whole response, then close.
    Raw(Vec<u8>),
    /// These bytes as the whole response, one byte per `every`.
    Trickle {
        /// The raw response.
        bytes: Vec<u8>,
        /// Pause between bytes.
        every: Duration,
    },
}

/// A well-formed response, built with the methods below.
#[derive(Clone)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
}

impl Response {
    /// 200 with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Response {
        Response::with_status(200).body(Body::Bytes(body.into()))
    }

    /// This status and an empty body.
    pub fn with_status(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
            delay: Duration::ZERO,
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::with_status(status).header("Location", location)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: Body) -> Response {
        self.body = body;
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }

    /// As a [`Reply`].
    pub fn reply(self) -> Reply {
        Reply::Respond(self)
    }
}

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Request {
    /// `GET`, ...
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, VecDeque<Reply>>>,
    requests: Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    body_bytes: AtomicU64,
}

/// The server; it runs until the test's runtime ends.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl TestServer {
    /// Binds 127.0.0.1 on a free port and starts accepting.
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let accepting = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&accepting)));
            }
        });
        TestServer { addr, shared }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Always answers `path` with `reply`.
    pub fn route(&self, path: &str, reply: Reply) {
        self.script(path, vec![reply]);
    }

    /// Answers `path` with these replies in turn; the last one repeats.
    pub fn script(&self, path: &str, replies: Vec<Reply>) {
        let mut routes = self.shared.routes.lock().unwrap();
        routes.insert(path.into(), replies.into());
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Requests to one path.
    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        let all = self.requests();
        all.into_iter().filter(|r| r.path == path).collect()
    }

    /// The most requests answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Body bytes produced for streamed bodies (inflated size for gzip bombs).
    pub fn body_bytes(&self) -> u64 {
        self.shared.body_bytes.load(Ordering::SeqCst)
    }
}

fn next_reply(shared: &Shared, path: &str) -> Option<Reply> {
    let mut routes = shared.routes.lock().unwrap();
    let queue = routes.get_mut(path)?;
    if queue.len() > 1 {
        queue.pop_front()
    } else {
        queue.front().cloned()
    }
}

/// Decrements the in-flight count however the answer ends.
struct InFlight(Arc<Shared>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let _guard = InFlight(Arc::clone(&shared));
    let reply = next_reply(&shared, &request.path);
    shared.requests.lock().unwrap().push(request);
    // Write errors mean the client hung up, which hostile tests provoke on purpose.
    let _ = match reply {
        None => write_response(&mut stream, Response::with_status(404), &shared).await,
        Some(Reply::Respond(response)) => write_response(&mut stream, response, &shared).await,
        Some(Reply::Silent) => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            Ok(())
        }
        Some(Reply::Raw(bytes)) => stream.write_all(&bytes).await,
        Some(Reply::Trickle { bytes, every }) => trickle(&mut stream, &bytes, every).await,
    };
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?;
    let path = target.split('?').next().unwrap_or(target).to_owned();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Request {
        method,
        path,
        headers,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

async fn write_response(
    stream: &mut TcpStream,
    response: Response,
    shared: &Shared,
) -> std::io::Result<()> {
    tokio::time::sleep(response.delay).await;
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n");
    match &response.body {
        Body::Bytes(bytes) if response.status != 304 => {
            head.push_str(&format!("Content-Length: {}\r\n", bytes.len()));
        }
        Body::Bytes(_) => {}
        Body::GzipBomb { .. } => {
            head.push_str("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n");
        }
        Body::Chunked(_) | Body::Endless => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    match response.body {
        Body::Bytes(bytes) => {
            if response.status != 304 {
                stream.write_all(&bytes).await?;
            }
        }
        Body::Chunked(bytes) => {
            for piece in bytes.chunks(1024) {
                write_chunk(stream, piece).await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Body::Endless => {
            let piece = vec![b'<'; 64 * 1024];
            loop {
                write_chunk(stream, &piece).await?;
                shared
                    .body_bytes
                    .fetch_add(piece.len() as u64, Ordering::SeqCst);
            }
        }
        Body::GzipBomb { inflated } => gzip_bomb(stream, inflated, shared).await?,
    }
    stream.flush().await
}

async fn write_chunk(stream: &mut TcpStream, data: &[u8]) -> std::io::Result<()> {
    if data.is_empty() {
        return Ok(());
    }
    stream
        .write_all(format!("{:x}\r\n", data.len()).as_bytes())
        .await?;
    stream.write_all(data).await?;
    stream.write_all(b"\r\n").await
}

/// Compresses zeros while sending, so memory stays small however large `inflated` is.
async fn gzip_bomb(stream: &mut TcpStream, inflated: u64, shared: &Shared) -> std::io::Result<()> {
    let zeros = vec![0u8; 256 * 1024];
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let mut produced = 0u64;
    while produced < inflated {
        let n = zeros.len().min((inflated - produced) as usize);
        encoder.write_all(&zeros[..n])?;
        produced += n as u64;
        shared.body_bytes.fetch_add(n as u64, Ordering::SeqCst);
        // A sync flush emits what was compressed so far; otherwise deflate keeps zeros
        // buffered for a long time and nothing reaches the client.
        encoder.flush()?;
        let out = std::mem::take(encoder.get_mut());
        write_chunk(stream, &out).await?;
    }
    let rest = encoder.finish()?;
    write_chunk(stream, &rest).await?;
    stream.write_all(b"0\r\n\r\n").await
}

async fn trickle(stream: &mut TcpStream, bytes: &[u8], every: Duration) -> std::io::Result<()> {
    for byte in bytes {
        stream.write_all(std::slice::from_ref(byte)).await?;
        stream.flush().await?;
        tokio::time::sleep(every).await;
    }
    Ok(())
}
