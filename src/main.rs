//! The `airadar` binary: parse the command line, set up logging, run the command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    limit_malloc_arenas();
    #[cfg(not(target_env = "msvc"))]
    airadar::memory::on_release(purge_jemalloc);
    let cli = airadar::cli::Cli::parse();
    airadar::logging::init(cli.log_path(dirs::data_dir()).as_deref());
    airadar::logging::log_panics();
    airadar::commands::run(cli)
}

/// Rust's allocations go to jemalloc: parsing and extraction make many small strings that live
/// for one feed, on several threads at once, and glibc's malloc spent much of a cold fetch in
/// its arena locks. With jemalloc (and the runtime's blocking pool sized to the cores, see
/// `feeds::cores::runtime`) a cold fetch of the bench's 500 feeds is ~20 % faster at about the
/// same peak (`bench/README.md`, ninth round).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Hands the pages jemalloc holds freed back to the system at once, instead of over the next
/// ten seconds (its default decay). A cold fetch does this between storing the last feed and
/// building its indexes and summaries, whose memory then reuses those pages instead of adding to
/// them: its peak fell from ~50 to ~47 MB (`bench/README.md`, tenth round).
#[cfg(not(target_env = "msvc"))]
fn purge_jemalloc() {
    // 4096 is MALLCTL_ARENAS_ALL: every arena.
    const PURGE_ALL: &[u8] = b"arena.4096.purge\0";
    // SAFETY: `arena.<i>.purge` reads and writes no value (every pointer null, length 0), and
    // the name is NUL-terminated.
    let failed = unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE_ALL.as_ptr().cast(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    if failed != 0 {
        tracing::debug!(errno = failed, "jemalloc kept its freed pages");
    }
}

/// Tunes glibc's malloc, which SQLite (C) still uses for its page cache and sorters.
///
/// Caps it at two arenas (it allows eight per core): every arena keeps its own freed memory,
/// and a cold fetch of 500 feeds peaked at 90 MB instead of 65 MB when all allocations went
/// through it (`bench/README.md`).
///
/// Also pins the size from which a block is mapped on its own, and so given back to the system
/// when freed, at glibc's initial 128 KiB. By default glibc raises that threshold to the size
/// of each large block freed, after which such blocks stay in the heap: the sort buffers of the
/// index build that ends a first fetch then came on top of the fetch's freed buffers, and its
/// peak rose from 56-58 MB to 59-61 MB.
///
/// The library forbids `unsafe`; these process-wide settings are made here, before any thread
/// starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
