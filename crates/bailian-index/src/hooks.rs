//! The generated client's hooks: sign every attempt, read under the body cap.

use jobstatus_runtime::hooks::AlibabaSigner;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

use crate::generated::Client;

/// What the generated client carries.
pub type HookState = jobstatus_runtime::hooks::HookState<AlibabaSigner>;

impl ClientHooks<HookState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner().pre(request).await
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner().exec(self.client(), request).await
    }
}
