//! Where a credential may go: a host the vendor owns, loopback, or a place the user allowed.
//!
//! A job reference can come from anywhere (a database, a webhook, a colleague's script), so its
//! `endpoint=` is not trusted by itself. Every provider client checks its base URL when it is
//! built and every request before it is signed: a signed request, a key or a token goes only to
//!
//! - a host under the vendor's own domains (`aliyuncs.com`, `myhuaweicloud.com`, …), over https;
//! - loopback (`127.0.0.0/8`, `::1`, `localhost`), over http or https;
//! - an origin the user allowed explicitly ([`Destinations::allow`]): the builder's
//!   `base_url`, the CLI's `--endpoint`, or `JOBSTATUS_ALLOWED_ENDPOINTS`.
//!
//! Plain `http://` carries no credential of any kind except to loopback or to an `http://`
//! origin the user allowed.

use std::fmt;

use crate::Error;
use crate::http_client::is_loopback;

/// The environment variable with extra allowed origins, comma-separated
/// (`https://proxy.corp.example,http://10.0.0.5:8080`). A bare host means `https://host`.
pub const ALLOWED_ENDPOINTS_ENV: &str = "JOBSTATUS_ALLOWED_ENDPOINTS";

/// Alibaba Cloud's API domain.
pub const ALIBABA_DOMAINS: &[&str] = &["aliyuncs.com"];
/// Huawei Cloud's API domain.
pub const HUAWEI_DOMAINS: &[&str] = &["myhuaweicloud.com"];
/// Azure AI services' domains: custom subdomains and regional hosts.
pub const AZURE_DOMAINS: &[&str] = &["cognitiveservices.azure.com", "api.cognitive.microsoft.com"];

/// An origin the user allowed: a scheme, a host and maybe a port.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Origin {
    fn parse(text: &str) -> Result<Origin, Error> {
        let t = text.trim();
        let with_scheme = if t.contains("://") {
            t.to_owned()
        } else {
            format!("https://{t}")
        };
        let url = url::Url::parse(&with_scheme).map_err(|e| {
            Error::InvalidRequest(format!(
                "{t:?} is not an allowed endpoint (a URL or a host): {e}"
            ))
        })?;
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(|| {
            Error::InvalidRequest(format!("{t:?} is not an allowed endpoint: it has no host"))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(format!(
                "{t:?} is not an allowed endpoint: use http:// or https://"
            )));
        }
        Ok(Origin {
            scheme: url.scheme().to_owned(),
            host: host.to_ascii_lowercase(),
            port: url.port(),
        })
    }

    fn matches(&self, url: &url::Url) -> bool {
        url.scheme() == self.scheme
            && url
                .host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case(&self.host))
            && (self.port.is_none() || self.port == url.port())
    }
}

/// The places one provider's credentials may go. Cheap to clone.
#[derive(Clone, PartialEq, Eq)]
pub struct Destinations {
    vendor: &'static str,
    vendor_domains: &'static [&'static str],
    allowed: Vec<Origin>,
}

impl fmt::Debug for Destinations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Destinations")
            .field("vendor", &self.vendor)
            .field("vendor_domains", &self.vendor_domains)
            .field(
                "allowed",
                &self
                    .allowed
                    .iter()
                    .map(|o| format!("{}://{}", o.scheme, o.host))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Destinations {
    /// Only `vendor`'s own domains (and loopback). `vendor` names it in errors.
    pub fn vendor(vendor: &'static str, domains: &'static [&'static str]) -> Destinations {
        Destinations {
            vendor,
            vendor_domains: domains,
            allowed: Vec::new(),
        }
    }

    /// Also allows an origin the user named: `https://host[:port]`, `http://host[:port]`, or
    /// a bare host (https only).
    pub fn allow(&mut self, origin: &str) -> Result<(), Error> {
        let o = Origin::parse(origin)?;
        if !self.allowed.contains(&o) {
            self.allowed.push(o);
        }
        Ok(())
    }

    /// Also allows every origin in `list`, comma-separated (the form of
    /// [`ALLOWED_ENDPOINTS_ENV`]); empty entries are skipped.
    pub fn allow_list(&mut self, list: &str) -> Result<(), Error> {
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            self.allow(entry)?;
        }
        Ok(())
    }

    fn vendor_host(&self, url: &url::Url) -> bool {
        let Some(url::Host::Domain(host)) = url.host() else {
            return false;
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.vendor_domains
            .iter()
            .any(|d| host == *d || host.strip_suffix(d).is_some_and(|rest| rest.ends_with('.')))
    }

    /// Ok when a credential may go to `url`; otherwise an error that says what was refused and
    /// how to allow it.
    pub fn check(&self, url: &url::Url) -> Result<(), Error> {
        if is_loopback(url) || self.allowed.iter().any(|o| o.matches(url)) {
            return Ok(());
        }
        let host = url.host_str().unwrap_or("");
        let why = if !self.vendor_host(url) {
            format!(
                "{host} is not a host of {} ({}), not loopback, and not allowed",
                self.vendor,
                self.vendor_domains.join(", ")
            )
        } else if url.scheme() != "https" {
            format!("{host} is reached over plain {}://", url.scheme())
        } else {
            return Ok(());
        };
        Err(Error::UntrustedEndpoint(format!(
            "refusing to send {} credentials to {}://{host}: {why}. If you trust it, allow it with \
             ClientBuilder::allow_endpoint, JobsBuilder::allow_endpoint or {ALLOWED_ENDPOINTS_ENV}",
            self.vendor,
            url.scheme()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    const ALIBABA: &[&str] = &["aliyuncs.com"];

    #[test]
    fn vendor_hosts_over_https_and_loopback_pass() {
        let d = Destinations::vendor("Alibaba Cloud", ALIBABA);
        for ok in [
            "https://bailian.cn-beijing.aliyuncs.com/x",
            "https://aliyuncs.com",
            "https://GPDB.ALIYUNCS.COM.",
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost",
        ] {
            assert!(d.check(&url(ok)).is_ok(), "{ok}");
        }
    }

    #[test]
    fn other_hosts_and_plain_http_are_refused_with_advice() {
        let d = Destinations::vendor("Alibaba Cloud", ALIBABA);
        for bad in [
            "https://bailian.x.evil.example",
            "https://evilaliyuncs.com",
            "https://aliyuncs.com.evil.example",
            "http://bailian.cn-beijing.aliyuncs.com",
            "https://10.0.0.1",
        ] {
            let e = d.check(&url(bad)).unwrap_err().to_string();
            assert!(
                e.contains("refusing to send Alibaba Cloud credentials"),
                "{e}"
            );
            assert!(e.contains(ALLOWED_ENDPOINTS_ENV), "{e}");
        }
    }

    #[test]
    fn allowed_origins_pass_with_their_scheme_and_port() {
        let mut d = Destinations::vendor("Alibaba Cloud", ALIBABA);
        d.allow_list("proxy.corp.example, http://10.0.0.5:8080,")
            .unwrap();
        assert!(d.check(&url("https://proxy.corp.example/a")).is_ok());
        assert!(d.check(&url("http://proxy.corp.example/a")).is_err());
        assert!(d.check(&url("http://10.0.0.5:8080/")).is_ok());
        assert!(d.check(&url("http://10.0.0.5:8081/")).is_err());
        assert!(d.allow("ftp://x").is_err());
        assert!(d.allow("http://").is_err());
    }
}
