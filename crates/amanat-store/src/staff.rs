//! Staff identities and their API tokens (stored only as digests).

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// A staff identity.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role name.
    pub role: String,
}

impl Store {
    /// Creates a staff identity, audited in the same transaction.
    pub async fn add_staff(
        &self,
        id: &str,
        name: &str,
        role: &str,
        token_digest: &[u8],
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("INSERT INTO staff (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(name).bind(role).bind(token_digest).bind(now)
                .execute(&mut *tx).await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The active staff identity holding a token with this digest.
    pub async fn staff_by_token(&self, digest: &[u8]) -> Result<Option<StaffRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT id, name, role FROM staff WHERE token_hash = $1 AND disabled_at IS NULL",
            )
            .bind(digest)
            .fetch_optional(p)
            .await
        })?)
    }

    /// Every staff identity.
    pub async fn list_staff(&self) -> Result<Vec<StaffRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id, name, role FROM staff ORDER BY created_at")
                .fetch_all(p)
                .await
        })?)
    }
}
