//! Huawei Cloud credentials: `HUAWEICLOUD_SDK_*` variables and `~/.huaweicloud/credentials`.

use std::path::PathBuf;
use std::sync::Arc;

use super::environment::{Environment, non_empty};
use super::{CredentialsChain, CredentialsError, ProvideCredentials, Provided, ini};
use crate::Secret;

const VENDOR: &str = "Huawei Cloud";
const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
const ENV_PROJECT: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
const ENV_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
const ENV_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// An AK/SK pair for a project, with a security token for temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HuaweiCredentials {
    /// The access key (not secret: it travels in every request).
    pub ak: String,
    /// The secret key.
    pub sk: Secret,
    /// The project; ShowTask's path needs it and `X-Project-Id` carries it. May be empty when
    /// every job reference names its own `project_id`.
    pub project_id: String,
    /// The security token of temporary credentials.
    pub security_token: Option<Secret>,
    /// When temporary credentials stop working; `None` for long-term keys.
    pub expiration: Option<chrono::DateTime<chrono::Utc>>,
}

impl HuaweiCredentials {
    /// Long-term AK/SK credentials for a project.
    pub fn new(
        ak: impl Into<String>,
        sk: impl Into<Secret>,
        project_id: impl Into<String>,
    ) -> Self {
        HuaweiCredentials {
            ak: ak.into(),
            sk: sk.into(),
            project_id: project_id.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Says when these (temporary) credentials stop working.
    pub fn with_expiration(mut self, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.expiration = Some(at);
        self
    }

    /// Adds a security token.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Refuses empty values, so that no request is ever signed with them.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        let problem = if self.ak.trim().is_empty() {
            "the AK is empty"
        } else if self.sk.is_blank() {
            "the SK is empty"
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

/// How a Huawei request authenticates: signed with AK/SK, or with an IAM token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HuaweiAuth {
    /// `SDK-HMAC-SHA256` signing.
    AkSk(HuaweiCredentials),
    /// An IAM token in `X-Auth-Token`, no signature.
    Token {
        /// The IAM token (the `X-Subject-Token` IAM returned).
        token: Secret,
        /// The project.
        project_id: String,
    },
}

impl HuaweiAuth {
    /// The project the request goes to.
    pub fn project_id(&self) -> &str {
        match self {
            HuaweiAuth::AkSk(c) => &c.project_id,
            HuaweiAuth::Token { project_id, .. } => project_id,
        }
    }

    /// Refuses empty values.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        match self {
            HuaweiAuth::AkSk(c) => c.validate(),
            HuaweiAuth::Token { token, project_id } => {
                let _ = project_id;
                if token.is_blank() {
                    Err(CredentialsError::Incomplete {
                        vendor: VENDOR,
                        source_name: "the token given".into(),
                        problem: "the token is empty".into(),
                    })
                } else {
                    Ok(())
                }
            }
        }
    }
}

impl ProvideCredentials for HuaweiAuth {
    type Credentials = HuaweiAuth;
    fn provide(&self) -> Provided<'_, HuaweiAuth> {
        let r = self.validate().map(|()| self.clone());
        Box::pin(async move { r })
    }
}

/// `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
#[derive(Debug, Clone)]
pub struct HuaweiEnvProvider {
    env: Arc<dyn Environment>,
}

