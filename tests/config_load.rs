//! Loading: the lookup order, the shipped default, the demo corpus and path resolution.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use airadar::config::{
    Config, ConfigOrigin, DEFAULT_TOML, General, SourceKind, SourceUrl, demo_dir, write_demo,
};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn lookup_order_cli_then_env_then_xdg_then_embedded() {
    let xdg = tempfile::tempdir().unwrap();
    let with_file = xdg.path().to_path_buf();
    std::fs::create_dir_all(with_file.join("airadar")).unwrap();
    std::fs::write(with_file.join("airadar/config.toml"), "").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let cli = Some(PathBuf::from("cli.toml"));
    let env = Some(OsString::from("env.toml"));

    assert_eq!(
        Config::resolve(cli.clone(), env.clone(), Some(with_file.clone())),
        ConfigOrigin::Cli("cli.toml".into())
    );
    assert_eq!(
        Config::resolve(None, env, Some(with_file.clone())),
        ConfigOrigin::Env("env.toml".into())
    );
    assert_eq!(
        Config::resolve(None, Some(OsString::new()), Some(with_file.clone())),
        ConfigOrigin::Xdg(with_file.join("airadar/config.toml")),
        "an empty $AIRADAR_CONFIG counts as unset"
    );
    assert_eq!(
        Config::resolve(None, None, Some(empty.path().to_path_buf())),
        ConfigOrigin::Embedded,
        "a config dir without airadar/config.toml falls through to the default"
    );
    assert_eq!(Config::resolve(None, None, None), ConfigOrigin::Embedded);
}

#[test]
fn load_from_reads_the_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "[[feed]]\nname = \"Mine\"\nurl = \"feeds/mine.xml\"\n",
    )
    .unwrap();
    let config = Config::load_from(&ConfigOrigin::Env(path.clone())).unwrap();
    assert_eq!(config.path.as_deref(), Some(path.as_path()));
    assert_eq!(config.feeds.len(), 1);
    assert_eq!(
        config.feeds[0].location,
        SourceUrl::File(dir.path().join("feeds/mine.xml")),
        "plain paths resolve against the config file's folder"
    );
    let default = Config::load_from(&ConfigOrigin::Embedded).unwrap();
    assert_eq!(default.path, None);
    assert!(!default.feeds.is_empty());
}

#[test]
fn shipped_default_is_the_embedded_text_and_matches_code_defaults() {
    let on_disk = std::fs::read_to_string(repo("config/airadar.toml")).unwrap();
    assert_eq!(
        on_disk, DEFAULT_TOML,
        "`config --print-default` prints DEFAULT_TOML"
    );
    let config = Config::from_str(DEFAULT_TOML, None).unwrap();
    assert_eq!(
        config.general,
        General::default(),
        "the [general] values written in the shipped file must be the code's defaults"
    );
    assert!(config.keys.is_empty(), "the default binds no extra keys");
    // Name and version only: no contact URL that nobody answers.
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(config.general.user_agent, format!("airadar/{version}"));
}

#[test]
fn shipped_default_lists_the_issue_sources() {
    let config = Config::from_str(DEFAULT_TOML, None).unwrap();
    let urls: Vec<&str> = config.feeds.iter().map(|f| f.url.as_str()).collect();
    for expected in [
        "https://openai.com/news/rss.xml",
        "https://deepmind.google/blog/rss.xml",
        "https://news.microsoft.com/source/topics/ai/feed/",
        "https://www.microsoft.com/releasecommunications/api/v2/azure/rss",
        "https://aws.amazon.com/about-aws/whats-new/recent/feed/",
        "https://blogs.nvidia.com/feed/",
        "https://huggingface.co/blog/feed.xml",
        "https://mistral.ai/news/rss",
        "https://rss.tecmundo.com.br/feed",
        "https://olhardigital.com.br/feed/",
        "https://canaltech.com.br/rss/inteligencia-artificial/",
        "https://www.xataka.com/tag/inteligencia-artificial/rss2.xml",
    ] {
        assert!(urls.contains(&expected), "missing {expected}");
    }
    assert!(urls.iter().any(|u| u.starts_with("https://hnrss.org/")));
    assert!(
        config
            .feeds
            .iter()
            .all(|f| matches!(f.location, SourceUrl::Http(_)))
    );
    let kinds: Vec<SourceKind> = config.feeds.iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&SourceKind::StatusPage));
    assert!(kinds.contains(&SourceKind::ModelCatalog));
    for lang in ["en", "pt", "es"] {
        assert!(
            config.feeds.iter().any(|f| f.lang.as_deref() == Some(lang)),
            "{lang}"
        );
    }
}

#[test]
fn every_key_is_read() {
    let config = Config::from_file(&repo("tests/valid_configs/every-key.toml")).unwrap();
    let g = &config.general;
    assert_eq!(g.refresh, Duration::from_secs(7_200));
    assert_eq!(g.concurrency, 3);
    assert_eq!(g.timeout, Duration::from_secs(45));
    assert_eq!(g.connect_timeout, Duration::from_secs(5));
    assert_eq!(g.max_body, 512 * 1024);
    assert_eq!(g.user_agent, "airadar-test/1.0 (+https://example.org)");
    assert_eq!(g.max_items_per_source, 200);
    assert_eq!(g.retention_days, 30);
    assert_eq!(
        config.catalog,
        Some(repo("tests/valid_configs/catalog.toml"))
    );
    let status = &config.feeds[0];
    assert_eq!(status.kind, SourceKind::StatusPage);
    assert_eq!(status.refresh, Duration::from_secs(300));
    assert_eq!(status.tags, ["status", "anthropic"]);
    assert_eq!(config.feeds[1].kind, SourceKind::ModelCatalog);
    assert_eq!(
        config.feeds[1].refresh, g.refresh,
        "falls back to [general]"
    );
    assert_eq!(config.feeds[2].lang.as_deref(), Some("pt-br"));
    let keys: Vec<(&str, &str, usize)> = config
        .keys
        .iter()
        .map(|k| (k.key.as_str(), k.action.as_str(), k.line))
        .collect();
    assert_eq!(
        keys,
        [("ctrl-r", "refresh_all", 33), ("G", "last", 34)],
        "file order with lines"
    );
}

#[test]
fn demo_uses_the_checkout_files() {
    let dir = demo_dir(None).unwrap();
    assert_eq!(dir, repo("config"));
    let config = Config::demo().unwrap();
    assert!(config.feeds.len() >= 6);
    for feed in &config.feeds {
        let SourceUrl::File(path) = &feed.location else {
            panic!("{} is not offline", feed.name);
        };
        assert!(path.is_file(), "{}", path.display());
    }
}

#[test]
fn embedded_demo_written_elsewhere_loads_and_matches_the_checkout() {
    let cache = tempfile::tempdir().unwrap();
    write_demo(cache.path()).unwrap();
    let copied = Config::from_file(&cache.path().join("demo.toml")).unwrap();
    let original = Config::from_file(&repo("config/demo.toml")).unwrap();
    assert_eq!(copied.feeds.len(), original.feeds.len());
    for (c, o) in copied.feeds.iter().zip(&original.feeds) {
        let (SourceUrl::File(cp), SourceUrl::File(op)) = (&c.location, &o.location) else {
            panic!("demo sources are files");
        };
        assert!(cp.starts_with(cache.path()));
        assert_eq!(std::fs::read(cp).unwrap(), std::fs::read(op).unwrap());
    }
    // A second write with unchanged content is a no-op that still succeeds.
    write_demo(cache.path()).unwrap();
}
