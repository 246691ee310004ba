//! Command-line interface: global flags and the headless subcommands (clap derive).
//!
//! `main` parses a [`Cli`], loads the config it points at, then either runs the dashboard
//! (no subcommand) or one headless [`Command`]. Environment is passed in to the helpers here
//! (`NO_COLOR`, data dir) so they can be tested without touching the process.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// airadar watches AI model and compute announcements in RSS, Atom and JSON feeds, status
/// pages and model catalogues, and shows models, claims, timelines and capacity in a terminal
/// dashboard. Run without a subcommand to open the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(name = "airadar", version, about, long_about = None)]
#[command(
    after_help = "Config lookup: --config FILE, then $AIRADAR_CONFIG, then \
<config dir>/airadar/config.toml, then the built-in default.\n\
Try it offline: airadar --demo fetch && airadar --demo"
)]
pub struct Cli {
    /// Config file to use instead of $AIRADAR_CONFIG, ~/.config/airadar/config.toml or the default.
    #[arg(long, short = 'c', value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// SQLite database to use instead of <data dir>/airadar/airadar.db.
    #[arg(long, value_name = "FILE", global = true)]
    pub db: Option<PathBuf>,
    /// Use the bundled offline demo corpus and its own database (demo.db).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Write logs to this file (default: <data dir>/airadar/airadar.log; never the terminal).
    #[arg(long, value_name = "FILE", global = true)]
    pub log: Option<PathBuf>,
    /// Draw without colours (also when the NO_COLOR environment variable is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// What to do; without one, the dashboard opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A headless command.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Fetch every source once (or one with --source) and store the results.
    ///
    /// Prints a line per source on stderr (name, HTTP status or error, new and updated items,
    /// time taken) and a summary. Exit status: 0 if at least one source succeeded, 1 if all
    /// failed, 2 on a bad config.
    Fetch {
        /// Fetch only the source with this name (as in the config).
        #[arg(long, short = 's', value_name = "NAME")]
        source: Option<String>,
    },
    /// Print the stored state: sources, items, models, timeline, capacity.
    ///
    /// JSON is a stable contract (fields are added, never renamed); Markdown is for reading.
    Report {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
    },
    /// Validate the config and list its sources; exit status 2 if it is invalid.
    Check,
    /// Show configuration details.
    Config {
        /// Print the built-in default config (a commented starting point for your own).
        #[arg(long)]
        print_default: bool,
        /// Print which config file would be used, and why.
        #[arg(long, conflicts_with = "print_default")]
        path: bool,
    },
}

/// Output format of `airadar report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ReportFormat {
    /// The JSON contract documented in the README.
    #[default]
    Json,
    /// A Markdown summary for humans.
    Markdown,
}

impl Cli {
    /// Whether to draw colours: not with `--no-color`, nor when `NO_COLOR` is set to a
    /// non-empty value (<https://no-color.org>). `no_color_env` is `std::env::var_os("NO_COLOR")`.
    pub fn color_enabled(&self, no_color_env: Option<&OsString>) -> bool {
        !self.no_color && no_color_env.is_none_or(|v| v.is_empty())
    }

    /// The database file: `--db` if given, else `airadar.db` (or `demo.db` with `--demo`) in
    /// `<data_dir>/airadar/`. `data_dir` is normally `dirs::data_dir()`; `None` if there is none.
    pub fn database_path(&self, data_dir: Option<PathBuf>) -> Option<PathBuf> {
        if let Some(db) = &self.db {
            return Some(db.clone());
        }
        let file = if self.demo { "demo.db" } else { "airadar.db" };
        data_dir.map(|d| d.join("airadar").join(file))
    }