impl HuaweiEnvProvider {
    /// Reads from `env`.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        HuaweiEnvProvider { env }
    }

    fn read(&self) -> Result<HuaweiAuth, CredentialsError> {
        let env = &*self.env;
        let ak = non_empty(env, ENV_AK);
        let sk = non_empty(env, ENV_SK);
        if ak.is_none() && sk.is_none() {
            return Err(CredentialsError::NotFound {
                vendor: VENDOR,
                looked_at: vec![format!(
                    "environment variables {ENV_AK} and {ENV_SK} (unset)"
                )],
            });
        }
        // The project may come from each job reference instead (`project_id`).
        let missing: Vec<&str> = [(ENV_AK, ak.is_none()), (ENV_SK, sk.is_none())]
            .into_iter()
            .filter_map(|(n, m)| m.then_some(n))
            .collect();
        if !missing.is_empty() {
            return Err(CredentialsError::Incomplete {
                vendor: VENDOR,
                source_name: "environment variables".into(),
                problem: format!("{} unset or empty", missing.join(", ")),
            });
        }
        let creds = HuaweiCredentials::new(
            ak.unwrap_or_default(),
            sk.unwrap_or_default(),
            non_empty(env, ENV_PROJECT).unwrap_or_default(),
        );
        Ok(HuaweiAuth::AkSk(match non_empty(env, ENV_TOKEN) {
            Some(t) => creds.with_security_token(t),
            None => creds,
        }))
    }
}

impl ProvideCredentials for HuaweiEnvProvider {
    type Credentials = HuaweiAuth;
    fn provide(&self) -> Provided<'_, HuaweiAuth> {
        let r = self.read();
        Box::pin(async move { r })
    }
}

/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE` or `~/.huaweicloud/credentials`, section `[basic]`:
/// `ak`, `sk`, `project_id`, `security_token`.
#[derive(Debug, Clone)]
pub struct HuaweiProfileProvider {
    env: Arc<dyn Environment>,
}

impl HuaweiProfileProvider {
    /// Reads the file `env` points at.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        HuaweiProfileProvider { env }
    }

    fn path(&self) -> Option<(PathBuf, bool)> {
        match non_empty(&*self.env, ENV_FILE) {
            Some(p) => Some((PathBuf::from(p), true)),
            None => self
                .env
                .home_dir()
                .map(|h| (h.join(".huaweicloud").join("credentials"), false)),
        }
    }

    fn read(&self) -> Result<HuaweiAuth, CredentialsError> {
        let Some((path, explicit)) = self.path() else {
            return Err(CredentialsError::NotFound {
                vendor: VENDOR,
                looked_at: vec!["~/.huaweicloud/credentials (no home directory)".into()],
            });
        };
        let shown = path.display().to_string();
        let file_error = |problem: String| CredentialsError::File {
            vendor: VENDOR,
            path: shown.clone(),
            problem,
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Err(CredentialsError::NotFound {
                    vendor: VENDOR,
                    looked_at: vec![format!("{shown} (absent)")],
                });
            }
            Err(e) => return Err(file_error(format!("cannot read it: {e}"))),
        };
        let sections = ini::parse(&text)
            .map_err(|line| file_error(format!("line {line} is not `key = value`")))?;
        let basic = sections
            .get("basic")
            .ok_or_else(|| file_error("no [basic] section".into()))?;
        let get = |k: &str| basic.get(k).filter(|v| !v.trim().is_empty()).cloned();
        let missing: Vec<&str> = ["ak", "sk"]
            .into_iter()
            .filter(|k| get(k).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(CredentialsError::Incomplete {
                vendor: VENDOR,
                source_name: format!("{shown} [basic]"),
                problem: format!("{} missing or empty", missing.join(", ")),
            });
        }
        let creds = HuaweiCredentials::new(
            get("ak").unwrap_or_default(),
            get("sk").unwrap_or_default(),
            get("project_id").unwrap_or_default(),
        );
        Ok(HuaweiAuth::AkSk(match get("security_token") {
            Some(t) => creds.with_security_token(t),
            None => creds,
        }))
    }
}

impl ProvideCredentials for HuaweiProfileProvider {
    type Credentials = HuaweiAuth;
    fn provide(&self) -> Provided<'_, HuaweiAuth> {
        let r = self.read();
        Box::pin(async move { r })
    }
}

/// The default chain: environment, then the profile file.
pub fn huawei_default_chain(env: Arc<dyn Environment>) -> CredentialsChain<HuaweiAuth> {
    CredentialsChain::new(VENDOR)
        .with(HuaweiEnvProvider::new(env.clone()))
        .with(HuaweiProfileProvider::new(env))
}
