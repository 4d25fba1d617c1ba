//! The host rule: `regional`, with an override map that sends some regions to the central host.

/// The central host.
pub const CENTRAL_ENDPOINT: &str = "https://gpdb.aliyuncs.com";

/// Regions the official SDK's endpoint map sends to [`CENTRAL_ENDPOINT`]. The SDK's map has 36
/// entries; these are the ones our reference names (the rest are internal regions). For any
/// other region that should go to the central host, use a base URL.
pub const CENTRAL_REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-hangzhou-finance",
    "ap-south-1",
    "ap-southeast-2",
    "ap-northeast-2-pop",
    "cn-beijing-finance-1",
    "cn-beijing-gov-1",
    "cn-wuhan",
    "cn-fujian",
    "cn-zhangbei",
    "eu-west-1-oxs",
    "rus-west-1-pop",
];

/// `https://gpdb.aliyuncs.com` for the central regions, else `https://gpdb.{region}.aliyuncs.com`.
pub fn endpoint_for_region(region: &str) -> String {
    let region = region.trim();
    if CENTRAL_REGIONS.contains(&region) {
        CENTRAL_ENDPOINT.to_owned()
    } else {
        format!("https://gpdb.{region}.aliyuncs.com")
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint_for_region;

    #[test]
    fn central_and_regional_hosts() {
        assert_eq!(
            endpoint_for_region("cn-hangzhou"),
            "https://gpdb.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("cn-zhangbei"),
            "https://gpdb.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("cn-beijing"),
            "https://gpdb.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("ap-southeast-1"),
            "https://gpdb.ap-southeast-1.aliyuncs.com"
        );
    }
}
