//! Alibaba Cloud credentials: environment variables, the CLI's `~/.aliyun/config.json`,
//! and the INI file `~/.alibabacloud/credentials`, in the default chain's order.

use std::path::PathBuf;
use std::sync::Arc;

use super::environment::{Environment, non_empty};
use super::{CredentialsChain, CredentialsError, ProvideCredentials, Provided, ini};
use crate::Secret;

const VENDOR: &str = "Alibaba Cloud";
const ENV_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ENV_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const ENV_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
const ENV_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
const ENV_CLI_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// An AccessKey pair, with an STS security token for temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlibabaCredentials {
    /// The AccessKey ID (not secret: it travels in every request).
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: Secret,
    /// The STS token of temporary credentials.
    pub security_token: Option<Secret>,
    /// When temporary credentials stop working; `None` for long-term keys.
    pub expiration: Option<chrono::DateTime<chrono::Utc>>,
}

impl AlibabaCredentials {
    /// A long-term AccessKey pair.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        AlibabaCredentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Says when these (temporary) credentials stop working, so that a cache refreshes them
    /// before then.
    pub fn with_expiration(mut self, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.expiration = Some(at);
        self
    }

    /// Adds an STS security token.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Refuses empty values, so that no request is ever signed with them.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        let problem = if self.access_key_id.trim().is_empty() {
            "the AccessKey ID is empty"
        } else if self.access_key_secret.is_blank() {
            "the AccessKey secret is empty"
        } else if self.security_token.as_ref().is_some_and(Secret::is_blank) {
            "the security token is empty"
        } else {
            return Ok(());
        };
        Err(CredentialsError::Incomplete {
            vendor: VENDOR,
            source_name: "the credentials given".into(),
            problem: problem.into(),
        })
    }
}

impl ProvideCredentials for AlibabaCredentials {
    type Credentials = AlibabaCredentials;
    fn provide(&self) -> Provided<'_, AlibabaCredentials> {
        let r = self.validate().map(|()| self.clone());
        Box::pin(async move { r })
    }
}

/// `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Debug, Clone)]
pub struct AlibabaEnvProvider {
    env: Arc<dyn Environment>,
}

impl AlibabaEnvProvider {
    /// Reads from `env`.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        AlibabaEnvProvider { env }
    }

    fn read(&self) -> Result<AlibabaCredentials, CredentialsError> {
        let env = &*self.env;
        let (id, secret) = (non_empty(env, ENV_ID), non_empty(env, ENV_SECRET));
        let incomplete = |problem: String| CredentialsError::Incomplete {
            vendor: VENDOR,
            source_name: "environment variables".into(),
            problem,
        };
        let creds = match (id, secret) {
            (None, None) if env.var(ENV_ID).is_some() || env.var(ENV_SECRET).is_some() => {
                // Set but empty is a mistake to report, not a reason to look elsewhere.
                return Err(incomplete(format!(
                    "{ENV_ID} and {ENV_SECRET} are set but empty"
                )));
            }
            (None, None) => {
                return Err(CredentialsError::NotFound {
                    vendor: VENDOR,
                    looked_at: vec![format!(
                        "environment variables {ENV_ID} and {ENV_SECRET} (unset)"
                    )],
                });
            }
            (Some(_), None) => {
                return Err(incomplete(format!(
                    "{ENV_ID} is set but {ENV_SECRET} is unset or empty"
                )));
            }
            (None, Some(_)) => {
                return Err(incomplete(format!(
                    "{ENV_SECRET} is set but {ENV_ID} is unset or empty"
                )));
            }
            (Some(id), Some(secret)) => AlibabaCredentials::new(id, secret),
        };
        Ok(match non_empty(env, ENV_TOKEN) {
            Some(t) => creds.with_security_token(t),
            None => creds,
        })
    }
}

impl ProvideCredentials for AlibabaEnvProvider {
    type Credentials = AlibabaCredentials;
    fn provide(&self) -> Provided<'_, AlibabaCredentials> {
        let r = self.read();
        Box::pin(async move { r })
    }
}

/// The Alibaba Cloud CLI's profile file, `~/.aliyun/config.json` (modes `AK` and `StsToken`).
#[derive(Debug, Clone)]
pub struct AlibabaCliProfileProvider {
    env: Arc<dyn Environment>,
}

