//! The HTTP client every provider crate uses.

use std::sync::Arc;
use std::time::Duration;

pub use rustls::pki_types::CertificateDer;

use crate::Error;

/// The `User-Agent` this workspace sends.
pub const USER_AGENT: &str = concat!("jobstatus/", env!("CARGO_PKG_VERSION"));

/// The TLS set-up every client gets: rustls with the `ring` provider, the platform's verifier
/// (the system's roots) and `extra` roots. It is handed to reqwest as a ready config, so no
/// process-wide crypto provider is installed and a user's own reqwest clients are untouched.
fn tls_config(extra: &[CertificateDer<'static>]) -> Result<rustls::ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let err = |e: rustls::Error| Error::InvalidRequest(format!("cannot set up TLS: {e}"));
    let verifier = if extra.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra.iter().cloned(),
            provider.clone(),
        )
    }
    .map_err(err)?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(err)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// Timeouts for a client.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// Connecting, TLS included.
    pub connect: Duration,
    /// The whole request, body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// A reqwest client with our user agent and timeouts, and a connection pool of its own.
pub fn build_client(timeouts: Timeouts) -> Result<reqwest::Client, Error> {
    build_client_with_roots(timeouts, &[])
}

/// The same, also trusting `roots` besides the system's (a private CA, the emulator's).
/// Redirects are never followed: a signed request or a key header must not be re-sent to
/// wherever a server points.
pub fn build_client_with_roots(
    timeouts: Timeouts,
    roots: &[CertificateDer<'static>],
) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .pool_idle_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(tls_config(roots)?)
        .build()
        .map_err(|e| Error::InvalidRequest(format!("cannot build the HTTP client: {e}")))
}

/// The client a generated `Client::new` uses: [`build_client`] with default timeouts. Should
/// the system's roots be unreadable, it logs why and returns a client that trusts no
/// certificate, so that each https request fails with a clear error rather than anything
/// panicking here.
pub fn default_client() -> reqwest::Client {
    match build_client(Timeouts::default()) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "no TLS roots; https requests will fail");
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|b| {
                    b.with_root_certificates(rustls::RootCertStore::empty())
                        .with_no_client_auth()
                });
            let mut b = reqwest::Client::builder().user_agent(USER_AGENT);
            if let Ok(config) = config {
                b = b.tls_backend_preconfigured(config);
            }
            b.build().unwrap_or_default()
        }
    }
}

/// The certificates in a PEM file's text, for [`build_client_with_roots`]. The error names
/// what is wrong, never the bytes.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    use rustls::pki_types::pem::PemObject;
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::InvalidRequest(format!("not a PEM certificate: {e}")))?;
    if certs.is_empty() {
        return Err(Error::InvalidRequest(
            "no certificate in the PEM text (expected -----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    Ok(certs)
}

/// Checks a region name: lower-case letters, digits and `-`, 1 to 64 of them. A region is
/// pasted into a host name, so anything else could point a signed request elsewhere.
/// `known`, where the vendor publishes a list, is named in the error (and enforced when
/// `only_known`).
pub fn check_region<'a>(
    provider: &str,
    region: &'a str,
    known: &[&str],
    only_known: bool,
) -> Result<&'a str, Error> {
    let r = region.trim();
    let well_formed = !r.is_empty()
        && r.len() <= 64
        && r.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !r.starts_with('-')
        && !r.ends_with('-');
    if well_formed && (!only_known || known.contains(&r)) {
        return Ok(r);
    }
    let shown: String = region.chars().take(80).collect();
    let mut msg = if well_formed {
        format!("{provider}: unknown region {shown:?}")
    } else {
        format!(
            "{provider}: {shown:?} is not a region name (lower-case letters, digits and '-', like cn-beijing)"
        )
    };
    if !known.is_empty() {
        msg.push_str("; known regions: ");
        msg.push_str(&known.join(", "));
    }
    Err(Error::InvalidRequest(msg))
}

/// True when `url`'s host is a loopback address or `localhost`.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Alibaba's `regional` host rule, as its SDKs apply it: a region in `central` goes to
/// `https://{product}.aliyuncs.com`, one in `special` to the host given there, and any other to
/// `https://{product}.{region}.aliyuncs.com`. The region is checked first ([`check_region`]).
pub fn alibaba_regional_endpoint(
    provider: &str,
    product: &str,
    region: &str,
    central: &[&str],
    special: &[(&str, &str)],
) -> Result<String, Error> {
    let region = check_region(provider, region, &[], false)?;
    Ok(match special.iter().find(|(r, _)| *r == region) {
        Some((_, host)) => format!("https://{host}"),
        None if central.contains(&region) => format!("https://{product}.aliyuncs.com"),
        None => format!("https://{product}.{region}.aliyuncs.com"),
    })
}

/// Checks a base URL (an `http` or `https` URL with a host) and drops a trailing `/`.
pub fn check_base_url(base: &str) -> Result<String, Error> {
    let url = url::Url::parse(base.trim())
        .map_err(|e| Error::InvalidRequest(format!("invalid base URL {base:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::InvalidRequest(format!(
            "invalid base URL {base:?}: it needs http:// or https:// and a host"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::check_region;

    #[test]
    fn regions_are_checked() {
        assert_eq!(
            check_region("p", " cn-beijing ", &[], false).unwrap(),
            "cn-beijing"
        );
        for bad in [
            "",
            "x.evil.example#",
            "CN-BEIJING",
            "a/b",
            "-x",
            "x-",
            "a b",
        ] {
            let e = check_region("p", bad, &["cn-north-4"], false)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("is not a region name") && e.contains("cn-north-4"),
                "{e}"
            );
        }
        let e = check_region("p", "eu-west-9", &["cn-north-4", "cn-east-3"], true)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown region \"eu-west-9\"; known regions: cn-north-4, cn-east-3"),
            "{e}"
        );
    }
}
