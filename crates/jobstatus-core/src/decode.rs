//! One answer body to a [`JobStatus`] without a request: for bodies that arrived another way
//! (a log, a queue, a test), and for measuring decoding alone.

use crate::model::Provider;
use crate::{Error, JobRef, JobStatus, mapping};

/// Decodes a vendor's successful (HTTP 200) answer for `job` and maps it, as [`crate::Jobs::get`]
/// does after a request. Fields decode one by one: a missing or unreadable field is absent and
/// an unreadable state is `unknown`. Only a body that is not a JSON object is an error, a
/// [`jobstatus_runtime::Error::Decode`] naming what the decoder said. The status keeps `body` as
/// [`JobStatus::raw`].
pub fn decode(job: &JobRef, body: &[u8]) -> Result<JobStatus, Error> {
    let mut status = decode_typed(job, body)?;
    status.raw = bytes::Bytes::copy_from_slice(body);
    Ok(status)
}

fn decode_typed(job: &JobRef, body: &[u8]) -> Result<JobStatus, Error> {
    fn parse<T: serde::de::DeserializeOwned>(provider: Provider, body: &[u8]) -> Result<T, Error> {
        serde_json::from_slice(body).map_err(|e| {
            Error::Provider(jobstatus_runtime::Error::Decode {
                provider: provider.as_str(),
                status: 200,
                detail: e.to_string(),
                excerpt: jobstatus_runtime::exchange::excerpt(body),
            })
        })
    }
    let p = job.provider();
    match p {
        #[cfg(feature = "bailian-index")]
        Provider::Bailian => Ok(mapping::bailian(job, parse(p, body)?)),
        #[cfg(feature = "gpdb-docs")]
        Provider::Gpdb => Ok(mapping::gpdb(job, parse(p, body)?)),
        #[cfg(feature = "azure-qna")]
        Provider::Azure => Ok(mapping::azure(job, parse(p, body)?)),
        #[cfg(feature = "pai-dataset")]
        Provider::Pai => Ok(mapping::pai(job, parse(p, body)?)),
        #[cfg(feature = "huawei-ies")]
        Provider::Huawei => Ok(mapping::huawei(job, parse(p, body)?, &Default::default())),
        #[allow(unreachable_patterns)]
        other => Err(Error::NotEnabled(other)),
    }
}
