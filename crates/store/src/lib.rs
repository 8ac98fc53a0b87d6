//! The SQLite store of batch runs (`jixiao extract --db PATH`).
//!
//! One row per distinct document content (keyed by SHA-256) in `documents`,
//! every path it was seen under in `document_paths`, one row per form in
//! `forms` (with the full record as JSON) and one per indicator in
//! `indicators`. A document is written in one transaction together with its
//! forms and indicators, so a run killed at any moment leaves either the
//! whole document or nothing of it; the next run skips what is stored.
//!
//! The schema is documented for researchers in the README (*Batch runs*,
//! `--db`); [`schema`] creates it and migrates older stores.

#![warn(missing_docs)]

pub mod schema;

pub use schema::SCHEMA_VERSION;

use jixiao_map::Record;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The error kind of a document read fine that holds no form: stored with
/// status [`Status::NoForm`], not as an error.
pub const NO_FORM_KIND: &str = "no_form";

/// How long a run waits for another run (or a reader such as `sqlite3`)
/// holding the store's write lock, before giving up on that document.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// A store failure. Its `Display` names the database file and says what to do.
#[derive(Debug)]
pub struct StoreError {
    path: PathBuf,
    message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for StoreError {}

/// Outcome of a stored document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// At least one form was read.
    Ok,
    /// The document was read fine and holds no declaration form (a budget
    /// report, a notice): not a failure.
    NoForm,
    /// The document could not be read (damaged, encrypted, needs OCR,
    /// crashed the reader, ran past the time limit).
    Error,
}

impl Status {
    /// The status as stored (`ok`, `no_form`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NoForm => "no_form",
            Status::Error => "error",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "ok" => Some(Status::Ok),
            "no_form" => Some(Status::NoForm),
            "error" => Some(Status::Error),
            _ => None,
        }
    }
}

/// One processed document, as written by [`Store::put`].
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// Hex SHA-256 of the document's bytes: the key.
    pub sha256: &'a str,
    /// The path it was read under.
    pub path: &'a str,
    /// Size of the document in bytes.
    pub bytes: u64,
    /// Number of PDF pages; `None` for text.
    pub pages: Option<usize>,
    /// The records, or the error.
    pub outcome: Result<&'a [Record], StoredError<'a>>,
}

/// A document's error as the store keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredError<'a> {
    /// The error's stable kind (`no_form`, `timeout`, …).
    pub kind: &'a str,
    /// What is wrong and what to do.
    pub message: &'a str,
    /// 1-based page, when known.
    pub page: Option<usize>,
}

/// A document read back from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// `ok`, `no_form` or `error`.
    pub status: Status,
    /// The first path it was read under.
    pub path: String,
    /// The error message, for an error.
    pub error: Option<String>,
    /// The error's kind; `None` for errors stored before kinds were kept
    /// (schema version 1).
    pub error_kind: Option<String>,
    /// The error's page, when known.
    pub error_page: Option<usize>,
    /// Pages of a paged document.
    pub pages: Option<usize>,
    /// The records, in form order (none for an error).
    pub records: Vec<Record>,
}

/// What [`Store::put`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The document was new (or replaced a stored error) and was written.
    Inserted,
    /// The same content was already stored; only the path was recorded.
    AlreadyStored,
}

/// The jixiao build that reads documents: written into every document row,
/// so that a later build can find what an older one read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// The release, `0.1.0`.
    pub version: String,
    /// The git commit it was built from, when known.
    pub commit: Option<String>,
}

impl Build {
    /// A build of `version` from `commit`.
    pub fn new(version: &str, commit: Option<&str>) -> Build {
        Build {
            version: version.to_owned(),
            commit: commit.map(str::to_owned),
        }
    }

    /// True when `self` is an older build than `current`: a lower version,
    /// or the same version from another commit (or an unknown one), since
    /// commits have no order without the repository.
    pub fn is_older_than(&self, current: &Build) -> bool {
        match compare_versions(&self.version, &current.version) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => self.commit.is_none() || self.commit != current.commit,
        }
    }
}

