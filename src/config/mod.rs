//! Configuration: the embedded default, the user's file, validation with file:line errors.
//!
//! One file is used, found in this order: `--config FILE`, `$AIRADAR_CONFIG`,
//! `<XDG config dir>/airadar/config.toml` if it exists, else the default embedded from
//! `config/airadar.toml`. Values a file leaves out take the defaults of [`General::default`],
//! which a test keeps equal to the shipped file. `[keys]` are kept as written, with their
//! place in the file, for the UI's keymap to validate.

mod demo;
mod error;
mod locate;
mod raw;
pub mod units;
mod values;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use demo::{DEMO_FILES, DEMO_TOML, demo_dir, write_demo};
pub use error::{ConfigError, Location};
pub use raw::{FEED_KEYS, GENERAL_KEYS, KIND_VALUES, TOP_KEYS};

/// What kind of document a source serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    /// RSS, Atom or JSON Feed (detected from the content).
    #[default]
    Feed,
    /// An Atlassian Statuspage `summary.json`.
    StatusPage,
    /// A model catalogue (OpenRouter `/api/v1/models` shape).
    ModelCatalog,
}

/// Where a source lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceUrl {
    /// `http://` or `https://`.
    Http(String),
    /// `file://` or a path, resolved against the config file's folder.
    File(PathBuf),
}

/// One configured source (`[[feed]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSource {
    /// Unique name.
    pub name: String,
    /// The URL as written in the config (shown to users).
    pub url: String,
    /// The resolved location.
    pub location: SourceUrl,
    /// Refresh interval.
    pub refresh: Duration,
    /// Language hint (`en`, `pt`, `es`, ...).
    pub lang: Option<String>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Document kind.
    pub kind: SourceKind,
}

/// `[general]`: defaults and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct General {
    /// Default refresh interval.
    pub refresh: Duration,
    /// At most this many fetches at once.
    pub concurrency: usize,
    /// Total timeout of one fetch.
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Body cap in bytes, enforced while streaming and after decompression.
    pub max_body: u64,
    /// User-Agent header.
    pub user_agent: String,
    /// Keep at most this many items per source.
    pub max_items_per_source: u64,
    /// Drop items first seen more than this many days ago.
    pub retention_days: u32,
}

/// The whole configuration, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where it came from (`None` for the embedded default).
    pub path: Option<PathBuf>,
    /// `[general]`.
    pub general: General,
    /// `[[feed]]` tables in order.
    pub feeds: Vec<FeedSource>,
    /// `[keys]`: key → action name overrides, in file order.
    pub keys: Vec<KeyBinding>,
    /// Extra catalogue file merged over the embedded one.
    pub catalog: Option<PathBuf>,
}

/// One `[keys]` entry, with its place in the file so a bad action name can be reported there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// Key as written (`"ctrl-r"`, `"G"`, `"f5"`).
    pub key: String,
    /// Action name as written (`"refresh_all"`).
    pub action: String,
    /// 1-based line of the entry (0 for the embedded default).
    pub line: usize,
    /// 1-based column of the entry.
    pub column: usize,
}

/// The shipped default configuration, embedded in the binary.
pub const DEFAULT_TOML: &str = include_str!("../../config/airadar.toml");

/// The User-Agent sent when the config does not set one: name and version only. The project
/// has no public page to point publishers at, and a made-up contact URL would mislead them;
/// `user_agent` in the config is where a user adds their own.
pub const DEFAULT_USER_AGENT: &str = concat!("airadar/", env!("CARGO_PKG_VERSION"));

/// How a file name appears in messages about the embedded default.
pub const EMBEDDED_NAME: &str = "<embedded default>";

impl Default for General {
    fn default() -> Self {
        Self {
            refresh: Duration::from_secs(30 * 60),
            concurrency: 8,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_body: 8 * 1024 * 1024,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_items_per_source: 5_000,
            retention_days: 365,
        }
    }
}

impl SourceKind {
    /// The name used for this kind in the config (`feed`, `statuspage`, `models`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feed => "feed",
            Self::StatusPage => "statuspage",
            Self::ModelCatalog => "models",
        }
    }
}

