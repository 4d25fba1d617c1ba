//! What the binary's tests share.

use jobstatus_emulator::Credentials;

/// The environment that gives the binary an emulator's credentials, for every vendor.
pub fn creds_env(c: &Credentials) -> Vec<(&'static str, String)> {
    vec![
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            c.alibaba.access_key_id.clone(),
        ),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            c.alibaba.access_key_secret.clone(),
        ),
        ("HUAWEICLOUD_SDK_AK", c.huawei.ak.clone()),
        ("HUAWEICLOUD_SDK_SK", c.huawei.sk.clone()),
        ("HUAWEICLOUD_SDK_PROJECT_ID", c.huawei.project_id.clone()),
        ("AZURE_QUESTIONANSWERING_KEY", c.azure.key.clone()),
    ]
}