/// Compares dotted release numbers numerically (`0.10.0` > `0.9.1`);
/// anything after `-` or `+` is ignored.
fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or("")
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// What a stored document is, for deciding whether to read it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Its status.
    pub status: Status,
    /// The build that read it.
    pub build: Build,
}

/// Which stored rows [`Store::put`] replaces with a new reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// None: a stored content only gains the new path.
    Nothing,
    /// Stored errors (`--reprocess errors`).
    Errors,
    /// Whatever is stored (`--reprocess older`, `--reprocess all`: the run
    /// read it again on purpose).
    Everything,
}

/// An open store. Not shared between threads: one writer per run.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    build: Build,
}

impl Store {
    /// Opens (creating if needed) the store at `path`.
    ///
    /// `build` is written into every new document row.
    pub fn open(path: &Path, build: &Build) -> Result<Store, StoreError> {
        let fail = |what: &str, e: rusqlite::Error| StoreError {
            path: path.to_path_buf(),
            message: format!("{what}: {e}"),
        };
        // `--db out/shard-0.sqlite` in a fresh folder: make `out/`.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError {
                path: path.to_path_buf(),
                message: format!(
                    "cannot create the folder {} for the database: {e}",
                    parent.display()
                ),
            })?;
        }
        let conn = Connection::open(path).map_err(|e| {
            fail(
                "cannot open the database (is the folder there and writable?)",
                e,
            )
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| fail("cannot configure the database", e))?;
        // WAL with synchronous=NORMAL: a committed transaction survives the
        // process being killed (kill -9); only an operating-system crash or
        // power loss may lose the last few commits, never corrupt the file.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| fail("cannot use this file as a database (is it a SQLite file, and not on a network share?)", e))?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
            .map_err(|e| fail("cannot configure the database", e))?;
        schema::prepare(&conn).map_err(|message| StoreError {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            build: build.clone(),
        })
    }

    fn err(&self, what: &str, e: impl fmt::Display) -> StoreError {
        StoreError {
            path: self.path.clone(),
            message: format!("{what}: {e}"),
        }
    }

    /// Every stored document's SHA-256, status and build.
    pub fn known(&self) -> Result<HashMap<String, Known>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256, status, tool_version, tool_commit FROM documents")
            .map_err(|e| self.err("cannot read the documents", e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(|e| self.err("cannot read the documents", e))?;
        let mut out = HashMap::new();
        for row in rows {
            let (sha, status, version, commit) =
                row.map_err(|e| self.err("cannot read the documents", e))?;
            if let Some(status) = Status::parse(&status) {
                let build = Build { version, commit };
                out.insert(sha, Known { status, build });
            }
        }
        Ok(out)
    }

    /// Writes one document with its forms and indicators in one
    /// transaction.
    ///
    /// When the same content is already stored, only `path` is added to
    /// `document_paths` — unless `replace` says the stored row is to be
    /// replaced by this reading.
    pub fn put(&mut self, doc: &Document<'_>, replace: Replace) -> Result<Put, StoreError> {
        let path = self.path.clone();
        let fail = |what: &str, e: rusqlite::Error| StoreError {
            path: path.clone(),
            message: format!(
                "{what}: {e} (is the disk full, or another program holding the file locked?)"
            ),
        };
        // IMMEDIATE: the write lock is taken (waiting up to the busy
        // timeout) before the first read. A deferred transaction that reads
        // and then writes fails at once with "database is locked" when
        // another run committed in between, without waiting.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| fail("cannot start a transaction", e))?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT status FROM documents WHERE sha256 = ?1",
                params![doc.sha256],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| fail("cannot read the documents", e))?;
        let replaced = match (existing.as_deref(), replace) {
            (None, _) | (_, Replace::Nothing) => false,
            (Some(_), Replace::Everything) => true,
            (Some(status), Replace::Errors) => status == Status::Error.as_str(),
        };
        let put = match existing.as_deref() {
            Some(_) if replaced => {
                for table in ["indicators", "forms", "document_paths", "documents"] {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE sha256 = ?1"),
                        params![doc.sha256],
                    )
                    .map_err(|e| fail("cannot replace a stored document", e))?;
                }
                insert_document(&tx, doc, &self.build)
                    .map_err(|e| fail("cannot write the document", e))?;
                Put::Inserted
            }
            Some(_) => Put::AlreadyStored,
            None => {
                insert_document(&tx, doc, &self.build)
                    .map_err(|e| fail("cannot write the document", e))?;
                Put::Inserted
            }
        };
        tx.execute(
            "INSERT OR IGNORE INTO document_paths (sha256, path) VALUES (?1, ?2)",
            params![doc.sha256, doc.path],
        )
        .map_err(|e| fail("cannot write the document's path", e))?;
        tx.commit()
            .map_err(|e| fail("cannot commit the document", e))?;
        Ok(put)
    }

    /// Records that `path` holds the stored content `sha256` (a document
    /// skipped because it is stored, seen under a new path).
    pub fn add_path(&mut self, sha256: &str, path: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO document_paths (sha256, path)
                 SELECT sha256, ?2 FROM documents WHERE sha256 = ?1",
                params![sha256, path],
            )
            .map_err(|e| self.err("cannot write the document's path", e))?;
        Ok(())
    }

    /// Reads a stored document back, with its records in form order.
    pub fn load(&self, sha256: &str) -> Result<Option<Stored>, StoreError> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT status, path, error, error_kind, error_page, pages FROM documents WHERE sha256 = ?1",
                params![sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()
            .map_err(|e| self.err("cannot read a stored document", e))?;
        let Some((status, path, error, error_kind, error_page, pages)) = row else {
            return Ok(None);
        };
        let status = Status::parse(&status).ok_or_else(|| {
            self.err(
                "a stored document has an unknown status",
                format!("{status:?} for {sha256}"),
            )
        })?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM forms WHERE sha256 = ?1 ORDER BY form_index")
            .map_err(|e| self.err("cannot read stored forms", e))?;
        let jsons = stmt
            .query_map(params![sha256], |r| r.get::<_, String>(0))
            .map_err(|e| self.err("cannot read stored forms", e))?;
        let mut records = Vec::new();
        for json in jsons {
            let json = json.map_err(|e| self.err("cannot read stored forms", e))?;
            let record: Record = serde_json::from_str(&json).map_err(|e| {
                self.err(
                    "a stored record is not valid (was the database written by another version? use a new --db file)",
                    e,
                )
            })?;
            records.push(schema::without_empty_labels(record));
        }
        Ok(Some(Stored {
            status,
            path,
            error,
            error_kind,
            error_page: error_page.and_then(|p| usize::try_from(p).ok()),
            pages: pages.and_then(|p| usize::try_from(p).ok()),
            records,
        }))
    }

    /// The underlying connection, for queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn insert_document(
    tx: &rusqlite::Transaction<'_>,
    doc: &Document<'_>,
    build: &Build,
) -> Result<(), rusqlite::Error> {
    let (status, error, records): (Status, Option<StoredError<'_>>, &[Record]) = match doc.outcome {
        Ok(records) => (Status::Ok, None, records),
        Err(e) if e.kind == NO_FORM_KIND => (Status::NoForm, Some(e), &[]),
        Err(e) => (Status::Error, Some(e), &[]),
    };
    tx.execute(
        "INSERT INTO documents (sha256, path, status, error, error_kind, error_page, forms, pages, bytes, tool_version, tool_commit, processed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![
            doc.sha256,
            doc.path,
            status.as_str(),
            error.map(|e| e.message),
            error.map(|e| e.kind),
            error.and_then(|e| e.page).map(to_i64),
            to_i64(records.len()),
            doc.pages.map(to_i64),
            i64::try_from(doc.bytes).unwrap_or(i64::MAX),
            build.version,
            build.commit,
        ],
    )?;
    let mut form = tx.prepare_cached(
        "INSERT INTO forms (sha256, form_index, path, page_first, page_last, title, fiscal_year,
            project_name, project_category, department, implementing_unit, planned_start, planned_end,
            funding_total, funding_fiscal, funding_other, funding_annual_total,
            funding_annual_appropriation, funding_annual_carryover, funding_annual_other,
            overall_goal, annual_goal, goal_start, goal_end, indicator_count, warnings, record,
            funding_unit, quality)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
    )?;
    let mut indicator = tx.prepare_cached(
        "INSERT INTO indicators (sha256, form_index, indicator_index, level1, level2, level3,
            target_raw, target_op, target_value, target_unit, page, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for r in records {
        let json = serde_json::to_string(r)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let warnings = serde_json::to_string(&r.warnings)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let f = &r.funding;
        let form_index = to_i64(r.source.form_index);
        form.execute(params![
            doc.sha256,
            form_index,
            r.source.path,
            r.source.pages.map(|[a, _]| to_i64(a)),
            r.source.pages.map(|[_, b]| to_i64(b)),
            r.title,
            r.fiscal_year,
            r.project_name,
            r.project_category,
            r.department,
            r.implementing_unit,
            r.planned_start,
            r.planned_end,
            f.total,
            f.fiscal,
            f.other,
            f.annual_total,
            f.annual_appropriation,
            f.annual_carryover,
            f.annual_other,
            r.overall_goal,
            r.annual_goal,
            r.goal_period.map(|p| p.start),
            r.goal_period.map(|p| p.end),
            to_i64(r.indicators.len()),
            warnings,
            json,
            f.unit,
            r.quality.level.as_str(),
        ])?;
        for (i, ind) in r.indicators.iter().enumerate() {
            indicator.execute(params![
                doc.sha256,
                form_index,
                to_i64(i),
                ind.level1,
                ind.level2,
                ind.level3,
                ind.target.raw,
                ind.target.op.map(|op| op.as_str()),
                ind.target.value,
                ind.target.unit,
                ind.at.page.map(to_i64),
                ind.at.line.map(to_i64),
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build() -> Build {
        Build::new("0.2.0", Some("abc123"))
    }

    #[test]
    fn builds_are_older_by_version_then_by_commit() {
        let now = build();
        assert!(Build::new("0.1.9", Some("abc123")).is_older_than(&now));
        assert!(Build::new("0.2.0", Some("fff000")).is_older_than(&now));
        assert!(Build::new("0.2.0", None).is_older_than(&now));
        assert!(!now.is_older_than(&now));
        assert!(!Build::new("0.10.0", None).is_older_than(&now));
    }

    #[test]
    fn a_reprocessed_document_replaces_what_an_older_build_stored() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.sqlite");
        let first = vec![record("a.pdf", 0)];
        let doc = Document {
            sha256: "abc",
            path: "a.pdf",
            bytes: 10,
            pages: Some(1),
            outcome: Ok(&first),
        };
        let old = Build::new("0.1.0", Some("0ld"));
        Store::open(&db, &old)
            .unwrap()
            .put(&doc, Replace::Nothing)
            .unwrap();
        let mut store = Store::open(&db, &build()).unwrap();
        assert_eq!(store.known().unwrap()["abc"].build, old);
        let better = vec![record("a.pdf", 0), record("a.pdf", 1)];
        let again = Document {
            outcome: Ok(&better),
            ..doc.clone()
        };
        assert_eq!(
            store.put(&again, Replace::Errors).unwrap(),
            Put::AlreadyStored
        );
        assert_eq!(
            store.put(&again, Replace::Everything).unwrap(),
            Put::Inserted
        );
        assert_eq!(store.load("abc").unwrap().unwrap().records.len(), 2);
        assert_eq!(store.known().unwrap()["abc"].build, build());
    }
    use jixiao_map::{Indicator, Target};

    fn record(path: &str, index: usize) -> Record {
        let mut r = Record::default();
        r.source.path = path.into();
        r.source.sha256 = "abc".into();
        r.source.form_index = index;
        r.title = Some("财政项目支出绩效目标申报表".into());
        r.funding.total = Some(0.1 + 0.2);
        r.indicators.push(Indicator {
            level1: Some("产出指标".into()),
            level2: Some("数量指标".into()),
            level3: "户外招牌更新维修数".into(),
            target: Target::parse("≥95%"),
            at: jixiao_map::At::new(Some(1), None, None),
        });
        r
    }

    #[test]
    fn put_load_and_dedup() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.sqlite");
        let mut store = Store::open(&db, &build()).unwrap();
        let records = vec![record("a.pdf", 0), record("a.pdf", 1)];
        let doc = Document {
            sha256: "abc",
            path: "a.pdf",
            bytes: 10,
            pages: Some(2),
            outcome: Ok(&records),
        };
        assert_eq!(store.put(&doc, Replace::Nothing).unwrap(), Put::Inserted);
        let again = Document {
            path: "b.pdf",
            ..doc.clone()
        };
        assert_eq!(
            store.put(&again, Replace::Nothing).unwrap(),
            Put::AlreadyStored
        );
        let stored = store.load("abc").unwrap().unwrap();
        assert_eq!(
            stored.records, records,
            "floats and fields round-trip exactly"
        );
        assert_eq!(stored.path, "a.pdf");
        assert_eq!(stored.pages, Some(2));
        let paths: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM document_paths", [], |r| r.get(0))
            .unwrap();
        assert_eq!(paths, 2);
        let n: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM indicators", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            store.known().unwrap().get("abc").map(|k| k.status),
            Some(Status::Ok)
        );
        drop(store);
        // Reopening keeps everything and accepts the schema.
        let store = Store::open(&db, &build()).unwrap();
        assert!(store.load("abc").unwrap().is_some());
    }

    #[test]
    fn errors_are_stored_and_can_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite"), &build()).unwrap();
        let err = Document {
            sha256: "def",
            path: "bad.pdf",
            bytes: 3,
            pages: None,
            outcome: Err(StoredError {
                kind: "no_form",
                message: "no declaration form found",
                page: Some(2),
            }),
        };
        store.put(&err, Replace::Nothing).unwrap();
        let stored = store.load("def").unwrap().unwrap();
        assert_eq!(stored.status, Status::NoForm);
        assert_eq!(stored.error.as_deref(), Some("no declaration form found"));
        assert_eq!(stored.error_page, Some(2));
        assert_eq!(stored.error_kind.as_deref(), Some("no_form"));
        assert_eq!(
            store.put(&err, Replace::Nothing).unwrap(),
            Put::AlreadyStored
        );
        // A document without a form is not an error: --retry-errors keeps it.
        assert_eq!(
            store.put(&err, Replace::Errors).unwrap(),
            Put::AlreadyStored
        );
        let damaged = Document {
            sha256: "ghi",
            outcome: Err(StoredError {
                kind: "damaged",
                message: "the PDF is truncated",
                page: None,
            }),
            ..err.clone()
        };
        store.put(&damaged, Replace::Nothing).unwrap();
        assert_eq!(store.load("ghi").unwrap().unwrap().status, Status::Error);
        let err = damaged;
        let records = vec![record("bad.pdf", 0)];
        let ok = Document {
            outcome: Ok(&records),
            ..err.clone()
        };
        assert_eq!(store.put(&ok, Replace::Errors).unwrap(), Put::Inserted);
        assert_eq!(store.load("ghi").unwrap().unwrap().status, Status::Ok);
    }

    #[test]
    fn the_folder_of_a_new_store_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("out/shards/s.sqlite");
        Store::open(&db, &build()).unwrap();
        assert!(db.exists());
    }

    #[test]
    fn a_writer_waits_for_another_run_holding_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.sqlite");
        let first = Store::open(&db, &build()).unwrap();
        let mut second = Store::open(&db, &build()).unwrap();
        let records = vec![record("a.pdf", 0)];
        let doc = |sha256| Document {
            sha256,
            path: "a.pdf",
            bytes: 10,
            pages: Some(1),
            outcome: Ok(&records),
        };
        // The first run holds the write lock for a moment; the second
        // waits for it instead of failing with "database is locked".
        let holder = std::thread::spawn(move || {
            first
                .conn
                .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta VALUES ('held', '1');")
                .unwrap();
            std::thread::sleep(Duration::from_millis(300));
            first.conn.execute_batch("COMMIT;").unwrap();
        });
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(
            second.put(&doc("abc"), Replace::Nothing).unwrap(),
            Put::Inserted
        );
        holder.join().unwrap();
        assert!(second.load("abc").unwrap().is_some());
    }

    #[test]
    fn version_3_stores_give_their_no_form_errors_the_no_form_status() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.sqlite");
        let store = Store::open(&db, &build()).unwrap();
        // Made a version-3 store: status 'no_form' was not allowed.
        store
            .connection()
            .execute_batch(
                "PRAGMA foreign_keys=OFF;
                 CREATE TABLE documents_v3 (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL,
                     status TEXT NOT NULL CHECK (status IN ('ok', 'error')), error TEXT,
                     error_page INTEGER, forms INTEGER NOT NULL, pages INTEGER,
                     bytes INTEGER NOT NULL, tool_version TEXT NOT NULL,
                     processed_at TEXT NOT NULL, error_kind TEXT);
                 DROP TABLE documents;
                 ALTER TABLE documents_v3 RENAME TO documents;
                 INSERT INTO documents VALUES ('nf', 'budget.pdf', 'error', 'no form', NULL, 0,
                     12, 10, '0.1.0', 't', 'no_form');
                 INSERT INTO documents VALUES ('dm', 'bad.pdf', 'error', 'truncated', NULL, 0,
                     NULL, 10, '0.1.0', 't', 'damaged');
                 INSERT INTO document_paths VALUES ('nf', 'budget.pdf');
                 UPDATE meta SET value = '3' WHERE key = 'schema_version';",
            )
            .unwrap();
        drop(store);
        let store = Store::open(&db, &build()).unwrap();
        assert_eq!(store.load("nf").unwrap().unwrap().status, Status::NoForm);
        assert_eq!(store.load("nf").unwrap().unwrap().pages, Some(12));
        assert_eq!(store.load("dm").unwrap().unwrap().status, Status::Error);
        let paths: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM document_paths", [], |r| r.get(0))
            .unwrap();
        assert_eq!(paths, 1);
        let check: String = store
            .connection()
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'documents'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(check.contains("'no_form'"), "{check}");
    }

    #[test]
    fn version_2_stores_gain_the_funding_unit_from_their_records() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.sqlite");
        let mut r = record("a.pdf", 0);
        r.funding.unit = Some("万元".into());
        let records = vec![r];
        let doc = Document {
            sha256: "abc",
            path: "a.pdf",
            bytes: 10,
            pages: Some(1),
            outcome: Ok(&records),
        };
        let mut store = Store::open(&db, &build()).unwrap();
        store.put(&doc, Replace::Nothing).unwrap();
        // Made a version-2 store: its forms table had no unit column.
        store
            .connection()
            .execute_batch(
                "ALTER TABLE forms DROP COLUMN funding_unit;
                 UPDATE meta SET value = '2' WHERE key = 'schema_version';",
            )
            .unwrap();
        drop(store);
        let store = Store::open(&db, &build()).unwrap();
        let unit: Option<String> = store
            .connection()
            .query_row("SELECT funding_unit FROM forms", [], |r| r.get(0))
            .unwrap();
        assert_eq!(unit.as_deref(), Some("万元"));
        let version: String = store
            .connection()
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION.to_string());
        assert_eq!(store.load("abc").unwrap().unwrap().records, records);
    }

    /// A store as jixiao 0.1 (schema version 1) wrote it: empty strings for
    /// a missing title and labels, no error kinds.
    const VERSION_1: &str = r#"
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE documents (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error')), error TEXT, error_page INTEGER,
            forms INTEGER NOT NULL, pages INTEGER, bytes INTEGER NOT NULL,
            tool_version TEXT NOT NULL, processed_at TEXT NOT NULL);
        CREATE TABLE document_paths (sha256 TEXT NOT NULL REFERENCES documents(sha256),
            path TEXT NOT NULL, PRIMARY KEY (sha256, path));
        CREATE TABLE forms (sha256 TEXT NOT NULL REFERENCES documents(sha256),
            form_index INTEGER NOT NULL, path TEXT NOT NULL, page_first INTEGER, page_last INTEGER,
            title TEXT NOT NULL, fiscal_year INTEGER, project_name TEXT, project_category TEXT,
            department TEXT, implementing_unit TEXT, planned_start TEXT, planned_end TEXT,
            funding_total REAL, funding_fiscal REAL, funding_other REAL, funding_annual_total REAL,
            funding_annual_appropriation REAL, funding_annual_carryover REAL,
            funding_annual_other REAL, overall_goal TEXT, annual_goal TEXT, goal_start INTEGER,
            goal_end INTEGER, indicator_count INTEGER NOT NULL, warnings TEXT NOT NULL,
            record TEXT NOT NULL, PRIMARY KEY (sha256, form_index));
        CREATE TABLE indicators (sha256 TEXT NOT NULL, form_index INTEGER NOT NULL,
            indicator_index INTEGER NOT NULL, level1 TEXT NOT NULL, level2 TEXT NOT NULL,
            level3 TEXT NOT NULL, target_raw TEXT NOT NULL, target_op TEXT, target_value REAL,
            target_unit TEXT, PRIMARY KEY (sha256, form_index, indicator_index),
            FOREIGN KEY (sha256, form_index) REFERENCES forms(sha256, form_index));
        INSERT INTO documents VALUES ('aaa', 'a.txt', 'ok', NULL, NULL, 1, NULL, 10, '0.1.0', 't');
        INSERT INTO documents VALUES ('bbb', 'b.pdf', 'error', 'no declaration form found', 3,
            0, 4, 10, '0.1.0', 't');
        INSERT INTO forms (sha256, form_index, path, title, indicator_count, warnings, record)
            VALUES ('aaa', 0, 'a.txt', '', 1, '[]', '{"source":{"path":"a.txt","sha256":"aaa",
            "form_index":0,"pages":null},"title":"","fiscal_year":null,"project_name":"p",
            "project_category":null,"department":null,"implementing_unit":null,
            "planned_start":null,"planned_end":null,"funding":{"total":null,"fiscal":null,
            "other":null,"annual_total":null,"annual_appropriation":null,"annual_carryover":null,
            "annual_other":null},"overall_goal":null,"annual_goal":null,"goal_period":null,
            "indicators":[{"level1":"产出指标","level2":"","level3":"x","target":{"raw":"=1",
            "op":"=","value":1.0,"unit":null}}],"warnings":[]}');
        INSERT INTO indicators VALUES ('aaa', 0, 0, '产出指标', '', 'x', '=1', '=', 1.0, NULL);
    "#;

    #[test]
    fn version_1_stores_are_migrated_keeping_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("old.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch(VERSION_1)
            .unwrap();
        let store = Store::open(&db, &build()).unwrap();
        let version: String = store
            .connection()
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION.to_string());
        let ok = store.load("aaa").unwrap().unwrap();
        assert_eq!(ok.records[0].title, None);
        assert_eq!(ok.records[0].indicators[0].level2, None);
        assert_eq!(
            ok.records[0].indicators[0].level1.as_deref(),
            Some("产出指标")
        );
        let (title, level2): (Option<String>, Option<String>) = store
            .connection()
            .query_row(
                "SELECT f.title, i.level2 FROM forms f JOIN indicators i USING (sha256, form_index)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((title, level2), (None, None));
        let bad = store.load("bbb").unwrap().unwrap();
        assert_eq!(bad.error_page, Some(3));
        assert_eq!(bad.error_kind, None);
        assert_eq!(bad.pages, Some(4));
        drop(store);
        // And the migrated store opens as a current one.
        assert!(Store::open(&db, &build()).is_ok());
    }

    #[test]
    fn a_store_of_an_unknown_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO meta VALUES ('schema_version', '99');",
            )
            .unwrap();
        let err = Store::open(&db, &build()).err().unwrap().to_string();
        assert!(err.contains("schema version 99"), "{err}");
    }

    #[test]
    fn not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.sqlite");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = Store::open(&path, &build()).err().unwrap().to_string();
        assert!(err.contains("junk.sqlite"), "{err}");
    }
}
