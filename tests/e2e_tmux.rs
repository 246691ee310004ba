//! End-to-end: the real `airadar` binary in tmux, driven with send-keys, read with capture-pane.
//!
//! Needs tmux; without it the tests are skipped locally and fail under CI (`CI=true`), where
//! `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_airadar");

/// A tmux server of our own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a detached 120×40 session, or `None` if tmux is missing.
    fn start(name: &str, command: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var("CI").is_err(),
                "tmux is required under CI (.ci/run installs it)"
            );
            eprintln!("tmux not found: skipping");
            return None;
        }
        let tmux = Tmux {
            socket: format!("airadar-e2e-{name}-{}", std::process::id()),
        };
        let status = tmux
            .cmd(&["new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40"])
            .arg(command)
            .env("TERM", "xterm-256color")
            .status()
            .expect("run tmux");
        assert!(status.success(), "tmux new-session failed");
        Some(tmux)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]).args(args);
        c
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let status = self
                .cmd(&["send-keys", "-t", "e2e", key])
                .status()
                .expect("send-keys");
            assert!(status.success());
            // Separate keys so Esc followed by a key is not read as Alt+key.
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "e2e"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn format(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", "e2e", format])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after 15 s.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let began = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if began.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The line of the screen holding a pane's title.
fn title_line<'a>(screen: &'a str, title: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no {title:?} on screen:\n{screen}"))
}

/// Whether the pane whose title contains `title` is drawn focused (heavy border).
fn focused(screen: &str, title: &str) -> bool {
    let line = title_line(screen, title);
    let at = line.find(title).expect("title on its line");
    line[..at].ends_with("┏ ")
}

fn demo_fetch(db: &Path) {
    let out = Command::new(BIN)
        .args(["--demo", "--db"])
        .arg(db)
        .arg("fetch")
        .output()
        .expect("run airadar fetch");
    assert!(
        out.status.success(),
        "demo fetch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn demo_dashboard_navigation_and_clean_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    demo_fetch(&db);
    let command = format!(
        "{} --demo --db {} --log {}; echo EXITED $?; sleep 30",
        shell_quote(Path::new(BIN)),
        shell_quote(&db),
        shell_quote(&dir.path().join("log.txt")),
    );
    let Some(tmux) = Tmux::start("demo", &command) else {
        return;
    };

    // Stored data shows before any fetch completes.
    let screen = tmux.wait_for("the models pane with GPT-5", |s| {
        s.contains("1 Models") && s.contains("GPT-5") && s.contains("5 News")
    });
    assert!(
        focused(&screen, "1 Models"),
        "Models focused first:\n{screen}"
    );
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "1",
        "dashboard uses the alternate screen"
    );

    // Tab cycles panes; 1 jumps back.
    tmux.keys(&["Tab"]);
    let screen = tmux.wait_for("timeline focused", |s| focused(s, "2 Timeline"));
    assert!(!focused(&screen, "1 Models"));
    tmux.keys(&["BTab"]);
    tmux.wait_for("models focused again", |s| focused(s, "1 Models"));

    // Enter on the first model opens its claims ledger; Esc closes it.
    tmux.keys(&["g", "Enter"]);
    tmux.wait_for("a claims ledger", |s| s.contains("claims ledger"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the ledger closed", |s| !s.contains("claims ledger"));

    // A live filter on the news pane.
    tmux.keys(&["5", "/", "G", "P", "T", "-", "5"]);
    let screen = tmux.wait_for("the filter", |s| s.contains("/GPT-5"));
    let news = title_line(&screen, "5 News");
    assert!(
        !news.contains("5 News (4"),
        "filter narrowed the list: {news}"
    );
    tmux.keys(&["Enter"]);

    // Help overlay, generated from the keymap.
    tmux.keys(&["?"]);
    tmux.wait_for("help", |s| {
        s.contains("Help") && s.contains("Refresh every source")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_for("help closed", |s| !s.contains("Refresh every source"));

    // Quit: the terminal is restored (main screen, no mouse capture, cursor visible).
    tmux.keys(&["q"]);
    tmux.wait_for("the process to exit", |s| s.contains("EXITED 0"));
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(tmux.format("#{mouse_any_flag}"), "0", "mouse capture off");
    assert_eq!(tmux.format("#{cursor_flag}"), "1", "cursor visible");
    // The database was closed cleanly: its write-ahead log copied in and deleted. A log left
    // behind makes the next start check every page, as after a crash.
    let mut log = db.clone().into_os_string();
    log.push("-wal");
    assert!(
        !Path::new(&log).exists(),
        "the dashboard left its write-ahead log behind"
    );
}

/// Titles and bodies built to attack a terminal: clear screen, set title, clipboard write
/// (OSC 52), hyperlinks (OSC 8), C0/C1 controls, bidi overrides and zero-width characters.
fn hostile_feed() -> String {
    let esc = '\u{1b}';
    let title = format!(
        "EVIL{esc}[2J{esc}]0;PWNED-TITLE\u{7}{esc}]52;c;UFdORUQtQ0xJUA==\u{7}ONE\u{202e}TWO\u{200b}THREE\u{9b}31m\u{8}\u{7}"
    );
    let body = format!(
        "GPT-5 body {esc}]8;;http://evil.invalid/PWNED-LINK{esc}\\click{esc}]8;;{esc}\\ and {esc}P+qPWNED-DCS{esc}\\ end"
    );
    let xml_escape = |s: &str| {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                // XML 1.0 cannot carry most C0 controls as characters; numeric references in
                // a lenient feed are the realistic attack, but raw bytes are what we can write.
                c => c.to_string(),
            })
            .collect::<String>()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile{esc}]0;PWNED-FEED{bel}</title>
<item><guid>h1</guid><link>http://evil.invalid/{esc}]52;c;PWNED{bel}</link>
<title>{title}</title><description>{body}</description>
<pubDate>Fri, 21 Feb 2025 10:00:00 +0000</pubDate></item>
</channel></rss>"#,
        esc = esc,
        bel = '\u{7}',
        title = xml_escape(&title),
        body = xml_escape(&body),
    )
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let feed = dir.path().join("hostile.xml");
    std::fs::write(&feed, hostile_feed()).expect("write feed");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[feed]]\nname = \"Hostile\"\nurl = \"hostile.xml\"\nrefresh = \"1d\"\n",
    )
    .expect("write config");
    let db = dir.path().join("h.db");
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .arg("fetch")
        .output()
        .expect("fetch");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\u{1b}'),
        "fetch lines sanitised: {stderr:?}"
    );

    let raw: PathBuf = dir.path().join("raw.bytes");
    let command = format!(
        "{} --config {} --db {} --log {}; echo EXITED $?; sleep 30",
        shell_quote(Path::new(BIN)),
        shell_quote(&config),
        shell_quote(&db),
        shell_quote(&dir.path().join("log.txt")),
    );
    let Some(tmux) = Tmux::start("hostile", &command) else {
        return;
    };
    // Record every byte the program writes to its terminal.
    let pipe = format!("cat >> {}", shell_quote(&raw));
    let status = tmux
        .cmd(&["pipe-pane", "-o", "-t", "e2e", &pipe])
        .status()
        .expect("pipe-pane");
    assert!(status.success());
    tmux.wait_for("the hostile item", |s| s.contains("EVIL"));
    // Open it in the reader so the body is drawn too.
    tmux.keys(&["5", "g", "Enter"]);
    let screen = tmux.wait_for("the reader", |s| s.contains("GPT-5 body"));
    assert!(
        screen.contains("EVILONETWOTHREE"),
        "text kept, controls gone:\n{screen}"
    );
    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("exit", |s| s.contains("EXITED 0"));

    let bytes = std::fs::read(&raw).expect("raw output recorded");
    let text = String::from_utf8_lossy(&bytes);
    // The payloads of stripped sequences are gone with them. (A link keeps its text, but
    // feed-rs has percent-encoded the ESC in it, so it is inert: `%1B]52;c;PWNED`.)
    for needle in [
        "PWNED-TITLE",
        "PWNED-FEED",
        "PWNED-LINK",
        "PWNED-DCS",
        "UFdORUQtQ0xJUA",
        "\u{1b}]0;",
        "\u{1b}]52;",
        "\u{1b}]8;",
        "\u{1b}P",
        "\u{202e}",
        "\u{200b}",
        "\u{9b}",
    ] {
        assert!(
            !text.contains(needle),
            "terminal output contains {needle:?}"
        );
    }
    assert_ne!(tmux.format("#{pane_title}"), "PWNED-TITLE");

    // And the reports.
    for format in ["json", "markdown"] {
        let out = Command::new(BIN)
            .arg("--config")
            .arg(&config)
            .arg("--db")
            .arg(&db)
            .args(["report", "--format", format])
            .output()
            .expect("report");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("EVIL"), "{format} report has the item");
        for needle in [
            "PWNED-TITLE",
            "PWNED-LINK",
            "PWNED-DCS",
            "UFdORUQtQ0xJUA",
            "\\u001b",
            "\u{1b}",
            "\u{202e}",
            "\u{200b}",
            "\u{7}",
        ] {
            assert!(
                !text.contains(needle),
                "{format} report contains {needle:?}"
            );
        }
    }
}

