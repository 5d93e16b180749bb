//! The key store: wrapped KEKs, the wrapped blind-index key, wrapped customer DEKs.

use crate::audit::begin_sql;
use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// Everything needed to rebuild the key ring, still wrapped by the master key.
#[derive(Debug, Clone, Default)]
pub struct KeyRows {
    /// (version, wrapped KEK), oldest first.
    pub keks: Vec<(i64, Vec<u8>)>,
    /// The wrapped blind-index root key, if one was made.
    pub index_key: Option<Vec<u8>>,
}

/// A customer's data key, wrapped by one KEK version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WrappedDek {
    /// The customer.
    pub customer_id: String,
    /// The KEK version that wraps it.
    pub kek_version: i64,
    /// The wrapped bytes.
    pub wrapped: Vec<u8>,
}

impl Store {
    /// Reads the wrapped KEKs and blind-index key.
    pub async fn key_rows(&self) -> Result<KeyRows, StoreError> {
        with_db!(&self.keys, |p, pg| {
            let keks: Vec<(i64, Vec<u8>)> =
                sqlx::query_as("SELECT version, wrapped FROM kek ORDER BY version")
                    .fetch_all(p)
                    .await?;
            let index_key: Option<(Vec<u8>,)> =
                sqlx::query_as("SELECT wrapped FROM index_key WHERE id = 1")
                    .fetch_optional(p)
                    .await?;
            Ok(KeyRows {
                keks,
                index_key: index_key.map(|r| r.0),
            })
        })
    }

    /// Stores the first KEK and the blind-index key of a new installation. Fails
    /// harmlessly (returns false) when another process did it first.
    pub async fn init_keys(
        &self,
        wrapped_kek: &[u8],
        wrapped_index: &[u8],
        now: Millis,
    ) -> Result<bool, StoreError> {
        with_db!(&self.keys, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let existing: Option<(i64,)> = sqlx::query_as("SELECT version FROM kek LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
            if existing.is_some() {
                return Ok(false);
            }
            sqlx::query("INSERT INTO kek (version, wrapped, created_at) VALUES (1, $1, $2)")
                .bind(wrapped_kek)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO index_key (id, wrapped) VALUES (1, $1)")
                .bind(wrapped_index)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Adds a KEK version.
    pub async fn add_kek(
        &self,
        version: i64,
        wrapped: &[u8],
        now: Millis,
    ) -> Result<(), StoreError> {
        with_db!(&self.keys, |p, pg| {
            sqlx::query("INSERT INTO kek (version, wrapped, created_at) VALUES ($1, $2, $3)")
                .bind(version)
                .bind(wrapped)
                .bind(now)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Removes a KEK version once no customer key depends on it.
    pub async fn retire_kek(&self, version: i64) -> Result<bool, StoreError> {
        with_db!(&self.keys, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM customer_keys WHERE kek_version = $1")
                    .bind(version)
                    .fetch_one(&mut *tx)
                    .await?;
            if n > 0 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM kek WHERE version = $1")
                .bind(version)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Stores a customer's wrapped data key.
    pub async fn put_dek(&self, dek: &WrappedDek, now: Millis) -> Result<(), StoreError> {
        with_db!(&self.keys, |p, pg| {
            sqlx::query("INSERT INTO customer_keys (customer_id, kek_version, wrapped, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&dek.customer_id).bind(dek.kek_version).bind(&dek.wrapped).bind(now)
                .execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// A customer's wrapped data key, if it still exists.
    pub async fn get_dek(&self, customer_id: &str) -> Result<Option<WrappedDek>, StoreError> {
        Ok(with_db!(&self.keys, |p, pg| {
            sqlx::query_as("SELECT customer_id, kek_version, wrapped FROM customer_keys WHERE customer_id = $1")
                .bind(customer_id).fetch_optional(p).await
        })?)
    }

    /// Removes a data key that belongs to no customer (a create that failed after the
    /// key was stored).
    pub async fn delete_dek(&self, customer_id: &str) -> Result<(), StoreError> {
        with_db!(&self.keys, |p, pg| {
            sqlx::query("DELETE FROM customer_keys WHERE customer_id = $1")
                .bind(customer_id)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Up to `limit` data keys wrapped by a version other than `current`.
    pub async fn deks_not_on(
        &self,
        current: i64,
        limit: i64,
    ) -> Result<Vec<WrappedDek>, StoreError> {
        Ok(with_db!(&self.keys, |p, pg| {
            sqlx::query_as("SELECT customer_id, kek_version, wrapped FROM customer_keys WHERE kek_version <> $1 ORDER BY customer_id LIMIT $2")
                .bind(current).bind(limit).fetch_all(p).await
        })?)
    }

    /// Replaces wrapped data keys (after rewrapping under a new KEK), in one transaction.
    pub async fn rewrap_deks(&self, batch: &[WrappedDek]) -> Result<(), StoreError> {
        with_db!(&self.keys, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            for d in batch {
                sqlx::query("UPDATE customer_keys SET kek_version = $1, wrapped = $2 WHERE customer_id = $3")
                    .bind(d.kek_version).bind(&d.wrapped).bind(&d.customer_id)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
