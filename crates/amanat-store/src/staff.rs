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
    /// The SHA-256 (hex) of the confidentiality terms accepted, if any.
    pub terms_sha256: Option<String>,
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
                "SELECT id, name, role, terms_sha256 FROM staff WHERE token_hash = $1 AND disabled_at IS NULL",
            )
            .bind(digest)
            .fetch_optional(p)
            .await
        })?)
    }

    /// Every staff identity.
    pub async fn list_staff(&self) -> Result<Vec<StaffRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id, name, role, terms_sha256 FROM staff ORDER BY created_at")
                .fetch_all(p)
                .await
        })?)
    }

    /// An active staff identity by id.
    pub async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id, name, role, terms_sha256 FROM staff WHERE id = $1 AND disabled_at IS NULL")
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// A staff member's password hash and sealed TOTP secret, when set.
    pub async fn staff_credentials(
        &self,
        id: &str,
    ) -> Result<Option<(Option<String>, Option<Vec<u8>>)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT password_hash, totp_sealed FROM staff WHERE id = $1 AND disabled_at IS NULL")
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Sets a staff member's password hash and TOTP secret, audited; ends their sessions.
    pub async fn set_staff_credentials(
        &self,
        id: &str,
        phc: &str,
        totp_sealed: &[u8],
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("UPDATE staff SET password_hash = $2, totp_sealed = $3, totp_last_step = NULL WHERE id = $1 AND disabled_at IS NULL")
                .bind(id).bind(phc).bind(totp_sealed).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $2 WHERE subject = $1 AND revoked_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Replaces a staff member's password hash with one made under the current settings,
    /// only if it is still `old` (a concurrent change wins); true when replaced.
    pub async fn rehash_staff_password(
        &self,
        id: &str,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        self.swap_hash(
            "UPDATE staff SET password_hash = $3 WHERE id = $1 AND password_hash = $2",
            id,
            old,
            new,
        )
        .await
    }

    /// Records that a staff member's TOTP code of `step` was used; false on a replay.
    pub async fn use_staff_totp_step(&self, id: &str, step: i64) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            sqlx::query("UPDATE staff SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)")
                .bind(id).bind(step).execute(p).await.map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Records a staff identity's acceptance of the confidentiality terms (their SHA-256
    /// in hex), audited. False when there is no such active identity.
    pub async fn accept_terms(
        &self,
        id: &str,
        sha256_hex: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("UPDATE staff SET terms_sha256 = $2, terms_accepted_at = $3 WHERE id = $1 AND disabled_at IS NULL")
                .bind(id).bind(sha256_hex).bind(now).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }
}
