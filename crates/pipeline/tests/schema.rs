//! The record's JSON Schema: the committed `schema/record.schema.json` is
//! what `jixiao schema` prints, and every golden record validates against
//! it (with an independent validator), so the documented shape is the
//! shape written.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("golden folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn committed_schema() -> serde_json::Value {
    let path = root().join("schema/record.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema/record.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
fn the_committed_schema_is_the_one_jixiao_prints() {
    let generated = serde_json::to_value(jixiao_map::record_schema()).unwrap();
    assert!(
        committed_schema() == generated,
        "schema/record.schema.json is stale: run `cargo run --release -p jixiao -- schema > schema/record.schema.json` and review the diff"
    );
}

#[test]
fn every_golden_record_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&committed_schema()).expect("a valid schema");
    let mut files = Vec::new();
    json_files(&root().join("golden"), &mut files);
    files.sort();
    let (mut records, mut problems) = (0usize, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        match value {
            serde_json::Value::Array(items) => {
                for (i, record) in items.iter().enumerate() {
                    records += 1;
                    for error in validator.iter_errors(record) {
                        problems.push(format!(
                            "{} record {i}: {} at {}",
                            path.display(),
                            error,
                            error.instance_path
                        ));
                    }
                    assert_eq!(
                        record["schema_version"],
                        jixiao_map::RECORD_SCHEMA_VERSION,
                        "{}",
                        path.display()
                    );
                }
            }
            // The golden of a document without a record: its error.
            serde_json::Value::Object(map) => {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                assert_eq!(keys, ["error", "kind"], "{}", path.display());
            }
            other => panic!("{}: unexpected golden {other}", path.display()),
        }
    }
    assert!(records >= 100, "only {records} golden records found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_refuses_what_jixiao_never_writes() {
    let validator = jsonschema::validator_for(&committed_schema()).expect("a valid schema");
    let mut record = serde_json::to_value(jixiao_map::Record::default()).unwrap();
    assert!(validator.is_valid(&record), "an empty record is valid");
    let broken = |edit: &dyn Fn(&mut serde_json::Value), what: &str| {
        let mut copy = record.clone();
        edit(&mut copy);
        assert!(!validator.is_valid(&copy), "{what} should be refused");
    };
    broken(
        &|r| r["title"] = "".into(),
        "an empty title (missing is null)",
    );
    broken(&|r| r["surprise"] = 1.into(), "an unknown key");
    broken(
        &|r| {
            r.as_object_mut().unwrap().remove("project_name");
        },
        "a missing key",
    );
    broken(
        &|r| r["funding"]["total"] = "12".into(),
        "an amount as text",
    );
    record["indicators"] = serde_json::json!([{
        "level1": "产出指标", "level2": null, "level3": "x",
        "target": {"raw": "≥1", "op": "≥", "value": 1.0, "unit": null}
    }]);
    assert!(
        !validator.is_valid(&record),
        "an operator not in its ASCII spelling"
    );
}
