#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod claim;
mod lease_heartbeat;
mod memory_store;
mod refusal;
mod result_sink;
mod settings;
mod standing;
mod store;
mod user;
mod verifier;

#[cfg(feature = "axum")]
pub mod axum_adapter;
#[cfg(feature = "postgres")]
mod postgres_store;
#[cfg(feature = "sqlite")]
mod sqlite_store;

pub use claim::{Claim, ClaimOutcome, ClaimState, ClaimTerms, Finish};
pub use memory_store::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres_store::PostgresStore;
pub use refusal::{Refusal, RefusalKind};
pub use result_sink::{DiscardResults, ResultSink, SinkError};
pub use settings::{Settings, SettingsError};
#[cfg(feature = "sqlite")]
pub use sqlite_store::SqliteStore;
pub use standing::{Decided, UserStatus};
pub use store::{ClaimStore, StoreError};
pub use user::{MAX_USER_ID_BYTES, UserId, UserIdError};
pub use verifier::{Answer, Reconciled, Verifier, VerifierBuilder};