    /// The log file: `--log` if given, else `<data_dir>/airadar/airadar.log`.
    pub fn log_path(&self, data_dir: Option<PathBuf>) -> Option<PathBuf> {
        self.log
            .clone()
            .or_else(|| data_dir.map(|d| d.join("airadar").join("airadar.log")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("airadar").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_runs_the_dashboard() {
        let cli = parse(&[]);
        assert_eq!(cli.command, None);
        assert!(!cli.demo && cli.config.is_none() && cli.db.is_none());
    }

    #[test]
    fn global_flags_work_before_and_after_the_subcommand() {
        let before = parse(&["--config", "a.toml", "--db", "x.db", "--demo", "fetch"]);
        let after = parse(&["fetch", "--config", "a.toml", "--db", "x.db", "--demo"]);
        assert_eq!(before, after);
        assert_eq!(before.config, Some(PathBuf::from("a.toml")));
        assert_eq!(before.db, Some(PathBuf::from("x.db")));
        assert!(before.demo);
        assert_eq!(before.command, Some(Command::Fetch { source: None }));
    }

    #[test]
    fn fetch_one_source() {
        let cli = parse(&["fetch", "--source", "OpenAI News"]);
        assert_eq!(
            cli.command,
            Some(Command::Fetch {
                source: Some("OpenAI News".into())
            })
        );
    }

    #[test]
    fn report_defaults_to_json_and_accepts_markdown() {
        assert_eq!(
            parse(&["report"]).command,
            Some(Command::Report {
                format: ReportFormat::Json
            })
        );
        assert_eq!(
            parse(&["report", "--format", "markdown"]).command,
            Some(Command::Report {
                format: ReportFormat::Markdown
            })
        );
        let bad = Cli::try_parse_from(["airadar", "report", "--format", "yaml"]).unwrap_err();
        assert!(bad.to_string().contains("markdown"), "{bad}");
    }

    #[test]
    fn check_and_config_commands() {
        assert_eq!(parse(&["check"]).command, Some(Command::Check));
        assert_eq!(
            parse(&["config", "--print-default"]).command,
            Some(Command::Config {
                print_default: true,
                path: false
            })
        );
        assert!(Cli::try_parse_from(["airadar", "config", "--print-default", "--path"]).is_err());
    }

    #[test]
    fn unknown_commands_and_flags_are_errors() {
        assert!(Cli::try_parse_from(["airadar", "fecth"]).is_err());
        assert!(Cli::try_parse_from(["airadar", "--colour"]).is_err());
    }

    #[test]
    fn every_command_has_help() {
        let mut command = Cli::command();
        let help = command.render_long_help().to_string();
        for name in [
            "fetch", "report", "check", "config", "--demo", "--db", "--config",
        ] {
            assert!(help.contains(name), "top-level help lacks {name}:\n{help}");
        }
        // clap's own `help` subcommand is generated on demand and has no about text.
        for sub in command
            .get_subcommands_mut()
            .filter(|s| s.get_name() != "help")
        {
            let text = sub.render_long_help().to_string();
            assert!(sub.get_about().is_some(), "{} has no about", sub.get_name());
            assert!(text.contains("--help"), "{}", sub.get_name());
        }
    }

    #[test]
    fn color_follows_flag_and_no_color_env() {
        let cli = parse(&[]);
        assert!(cli.color_enabled(None));
        assert!(cli.color_enabled(Some(&OsString::new())));
        assert!(!cli.color_enabled(Some(&OsString::from("1"))));
        assert!(!parse(&["--no-color"]).color_enabled(None));
    }

    #[test]
    fn demo_gets_its_own_database() {
        let data = Some(PathBuf::from("/data"));
        assert_eq!(
            parse(&[]).database_path(data.clone()),
            Some(PathBuf::from("/data/airadar/airadar.db"))
        );
        assert_eq!(
            parse(&["--demo"]).database_path(data.clone()),
            Some(PathBuf::from("/data/airadar/demo.db"))
        );
        assert_eq!(
            parse(&["--demo", "--db", "/tmp/x.db"]).database_path(data.clone()),
            Some(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(parse(&[]).database_path(None), None);
        assert_eq!(
            parse(&["--log", "l.txt"]).log_path(data),
            Some(PathBuf::from("l.txt"))
        );
    }
}
