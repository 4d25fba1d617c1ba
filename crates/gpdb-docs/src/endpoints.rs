//! The host rule: `regional`, with an override map that sends some regions to the central host.

use jobstatus_runtime::Error;
use jobstatus_runtime::http_client::alibaba_regional_endpoint;

/// The central host.
pub const CENTRAL_ENDPOINT: &str = "https://gpdb.aliyuncs.com";

/// Regions the official SDK's endpoint map (alibabacloud-gpdb20160503 5.12.0, all 36 entries)
/// sends to [`CENTRAL_ENDPOINT`].
pub const CENTRAL_REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-hangzhou-finance",
    "ap-northeast-2-pop",
    "ap-south-1",
    "ap-southeast-2",
    "cn-beijing-finance-1",
    "cn-beijing-finance-pop",
    "cn-beijing-gov-1",
    "cn-beijing-nu16-b01",
    "cn-edge-1",
    "cn-fujian",
    "cn-haidian-cm12-c01",
    "cn-hangzhou-bj-b01",
    "cn-hangzhou-internal-prod-1",
    "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2",
    "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306",
    "cn-hongkong-finance-pop",
    "cn-huhehaote-nebula-1",
    "cn-qingdao-nebula",
    "cn-shanghai-et15-b01",
    "cn-shanghai-et2-b01",
    "cn-shanghai-inner",
    "cn-shanghai-internal-test-1",
    "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01",
    "cn-shenzhen-su18-b01",
    "cn-wuhan",
    "cn-yushanfang",
    "cn-zhangbei",
    "cn-zhangbei-na61-b01",
    "cn-zhangjiakou-na62-a01",
    "cn-zhengzhou-nebula-1",
    "eu-west-1-oxs",
    "rus-west-1-pop",
];

/// `https://gpdb.aliyuncs.com` for the central regions, else `https://gpdb.{region}.aliyuncs.com`.
/// A region that is not a region name (`[a-z0-9-]+`) is an error.
pub fn endpoint_for_region(region: &str) -> Result<String, Error> {
    alibaba_regional_endpoint(crate::PROVIDER, "gpdb", region, CENTRAL_REGIONS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_and_regional_hosts() {
        let host = |r| endpoint_for_region(r).unwrap();
        assert_eq!(host("cn-hangzhou"), "https://gpdb.aliyuncs.com");
        assert_eq!(host("cn-zhangbei"), "https://gpdb.aliyuncs.com");
        assert_eq!(host("cn-beijing-finance-pop"), "https://gpdb.aliyuncs.com");
        assert_eq!(host("cn-hongkong-finance-pop"), "https://gpdb.aliyuncs.com");
        assert_eq!(host("cn-edge-1"), "https://gpdb.aliyuncs.com");
        assert_eq!(host("cn-beijing"), "https://gpdb.cn-beijing.aliyuncs.com");
        assert_eq!(
            host("ap-southeast-1"),
            "https://gpdb.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(CENTRAL_REGIONS.len(), 36);
    }

    #[test]
    fn regions_that_could_redirect_are_refused() {
        for bad in ["x.evil.example#", "cn-beijing/", "a@b", ""] {
            assert!(endpoint_for_region(bad).is_err(), "{bad}");
        }
    }
}