impl AlibabaCliProfileProvider {
    /// Reads the file under `env`'s home directory.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        AlibabaCliProfileProvider { env }
    }

    fn read(&self) -> Result<AlibabaCredentials, CredentialsError> {
        let env = &*self.env;
        if env
            .var(ENV_CLI_DISABLED)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(not_found(format!(
                "CLI profile file (disabled by {ENV_CLI_DISABLED})"
            )));
        }
        let Some(path) = env
            .home_dir()
            .map(|h| h.join(".aliyun").join("config.json"))
        else {
            return Err(not_found(
                "CLI profile file ~/.aliyun/config.json (no home directory)".into(),
            ));
        };
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_found(format!("{shown} (absent)")));
            }
            Err(e) => return Err(file_error(&shown, format!("cannot read it: {e}"))),
        };
        let doc: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| file_error(&shown, format!("not valid JSON: {e}")))?;
        let name = non_empty(env, ENV_PROFILE)
            .or_else(|| {
                doc.get("current")
                    .and_then(|c| c.as_str())
                    .map(str::to_owned)
            })
            .ok_or_else(|| {
                file_error(
                    &shown,
                    format!("no \"current\" profile and {ENV_PROFILE} is unset"),
                )
            })?;
        let profile = doc
            .get("profiles")
            .and_then(|p| p.as_array())
            .and_then(|ps| {
                ps.iter()
                    .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(&name))
            })
            .ok_or_else(|| file_error(&shown, format!("no profile named {name:?}")))?;
        let field = |k: &str| {
            profile
                .get(k)
                .and_then(|v| v.as_str())
                .filter(|v| !v.trim().is_empty())
        };
        let require = |k: &str| {
            field(k).ok_or_else(|| CredentialsError::Incomplete {
                vendor: VENDOR,
                source_name: format!("{shown}, profile {name:?}"),
                problem: format!("{k} is missing or empty"),
            })
        };
        let mode = field("mode").unwrap_or("AK");
        match mode {
            "AK" => Ok(AlibabaCredentials::new(
                require("access_key_id")?,
                require("access_key_secret")?,
            )),
            "StsToken" => Ok(AlibabaCredentials::new(
                require("access_key_id")?,
                require("access_key_secret")?,
            )
            .with_security_token(require("sts_token")?)),
            other => Err(file_error(
                &shown,
                format!("profile {name:?} has mode {other:?}; only AK and StsToken are supported"),
            )),
        }
    }
}

impl ProvideCredentials for AlibabaCliProfileProvider {
    type Credentials = AlibabaCredentials;
    fn provide(&self) -> Provided<'_, AlibabaCredentials> {
        let r = self.read();
        Box::pin(async move { r })
    }
}

/// The INI profile file: `ALIBABA_CLOUD_CREDENTIALS_FILE`, or `~/.alibabacloud/credentials`;
/// section `ALIBABA_CLOUD_PROFILE` or `default`; `type = access_key`.
#[derive(Debug, Clone)]
pub struct AlibabaIniProfileProvider {
    env: Arc<dyn Environment>,
}

impl AlibabaIniProfileProvider {
    /// Reads the file `env` points at.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        AlibabaIniProfileProvider { env }
    }

    fn path(&self) -> Option<(PathBuf, bool)> {
        match non_empty(&*self.env, ENV_FILE) {
            Some(p) => Some((PathBuf::from(p), true)),
            None => self
                .env
                .home_dir()
                .map(|h| (h.join(".alibabacloud").join("credentials"), false)),
        }
    }

    fn read(&self) -> Result<AlibabaCredentials, CredentialsError> {
        let Some((path, explicit)) = self.path() else {
            return Err(not_found(
                "INI file ~/.alibabacloud/credentials (no home directory)".into(),
            ));
        };
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Err(not_found(format!("{shown} (absent)")));
            }
            Err(e) => return Err(file_error(&shown, format!("cannot read it: {e}"))),
        };
        let sections = ini::parse(&text)
            .map_err(|line| file_error(&shown, format!("line {line} is not `key = value`")))?;
        let name = non_empty(&*self.env, ENV_PROFILE).unwrap_or_else(|| "default".into());
        let section = sections
            .get(&name)
            .ok_or_else(|| file_error(&shown, format!("no [{name}] section")))?;
        let kind = section
            .get("type")
            .map(String::as_str)
            .unwrap_or("access_key");
        if kind != "access_key" {
            return Err(file_error(
                &shown,
                format!("[{name}] has type {kind:?}; only access_key is supported"),
            ));
        }
        let require = |k: &str| {
            section
                .get(k)
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .ok_or_else(|| CredentialsError::Incomplete {
                    vendor: VENDOR,
                    source_name: format!("{shown} [{name}]"),
                    problem: format!("{k} is missing or empty"),
                })
        };
        Ok(AlibabaCredentials::new(
            require("access_key_id")?,
            require("access_key_secret")?,
        ))
    }
}

impl ProvideCredentials for AlibabaIniProfileProvider {
    type Credentials = AlibabaCredentials;
    fn provide(&self) -> Provided<'_, AlibabaCredentials> {
        let r = self.read();
        Box::pin(async move { r })
    }
}

/// The default chain, in the official SDKs' order: environment, CLI profile, INI profile.
/// (OIDC, ECS RAM role and credentials URI come later; they slot in as further providers.)
pub fn alibaba_default_chain(env: Arc<dyn Environment>) -> CredentialsChain<AlibabaCredentials> {
    CredentialsChain::new(VENDOR)
        .with(AlibabaEnvProvider::new(env.clone()))
        .with(AlibabaCliProfileProvider::new(env.clone()))
        .with(AlibabaIniProfileProvider::new(env))
}

fn not_found(place: String) -> CredentialsError {
    CredentialsError::NotFound {
        vendor: VENDOR,
        looked_at: vec![place],
    }
}

fn file_error(path: &str, problem: String) -> CredentialsError {
    CredentialsError::File {
        vendor: VENDOR,
        path: path.to_owned(),
        problem,
    }
}
