//! The AIWorkSpace host rule: `regional`, with the SDK's override map.

/// Regions the SDK's map sends to the central `aiworkspace.aliyuncs.com`. The map has 39 such
/// entries; these are the ones our reference names (the rest are finance, gov and internal
/// regions). For any other, use a base URL.
const CENTRAL_REGIONS: &[&str] = &[
    "cn-qingdao",
    "cn-huhehaote",
    "cn-wuhan",
    "cn-fujian",
    "cn-zhangbei",
    "eu-west-1",
    "me-east-1",
    "ap-southeast-2",
    "ap-northeast-2-pop",
];

/// The base URL for a region: the map's host, else `https://aiworkspace.{region}.aliyuncs.com`.
pub fn endpoint_for_region(region: &str) -> String {
    // The SDK's entry for cn-guangzhou ends in a stray TAB; trimming makes it the regional default.
    let region = region.trim();
    match region {
        "ap-southeast-5" => "https://aiworkspace-vpc.ap-southeast-5.aliyuncs.com".to_owned(),
        r if CENTRAL_REGIONS.contains(&r) => "https://aiworkspace.aliyuncs.com".to_owned(),
        r => format!("https://aiworkspace.{r}.aliyuncs.com"),
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint_for_region;

    #[test]
    fn region_map() {
        assert_eq!(
            endpoint_for_region("cn-shanghai"),
            "https://aiworkspace.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("cn-qingdao"),
            "https://aiworkspace.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("ap-southeast-5"),
            "https://aiworkspace-vpc.ap-southeast-5.aliyuncs.com"
        );
        assert_eq!(
            endpoint_for_region("cn-guangzhou\t"),
            "https://aiworkspace.cn-guangzhou.aliyuncs.com"
        );
    }
}
