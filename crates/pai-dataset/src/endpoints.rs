//! The AIWorkSpace host rule: `regional`, with the SDK's override map.

use jobstatus_runtime::Error;
use jobstatus_runtime::http_client::alibaba_regional_endpoint;

/// Regions the SDK's map (alibabacloud-aiworkspace20210204 8.3.5) sends to the central
/// `aiworkspace.aliyuncs.com`: 39 of its 41 entries. The others are `ap-southeast-5`
/// (a VPC host) and `cn-guangzhou`, whose entry is the regional host with a stray TAB.
pub const CENTRAL_REGIONS: &[&str] = &[
    "ap-northeast-2-pop",
    "ap-southeast-2",
    "cn-beijing-finance-1",
    "cn-beijing-finance-pop",
    "cn-beijing-gov-1",
    "cn-beijing-nu16-b01",
    "cn-edge-1",
    "cn-fujian",
    "cn-haidian-cm12-c01",
    "cn-hangzhou-bj-b01",
    "cn-hangzhou-finance",
    "cn-hangzhou-internal-prod-1",
    "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2",
    "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306",
    "cn-hongkong-finance-pop",
    "cn-huhehaote",
    "cn-huhehaote-nebula-1",
    "cn-qingdao",
    "cn-qingdao-nebula",
    "cn-shanghai-et15-b01",
    "cn-shanghai-et2-b01",
    "cn-shanghai-inner",
    "cn-shanghai-internal-test-1",
    "cn-shenzhen-finance-1",
    "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01",
    "cn-shenzhen-su18-b01",
    "cn-wuhan",
    "cn-yushanfang",
    "cn-zhangbei",
    "cn-zhangbei-na61-b01",
    "cn-zhangjiakou-na62-a01",
    "cn-zhengzhou-nebula-1",
    "eu-west-1",
    "eu-west-1-oxs",
    "me-east-1",
    "rus-west-1-pop",
];

/// The base URL for a region: the map's host, else `https://aiworkspace.{region}.aliyuncs.com`.
/// A region that is not a region name (`[a-z0-9-]+`) is an error.
pub fn endpoint_for_region(region: &str) -> Result<String, Error> {
    alibaba_regional_endpoint(
        crate::PROVIDER,
        "aiworkspace",
        region,
        CENTRAL_REGIONS,
        &[(
            "ap-southeast-5",
            "aiworkspace-vpc.ap-southeast-5.aliyuncs.com",
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_map() {
        let host = |r| endpoint_for_region(r).unwrap();
        assert_eq!(
            host("cn-shanghai"),
            "https://aiworkspace.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(host("cn-qingdao"), "https://aiworkspace.aliyuncs.com");
        assert_eq!(
            host("cn-shenzhen-finance-1"),
            "https://aiworkspace.aliyuncs.com"
        );
        assert_eq!(host("cn-beijing-gov-1"), "https://aiworkspace.aliyuncs.com");
        assert_eq!(
            host("ap-southeast-5"),
            "https://aiworkspace-vpc.ap-southeast-5.aliyuncs.com"
        );
        assert_eq!(
            host("cn-guangzhou\t"),
            "https://aiworkspace.cn-guangzhou.aliyuncs.com"
        );
        assert_eq!(CENTRAL_REGIONS.len() + 2, 41);
    }

    #[test]
    fn regions_that_could_redirect_are_refused() {
        assert!(endpoint_for_region("x.evil.example%23").is_err());
    }
}
