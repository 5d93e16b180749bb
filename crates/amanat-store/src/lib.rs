//! Storage: sqlx repositories over SQLite (embedded default) and PostgreSQL.
//!
//! Two databases are opened: the data store (ciphertexts, blind indexes, orders,
//! staff, the audit chain) and the key store (wrapped keys). On SQLite they are two
//! files in the data directory; on PostgreSQL the key store is the schema
//! `amanat_keys`, or its own database when a separate URL is given. The same SQL runs on
//! both backends where the dialects agree; where they do not, a query branches on
//! [`Backend`].

mod accounts;
mod audit;
mod audit_writer;
mod consent;
mod customers;
mod db;
mod erasure;
mod fraud;
mod keys;
mod outbox;
mod privacy;
mod staff;

pub use accounts::{AccountRow, ChallengeRow, FreezeCaseRow, FreezeStep, SessionRow};
pub use audit::{AuditEntry, AuditEvent, VerifyReport, canonical, chain_hash};
pub use consent::{AudienceRule, ConsentRecord, NewConsent};
pub use customers::{AuditedRead, NewCustomer, OrderRow, SealedCustomer};
pub use db::{Backend, Store, StoreOptions};
pub use erasure::Erased;
pub use fraud::{FraudReport, Trending};
pub use keys::{KeyRows, WrappedDek};
pub use outbox::OutboxRow;
pub use privacy::{
    LegalOrderRow, PrivacyRequestRow, RecipientRow, RequestStep, ShareConsentRow, ShareRow,
    Transition, UsageGroup,
};
pub use staff::StaffRow;

/// A storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value (email, phone, username, order number) is taken. Holds the field name.
    #[error("{0} is already registered")]
    Duplicate(String),
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Configuration of the store is wrong.
    #[error("{0}")]
    Setup(String),
}

/// Milliseconds since the Unix epoch: every time column holds this.
pub type Millis = i64;
