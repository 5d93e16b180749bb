//! Customers (ciphertexts and blind indexes) and their order references.

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::{placeholders, unique_as_duplicate, with_db};
use crate::{Millis, Store, StoreError, WrappedDek};

/// A sealed field with the customer's wrapped key beside it: (field, sealed, KEK version, wrapped key).
type FieldWithKey = (String, Vec<u8>, Option<i64>, Option<i64>, Option<Vec<u8>>);

/// A customer to create: every value already sealed, every index already computed.
#[derive(Debug, Clone)]
pub struct NewCustomer {
    /// Id.
    pub id: String,
    /// (field name, sealed value).
    pub fields: Vec<(String, Vec<u8>)>,
    /// (field name, blind-index digest).
    pub index: Vec<(String, Vec<u8>)>,
}

/// A customer's sealed fields as stored.
#[derive(Debug, Clone)]
pub struct SealedCustomer {
    /// Id.
    pub id: String,
    /// (field name, sealed value).
    pub fields: Vec<(String, Vec<u8>)>,
    /// When processing was restricted (GDPR art. 18), read in the same query as the fields
    /// so a protected read costs one round trip before its audit entry.
    pub restricted_since: Option<Millis>,
}

/// What a protected read found (see `Store::read_audited`).
#[derive(Debug)]
pub enum AuditedRead {
    /// No such customer, or erased: nothing recorded.
    NotFound,
    /// Processing is restricted and the purpose is no legal obligation: nothing recorded.
    Restricted,
    /// The read happened and is recorded.
    Read {
        /// (field name, sealed value) of the allowed fields the customer has, by name.
        fields: Vec<(String, Vec<u8>)>,
        /// The wrapped data key, when asked for and stored.
        key: Option<WrappedDek>,
        /// The audit entry's sequence number.
        seq: i64,
    },
}

/// The `allowed` ones of `fields`, by name, and their names as the audit event's field list:
/// what a protected read returns and records.
pub(crate) fn allowed_fields(
    fields: Vec<(String, Vec<u8>)>,
    allowed: &[String],
    event: &mut AuditEvent,
) -> Vec<(String, Vec<u8>)> {
    let mut fields: Vec<(String, Vec<u8>)> = fields
        .into_iter()
        .filter(|(name, _)| allowed.contains(name))
        .collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    event.fields = fields.iter().map(|f| f.0.clone()).collect();
    fields
}

/// An order: references only, never payment data (EN-5, OS-5).
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct OrderRow {
    /// Id.
    pub id: String,
    /// Customer.
    pub customer_id: String,
    /// The shop's order number.
    pub order_number: String,
    /// The payment provider's reference.
    pub payment_reference: Option<String>,
    /// The carrier's tracking code.
    pub tracking_code: Option<String>,
    /// Status.
    pub status: String,
    /// Created (ms).
    pub created_at: i64,
    /// Updated (ms).
    pub updated_at: i64,
}

