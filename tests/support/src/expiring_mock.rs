//! A dvs-mock whose requests expire almost at once, for tests of the expired-request path.

use std::time::Duration;

use dvs_mock::MockDvs;

/// How long a request lives on an [`expiring_mock`].
pub const SHORT_REQUEST_EXPIRY: Duration = Duration::from_millis(50);

/// A dvs-mock whose requests expire [`SHORT_REQUEST_EXPIRY`] after they are created.
pub async fn expiring_mock() -> MockDvs {
    MockDvs::builder()
        .request_expiry(SHORT_REQUEST_EXPIRY)
        .start()
        .await
}

/// Waits until a request just created on an [`expiring_mock`] has expired: more than twice
/// [`SHORT_REQUEST_EXPIRY`], so a busy machine does not make the test flaky.
pub async fn outlive_request_expiry() {
    tokio::time::sleep(Duration::from_millis(120)).await;
}
