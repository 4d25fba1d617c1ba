//! The vendor's host rule: `regional`, with no override map.

/// `https://bailian.{region}.aliyuncs.com`, e.g. `https://bailian.cn-beijing.aliyuncs.com`.
pub fn endpoint_for_region(region: &str) -> String {
    format!("https://bailian.{}.aliyuncs.com", region.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn regional_hosts() {
        assert_eq!(
            super::endpoint_for_region("cn-beijing"),
            "https://bailian.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            super::endpoint_for_region("ap-southeast-1"),
            "https://bailian.ap-southeast-1.aliyuncs.com"
        );
    }
}
