//! The real binary's headless commands: exit codes, the demo corpus end to end, the report
//! contract as a user sees it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_airadar");

fn airadar(args: &[&str], db: &Path) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("AIRADAR_CONFIG")
        .env("XDG_CONFIG_HOME", db.with_extension("no-config"))
        .output()
        .expect("run airadar")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names of the indexes in the database at `path`.
fn index_names(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open for inspection");
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names")
}

#[test]
fn demo_fetch_then_report_has_the_corpus_and_the_seed_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");

    let fetch = airadar(&["--demo", "fetch"], &db);
    let err = stderr(&fetch);
    assert!(fetch.status.success(), "fetch failed: {err}");
    // A line per source, the broken one included, and a summary.
    assert!(err.contains("Olhar IA: 200,"), "{err}");
    assert!(err.contains("Canaltech IA: error:"), "{err}");
    assert!(err.contains("sources:") && err.contains("new"), "{err}");
    // A first fetch builds its indexes at the end (`Store::defer_indexes_if_empty`): all of
    // them are there, as in a database that was never filled.
    let fresh = dir.path().join("fresh.db");
    drop(airadar::store::Store::open(&fresh).expect("fresh database"));
    assert_eq!(index_names(&db), index_names(&fresh));

    let report = airadar(&["--demo", "report", "--format", "json"], &db);
    assert!(report.status.success(), "{}", stderr(&report));
    let json: Value = serde_json::from_str(&stdout(&report)).expect("report is JSON");
    for key in [
        "generated_at",
        "sources",
        "items",
        "models",
        "timeline",
        "capacity",
    ] {
        assert!(json.get(key).is_some(), "report lacks {key}");
    }
    let items = json["items"].as_array().expect("items");
    assert!(
        items.len() >= 30,
        "demo has at least 30 items, got {}",
        items.len()
    );
    for key in [
        "id",
        "source",
        "title",
        "url",
        "published",
        "lang",
        "models",
        "providers",
    ] {
        assert!(items[0].get(key).is_some(), "item lacks {key}");
    }
    let langs: std::collections::BTreeSet<_> =
        items.iter().filter_map(|i| i["lang"].as_str()).collect();
    for lang in ["en", "pt", "es"] {
        assert!(langs.contains(lang), "no {lang} items: {langs:?}");
    }
    let seed = items
        .iter()
        .find(|i| {
            i["published"]
                .as_str()
                .is_some_and(|p| p.starts_with("2025-02-21"))
                && i["source"] == "Olhar IA"
        })
        .expect("the seed article, dated 2025-02-21");
    let models: Vec<_> = seed["models"].as_array().expect("models").iter().collect();
    assert!(models.iter().any(|m| *m == "GPT-4.5"), "{models:?}");
    assert!(models.iter().any(|m| *m == "GPT-5"), "{models:?}");
    assert!(
        seed["providers"]
            .as_array()
            .expect("providers")
            .iter()
            .any(|p| p == "Microsoft")
    );

    let sources = json["sources"].as_array().expect("sources");
    let broken = sources
        .iter()
        .find(|s| s["name"] == "Canaltech IA")
        .expect("broken source");
    assert_eq!(broken["status"], "error");
    assert!(broken["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(sources.iter().filter(|s| s["status"] == "ok").count() >= 4);

    let gpt5 = json["models"]
        .as_array()
        .expect("models")
        .iter()
        .find(|m| m["name"] == "GPT-5")
        .expect("GPT-5 row");
    assert!(gpt5["claims"].as_array().is_some_and(|c| c.len() >= 3));
    assert!(!json["timeline"].as_array().expect("timeline").is_empty());
    assert!(!json["capacity"].as_array().expect("capacity").is_empty());

    let markdown = airadar(&["--demo", "report", "--format", "markdown"], &db);
    assert!(markdown.status.success());
    let md = stdout(&markdown);
    assert!(md.contains("| ") && md.contains("GPT-5"), "{md}");
}

#[test]
fn refetch_reports_no_new_items_and_keeps_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    assert!(airadar(&["--demo", "fetch"], &db).status.success());
    let first: Value =
        serde_json::from_str(&stdout(&airadar(&["--demo", "report"], &db))).expect("json");
    let again = airadar(&["--demo", "fetch"], &db);
    assert!(
        stderr(&again).contains("0 new, 0 updated"),
        "{}",
        stderr(&again)
    );
    let second: Value =
        serde_json::from_str(&stdout(&airadar(&["--demo", "report"], &db))).expect("json");
    let ids = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_i64())
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    // The second fetch found every item stored and unchanged and did not extract it again
    // (`store::KnownItems`): what extraction gave is exactly what it was.
    for part in ["items", "models", "timeline", "capacity"] {
        assert_eq!(first[part], second[part], "{part} changed");
    }
}

