//! Crash isolation: documents are read in child processes.
//!
//! `catch_unwind` catches panics, but not a stack overflow, an abort, a
//! failed huge allocation or an endless loop: any of these would take the
//! whole batch down or hang it. So each worker thread of a run drives one
//! long-lived child process — the same binary, hidden subcommand
//! `jixiao worker` — sending it one document at a time on its standard
//! input and reading the records back as JSON on its standard output. A
//! child that dies becomes that document's error and is replaced; one that
//! runs past the time limit is killed.
//!
//! Why long-lived children rather than one process per document: starting
//! a process costs about a millisecond, negligible next to a PDF, but the
//! text path reads a form in well under that, so per-document processes
//! would dominate a run of OCR'd text. A pool keeps the overhead to copying
//! the bytes over a pipe and one JSON round trip per document. Measured
//! (release, 2 cores): on 240 PDFs (3,800 pages) the pool is as fast as
//! in-process reading (3.3 s vs 3.4 s with one job); on 1,250 OCR'd text
//! files it costs about 0.3 ms per document (0.60 s vs 0.25 s with one
//! job, 0.26 s vs 0.21 s with two). That is small enough to keep isolation
//! on by default. `--in-process` skips the children (panics are still
//! caught) at the price of no time limit and no protection against aborts,
//! stack overflows or runaway memory; a watchdog thread could abandon a
//! stuck document but not stop it burning a core or corrupting the heap,
//! so the time limit is only offered with processes.
//!
//! The protocol, on the child's stdin: `u32` path length (little-endian),
//! the path (UTF-8), `u64` document length, the bytes; repeated until EOF.
//! On its stdout, per document: `u64` length and a JSON [`Reply`] (the
//! pipeline's [`Processed`]).
//!
//! Test hooks (read by the child, compiled in only with the `test-hooks`
//! feature): `JIXIAO_TEST_HANG=<substring>` makes the child loop forever on
//! a document whose path contains the substring, `JIXIAO_TEST_CRASH=<substring>`
//! makes it abort. They let the tests exercise the time limit and crash
//! paths without relying on timing.

use jixiao_pipeline::{DocError, ErrorKind, Processed};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the child sends back for one document.
pub type Reply = Processed;

/// Largest path accepted in a request.
const MAX_PATH: u32 = 1 << 16;

/// The test hooks; nothing without the `test-hooks` feature.
struct TestHooks {
    #[cfg(feature = "test-hooks")]
    hang: Option<String>,
    #[cfg(feature = "test-hooks")]
    crash: Option<String>,
}

impl TestHooks {
    #[cfg(feature = "test-hooks")]
    fn from_env() -> TestHooks {
        let var = |name| std::env::var(name).ok().filter(|s: &String| !s.is_empty());
        TestHooks {
            hang: var("JIXIAO_TEST_HANG"),
            crash: var("JIXIAO_TEST_CRASH"),
        }
    }

    #[cfg(not(feature = "test-hooks"))]
    fn from_env() -> TestHooks {
        TestHooks {}
    }

