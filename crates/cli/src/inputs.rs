//! What a run reads: files, folders (searched recursively) and `.zip`
//! archives, mixed freely, turned into one sorted list of [`Item`]s.
//!
//! Archives are read in memory, member by member, straight from the zip
//! file: nothing is ever extracted to disk, so a member named `../x.pdf`
//! cannot write anywhere (it is refused all the same, as a sign of a
//! malicious archive). An archive with too many members, or that would
//! expand past `--max-zip-size`, is refused whole; a member over
//! `--max-file-size`, or compressed more than [`MAX_RATIO`]:1 (a zip bomb),
//! is refused on its own. Sizes are checked against what the archive
//! declares *and* while inflating, so a lying header does not help.

use jixiao_pipeline::{DocError, ErrorKind, InputKind};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Members expanding more than this many times their compressed size (and
/// to more than [`RATIO_FLOOR`] bytes) are refused as zip bombs. Real PDFs
/// compress a few times at most (their streams are already compressed);
/// text, about ten times.
pub const MAX_RATIO: u64 = 200;
/// Below this size the ratio is not checked (a tiny file of spaces is fine).
pub const RATIO_FLOOR: u64 = 1 << 20;

/// Size limits, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest document (file or archive member) read, in bytes.
    pub max_file_size: u64,
    /// Most members in one archive.
    pub max_zip_entries: usize,
    /// Largest total uncompressed size of one archive, in bytes.
    pub max_zip_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 256 << 20,
            max_zip_entries: 100_000,
            max_zip_size: 16 << 30,
        }
    }
}

/// Where an item's bytes are.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (the input `-`), read once.
    Stdin,
    /// Member `index` of the archive at `archive`.
    ZipMember { archive: Arc<PathBuf>, index: usize },
    /// Refused before reading (or unreadable): the error says why and what
    /// to do.
    Refused(DocError),
}

/// One document to process (or to report as refused).
#[derive(Debug, Clone)]
pub struct Item {
    /// The `source.path` of its records: the path as found, and for an
    /// archive member `bundle.zip!/dir/file.pdf`.
    pub path: String,
    pub origin: Origin,
}

/// The input that means standard input, and the `source.path` of its
/// records.
pub const STDIN: &str = "-";

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Every document to process (or report), sorted by path.
    pub items: Vec<Item>,
    /// Files in folders and archives that were not read: not a kind jixiao
    /// reads, or ground-truth sidecars (hidden files are not counted).
    pub skipped: usize,
    /// Inputs that cannot be used at all: a path that does not exist, or a
    /// folder or archive holding no file jixiao reads. The run stops
    /// before reading anything (a misspelt path in a nightly job must not
    /// look like a quiet night).
    pub unusable: Vec<String>,
}

