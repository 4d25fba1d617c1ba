//! Job references: any job on any of the five providers, as a string that round-trips.
//!
//! `jobstatus:<provider>?<where>&<id>=<value>…`, where `<where>` is `region=<region>` or
//! `endpoint=<base URL>`, ids use the vendor's own parameter names, and values are RFC 3986
//! encoded:
//!
//! | provider | ids (required; optional) |
//! |---|---|
//! | `bailian-index` | `WorkspaceId`, `IndexId`, `JobId` |
//! | `gpdb-docs` | `DBInstanceId`, `RegionId`, `Collection`, `JobId`; `Namespace`, `OwnerId` (the region defaults to `RegionId`) |
//! | `azure-qna` | `projectName`, `jobId` |
//! | `pai-dataset` | `DatasetId`, `DatasetJobId`; `WorkspaceId`, `DatasetVersion` |
//! | `huawei-ies` | `id`; `project_id` (else the credentials') |
//!
//! Secrets are never part of a reference: gpdb's `NamespacePassword` is refused.
//! An Azure `Operation-Location` URL parses too.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jobstatus_runtime::encoding::{percent_decode, rfc3986_encode};

use crate::Provider;

const SCHEME: &str = "jobstatus:";

/// Where a provider's API is reached.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// The vendor's host for a region.
    Region(String),
    /// An explicit base URL (a private endpoint, the emulator).
    Endpoint(String),
}

/// A job on one provider.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobRef {
    provider: Provider,
    location: Location,
    ids: BTreeMap<String, String>,
}

/// Why a string is not a job reference; says which part is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid job reference: {problem}")]
pub struct JobRefError {
    /// What is wrong.
    pub problem: String,
}

fn err(problem: impl Into<String>) -> JobRefError {
    JobRefError {
        problem: problem.into(),
    }
}

fn id_names(provider: Provider) -> (&'static [&'static str], &'static [&'static str]) {
    match provider {
        Provider::Bailian => (&["WorkspaceId", "IndexId", "JobId"], &[]),
        Provider::Gpdb => (
            &["DBInstanceId", "RegionId", "Collection", "JobId"],
            &["Namespace", "OwnerId"],
        ),
        Provider::Azure => (&["projectName", "jobId"], &[]),
        Provider::Pai => (
            &["DatasetId", "DatasetJobId"],
            &["WorkspaceId", "DatasetVersion"],
        ),
        Provider::Huawei => (&["id"], &["project_id"]),
    }
}

impl JobRef {
    /// A reference from its parts; checks the ids the provider needs.
    pub fn new<'a>(
        provider: Provider,
        location: Location,
        ids: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<JobRef, JobRefError> {
        let (required, optional) = id_names(provider);
        let mut map = BTreeMap::new();
        for (k, v) in ids {
            if k == "NamespacePassword" {
                return Err(err(
                    "NamespacePassword is a secret and is never part of a job reference; give it through JOBSTATUS_GPDB_NAMESPACE_PASSWORD or the client",
                ));
            }
            if !required.contains(&k) && !optional.contains(&k) {
                return Err(err(format!(
                    "{provider} has no id {k:?}; it takes {}",
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if v.is_empty() {
                return Err(err(format!("{k} is empty")));
            }
            if map.insert(k.to_owned(), v.to_owned()).is_some() {
                return Err(err(format!("{k} is given twice")));
            }
        }
        if let Some(missing) = required.iter().find(|k| !map.contains_key(**k)) {
            return Err(err(format!("{provider} needs {missing}")));
        }
        match &location {
            Location::Region(r) => {
                jobstatus_runtime::http_client::check_region(provider.as_str(), r, &[], false)
                    .map_err(|x| err(format!("region: {x}")))?;
            }
            Location::Endpoint(e) => {
                jobstatus_runtime::http_client::check_base_url(e)
                    .map_err(|x| err(format!("endpoint: {x}")))?;
            }
        }
        Ok(JobRef {
            provider,
            location,
            ids: map,
        })
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Where its API is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// One id, by the vendor's parameter name.
    pub fn id(&self, name: &str) -> Option<&str> {
        self.ids.get(name).map(String::as_str)
    }

    /// All ids.
    pub fn ids(&self) -> &BTreeMap<String, String> {
        &self.ids
    }

    /// The vendor's job id (`JobId`, `jobId`, `DatasetJobId`, `id`).
    pub fn job_id(&self) -> &str {
        let key = match self.provider {
            Provider::Bailian | Provider::Gpdb => "JobId",
            Provider::Azure => "jobId",
            Provider::Pai => "DatasetJobId",
            Provider::Huawei => "id",
        };
        self.id(key).unwrap_or_default()
    }

    /// The same job at another location (for example the emulator).
    pub fn with_location(mut self, location: Location) -> Self {
        self.location = location;
        self
    }

    /// An Azure `Operation-Location` URL as a reference.
    #[cfg(feature = "azure-qna")]
    pub fn from_operation_location(url: &str) -> Result<JobRef, JobRefError> {
        let l = azure_qna::OperationLocation::parse(url).map_err(|e| err(e.to_string()))?;
        JobRef::new(
            Provider::Azure,
            Location::Endpoint(l.endpoint),
            [
                ("projectName", l.project_name.as_str()),
                ("jobId", l.job_id.as_str()),
            ],
        )
    }
}

impl fmt::Display for JobRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SCHEME}{}?", self.provider)?;
        match &self.location {
            Location::Region(r) => write!(f, "region={}", rfc3986_encode(r))?,
            Location::Endpoint(e) => write!(f, "endpoint={}", rfc3986_encode(e))?,
        }
        let (required, optional) = id_names(self.provider);
        for k in required.iter().chain(optional) {
            if let Some(v) = self.ids.get(*k) {
                write!(f, "&{k}={}", rfc3986_encode(v))?;
            }
        }
        Ok(())
    }
}

impl FromStr for JobRef {
    type Err = JobRefError;

    fn from_str(s: &str) -> Result<JobRef, JobRefError> {
        let s = s.trim();
        if s.starts_with("https://") || s.starts_with("http://") {
            #[cfg(feature = "azure-qna")]
            return JobRef::from_operation_location(s);
            #[cfg(not(feature = "azure-qna"))]
            return Err(err(
                "a URL is only understood as an Azure Operation-Location, and azure-qna is not built in",
            ));
        }
        let rest = s
            .strip_prefix(SCHEME)
            .ok_or_else(|| err(format!("it must start with {SCHEME:?}")))?;
        let (provider, query) = rest
            .split_once('?')
            .ok_or_else(|| err("no `?` after the provider"))?;
        let provider: Provider = provider.parse().map_err(err)?;
        let mut location = None;
        let mut ids: Vec<(String, String)> = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err(format!("{part:?} is not name=value")))?;
            let v = percent_decode(v, false);
            match k {
                "region" | "endpoint" if location.is_some() => {
                    return Err(err("give one region or endpoint, not two"));
                }
                "region" => location = Some(Location::Region(v)),
                "endpoint" => location = Some(Location::Endpoint(v)),
                _ => ids.push((percent_decode(k, false), v)),
            }
        }
        let location = match location {
            Some(l) => l,
            None if provider == Provider::Gpdb => ids
                .iter()
                .find(|(k, _)| k == "RegionId")
                .map(|(_, v)| Location::Region(v.clone()))
                .ok_or_else(|| err("gpdb-docs needs region=, endpoint= or RegionId="))?,
            None => return Err(err("no region= or endpoint=")),
        };
        JobRef::new(
            provider,
            location,
            ids.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "jobstatus:bailian-index?region=cn-beijing&WorkspaceId=llm-1&IndexId=i%201&JobId=j%2F2",
            "jobstatus:gpdb-docs?endpoint=http%3A%2F%2F127.0.0.1%3A8080&DBInstanceId=gp-1&RegionId=cn-hangzhou&Collection=c&JobId=j&Namespace=ns",
            "jobstatus:azure-qna?endpoint=https%3A%2F%2Fres.cognitiveservices.azure.com&projectName=p&jobId=j",
            "jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d&DatasetJobId=dj&WorkspaceId=w",
            "jobstatus:huawei-ies?region=cn-north-4&id=t",
        ] {
            let r: JobRef = s.parse().unwrap();
            assert_eq!(r.to_string(), s);
            assert_eq!(r.to_string().parse::<JobRef>().unwrap(), r);
        }
        let r: JobRef =
            "jobstatus:bailian-index?region=cn-beijing&WorkspaceId=w&IndexId=i&JobId=j%2F2"
                .parse()
                .unwrap();
        assert_eq!(r.job_id(), "j/2");
    }