    /// Hangs or aborts before reading `path`, as the environment asked.
    #[cfg(feature = "test-hooks")]
    fn before(&self, path: &str) {
        if self.hang.as_deref().is_some_and(|h| path.contains(h)) {
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        if self.crash.as_deref().is_some_and(|c| path.contains(c)) {
            std::process::abort();
        }
    }

    #[cfg(not(feature = "test-hooks"))]
    fn before(&self, _path: &str) {}
}

/// The child's side: serves requests on stdin until EOF. Returns the exit
/// code.
pub fn serve(options: &jixiao_pipeline::Options) -> i32 {
    // process() catches panics and reports them; the default hook would also
    // print each one on the run's stderr.
    std::panic::set_hook(Box::new(|_| {}));
    watch_parent();
    let hooks = TestHooks::from_env();
    jixiao_pipeline::on_page_recognised(send_heartbeat);
    let stdin = io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = io::stdout();
    let mut output = BufWriter::new(stdout.lock());
    loop {
        let (path, bytes) = match read_request(&mut input) {
            Ok(Some(request)) => request,
            Ok(None) => return 0,
            Err(e) => {
                eprintln!("jixiao worker: bad request: {e}");
                return 3;
            }
        };
        hooks.before(&path);
        let reply = jixiao_pipeline::process_with(&path, &bytes, options);
        drop(bytes);
        let json = match serde_json::to_vec(&reply) {
            Ok(json) => json,
            Err(e) => {
                eprintln!("jixiao worker: cannot encode the reply: {e}");
                return 3;
            }
        };
        let sent = output
            .write_all(&(json.len() as u64).to_le_bytes())
            .and_then(|()| output.write_all(&json))
            .and_then(|()| output.flush());
        if sent.is_err() {
            // The parent is gone.
            return 0;
        }
    }
}

/// Exits when the parent dies (even by kill -9), so that a child stuck in
/// an endless loop is not left running.
/// Tells the parent a page was recognised: an empty reply frame, which
/// restarts its time limit. (Standard output's lock is re-entrant: the
/// serving loop holds it, and this runs on the same thread.)
fn send_heartbeat() {
    let mut out = io::stdout().lock();
    let _ = out
        .write_all(&0u64.to_le_bytes())
        .and_then(|()| out.flush());
}

fn watch_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(250));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(0);
            }
        });
    }
}

fn read_request(input: &mut impl Read) -> io::Result<Option<(String, Vec<u8>)>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let path_len = u32::from_le_bytes(len);
    if path_len > MAX_PATH {
        return Err(io::Error::other("path too long"));
    }
    let mut path = vec![0u8; path_len as usize];
    input.read_exact(&mut path)?;
    let path = String::from_utf8(path).map_err(io::Error::other)?;
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let len = usize::try_from(u64::from_le_bytes(len)).map_err(io::Error::other)?;
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(len)
        .map_err(|_| io::Error::other("document too large for memory"))?;
    input.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "truncated document",
        ));
    }
    Ok(Some((path, bytes)))
}

/// The parent's side: one child, restarted after a crash or a timeout.
pub struct Worker {
    exe: PathBuf,
    timeout: Duration,
    options: jixiao_pipeline::Options,
    child: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<io::Result<Vec<u8>>>,
    stderr_tail: Arc<Mutex<String>>,
}

impl Worker {
    /// A worker running `exe worker`, giving each document `timeout`.
    pub fn new(exe: PathBuf, timeout: Duration, options: jixiao_pipeline::Options) -> Self {
        Worker {
            exe,
            timeout,
            options,
            child: None,
        }
    }

