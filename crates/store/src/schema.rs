//! The store's tables, and the migration of stores written by older
//! versions.
//!
//! Version 4 (this one) gives documents that hold no form their own status
//! (`documents.status = 'no_form'`; before, they were errors of kind
//! `no_form`) and keeps the git commit of the build that read each document
//! (`documents.tool_commit`, NULL for documents stored before), each
//! form's quality (`forms.quality`, from the stored record: NULL for records
//! of earlier versions) and where each indicator was read
//! (`indicators.page`, `indicators.line`, NULL before). Version 3 adds the unit the amounts are in
//! (`forms.funding_unit`). Version 2 keeps each error's kind
//! (`documents.error_kind`) and writes a missing title or 一级/二级 label as
//! NULL. Older stores are migrated when opened, in one transaction: a
//! version-2 store's forms take their unit from the stored record (where
//! it has none, NULL); a version-1 store's errors get no kind, and its
//! empty titles and labels become NULL.

use jixiao_map::Record;
use rusqlite::{params, Connection, OptionalExtension};

/// The schema version written to `meta`; bump it with a migration when the
/// tables change.
pub const SCHEMA_VERSION: i64 = 4;

const META: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);"#;

/// The `documents` table, named `{name}` (a migration builds
/// `documents_v4` first).
fn documents_table(name: &str) -> String {
    format!(
        r#"
CREATE TABLE IF NOT EXISTS {name} (
    sha256       TEXT PRIMARY KEY,
    path         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'no_form', 'error')),
    error        TEXT,
    error_page   INTEGER,
    forms        INTEGER NOT NULL,
    pages        INTEGER,
    bytes        INTEGER NOT NULL,
    tool_version TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    error_kind   TEXT,
    tool_commit  TEXT
);"#
    )
}

const PATHS: &str = r#"
CREATE TABLE IF NOT EXISTS document_paths (
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    path   TEXT NOT NULL,
    PRIMARY KEY (sha256, path)
);
CREATE INDEX IF NOT EXISTS document_paths_by_path ON document_paths(path);
"#;

/// The `forms` table, named `{name}` (a migration builds `forms_v2` first).
fn forms_table(name: &str) -> String {
    format!(
        r#"
CREATE TABLE IF NOT EXISTS {name} (
    sha256                       TEXT NOT NULL REFERENCES documents(sha256),
    form_index                   INTEGER NOT NULL,
    path                         TEXT NOT NULL,
    page_first                   INTEGER,
    page_last                    INTEGER,
    title                        TEXT,
    fiscal_year                  INTEGER,
    project_name                 TEXT,
    project_category             TEXT,
    department                   TEXT,
    implementing_unit            TEXT,
    planned_start                TEXT,
    planned_end                  TEXT,
    funding_total                REAL,
    funding_fiscal               REAL,
    funding_other                REAL,
    funding_annual_total         REAL,
    funding_annual_appropriation REAL,
    funding_annual_carryover     REAL,
    funding_annual_other         REAL,
    overall_goal                 TEXT,
    annual_goal                  TEXT,
    goal_start                   INTEGER,
    goal_end                     INTEGER,
    indicator_count              INTEGER NOT NULL,
    warnings                     TEXT NOT NULL,
    record                       TEXT NOT NULL,
    funding_unit                 TEXT,
    quality                      TEXT,
    PRIMARY KEY (sha256, form_index)
);"#
    )
}

/// The `indicators` table, named `{name}`.
fn indicators_table(name: &str) -> String {
    format!(
        r#"
CREATE TABLE IF NOT EXISTS {name} (
    sha256          TEXT NOT NULL,
    form_index      INTEGER NOT NULL,
    indicator_index INTEGER NOT NULL,
    level1          TEXT,
    level2          TEXT,
    level3          TEXT NOT NULL,
    target_raw      TEXT NOT NULL,
    target_op       TEXT,
    target_value    REAL,
    target_unit     TEXT,
    page            INTEGER,
    line            INTEGER,
    PRIMARY KEY (sha256, form_index, indicator_index),
    FOREIGN KEY (sha256, form_index) REFERENCES forms(sha256, form_index)
);"#
    )
}

const INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS documents_by_path ON documents(path);
CREATE INDEX IF NOT EXISTS forms_by_year ON forms(fiscal_year);
CREATE INDEX IF NOT EXISTS forms_by_department ON forms(department);
CREATE INDEX IF NOT EXISTS indicators_by_level ON indicators(level1, level2);
"#;

/// Creates the tables of a new store, or checks and migrates an existing
/// one. The error is a message for the user.
pub(crate) fn prepare(conn: &Connection) -> Result<(), String> {
    let fail = |what: &str, e: rusqlite::Error| format!("{what}: {e}");
    let version = stored_version(conn)?;
    match version {
        None => {
            let create = format!(
                "{META}{}{PATHS}{}{}{INDEXES}",
                documents_table("documents"),
                forms_table("forms"),
                indicators_table("indicators")
            );
            conn.execute_batch(&create).map_err(|e| {
                fail(
                    "cannot create the tables (is another program holding the file locked?)",
                    e,
                )
            })?;
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)",
                params![SCHEMA_VERSION.to_string()],
            )
            .map_err(|e| fail("cannot write the schema version", e))?;
            Ok(())
        }
        Some(SCHEMA_VERSION) => Ok(()),
        Some(3) => migrate_from_3(conn).map_err(|e| {
            fail(
                "cannot migrate this store from schema version 3 (nothing was changed; is another program using it?)",
                e,
            )
        }),
        Some(2) => migrate_from_2(conn).map_err(|e| {
            fail(
                "cannot migrate this store from schema version 2 (nothing was changed; is another program using it?)",
                e,
            )
        }),
        Some(1) => migrate_from_1(conn).map_err(|e| {
            fail(
                "cannot migrate this store from schema version 1 (nothing was changed; is another program using it?)",
                e,
            )
        }),
        Some(v) => Err(format!(
            "the database has schema version {v}, this jixiao writes version {SCHEMA_VERSION}; use a new --db file (or the jixiao that wrote it)"
        )),
    }
}

/// The version in `meta`; `None` for a new (empty) database.
fn stored_version(conn: &Connection) -> Result<Option<i64>, String> {
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| format!("cannot use this file as a database (is it a SQLite file?): {e}"))?;
    if !has_meta {
        return Ok(None);
    }
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| format!("cannot read the schema version: {e}"))?;
    match value {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            format!("the database's schema version {v:?} is not a number; use a new --db file")
        }),
    }
}

/// Version 3 to 4: `documents.status` may be `no_form`, and the errors of
/// kind `no_form` take it; `documents.tool_commit`, `forms.quality`,
/// `indicators.page` and `indicators.line` are added. SQLite cannot change a
/// CHECK constraint, so `documents` is rebuilt (the procedure of SQLite's
/// ALTER TABLE documentation, foreign keys off).
fn migrate_from_3(conn: &Connection) -> Result<(), rusqlite::Error> {
    // Columns appended as a new store has them (the shard merge copies rows
    // with SELECT *); a store migrated from version 1 already has them.
    let mut added = String::new();
    for (table, column, kind) in [
        ("forms", "quality", "TEXT"),
        ("indicators", "page", "INTEGER"),
        ("indicators", "line", "INTEGER"),
    ] {
        if !has_column(conn, table, column)? {
            added.push_str(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {kind};\n"
            ));
        }
    }
    rebuild(
        conn,
        &format!(
            "{documents}
             INSERT INTO documents_v4 (sha256, path, status, error, error_page, forms, pages,
                 bytes, tool_version, processed_at, error_kind)
             SELECT sha256, path,
                 CASE WHEN status = 'error' AND error_kind = 'no_form' THEN 'no_form' ELSE status END,
                 error, error_page, forms, pages, bytes, tool_version, processed_at, error_kind
             FROM documents;
             DROP TABLE documents;
             ALTER TABLE documents_v4 RENAME TO documents;
             {added}
             UPDATE forms SET quality = json_extract(record, '$.quality.level');
             {INDEXES}",
            documents = documents_table("documents_v4"),
        ),
        SCHEMA_VERSION,
    )
}

fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool, rusqlite::Error> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for name in names {
        if name? == column {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Runs `steps` in one transaction with foreign keys off, then sets the
/// schema version to `to`; nothing is changed when a step fails.
fn rebuild(conn: &Connection, steps: &str, to: i64) -> Result<(), rusqlite::Error> {
    conn.execute_batch("PRAGMA foreign_keys=OFF;")?;
    let script = format!(
        "BEGIN IMMEDIATE;
         {steps}
         UPDATE meta SET value = '{to}' WHERE key = 'schema_version';
         COMMIT;"
    );
    let migrated = conn.execute_batch(&script);
    if migrated.is_err() {
        let _ = conn.execute_batch("ROLLBACK;");
    }
    conn.execute_batch("PRAGMA foreign_keys=ON;")?;
    migrated
}

/// Version 2 to 3 (then 4): `forms.funding_unit` added, filled from each
/// stored record (NULL: the records of older versions have no unit).
fn migrate_from_2(conn: &Connection) -> Result<(), rusqlite::Error> {
    rebuild(
        conn,
        "ALTER TABLE forms ADD COLUMN funding_unit TEXT;
         UPDATE forms SET funding_unit = json_extract(record, '$.funding.unit');",
        3,
    )?;
    migrate_from_3(conn)
}

/// Version 1 to 3 (then 4): `documents.error_kind` added; `forms.title`
/// and `indicators.level1/level2` nullable, their empty strings NULL.
/// SQLite cannot drop a NOT NULL constraint, so the two tables are rebuilt.
fn migrate_from_1(conn: &Connection) -> Result<(), rusqlite::Error> {
    let steps = format!(
        "ALTER TABLE documents ADD COLUMN error_kind TEXT;
         {forms}
         INSERT INTO forms_v2 (sha256, form_index, path, page_first, page_last, title,
             fiscal_year, project_name, project_category, department, implementing_unit,
             planned_start, planned_end, funding_total, funding_fiscal, funding_other,
             funding_annual_total, funding_annual_appropriation, funding_annual_carryover,
             funding_annual_other, overall_goal, annual_goal, goal_start, goal_end,
             indicator_count, warnings, record)
         SELECT sha256, form_index, path, page_first, page_last,
             NULLIF(title, ''), fiscal_year, project_name, project_category, department,
             implementing_unit, planned_start, planned_end, funding_total, funding_fiscal,
             funding_other, funding_annual_total, funding_annual_appropriation,
             funding_annual_carryover, funding_annual_other, overall_goal, annual_goal,
             goal_start, goal_end, indicator_count, warnings, record FROM forms;
         {indicators}
         INSERT INTO indicators_v2 (sha256, form_index, indicator_index, level1, level2,
             level3, target_raw, target_op, target_value, target_unit)
         SELECT sha256, form_index, indicator_index,
             NULLIF(level1, ''), NULLIF(level2, ''), level3, target_raw, target_op,
             target_value, target_unit FROM indicators;
         DROP TABLE indicators;
         DROP TABLE forms;
         ALTER TABLE forms_v2 RENAME TO forms;
         ALTER TABLE indicators_v2 RENAME TO indicators;
         {INDEXES}",
        forms = forms_table("forms_v2"),
        indicators = indicators_table("indicators_v2"),
    );
    rebuild(conn, &steps, 3)?;
    migrate_from_3(conn)
}

/// A record as written by a version-1 store: its empty title and labels
/// mean "none".
pub(crate) fn without_empty_labels(mut record: Record) -> Record {
    let none_if_empty = |v: &mut Option<String>| {
        if v.as_deref() == Some("") {
            *v = None;
        }
    };
    none_if_empty(&mut record.title);
    for ind in &mut record.indicators {
        none_if_empty(&mut ind.level1);
        none_if_empty(&mut ind.level2);
    }
    record
}
