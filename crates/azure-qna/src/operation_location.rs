//! The `Operation-Location` URL that a PATCH of `.../qnas` answers with, taken apart.

use jobstatus_runtime::Error;

/// A parsed status URL: `{endpoint}/language/authoring/query-knowledgebases/projects/{project}/qnas/jobs/{job}?api-version=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationLocation {
    /// The resource endpoint, e.g. `https://my-resource.cognitiveservices.azure.com`.
    pub endpoint: String,
    /// The project.
    pub project_name: String,
    /// The job.
    pub job_id: String,
    /// The `api-version` in the URL, if any.
    pub api_version: Option<String>,
}

impl OperationLocation {
    /// Parses the URL; the error says which part is wrong. The 2021-10-01 form without
    /// `/authoring` is accepted too.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let bad = |why: &str| {
            Error::InvalidRequest(format!(
                "not an update-QnAs Operation-Location URL ({why}): {url}"
            ))
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
        let segments: Vec<String> = parsed
            .path_segments()
            .ok_or_else(|| bad("no path"))?
            .map(|s| jobstatus_runtime::encoding::percent_decode(s, false))
            .collect();
        let lang = segments
            .iter()
            .position(|s| s == "language")
            .ok_or_else(|| bad("no /language segment"))?;
        let rest: Vec<&str> = segments[lang + 1..].iter().map(String::as_str).collect();
        let rest = match rest.first() {
            Some(&"authoring") => &rest[1..],
            _ => &rest[..],
        };
        let (project, job) = match rest {
            [
                "query-knowledgebases",
                "projects",
                project,
                "qnas",
                "jobs",
                job,
            ] => (*project, *job),
            _ => {
                return Err(bad(
                    "expected query-knowledgebases/projects/{project}/qnas/jobs/{job}",
                ));
            }
        };
        if project.is_empty() || job.is_empty() {
            return Err(bad("empty project or job"));
        }
        let prefix: Vec<&str> = segments[..lang].iter().map(String::as_str).collect();
        let mut endpoint = format!(
            "{}://{}",
            parsed.scheme(),
            jobstatus_runtime::acs3::host_header(&parsed)
        );
        for p in prefix.iter().filter(|p| !p.is_empty()) {
            endpoint.push('/');
            endpoint.push_str(p);
        }
        Ok(OperationLocation {
            endpoint,
            project_name: project.to_owned(),
            job_id: job.to_owned(),
            api_version: parsed
                .query_pairs()
                .find(|(k, _)| k == "api-version")
                .map(|(_, v)| v.into_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::OperationLocation;

    #[test]
    fn parses_the_status_url() {
        let l = OperationLocation::parse(
            "https://res.cognitiveservices.azure.com/language/authoring/query-knowledgebases/projects/proj1/qnas/jobs/job%201?api-version=2023-04-01",
        )
        .unwrap();
        assert_eq!(l.endpoint, "https://res.cognitiveservices.azure.com");
        assert_eq!(
            (l.project_name.as_str(), l.job_id.as_str()),
            ("proj1", "job 1")
        );
        assert_eq!(l.api_version.as_deref(), Some("2023-04-01"));
        let old = OperationLocation::parse(
            "http://127.0.0.1:9/language/query-knowledgebases/projects/p/qnas/jobs/j",
        )
        .unwrap();
        assert_eq!(old.endpoint, "http://127.0.0.1:9");
        assert_eq!(old.api_version, None);
    }

    #[test]
    fn says_what_is_wrong() {
        let e = OperationLocation::parse("https://x/language/authoring/projects/p")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected query-knowledgebases"), "{e}");
        let e = OperationLocation::parse("job1").unwrap_err().to_string();
        assert!(
            e.contains("not an update-QnAs Operation-Location URL"),
            "{e}"
        );
    }
}