fn one_item_rss(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>{title}</title><link>http://example.com/</link><description>d</description>\
         <item><guid>{title}-1</guid><title>{title} item</title>\
         <link>http://example.com/{title}</link><pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>\
         <description>About {title}.</description></item></channel></rss>"
    )
}

fn local_feeds(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("[[feed]]\nname = \"{n} Wire\"\nurl = \"{n}.xml\"\n"))
        .collect()
}

/// The running dashboard picks up its edited config: a saved file with a new source shows that
/// source and its item without a restart, and a broken one, reloaded with `C`, says so and
/// leaves the dashboard as it was.
#[test]
fn an_edited_config_reaches_the_running_dashboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["Alpha", "Beta"] {
        std::fs::write(dir.path().join(format!("{name}.xml")), one_item_rss(name))
            .expect("write feed");
    }
    let config = dir.path().join("config.toml");
    std::fs::write(&config, local_feeds(&["Alpha"])).expect("write config");
    let command = format!(
        "{} --config {} --db {} --log {}; echo EXITED $?; sleep 30",
        shell_quote(Path::new(BIN)),
        shell_quote(&config),
        shell_quote(&dir.path().join("r.db")),
        shell_quote(&dir.path().join("log.txt")),
    );
    let Some(tmux) = Tmux::start("reload", &command) else {
        return;
    };
    tmux.wait_for("the first source's item", |s| s.contains("Alpha item"));

    std::fs::write(&config, local_feeds(&["Alpha", "Beta"])).expect("edit config");
    let screen = tmux.wait_for("the new source's item", |s| s.contains("Beta item"));
    assert!(screen.contains("Beta Wire"), "{screen}");
    assert!(
        screen.contains("config reloaded: 1 source added"),
        "{screen}"
    );

    let broken = format!(
        "{}[[feed]]\nname = \"Gamma Wire\"\n",
        local_feeds(&["Alpha", "Beta"])
    );
    std::fs::write(&config, broken).expect("break config");
    tmux.keys(&["C"]);
    let screen = tmux.wait_for("the config error", |s| s.contains("config not reloaded"));
    assert!(
        screen.contains("Alpha item") && screen.contains("Beta item"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("exit", |s| s.contains("EXITED 0"));
}
