//! The credential chains, with temporary home directories and given environments.

use std::sync::Arc;

use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, AzureKeyEnvProvider, CredentialsError, HuaweiAuth,
    MapEnvironment, ProvideCredentials, alibaba_default_chain, huawei_default_chain,
};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &std::path::Path, rel: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

async fn alibaba(env: MapEnvironment) -> Result<AlibabaCredentials, CredentialsError> {
    alibaba_default_chain(Arc::new(env)).provide().await
}

#[tokio::test]
async fn alibaba_environment_first() {
    let h = home();
    write(
        h.path(),
        ".aliyun/config.json",
        r#"{"current":"AK","profiles":[{"name":"AK","mode":"AK","access_key_id":"cli","access_key_secret":"s"}]}"#,
    );
    let env = MapEnvironment::new()
        .with_home(h.path())
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
        .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token");
    let c = alibaba(env).await.unwrap();
    assert_eq!(c.access_key_id, "env-id");
    assert_eq!(c.access_key_secret.expose(), "env-secret");
    assert_eq!(c.security_token.unwrap().expose(), "env-token");
}

#[tokio::test]
async fn alibaba_cli_profile_ak_and_sts() {
    let h = home();
    write(
        h.path(),
        ".aliyun/config.json",
        r#"{"current":"AK","profiles":[
            {"name":"AK","mode":"AK","access_key_id":"cli-id","access_key_secret":"cli-secret"},
            {"name":"sts","mode":"StsToken","access_key_id":"STS.x","access_key_secret":"s","sts_token":"t"}]}"#,
    );
    let c = alibaba(MapEnvironment::new().with_home(h.path()))
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id.as_str(), c.security_token.is_none()),
        ("cli-id", true)
    );
    let c = alibaba(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("ALIBABA_CLOUD_PROFILE", "sts"),
    )
    .await
    .unwrap();
    assert_eq!(
        (c.access_key_id.as_str(), c.security_token.unwrap().expose()),
        ("STS.x", "t")
    );
    // Disabled: falls through to the INI file.
    write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n",
    );
    let c = alibaba(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"),
    )
    .await
    .unwrap();
    assert_eq!(c.access_key_id, "ini-id");
}

#[tokio::test]
async fn alibaba_ini_file_by_default_path_override_and_profile() {
    let h = home();
    write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n[other]\naccess_key_id = o\naccess_key_secret = p\n",
    );
    let c = alibaba(MapEnvironment::new().with_home(h.path()))
        .await
        .unwrap();
    assert_eq!(c.access_key_id, "ini-id");
    let c = alibaba(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("ALIBABA_CLOUD_PROFILE", "other"),
    )
    .await
    .unwrap();
    assert_eq!(c.access_key_id, "o");
    let elsewhere = write(
        h.path(),
        "elsewhere.ini",
        "[default]\naccess_key_id = x\naccess_key_secret = y\n",
    );
    let env = MapEnvironment::new().with_var(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        elsewhere.to_str().unwrap(),
    );
    assert_eq!(alibaba(env).await.unwrap().access_key_id, "x");
}

#[tokio::test]
async fn alibaba_nothing_found_lists_every_place() {
    let h = home();
    let e = alibaba(MapEnvironment::new().with_home(h.path()))
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    let msg = e.to_string();
    assert!(msg.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{msg}");
    assert!(msg.contains(".aliyun/config.json (absent)"), "{msg}");
    assert!(msg.contains(".alibabacloud/credentials (absent)"), "{msg}");
    let e = alibaba(MapEnvironment::new())
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("no home directory"), "{e}");
}

#[tokio::test]
async fn alibaba_half_set_and_malformed_sources_say_what_is_wrong() {
    let h = home();
    let base = || MapEnvironment::new().with_home(h.path());
    let e = alibaba(base().with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is unset or empty"), "{e}");
    let e = alibaba(
        base()
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "  "),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{e}"
    );

    write(h.path(), ".aliyun/config.json", "{not json");
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(
        e.contains(".aliyun/config.json") && e.contains("not valid JSON"),
        "{e}"
    );
    write(
        h.path(),
        ".aliyun/config.json",
        r#"{"current":"AK","profiles":[{"name":"AK","mode":"AK","access_key_id":"id","access_key_secret":""}]}"#,
    );
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("access_key_secret is missing or empty"), "{e}");
    write(
        h.path(),
        ".aliyun/config.json",
        r#"{"current":"r","profiles":[{"name":"r","mode":"RamRoleArn"}]}"#,
    );
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("only AK and StsToken are supported"), "{e}");
    std::fs::remove_file(h.path().join(".aliyun/config.json")).unwrap();

    write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\nthis line is broken\n",
    );
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("line 2 is not `key = value`"), "{e}");
    write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\naccess_key_id = id\n",
    );
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("access_key_secret is missing or empty"), "{e}");
    write(
        h.path(),
        ".alibabacloud/credentials",
        "[elsewhere]\naccess_key_id = id\n",
    );
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("no [default] section"), "{e}");
    let e = alibaba(base().with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", "/nonexistent/creds"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("/nonexistent/creds") && e.contains("cannot read it"),
        "{e}"
    );

    // An unreadable file (a directory where the file should be).
    std::fs::remove_file(h.path().join(".alibabacloud/credentials")).unwrap();
    std::fs::create_dir_all(h.path().join(".alibabacloud/credentials")).unwrap();
    let e = alibaba(base()).await.unwrap_err().to_string();
    assert!(e.contains("cannot read it"), "{e}");
}