impl Store {
    /// Stores a new customer and its audit entry in one transaction.
    /// A taken email, phone or username gives [`StoreError::Duplicate`] naming the field.
    pub async fn create_customer(
        &self,
        c: &NewCustomer,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("INSERT INTO customers (id, created_at, updated_at, last_active_at) VALUES ($1, $2, $2, $2)")
                .bind(&c.id).bind(now).execute(&mut *tx).await?;
            for (field, digest) in &c.index {
                sqlx::query(
                    "INSERT INTO blind_index (field, digest, customer_id) VALUES ($1, $2, $3)",
                )
                .bind(field)
                .bind(digest)
                .bind(&c.id)
                .execute(&mut *tx)
                .await
                .map_err(|e| unique_as_duplicate(e, |_| field.clone()))?;
            }
            for (field, sealed) in &c.fields {
                sqlx::query(
                    "INSERT INTO customer_fields (customer_id, field, sealed) VALUES ($1, $2, $3)",
                )
                .bind(&c.id)
                .bind(field)
                .bind(sealed)
                .execute(&mut *tx)
                .await?;
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// A customer's sealed fields, or `None` when there is no such customer.
    pub async fn sealed_customer(&self, id: &str) -> Result<Option<SealedCustomer>, StoreError> {
        with_db!(&self.db, |p, pg| {
            let rows: Vec<(String, Vec<u8>, Option<i64>)> = sqlx::query_as(
                "SELECT field, sealed, (SELECT since FROM restrictions WHERE customer_id = $1) \
                 FROM customer_fields WHERE customer_id = $1",
            )
            .bind(id)
            .fetch_all(p)
            .await?;
            let restricted_since = match rows.first() {
                Some(r) => r.2,
                None => {
                    let exists: Option<(Option<i64>,)> = sqlx::query_as(
                        "SELECT (SELECT since FROM restrictions WHERE customer_id = $1) \
                         FROM customers WHERE id = $1 AND erased_at IS NULL",
                    )
                    .bind(id)
                    .fetch_optional(p)
                    .await?;
                    match exists {
                        Some((since,)) => since,
                        None => return Ok(None),
                    }
                }
            };
            Ok(Some(SealedCustomer {
                id: id.to_owned(),
                fields: rows.into_iter().map(|(f, s, _)| (f, s)).collect(),
                restricted_since,
            }))
        })
    }

    /// A protected read: the sealed values of the `allowed` fields (and the wrapped data
    /// key when `with_key`), with the audit entry `event` (its field list filled in here)
    /// committed before anything is returned. A restricted customer is refused unless
    /// `legal`; a refused or missing customer leaves no entry. On SQLite the read and the
    /// entry share one transaction of the audit writer (and its group commit).
    pub async fn read_audited(
        &self,
        id: &str,
        allowed: &[String],
        with_key: bool,
        legal: bool,
        mut event: AuditEvent,
    ) -> Result<AuditedRead, StoreError> {
        if let Some(w) = &self.audit_writer {
            return w
                .read(crate::audit_writer::ReadRequest {
                    id: id.to_owned(),
                    allowed: allowed.to_vec(),
                    with_key,
                    legal,
                    event,
                })
                .await;
        }
        let found = if with_key {
            self.sealed_customer_with_key(id).await?
        } else {
            self.sealed_customer(id).await?.map(|c| (c, None))
        };
        let Some((c, key)) = found else {
            return Ok(AuditedRead::NotFound);
        };
        if !legal && c.restricted_since.is_some() {
            return Ok(AuditedRead::Restricted);
        }
        let fields = allowed_fields(c.fields, allowed, &mut event);
        let seq = self.append_audit(&event).await?;
        Ok(AuditedRead::Read { fields, key, seq })
    }

    /// A customer's sealed fields together with the wrapped data key, in one query when
    /// the key store can be joined (SQLite; PostgreSQL with the key schema in the same
    /// database), else in two.
    pub async fn sealed_customer_with_key(
        &self,
        id: &str,
    ) -> Result<Option<(SealedCustomer, Option<WrappedDek>)>, StoreError> {
        if !self.keys_joinable {
            let Some(c) = self.sealed_customer(id).await? else {
                return Ok(None);
            };
            return Ok(Some((c, self.get_dek(id).await?)));
        }
        let rows: Vec<FieldWithKey> = with_db!(&self.db, |p, pg| {
            let sql = if pg {
                "SELECT f.field, f.sealed, (SELECT since FROM restrictions WHERE customer_id = $1), \
                 k.kek_version, k.wrapped FROM customer_fields f \
                 LEFT JOIN amanat_keys.customer_keys k ON k.customer_id = f.customer_id WHERE f.customer_id = $1"
            } else {
                "SELECT f.field, f.sealed, (SELECT since FROM restrictions WHERE customer_id = $1), \
                 k.kek_version, k.wrapped FROM customer_fields f \
                 LEFT JOIN keystore.customer_keys k ON k.customer_id = f.customer_id WHERE f.customer_id = $1"
            };
            sqlx::query_as(sql).bind(id).fetch_all(p).await
        })?;
        if rows.is_empty() {
            return Ok(self.sealed_customer(id).await?.map(|c| (c, None)));
        }
        let restricted_since = rows[0].2;
        let dek = match &rows[0] {
            (_, _, _, Some(v), Some(w)) => Some(WrappedDek {
                customer_id: id.to_owned(),
                kek_version: *v,
                wrapped: w.clone(),
            }),
            _ => None,
        };
        let fields = rows.into_iter().map(|(f, s, _, _, _)| (f, s)).collect();
        Ok(Some((
            SealedCustomer {
                id: id.to_owned(),
                fields,
                restricted_since,
            },
            dek,
        )))
    }

    /// Replaces some fields of a customer (rectification) and their indexes, audited.
    /// `index` holds the new digest of each indexed field being changed.
    pub async fn update_customer(
        &self,
        id: &str,
        fields: &[(String, Vec<u8>)],
        index: &[(String, Vec<u8>)],
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let r = sqlx::query(
                "UPDATE customers SET updated_at = $1, last_active_at = $1 WHERE id = $2 AND erased_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            for (field, digest) in index {
                sqlx::query("DELETE FROM blind_index WHERE customer_id = $1 AND field = $2")
                    .bind(id)
                    .bind(field)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO blind_index (field, digest, customer_id) VALUES ($1, $2, $3)",
                )
                .bind(field)
                .bind(digest)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|e| unique_as_duplicate(e, |_| field.clone()))?;
            }
            for (field, sealed) in fields {
                sqlx::query("INSERT INTO customer_fields (customer_id, field, sealed) VALUES ($1, $2, $3) \
                             ON CONFLICT (customer_id, field) DO UPDATE SET sealed = excluded.sealed")
                    .bind(id).bind(field).bind(sealed).execute(&mut *tx).await?;
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The customer whose `field` has this blind-index digest.
    pub async fn find_by_index(
        &self,
        field: &str,
        digest: &[u8],
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT customer_id FROM blind_index WHERE field = $1 AND digest = $2")
                .bind(field)
                .bind(digest)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.map(|r| r.0))
    }

    /// Whether a customer exists.
    pub async fn customer_exists(&self, id: &str) -> Result<bool, StoreError> {
        let row: Option<(String,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id FROM customers WHERE id = $1 AND erased_at IS NULL")
                .bind(id)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.is_some())
    }

    /// Of `ids`, how many are live (not erased) customers; duplicates in `ids` count once.
    /// One query per 500.
    pub async fn live_customers_among(&self, ids: &[String]) -> Result<usize, StoreError> {
        let mut n = 0usize;
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT COUNT(*) FROM customers WHERE erased_at IS NULL AND id IN ({})",
                placeholders(1, chunk.len())
            );
            let (count,): (i64,) = with_db!(&self.db, |p, pg| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_one(p).await
            })?;
            n += usize::try_from(count).unwrap_or(0);
        }
        Ok(n)
    }

    /// Records an order, audited. A taken order number gives `Duplicate("order_number")`.
    pub async fn create_order(&self, o: &OrderRow, audit: &AuditEvent) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("INSERT INTO orders (id, customer_id, order_number, payment_reference, tracking_code, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(&o.id).bind(&o.customer_id).bind(&o.order_number).bind(&o.payment_reference)
                .bind(&o.tracking_code).bind(&o.status).bind(o.created_at).bind(o.updated_at)
                .execute(&mut *tx).await
                .map_err(|e| unique_as_duplicate(e, |_| "order_number".to_owned()))?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// A customer's orders, newest first.
    pub async fn orders_of(&self, customer_id: &str) -> Result<Vec<OrderRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id, customer_id, order_number, payment_reference, tracking_code, status, created_at, updated_at \
                            FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, id")
                .bind(customer_id).fetch_all(p).await
        })?)
    }

    /// One order of a customer.
    pub async fn order(
        &self,
        customer_id: &str,
        order_id: &str,
    ) -> Result<Option<OrderRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT id, customer_id, order_number, payment_reference, tracking_code, status, created_at, updated_at \
                            FROM orders WHERE customer_id = $1 AND id = $2")
                .bind(customer_id).bind(order_id).fetch_optional(p).await
        })?)
    }

    /// Updates an order's status and tracking code, audited.
    pub async fn update_order(&self, o: &OrderRow, audit: &AuditEvent) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("UPDATE orders SET status = $1, tracking_code = $2, payment_reference = $3, updated_at = $4 WHERE id = $5 AND customer_id = $6")
                .bind(&o.status).bind(&o.tracking_code).bind(&o.payment_reference).bind(o.updated_at)
                .bind(&o.id).bind(&o.customer_id).execute(&mut *tx).await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Benchmark baseline: writes the same rows with no encryption and no audit.
    pub async fn bench_plain_write(
        &self,
        id: &str,
        fields: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            for (field, value) in fields {
                sqlx::query("INSERT INTO bench_plain_fields (customer_id, field, value) VALUES ($1, $2, $3)")
                    .bind(id).bind(field).bind(value).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Benchmark baseline: reads the same rows with no decryption and no audit.
    pub async fn bench_plain_read(&self, id: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT field, value FROM bench_plain_fields WHERE customer_id = $1")
                .bind(id)
                .fetch_all(p)
                .await
        })?)
    }

    /// Benchmark setup (SQLite only): appends `n` synthetic, correctly chained audit
    /// entries through a direct connection in one transaction.
    pub async fn bench_fill_audit(&self, n: u64, now: Millis) -> Result<(), StoreError> {
        let path = self
            .sqlite_path
            .clone()
            .ok_or_else(|| StoreError::Setup("the audit benchmark runs on SQLite".into()))?;
        tokio::task::spawn_blocking(move || fill_sqlite(&path, n, now))
            .await
            .map_err(|_| StoreError::Setup("the fill thread failed".into()))?
    }
}