    #[test]
    fn gpdb_region_defaults_to_region_id() {
        let r: JobRef =
            "jobstatus:gpdb-docs?DBInstanceId=gp&RegionId=cn-hangzhou&Collection=c&JobId=j"
                .parse()
                .unwrap();
        assert_eq!(r.location(), &Location::Region("cn-hangzhou".into()));
    }

    #[test]
    fn errors_name_the_part() {
        let e = |s: &str| s.parse::<JobRef>().unwrap_err().to_string();
        assert!(e("bailian-index?x").contains("must start with \"jobstatus:\""));
        assert!(e("jobstatus:aws-s3?region=x").contains("unknown provider \"aws-s3\""));
        assert!(e("jobstatus:azure-qna?region=x&projectName=p").contains("azure-qna needs jobId"));
        assert!(
            e("jobstatus:azure-qna?region=x&projectName=p&jobId=j&foo=1")
                .contains("has no id \"foo\"")
        );
        assert!(e("jobstatus:azure-qna?projectName=p&jobId=j").contains("no region= or endpoint="));
        assert!(
            e("jobstatus:azure-qna?endpoint=ftp%3A%2F%2Fx&projectName=p&jobId=j")
                .contains("endpoint:")
        );
        assert!(e("jobstatus:huawei-ies?region=r&id=a&id=b").contains("id is given twice"));
        let moved =
            e("jobstatus:bailian-index?region=x.evil.example%23&WorkspaceId=w&IndexId=i&JobId=j");
        assert!(
            moved.contains("region:") && moved.contains("is not a region name"),
            "{moved}"
        );
        let secret = e(
            "jobstatus:gpdb-docs?region=r&DBInstanceId=d&RegionId=r&Collection=c&JobId=j&NamespacePassword=hunter2",
        );
        assert!(
            secret.contains("NamespacePassword is a secret") && !secret.contains("hunter2"),
            "{secret}"
        );
    }

    #[cfg(feature = "azure-qna")]
    #[test]
    fn operation_location_urls_parse() {
        let r: JobRef = "https://res.cognitiveservices.azure.com/language/authoring/query-knowledgebases/projects/proj1/qnas/jobs/job1?api-version=2023-04-01"
            .parse()
            .unwrap();
        assert_eq!(r.provider(), Provider::Azure);
        assert_eq!(
            r.to_string(),
            "jobstatus:azure-qna?endpoint=https%3A%2F%2Fres.cognitiveservices.azure.com&projectName=proj1&jobId=job1"
        );
    }
}
