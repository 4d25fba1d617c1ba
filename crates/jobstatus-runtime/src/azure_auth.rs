//! Azure's two ways in: `Ocp-Apim-Subscription-Key`, or a bearer token.

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::Error;
use crate::credentials::{AzureAuth, CredentialsError};

/// The key header.
pub const KEY_HEADER: &str = "ocp-apim-subscription-key";

/// Sets the key or the bearer token on a request.
pub async fn authenticate(headers: &mut HeaderMap, auth: &AzureAuth) -> Result<(), Error> {
    let (name, mut value) = match auth {
        AzureAuth::Key(key) => {
            if key.is_blank() {
                return Err(Error::Credentials(CredentialsError::Incomplete {
                    vendor: "Azure",
                    source_name: "the key given".into(),
                    problem: "the key is empty".into(),
                }));
            }
            let v = HeaderValue::from_str(key.expose()).map_err(|_| {
                Error::InvalidRequest("the Azure key is not a valid header value".into())
            })?;
            (HeaderName::from_static(KEY_HEADER), v)
        }
        AzureAuth::Bearer(provider) => {
            // Where a token may go (https, loopback, or allowed) is checked for every scheme
            // alike, before this runs: see `crate::destination`.
            let token = provider.token().await?;
            if token.token.is_blank() {
                return Err(Error::Credentials(CredentialsError::Token(
                    "the token provider gave an empty token".into(),
                )));
            }
            let v = HeaderValue::from_str(&format!("Bearer {}", token.token.expose())).map_err(
                |_| Error::InvalidRequest("the bearer token is not a valid header value".into()),
            )?;
            (http::header::AUTHORIZATION, v)
        }
    };
    value.set_sensitive(true);
    headers.insert(name, value);
    Ok(())
}