/// Lists every document under `inputs`, sorted by path, without
/// duplicates. Problems inside an input (an unreadable member, a folder
/// that cannot be listed) become refused items, so each is reported once,
/// in order, with the rest.
pub fn collect(inputs: &[PathBuf], limits: &Limits) -> Listing {
    let mut listing = Listing::default();
    for input in inputs {
        if input.as_os_str() == STDIN {
            listing.items.push(Item {
                path: STDIN.to_owned(),
                origin: Origin::Stdin,
            });
            continue;
        }
        let before = (listing.items.len(), listing.skipped);
        if let Err(e) = std::fs::metadata(input) {
            listing.unusable.push(format!(
                "{}: cannot read this input ({e}); check the path",
                shown(input)
            ));
            continue;
        }
        collect_one(input, true, limits, &mut listing);
        if listing.items.len() == before.0 {
            listing.unusable.push(format!(
                "{}: holds no file jixiao reads (other files skipped: {}); it reads {} and .zip archives of them",
                shown(input),
                listing.skipped - before.1,
                jixiao_pipeline::readable_endings()
            ));
        }
    }
    listing.items.sort_by(|a, b| a.path.cmp(&b.path));
    listing.items.dedup_by(|a, b| a.path == b.path);
    listing
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// An item refused before reading (a limit, an unsafe archive member).
fn refused(path: String, message: impl Into<String>) -> Item {
    Item {
        path,
        origin: Origin::Refused(DocError::new(ErrorKind::Refused, message)),
    }
}

/// An item that cannot be read (missing, no permission, damaged archive).
fn unreadable(path: String, message: impl Into<String>) -> Item {
    Item {
        path,
        origin: Origin::Refused(DocError::new(ErrorKind::Unreadable, message)),
    }
}

fn collect_one(input: &Path, explicit: bool, limits: &Limits, listing: &mut Listing) {
    let meta = match std::fs::metadata(input) {
        Ok(meta) => meta,
        Err(e) => {
            listing
                .items
                .push(unreadable(shown(input), format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_dir() {
        collect_dir(input, limits, listing);
    } else if is_zip(input) {
        collect_zip(input, limits, listing);
    } else if explicit || is_candidate(&input.to_string_lossy()) {
        listing.items.push(Item {
            path: shown(input),
            origin: Origin::File(input.to_path_buf()),
        });
    } else {
        listing.skipped += 1;
    }
}

fn collect_dir(dir: &Path, limits: &Limits, listing: &mut Listing) {
    let items = &mut listing.items;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            items.push(unreadable(
                shown(dir),
                format!("cannot list this folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(e) => {
                items.push(unreadable(
                    shown(dir),
                    format!("cannot list this folder: {e}"),
                ));
                None
            }
        })
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect_dir(&path, limits, listing),
            Ok(kind) if kind.is_file() => {
                if is_zip(&path) {
                    collect_zip(&path, limits, listing);
                } else if is_candidate(&path.to_string_lossy()) {
                    listing.items.push(Item {
                        path: shown(&path),
                        origin: Origin::File(path),
                    });
                } else {
                    listing.skipped += 1;
                }
            }
            // A symbolic link to a file is read like the file; links to
            // folders are not followed (they could loop).
            Ok(kind) if kind.is_symlink() => {
                if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                    collect_one(&path, false, limits, listing);
                }
            }
            Ok(_) => {}
            Err(e) => listing
                .items
                .push(unreadable(shown(&path), format!("cannot read: {e}"))),
        }
    }
}

/// Files that can hold forms (inside folders and archives; explicit file
/// arguments are always read): those of a kind the pipeline reads.
pub fn is_candidate(name: &str) -> bool {
    jixiao_pipeline::is_readable_name(name) && !is_ground_truth(name)
}

/// Ground-truth sidecars (`x.expected.json`, `x.truth.json`), as the sample
/// and stress-set generators write them next to each document: the truth
/// about a document, not one. (Named on the command line, they are read.)
fn is_ground_truth(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".expected.json") || lower.ends_with(".truth.json")
}

fn is_zip(path: &Path) -> bool {
    InputKind::of_name(&path.to_string_lossy()) == Some(InputKind::Zip)
}

fn mib(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{bytes} bytes")
    }
}

type Archive = zip::ZipArchive<BufReader<File>>;

fn open_archive(path: &Path) -> Result<Archive, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    // The zip crate must not bring the run down on a hostile archive.
    std::panic::catch_unwind(move || zip::ZipArchive::new(BufReader::new(file)))
        .map_err(|_| "the zip archive is damaged (the zip reader failed); re-create it".to_owned())?
        .map_err(|e| {
            format!("not a readable zip archive ({e}); check that the download is complete")
        })
}