#[test]
fn fetch_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let config = dir.path().join("all-broken.toml");
    std::fs::write(
        &config,
        "[[feed]]\nname = \"missing\"\nurl = \"does-not-exist.xml\"\n\n[[feed]]\nname = \"refused\"\nurl = \"http://127.0.0.1:9/feed\"\n",
    )
    .expect("write config");
    let cfg = config.to_str().expect("utf-8 path");
    let out = airadar(&["--config", cfg, "fetch"], &db);
    assert_eq!(
        out.status.code(),
        Some(1),
        "all failed → 1: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("missing: error:"));

    let out = airadar(&["--config", cfg, "fetch", "--source", "nope"], &db);
    assert_eq!(out.status.code(), Some(2), "unknown source → 2");
    assert!(stderr(&out).contains("no source named \"nope\""));
}

#[test]
fn bad_config_names_file_line_and_key_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[general]\nrefresh = \"30m\"\n\n[[feed]]\nname = \"A\"\nurl = \"https://a.example/feed\"\nrefesh = \"1h\"\n")
        .expect("write config");
    for args in [&["check"][..], &["fetch"][..], &["report"][..], &[][..]] {
        let mut full = vec!["--config", config.to_str().expect("utf-8")];
        full.extend_from_slice(args);
        let out = airadar(&full, &db);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("bad.toml:7:"), "{err}");
        assert!(err.contains("refesh") && err.contains("refresh"), "{err}");
    }
}

#[test]
fn print_default_is_the_shipped_file_and_check_lists_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let out = airadar(&["config", "--print-default"], &db);
    assert!(out.status.success());
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/airadar.toml"))
            .expect("shipped config");
    assert_eq!(stdout(&out), shipped);

    let out = airadar(&["check"], &db);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("OpenAI News"));
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    for args in [
        &["--help"][..],
        &["fetch", "--help"],
        &["report", "--help"],
        &["check", "--help"],
        &["config", "--help"],
    ] {
        let out = airadar(args, &db);
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn a_foreign_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notes.txt");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(200)).expect("write");
    let before = std::fs::read(&db).expect("read");
    let out = airadar(&["--demo", "fetch"], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("notes.txt"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).expect("read"), before, "file untouched");
}

#[test]
fn a_bad_key_binding_is_a_config_error_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let config = dir.path().join("keys.toml");
    std::fs::write(
        &config,
        "[[feed]]\nname = \"A\"\nurl = \"a.xml\"\n\n[keys]\n\"ctrl-r\" = \"refresh_all\"\n\"x\" = \"refrsh_all\"\n",
    )
    .expect("write config");
    let out = airadar(&["--config", config.to_str().expect("utf-8"), "check"], &db);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("keys.toml:7:"), "{err}");
    assert!(
        err.contains("refrsh_all") && err.contains("did you mean `refresh_all`"),
        "{err}"
    );
}

/// The binary allocates through jemalloc (`src/main.rs`; the ninth round of `bench/README.md`
/// has what it is worth): asked through jemalloc's own environment variable, it prints
/// jemalloc's statistics on exit.
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[test]
fn the_binary_allocates_through_jemalloc() {
    let out = Command::new(BIN)
        .arg("--version")
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .expect("run airadar");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Begin jemalloc statistics"),
        "no jemalloc statistics on stderr: {}",
        stderr(&out)
    );
}