#[tokio::test]
async fn the_chain_remembers_the_provider_that_worked() {
    let h = home();
    let path = write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\naccess_key_id = first\naccess_key_secret = s\n",
    );
    let chain = alibaba_default_chain(Arc::new(MapEnvironment::new().with_home(h.path())));
    assert_eq!(chain.provide().await.unwrap().access_key_id, "first");
    std::fs::write(
        &path,
        "[default]\naccess_key_id = second\naccess_key_secret = s\n",
    )
    .unwrap();
    assert_eq!(
        chain.provide().await.unwrap().access_key_id,
        "second",
        "the remembered provider reads afresh"
    );
}

#[tokio::test]
async fn huawei_environment_then_profile_file() {
    let h = home();
    write(
        h.path(),
        ".huaweicloud/credentials",
        "[basic]\nak = file-ak\nsk = file-sk\nproject_id = file-proj\n",
    );
    let env = MapEnvironment::new()
        .with_home(h.path())
        .with_var("HUAWEICLOUD_SDK_AK", "env-ak")
        .with_var("HUAWEICLOUD_SDK_SK", "env-sk")
        .with_var("HUAWEICLOUD_SDK_PROJECT_ID", "env-proj")
        .with_var("HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok");
    match huawei_default_chain(Arc::new(env)).provide().await.unwrap() {
        HuaweiAuth::AkSk(c) => {
            assert_eq!(
                (c.ak.as_str(), c.project_id.as_str()),
                ("env-ak", "env-proj")
            );
            assert_eq!(c.security_token.unwrap().expose(), "tok");
        }
        other => panic!("{other:?}"),
    }
    let auth = huawei_default_chain(Arc::new(MapEnvironment::new().with_home(h.path())))
        .provide()
        .await
        .unwrap();
    assert_eq!(auth.project_id(), "file-proj");
}

#[tokio::test]
async fn huawei_incomplete_and_missing() {
    let h = home();
    let e = huawei_default_chain(Arc::new(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("HUAWEICLOUD_SDK_AK", "a"),
    ))
    .provide()
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("HUAWEICLOUD_SDK_SK unset or empty"), "{e}");
    // AK and SK suffice: the project may come from each job reference.
    let ok = huawei_default_chain(Arc::new(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("HUAWEICLOUD_SDK_AK", "a")
            .with_var("HUAWEICLOUD_SDK_SK", "s"),
    ))
    .provide()
    .await
    .unwrap();
    assert_eq!(ok.project_id(), "");
    write(h.path(), ".huaweicloud/credentials", "[basic]\nak = a\n");
    let e = huawei_default_chain(Arc::new(MapEnvironment::new().with_home(h.path())))
        .provide()
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("sk missing or empty"), "{e}");
    std::fs::remove_file(h.path().join(".huaweicloud/credentials")).unwrap();
    let e = huawei_default_chain(Arc::new(MapEnvironment::new().with_home(h.path())))
        .provide()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("HUAWEICLOUD_SDK_AK") && e.contains(".huaweicloud/credentials (absent)"),
        "{e}"
    );
}

#[tokio::test]
async fn empty_alibaba_variables_are_an_error_not_a_fall_through() {
    let h = home();
    write(
        h.path(),
        ".alibabacloud/credentials",
        "[default]\ntype = access_key\naccess_key_id = fromfile\naccess_key_secret = s\n",
    );
    let e = alibaba_default_chain(Arc::new(
        MapEnvironment::new()
            .with_home(h.path())
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
    ))
    .provide()
    .await
    .unwrap_err()
    .to_string();
    assert!(e.contains("are set but empty"), "{e}");
}

#[tokio::test]
async fn azure_key_from_the_environment() {
    let env = MapEnvironment::new().with_var("AZURE_QUESTIONANSWERING_KEY", "k");
    assert!(
        matches!(AzureKeyEnvProvider::new(Arc::new(env)).provide().await.unwrap(), AzureAuth::Key(k) if k.expose() == "k")
    );
    let e = AzureKeyEnvProvider::new(Arc::new(
        MapEnvironment::new().with_var("AZURE_QUESTIONANSWERING_KEY", ""),
    ))
    .provide()
    .await
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("AZURE_QUESTIONANSWERING_KEY (unset or empty)"),
        "{e}"
    );
    assert!(AzureAuth::key("  ").provide().await.is_err());
}

