//! The vendor's host rule: `regional`, with no override map.

use jobstatus_runtime::Error;
use jobstatus_runtime::http_client::alibaba_regional_endpoint;

/// `https://bailian.{region}.aliyuncs.com`, e.g. `https://bailian.cn-beijing.aliyuncs.com`.
/// A region that is not a region name (`[a-z0-9-]+`) is an error: it is pasted into the host.
pub fn endpoint_for_region(region: &str) -> Result<String, Error> {
    alibaba_regional_endpoint(crate::PROVIDER, "bailian", region, &[], &[])
}

#[cfg(test)]
mod tests {
    use super::endpoint_for_region;

    #[test]
    fn regional_hosts() {
        assert_eq!(
            endpoint_for_region("cn-beijing").unwrap(),
            "https://bailian.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("ap-southeast-1").unwrap(),
            "https://bailian.ap-southeast-1.aliyuncs.com"
        );
    }

    #[test]
    fn a_region_cannot_move_the_host() {
        let e = endpoint_for_region("x.evil.example#")
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not a region name"), "{e}");
    }
}