/// A member's name: UTF-8 when its bytes are (the zip's UTF-8 flag, or a
/// tool that wrote UTF-8 without it), else GBK/GB18030 — what Windows'
/// "Send to compressed folder" and WinRAR write on a Chinese system, which
/// the zip reader would take for CP437 (`╝¿╨º.pdf` for `绩效.pdf`) — and the
/// reader's CP437 reading when the bytes are neither.
fn member_name(raw: &[u8], cp437: &str) -> String {
    if let Ok(utf8) = std::str::from_utf8(raw) {
        return utf8.to_owned();
    }
    let (gbk, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(raw);
    if had_errors {
        cp437.to_owned()
    } else {
        gbk.into_owned()
    }
}

/// One archive member as its directory lists it.
struct Member {
    name: String,
    safe: bool,
    dir: bool,
    size: u64,
    compressed: u64,
    encrypted: bool,
}

fn collect_zip(path: &Path, limits: &Limits, listing: &mut Listing) {
    let items = &mut listing.items;
    let name = shown(path);
    let members = match list_members(path, limits) {
        Ok(members) => members,
        Err(item_error) => {
            items.push(Item {
                path: name,
                origin: Origin::Refused(item_error),
            });
            return;
        }
    };
    let archive_path = Arc::new(path.to_path_buf());
    for (index, m) in members.into_iter().enumerate() {
        if m.dir {
            continue;
        }
        let member_path = format!("{name}!/{}", m.name);
        match check_member(&m, limits) {
            Ok(true) => items.push(Item {
                path: member_path,
                origin: Origin::ZipMember {
                    archive: Arc::clone(&archive_path),
                    index,
                },
            }),
            Ok(false) => listing.skipped += 1,
            Err(message) => items.push(refused(member_path, message)),
        }
    }
}

/// The archive's members, or why the whole archive is refused (too many
/// members, too large when expanded, damaged).
fn list_members(path: &Path, limits: &Limits) -> Result<Vec<Member>, DocError> {
    let damaged = |message: String| DocError::new(ErrorKind::Unreadable, message);
    let mut archive = open_archive(path).map_err(damaged)?;
    if archive.len() > limits.max_zip_entries {
        return Err(DocError::new(ErrorKind::Refused, format!(
            "the archive has {} members, more than the limit of {} (--max-zip-entries); refused as a possible zip bomb — raise the limit if you trust it",
            archive.len(),
            limits.max_zip_entries
        )));
    }
    let mut members = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let member = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            archive.by_index_raw(index).map(|f| Member {
                name: member_name(f.name_raw(), f.name()),
                safe: f.enclosed_name().is_some(),
                dir: f.is_dir(),
                size: f.size(),
                compressed: f.compressed_size(),
                encrypted: f.encrypted(),
            })
        }));
        match member {
            Ok(Ok(m)) => members.push(m),
            Ok(Err(e)) => {
                return Err(damaged(format!(
                    "the zip archive is damaged (member {index}: {e}); re-create it"
                )))
            }
            Err(_) => {
                return Err(damaged(
                    "the zip archive is damaged (the zip reader failed); re-create it".to_owned(),
                ))
            }
        }
    }
    let total: u64 = members.iter().map(|m| m.size).fold(0, u64::saturating_add);
    if total > limits.max_zip_size {
        return Err(DocError::new(ErrorKind::Refused, format!(
            "the archive would expand to {}, more than the limit of {} (--max-zip-size); refused as a possible zip bomb — raise the limit if you trust it",
            mib(total),
            mib(limits.max_zip_size)
        )));
    }
    Ok(members)
}

/// Whether a member is read (`Ok(true)`), passed over (hidden files,
/// `__MACOSX/`, kinds that hold no form), or refused with a message.
fn check_member(m: &Member, limits: &Limits) -> Result<bool, String> {
    if !m.safe {
        return Err("unsafe member name (absolute, or climbing out with `..`); refused — the archive may be malicious".to_owned());
    }
    let base = m.name.rsplit('/').next().unwrap_or(&m.name);
    if base.starts_with('.') || m.name.starts_with("__MACOSX/") {
        return Ok(false);
    }
    if is_zip(Path::new(base)) {
        return Err("an archive inside an archive is not read; unpack the outer archive and pass the inner one".to_owned());
    }
    if !is_candidate(base) {
        return Ok(false);
    }
    if m.encrypted {
        return Err(
            "the archive member is encrypted; unpack it with its password first".to_owned(),
        );
    }
    if m.size > limits.max_file_size {
        return Err(too_big(m.size, limits.max_file_size));
    }
    if m.size > RATIO_FLOOR && m.size / m.compressed.max(1) > MAX_RATIO {
        return Err(format!(
            "expands from {} to {} (over {MAX_RATIO}:1); refused as a zip bomb",
            mib(m.compressed),
            mib(m.size)
        ));
    }
    Ok(true)
}

fn too_big(size: u64, limit: u64) -> String {
    format!(
        "the file is {}, over the limit of {} (--max-file-size); raise the limit or split the file",
        mib(size),
        mib(limit)
    )
}

/// Reads items' bytes. Each worker thread has its own, which keeps the
/// archives it has opened (their member lists) between documents.
pub struct Reader {
    limits: Limits,
    archives: HashMap<Arc<PathBuf>, Archive>,
}

/// At most this many archives are kept open per thread.
const OPEN_ARCHIVES: usize = 8;

impl Reader {
    pub fn new(limits: Limits) -> Self {
        Reader {
            limits,
            archives: HashMap::new(),
        }
    }