mod identity_cache {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    use jobstatus_runtime::credentials::{
        AlibabaCredentials, CredentialsError, IdentityCache, ProvideCredentials, Provided,
    };

    /// Counts its calls; gives credentials expiring `lifetime` from now the first time and an
    /// hour from now after that, or fails once `fail_after` calls were made.
    #[derive(Debug)]
    struct Counting {
        calls: AtomicU32,
        lifetime: chrono::Duration,
        fail_after: u32,
    }

    impl ProvideCredentials for Counting {
        type Credentials = AlibabaCredentials;
        fn provide(&self) -> Provided<'_, AlibabaCredentials> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let lifetime = if n == 1 {
                self.lifetime
            } else {
                chrono::Duration::hours(1)
            };
            let fail = n > self.fail_after;
            Box::pin(async move {
                // A slow source: concurrent callers pile up behind one refresh.
                tokio::time::sleep(Duration::from_millis(20)).await;
                if fail {
                    return Err(CredentialsError::Token("the source is down".into()));
                }
                Ok(AlibabaCredentials::new(format!("id-{n}"), "secret")
                    .with_expiration(chrono::Utc::now() + lifetime))
            })
        }
    }

    fn counting(lifetime: chrono::Duration, fail_after: u32) -> Arc<Counting> {
        Arc::new(Counting {
            calls: AtomicU32::new(0),
            lifetime,
            fail_after,
        })
    }

    const MARGIN: Duration = Duration::from_secs(300);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_calls_resolve_once() {
        let source = counting(chrono::Duration::hours(1), u32::MAX);
        let cache = Arc::new(IdentityCache::new(source.clone()));
        let mut tasks = Vec::new();
        for _ in 0..1000 {
            let cache = cache.clone();
            tasks.push(tokio::spawn(async move { cache.provide().await.unwrap() }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().access_key_id, "id-1");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn expiring_credentials_are_refreshed_before_expiry_once_for_all_callers() {
        // Valid for the margin plus a second: after 1.2 s they are due for refresh, not expired.
        let lifetime = chrono::Duration::from_std(MARGIN + Duration::from_secs(1)).unwrap();
        let source = counting(lifetime, u32::MAX);
        let cache = Arc::new(IdentityCache::new(source.clone()).with_refresh_margin(MARGIN));
        assert_eq!(cache.provide().await.unwrap().access_key_id, "id-1");
        assert_eq!(cache.provide().await.unwrap().access_key_id, "id-1");
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let cache = cache.clone();
            tasks.push(tokio::spawn(async move { cache.provide().await.unwrap() }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().access_key_id, "id-2");
        }
        assert_eq!(
            source.calls.load(Ordering::SeqCst),
            2,
            "one refresh for 100 callers"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_refresh_keeps_valid_credentials_in_use() {
        let lifetime = chrono::Duration::from_std(MARGIN + Duration::from_millis(300)).unwrap();
        let source = counting(lifetime, 1);
        let cache = IdentityCache::new(source.clone()).with_refresh_margin(MARGIN);
        assert_eq!(cache.provide().await.unwrap().access_key_id, "id-1");
        tokio::time::sleep(Duration::from_millis(400)).await;
        // Due for refresh, the source fails, the old ones are still valid: they are used.
        assert_eq!(cache.provide().await.unwrap().access_key_id, "id-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
        // Expired ones are never used: the error comes through.
        let short = counting(chrono::Duration::milliseconds(100), 1);
        let cache =
            IdentityCache::new(short.clone()).with_refresh_margin(Duration::from_millis(50));
        cache.provide().await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let err = cache.provide().await.unwrap_err();
        assert!(err.to_string().contains("the source is down"), "{err}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_file_source_is_read_off_the_async_workers_even_on_one_thread() {
        let h = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(h.path().join(".alibabacloud")).unwrap();
        std::fs::write(
            h.path().join(".alibabacloud/credentials"),
            "[default]\ntype = access_key\naccess_key_id = fromfile\naccess_key_secret = s\n",
        )
        .unwrap();
        let chain = jobstatus_runtime::credentials::alibaba_default_chain(Arc::new(
            jobstatus_runtime::credentials::MapEnvironment::new().with_home(h.path()),
        ));
        let cache = IdentityCache::new(Arc::new(chain));
        assert_eq!(cache.provide().await.unwrap().access_key_id, "fromfile");
        // The file is read once: removing it changes nothing for long-term keys.
        std::fs::remove_file(h.path().join(".alibabacloud/credentials")).unwrap();
        assert_eq!(cache.provide().await.unwrap().access_key_id, "fromfile");
    }
}