fn fill_sqlite(path: &std::path::Path, n: u64, now: Millis) -> Result<(), StoreError> {
    let fail = |e: rusqlite::Error| StoreError::Setup(format!("filling the audit log: {e}"));
    let mut conn = rusqlite::Connection::open(path).map_err(fail)?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(fail)?;
    let (mut seq, mut prev): (i64, Vec<u8>) = tx
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(fail)?;
    {
        let mut stmt = tx
            .prepare("INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            .map_err(fail)?;
        let mut buf = Vec::with_capacity(256);
        let subject = "00000000-0000-4000-8000-000000000000";
        for i in 0..n {
            seq += 1;
            let at = now + i64::try_from(i).unwrap_or(0);
            crate::audit::canonical(
                &mut buf,
                seq,
                at,
                "bench",
                "system",
                "customer.read",
                subject,
                "service",
                "email,phone,given_name",
                "bench",
            );
            let hash = crate::audit::chain_hash(&prev, &buf).to_vec();
            stmt.execute(rusqlite::params![
                seq,
                at,
                "bench",
                "system",
                "customer.read",
                subject,
                "service",
                "email,phone,given_name",
                "bench",
                &hash
            ])
            .map_err(fail)?;
            prev = hash;
        }
    }
    tx.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1",
        rusqlite::params![seq, &prev],
    )
    .map_err(fail)?;
    tx.commit().map_err(fail)
}

impl Store {
    /// How many customers are stored.
    pub async fn count_customers(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT COUNT(*) FROM customers WHERE erased_at IS NULL")
                .fetch_one(p)
                .await
        })?;
        Ok(n)
    }
}
