//! The `airadar` binary: parse the command line, set up logging, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = airadar::cli::Cli::parse();
    airadar::logging::init(cli.log_path(dirs::data_dir()).as_deref());
    airadar::logging::log_panics();
    airadar::commands::run(cli)
}

/// Caps glibc's malloc at two arenas (it allows eight per core). Parsing and extraction run on
/// many blocking-pool threads, and every arena kept its own freed memory: a cold fetch of 500
/// feeds peaked at 90 MB instead of 65 MB (`bench/README.md`). The library forbids `unsafe`;
/// this one process-wide setting is made here, before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