    fn spawn(&self) -> io::Result<Running> {
        let mut child = Command::new(&self.exe)
            .arg("worker")
            .arg("--ocr")
            .arg(self.options.ocr.as_str())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("the worker's pipes are missing"));
        };
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let reply = read_reply(&mut stdout);
                let failed = reply.is_err();
                if tx.send(reply).is_err() || failed {
                    return;
                }
            }
        });
        let stderr_tail = Arc::new(Mutex::new(String::new()));
        let tail = Arc::clone(&stderr_tail);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if let Ok(mut tail) = tail.lock() {
                    tail.clear();
                    tail.extend(line.chars().take(300));
                }
            }
        });
        Ok(Running {
            child,
            stdin,
            replies,
            stderr_tail,
        })
    }

    /// Reads one document in the child.
    pub fn run(&mut self, path: &str, bytes: &[u8]) -> Reply {
        let failed = |kind: ErrorKind, message: String| Reply {
            pages: None,
            result: Err(DocError::new(kind, message)),
        };
        let mut running = match self.child.take() {
            Some(running) => running,
            None => match self.spawn() {
                Ok(running) => running,
                Err(e) => {
                    return failed(ErrorKind::Internal, format!(
                        "cannot start the reader process {} ({e}); check that the jixiao binary is still in place",
                        self.exe.display()
                    ))
                }
            },
        };
        let path_len = u32::try_from(path.len()).unwrap_or(u32::MAX).min(MAX_PATH);
        let short_path = path.get(..path_len as usize).unwrap_or("");
        let sent = running
            .stdin
            .write_all(&path_len.to_le_bytes())
            .and_then(|()| running.stdin.write_all(short_path.as_bytes()))
            .and_then(|()| running.stdin.write_all(&(bytes.len() as u64).to_le_bytes()))
            .and_then(|()| running.stdin.write_all(bytes))
            .and_then(|()| running.stdin.flush());
        if sent.is_err() {
            return failed(ErrorKind::Crashed, crashed(running));
        }
        let reply = loop {
            match running.replies.recv_timeout(self.timeout) {
                // A page was recognised: the document is making progress, and
                // the time limit starts again (a scan takes seconds a page).
                Ok(Ok(json)) if json.is_empty() => continue,
                other => break other,
            }
        };
        match reply {
            Ok(Ok(json)) => match serde_json::from_slice::<Reply>(&json) {
                Ok(reply) => {
                    self.child = Some(running);
                    reply
                }
                Err(e) => {
                    stop(running);
                    failed(ErrorKind::Internal, format!(
                        "the reader process sent a reply that cannot be decoded ({e}); please report it with the file"
                    ))
                }
            },
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                failed(ErrorKind::Crashed, crashed(running))
            }
            Err(RecvTimeoutError::Timeout) => {
                stop(running);
                failed(ErrorKind::Timeout, format!(
                    "reading this file took longer than {} and was abandoned; raise --timeout if the machine is busy, or report the file",
                    seconds(self.timeout)
                ))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut running) = self.child.take() {
            // Closing stdin ends the child's loop.
            drop(running.stdin);
            let _ = running.child.wait();
        }
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn stop(mut running: Running) {
    let _ = running.child.kill();
    let _ = running.child.wait();
}

/// Waits for a dead child and says how it died.
fn crashed(mut running: Running) -> String {
    drop(running.stdin);
    // The child is dead or dying: its stdout closed or it stopped reading.
    let status = match running.child.try_wait() {
        Ok(Some(status)) => Some(status),
        _ => {
            std::thread::sleep(Duration::from_millis(50));
            let _ = running.child.kill();
            running.child.wait().ok()
        }
    };
    // Give the stderr thread a moment to collect the last line.
    std::thread::sleep(Duration::from_millis(20));
    let tail = running
        .stderr_tail
        .lock()
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    let how = status.map(describe).unwrap_or_else(|| "it died".to_owned());
    let said = if tail.is_empty() {
        String::new()
    } else {
        format!(": {tail}")
    };
    format!(
        "the reader process crashed on this file ({how}{said}); the other files go on — please report it with the file"
    )
}

fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT: abort or stack overflow)",
                9 => " (SIGKILL: out of memory?)",
                11 => " (SIGSEGV)",
                _ => "",
            };
            return format!("killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "it died".to_owned(),
    }
}

/// Largest reply accepted from a child (records of one document).
const MAX_REPLY: u64 = 1 << 32;

fn read_reply(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_REPLY {
        return Err(io::Error::other("reply too large"));
    }
    let mut buf = Vec::new();
    input.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "truncated reply",
        ));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trip() {
        let mut buf = Vec::new();
        buf.extend_from_slice(&3u32.to_le_bytes());
        buf.extend_from_slice(b"a.t");
        buf.extend_from_slice(&2u64.to_le_bytes());
        buf.extend_from_slice(b"hi");
        let mut r = &buf[..];
        let (path, bytes) = read_request(&mut r).unwrap().unwrap();
        assert_eq!((path.as_str(), bytes.as_slice()), ("a.t", &b"hi"[..]));
        assert!(read_request(&mut r).unwrap().is_none());
    }

    #[test]
    fn truncated_request_is_an_error() {
        let mut buf = Vec::new();
        buf.extend_from_slice(&3u32.to_le_bytes());
        buf.extend_from_slice(b"a.t");
        buf.extend_from_slice(&10u64.to_le_bytes());
        buf.extend_from_slice(b"hi");
        assert!(read_request(&mut &buf[..]).is_err());
    }
}
