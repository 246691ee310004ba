//! The `airadar` binary: parse the command line, set up logging, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = airadar::cli::Cli::parse();
    airadar::logging::init(cli.log_path(dirs::data_dir()).as_deref());
    airadar::logging::log_panics();
    airadar::commands::run(cli)
}