/// Which file [`Config::resolve`] chose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigOrigin {
    /// `--config FILE`.
    Cli(PathBuf),
    /// `$AIRADAR_CONFIG`.
    Env(PathBuf),
    /// `<XDG config dir>/airadar/config.toml`, which exists.
    Xdg(PathBuf),
    /// No file: the embedded default.
    Embedded,
}

impl ConfigOrigin {
    /// The file to read, or `None` for the embedded default.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Cli(p) | Self::Env(p) | Self::Xdg(p) => Some(p),
            Self::Embedded => None,
        }
    }
}

impl Config {
    /// Applies the lookup order. Inputs are passed in (not read from the process) so the
    /// order can be tested: `cli` is `--config`, `env` is `$AIRADAR_CONFIG` (empty counts as
    /// unset), `xdg_config_dir` is the platform config folder (`~/.config` on Linux).
    pub fn resolve(
        cli: Option<PathBuf>,
        env: Option<OsString>,
        xdg_config_dir: Option<PathBuf>,
    ) -> ConfigOrigin {
        if let Some(path) = cli {
            return ConfigOrigin::Cli(path);
        }
        if let Some(path) = env.filter(|v| !v.is_empty()) {
            return ConfigOrigin::Env(PathBuf::from(path));
        }
        // Only an existing file counts: a fresh install falls through to the default.
        match xdg_config_dir.map(|d| d.join("airadar").join("config.toml")) {
            Some(path) if path.is_file() => ConfigOrigin::Xdg(path),
            _ => ConfigOrigin::Embedded,
        }
    }

    /// Loads the configuration using the process's `$AIRADAR_CONFIG` and config folder.
    pub fn load(cli_path: Option<&Path>) -> Result<Config, ConfigError> {
        let origin = Self::resolve(
            cli_path.map(Path::to_path_buf),
            std::env::var_os("AIRADAR_CONFIG"),
            dirs::config_dir(),
        );
        Self::load_from(&origin)
    }

    /// Loads the file an origin names, or the embedded default.
    pub fn load_from(origin: &ConfigOrigin) -> Result<Config, ConfigError> {
        match origin.path() {
            Some(path) => Self::from_file(path),
            None => Self::from_str(DEFAULT_TOML, None),
        }
    }

    /// Reads and validates a config file.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Self::from_str(&text, Some(path))
    }

    /// Validates config text. `path` names the file in messages and is the folder relative
    /// feed paths are resolved against; `None` means the embedded default, whose relative
    /// paths resolve against the current directory.
    #[allow(clippy::should_implement_trait)] // needs the path too, so not `FromStr`
    pub fn from_str(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let file = path.map_or_else(|| EMBEDDED_NAME.to_owned(), |p| p.display().to_string());
        let base = path.map(|p| match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        });
        let parts = raw::parse(text, &file, base.as_deref())?;
        Ok(Config {
            path: path.map(Path::to_path_buf),
            general: parts.general,
            feeds: parts.feeds,
            keys: parts.keys,
            catalog: parts.catalog,
        })
    }

    /// The offline demo configuration: `config/demo.toml` with its feeds under `config/demo/`.
    ///
    /// From a source checkout the files next to the build are used, so editing them shows up
    /// at once; an installed binary writes its embedded copy to the cache folder
    /// (`<cache dir>/airadar/demo/`) and reads it from there. See [`demo_dir`].
    pub fn demo() -> Result<Config, ConfigError> {
        let dir = demo_dir(dirs::cache_dir())?;
        Self::from_file(&dir.join("demo.toml"))
    }

    /// The sources as a table for `airadar check`: name, kind, refresh, language, location.
    pub fn sources_table(&self) -> String {
        let width = self
            .feeds
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = String::new();
        for feed in &self.feeds {
            let lang = feed.lang.as_deref().unwrap_or("-");
            let _ = writeln!(
                out,
                "{:<width$}  {:<10}  {:>5}  {:<5}  {}",
                feed.name,
                feed.kind.as_str(),
                units::format_duration(feed.refresh),
                lang,
                feed.url,
            );
        }
        out
    }
}
