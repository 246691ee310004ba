//! Every `tests/invalid_configs/*.toml` must fail with an error that names the file, the line
//! and column, and the key, as written in the file's own header comments:
//!
//! ```toml
//! # expect-at: LINE:COLUMN
//! # expect: text the error message must contain
//! # expect-no: text it must not contain (optional)
//! ```

use std::path::{Path, PathBuf};

use airadar::config::Config;

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn header(text: &str, tag: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("# {tag}: ")))
        .map(str::to_owned)
}

#[test]
fn every_invalid_config_is_rejected_with_file_line_key() {
    let files = toml_files("tests/invalid_configs");
    assert!(files.len() >= 15, "only {} invalid configs", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let at = header(&text, "expect-at").expect("expect-at header");
        let expect = header(&text, "expect").expect("expect header");
        let message = match Config::from_file(path) {
            Ok(_) => {
                failures.push(format!("{}: loaded, expected an error", path.display()));
                continue;
            }
            Err(e) => {
                let key = e.key().map(str::to_owned);
                let location = e.location().cloned();
                let message = e.to_string();
                if let Some(key) = key
                    && !message.contains(&format!("`{key}`"))
                {
                    failures.push(format!("{message}\n  does not name its key `{key}`"));
                }
                if location.is_none_or(|l| l.file != path.display().to_string()) {
                    failures.push(format!(
                        "{message}\n  has no location in {}",
                        path.display()
                    ));
                }
                message
            }
        };
        let prefix = format!("{}:{at}: ", path.display());
        if !message.starts_with(&prefix) {
            failures.push(format!("{message}\n  should start with {prefix}"));
        }
        if !message.contains(&expect) {
            failures.push(format!("{message}\n  should contain {expect}"));
        }
        if let Some(forbidden) = header(&text, "expect-no")
            && message.contains(&forbidden)
        {
            failures.push(format!("{message}\n  should not contain {forbidden}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_valid_config_loads() {
    let files = toml_files("tests/valid_configs");
    assert!(files.len() >= 3);
    for path in files {
        if let Err(e) = Config::from_file(&path) {
            panic!("{e}");
        }
    }
}

#[test]
fn a_missing_file_is_named() {
    let error = Config::from_file(Path::new("/nonexistent/airadar.toml")).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("/nonexistent/airadar.toml"), "{message}");
}

#[test]
fn errors_in_embedded_text_name_the_embedded_default() {
    let error = Config::from_str("[general]\nrefesh = \"1h\"\n", None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "<embedded default>:2:1: unknown key `refesh` in [general] (did you mean `refresh`?)"
    );
}