    /// The item's bytes, or why they cannot be had (refused, unreadable, too
    /// large).
    pub fn read(&mut self, item: &Item) -> Result<Vec<u8>, DocError> {
        let max = self.limits.max_file_size;
        let unreadable = |message: String| DocError::new(ErrorKind::Unreadable, message);
        let refused = |message: String| DocError::new(ErrorKind::Refused, message);
        match &item.origin {
            Origin::Refused(error) => Err(error.clone()),
            Origin::File(path) => {
                let file = File::open(path).map_err(|e| unreadable(format!("cannot read: {e}")))?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                if len > max {
                    return Err(refused(too_big(len, max)));
                }
                read_limited(file, len, max).map_err(|e| match e {
                    Limited::TooBig(n) => refused(too_big(n, max)),
                    Limited::Io(e) => unreadable(format!("cannot read: {e}")),
                })
            }
            Origin::Stdin => read_limited(std::io::stdin().lock(), 0, max).map_err(|e| match e {
                Limited::TooBig(n) => refused(too_big(n, max)),
                Limited::Io(e) => unreadable(format!("cannot read standard input: {e}")),
            }),
            Origin::ZipMember { archive, index } => self.read_member(archive, *index),
        }
    }

    /// Member `index` of `archive`, inflated within the size limit.
    fn read_member(&mut self, archive: &Arc<PathBuf>, index: usize) -> Result<Vec<u8>, DocError> {
        let max = self.limits.max_file_size;
        let unreadable = |message: String| DocError::new(ErrorKind::Unreadable, message);
        if !self.archives.contains_key(archive) {
            if self.archives.len() >= OPEN_ARCHIVES {
                self.archives.clear();
            }
            let opened = open_archive(archive).map_err(unreadable)?;
            self.archives.insert(Arc::clone(archive), opened);
        }
        let zip = self
            .archives
            .get_mut(archive)
            .ok_or_else(|| unreadable("cannot open the archive".to_owned()))?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let member = zip.by_index(index).map_err(|e| {
                Limited::Io(std::io::Error::other(format!(
                    "cannot unpack this member ({e})"
                )))
            })?;
            let declared = member.size();
            read_limited(member, declared, max)
        }));
        match result {
            Ok(Ok(bytes)) => Ok(bytes),
            Ok(Err(Limited::TooBig(n))) => Err(DocError::new(
                ErrorKind::Refused,
                format!(
                    "expands past {} although the archive declares less; refused as a zip bomb",
                    mib(n.min(max))
                ),
            )),
            Ok(Err(Limited::Io(e))) => {
                // The archive may be left mid-read; reopen next time.
                self.archives.remove(archive);
                Err(unreadable(format!(
                    "cannot unpack this member: {e}; the archive may be damaged"
                )))
            }
            Err(_) => {
                self.archives.remove(archive);
                Err(unreadable(
                    "the zip reader failed on this member; the archive may be damaged".to_owned(),
                ))
            }
        }
    }
}

enum Limited {
    TooBig(u64),
    Io(std::io::Error),
}

/// Reads at most `max` bytes; more is an error (whatever was declared).
fn read_limited(reader: impl Read, declared: u64, max: u64) -> Result<Vec<u8>, Limited> {
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(max)).unwrap_or(0));
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Limited::Io)?;
    let len = bytes.len() as u64;
    if len > max {
        return Err(Limited::TooBig(len));
    }
    Ok(bytes)
}

/// Whether `path` belongs to shard `k` of `n`: a stable choice by the
/// SHA-256 of the path, the same on every machine and every run.
pub fn in_shard(path: &str, k: u64, n: u64) -> bool {
    if n <= 1 {
        return true;
    }
    let digest = Sha256::digest(path.as_bytes());
    let mut first = [0u8; 8];
    for (to, from) in first.iter_mut().zip(digest.iter()) {
        *to = *from;
    }
    u64::from_be_bytes(first) % n == k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_by_extension() {
        assert!(is_candidate("a/b.PDF"));
        assert!(is_candidate("x.txt"));
        assert!(is_candidate("x.docx"));
        assert!(is_candidate("content_list.json"));
        assert!(!is_candidate("samples/x.expected.json"));
        assert!(!is_candidate("000.truth.json"));
        assert!(!is_candidate("x.exe"));
        assert!(!is_candidate("README"));
    }

    #[test]
    fn shards_partition() {
        let paths: Vec<String> = (0..200).map(|i| format!("dir/file{i}.pdf")).collect();
        for p in &paths {
            let hits = (0..4).filter(|k| in_shard(p, *k, 4)).count();
            assert_eq!(hits, 1, "{p}");
        }
        let first = paths.iter().filter(|p| in_shard(p, 0, 4)).count();
        assert!((20..80).contains(&first), "roughly a quarter: {first}");
    }
}
