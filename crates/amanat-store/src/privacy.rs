//! Privacy requests and their steps, restriction of processing, the recipients registry,
//! consents to shares and the shares themselves, lawful orders (the legal hold), and
//! pseudonymous usage events for aggregate reports.
//!
//! Every state change is one conditional statement (or one transaction) carrying its
//! audit entry, so two staff acting on the same request or order at once cannot both
//! succeed, and nothing changes without its trace.

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::{placeholders, with_db};
use crate::{Millis, Store, StoreError};

/// A privacy request as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PrivacyRequestRow {
    /// Request id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// access | rectification | erasure | restriction | objection.
    pub kind: String,
    /// received | verified | in_progress | completed | refused.
    pub state: String,
    /// portal | staff.
    pub source: String,
    /// The customer's own words or proposed values, sealed under their data key.
    pub details_sealed: Option<Vec<u8>>,
    /// When it arrived (ms).
    pub received_at: i64,
    /// When it must be answered (ms).
    pub due_at: i64,
    /// When the one extension was taken (ms).
    pub extended_at: Option<i64>,
    /// Why (a code).
    pub extension_reason: Option<String>,
    /// How the customer's identity was checked.
    pub verified_by: Option<String>,
    /// Refusal reason code, or what completion kept.
    pub outcome: Option<String>,
    /// When it was completed or refused (ms).
    pub closed_at: Option<i64>,
}

/// A step in a request's history.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct RequestStep {
    /// When (ms).
    pub at: i64,
    /// The state entered.
    pub state: String,
    /// The role that acted (`customer`, `dpo`, `system`, ...).
    pub role: String,
    /// A code saying more (verification method, extension or refusal reason).
    pub note: Option<String>,
}

/// A change of a request's state.
#[derive(Debug, Clone, Default)]
pub struct Transition<'a> {
    /// The states the request may be in for the change to apply.
    pub from: &'a [&'a str],
    /// The new state.
    pub to: &'a str,
    /// Sets `verified_by`.
    pub verified_by: Option<&'a str>,
    /// The one extension: new due time and reason code (refused if already extended).
    pub extension: Option<(Millis, &'a str)>,
    /// Sets `outcome`.
    pub outcome: Option<&'a str>,
    /// Closes the request (completed or refused).
    pub close: bool,
    /// The step's role and note.
    pub role: &'a str,
    /// See [`RequestStep::note`].
    pub note: Option<&'a str>,
}

/// A recipient in the registry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecipientRow {
    /// A short id chosen by the business (`ghn-shipping`).
    pub id: String,
    /// The organisation's name.
    pub name: String,
    /// ISO 3166 country code.
    pub country: String,
    /// JSON array of purpose ids.
    pub purposes: String,
    /// What the business answers for.
    pub business_responsibility: String,
    /// What the recipient answers for.
    pub recipient_responsibility: String,
    /// Hex SHA-256 of the confidentiality terms the recipient accepted.
    pub terms_sha256: Option<String>,
    /// When it accepted them (ms).
    pub terms_accepted_at: Option<i64>,
}

/// A recorded share (disclosure).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShareRow {
    /// Share id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The registry recipient, if any.
    pub recipient_id: Option<String>,
    /// The recipient's name (an authority for a lawful order).
    pub recipient_name: String,
    /// The purpose.
    pub purpose: String,
    /// JSON array of field names.
    pub fields: String,
    /// consent | lawful_order.
    pub basis: String,
    /// The lawful order, for that basis.
    pub order_id: Option<String>,
    /// When (ms).
    pub at: i64,
    /// Who shared (staff id or `system`).
    pub actor: String,
    /// The customer is shown it from then (ms).
    pub visible_from: i64,
}

/// A consent to share, as recorded.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ShareConsentRow {
    /// Ledger position.
    pub seq: i64,
    /// The recipient.
    pub recipient_id: String,
    /// The purpose.
    pub purpose: String,
    /// Granted (true) or withdrawn.
    pub granted: bool,
    /// portal | api | staff | import.
    pub source: String,
    /// When (ms).
    pub at: i64,
}

/// A lawful order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LegalOrderRow {
    /// Order id.
    pub id: String,
    /// The authority that issued it.
    pub authority: String,
    /// Its reference.
    pub reference: String,
    /// When it was issued (date, `YYYY-MM-DD`).
    pub issued_on: String,
    /// Hex SHA-256 of the order document.
    pub document_sha256: String,
    /// JSON array of the field names in scope.
    pub fields: String,
    /// recorded | approved | fulfilled | closed.
    pub state: String,
    /// The customers may not be told before this time (ms).
    pub silent_until: Option<i64>,
    /// Staff id that recorded it.
    pub recorded_by: String,
    /// When (ms).
    pub recorded_at: i64,
    /// The approving DPO.
    pub approved_by: Option<String>,
    /// When (ms).
    pub approved_at: Option<i64>,
    /// Who fulfilled it.
    pub fulfilled_by: Option<String>,
    /// When (ms).
    pub fulfilled_at: Option<i64>,
    /// Hex SHA-256 of the scoped export handed over.
    pub export_sha256: Option<String>,
    /// When it was closed (ms).
    pub closed_at: Option<i64>,
}

/// One group of an aggregate report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageGroup {
    /// `YYYY-MM`, or empty when not grouped by month.
    pub month: String,
    /// The dimension value, or empty when not grouped by it.
    pub dimension: String,
    /// Distinct customers (pseudonyms) in the group.
    pub customers: i64,
    /// Events in the group.
    pub events: i64,
    /// The group's cell keys (for consistent perturbation): the wrapping sums, over the
    /// group's customers, of a number read from each pseudonym (a keyed digest, so uniform
    /// and unknown to staff), once per customer and once per event. The same customers and
    /// events always give the same keys; one customer more or less gives unrelated ones.
    pub customer_key: u64,
    /// See `customer_key`.
    pub event_key: u64,
}

/// The two numbers a pseudonym contributes to cell keys (its first and second 8 bytes).
fn pseudonym_keys(p: &[u8]) -> (u64, u64) {
    // Pseudonyms are 32-byte digests; a shorter one (never written) counts as zero.
    let word = |at: usize| {
        p.get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes)
    };
    (word(0), word(8))
}

const REQUEST_COLUMNS: &str = "id, customer_id, kind, state, source, details_sealed, received_at, due_at, extended_at, \
     extension_reason, verified_by, outcome, closed_at";
const RECIPIENT_COLUMNS: &str = "id, name, country, purposes, business_responsibility, recipient_responsibility, \
     terms_sha256, terms_accepted_at";
const SHARE_COLUMNS: &str = "id, customer_id, recipient_id, recipient_name, purpose, fields, basis, order_id, at, actor, visible_from";
const ORDER_COLUMNS: &str = "id, authority, reference, issued_on, document_sha256, fields, state, silent_until, \
     recorded_by, recorded_at, approved_by, approved_at, fulfilled_by, fulfilled_at, export_sha256, closed_at";

impl Store {
    /// Stores a new request with its first steps (`received`, and `verified` when the
    /// customer's identity is already proven), audited, in one transaction.
    pub async fn insert_privacy_request(
        &self,
        r: &PrivacyRequestRow,
        steps: &[RequestStep],
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(
                "INSERT INTO privacy_requests (id, customer_id, kind, state, source, details_sealed, received_at, due_at, \
                 verified_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7)",
            )
            .bind(&r.id).bind(&r.customer_id).bind(&r.kind).bind(&r.state).bind(&r.source)
            .bind(&r.details_sealed).bind(r.received_at).bind(r.due_at).bind(&r.verified_by)
            .execute(&mut *tx)
            .await?;
            for (i, s) in steps.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO privacy_request_steps (request_id, seq, at, state, role, note) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&r.id).bind(i64::try_from(i).unwrap_or(0) + 1).bind(s.at).bind(&s.state).bind(&s.role).bind(&s.note)
                .execute(&mut *tx)
                .await?;
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// One request.
    pub async fn privacy_request(&self, id: &str) -> Result<Option<PrivacyRequestRow>, StoreError> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE id = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// A customer's requests, newest first.
    pub async fn customer_privacy_requests(
        &self,
        customer_id: &str,
    ) -> Result<Vec<PrivacyRequestRow>, StoreError> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE customer_id = $1 ORDER BY received_at DESC, id DESC"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(customer_id)
                .fetch_all(p)
                .await
        })?)
    }

    /// Requests for the DPO's queue: by state (all open ones with `None`), oldest due
    /// first; with `due_before`, only those due before then.
    pub async fn list_privacy_requests(
        &self,
        state: Option<&str>,
        due_before: Option<Millis>,
        limit: i64,
    ) -> Result<Vec<PrivacyRequestRow>, StoreError> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM privacy_requests WHERE \
             (($1 IS NULL AND state IN ('received', 'verified', 'in_progress')) OR state = $1) \
             AND ($2 IS NULL OR due_at < $2) ORDER BY due_at, id LIMIT $3"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(state)
                .bind(due_before)
                .bind(limit)
                .fetch_all(p)
                .await
        })?)
    }

    /// The steps of a request, in order.
    pub async fn privacy_request_steps(&self, id: &str) -> Result<Vec<RequestStep>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT at, state, role, note FROM privacy_request_steps WHERE request_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(p)
            .await
        })?)
    }

    /// The steps of many requests in one query per 500, in order: (request id, step).
    pub async fn privacy_request_steps_of(
        &self,
        ids: &[String],
    ) -> Result<Vec<(String, RequestStep)>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT request_id, at, state, role, note FROM privacy_request_steps \
                 WHERE request_id IN ({}) ORDER BY request_id, seq",
                placeholders(1, chunk.len())
            );
            let rows: Vec<(String, i64, String, String, Option<String>)> =
                with_db!(&self.db, |p, pg| {
                    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                    for id in chunk {
                        q = q.bind(id);
                    }
                    q.fetch_all(p).await
                })?;
            out.extend(rows.into_iter().map(|(id, at, state, role, note)| {
                (
                    id,
                    RequestStep {
                        at,
                        state,
                        role,
                        note,
                    },
                )
            }));
        }
        Ok(out)
    }

    /// Moves a request from one of `t.from` to `t.to`, with its step and audit entry, in
    /// one transaction. `false` when the request was not in one of those states (or, for
    /// an extension, was already extended): nothing changed.
    pub async fn advance_privacy_request(
        &self,
        id: &str,
        t: &Transition<'_>,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE privacy_requests SET state = $1, updated_at = $2, verified_by = COALESCE($3, verified_by), \
             due_at = COALESCE($4, due_at), extended_at = CASE WHEN $4 IS NULL THEN extended_at ELSE $2 END, \
             extension_reason = COALESCE($5, extension_reason), outcome = COALESCE($6, outcome), \
             closed_at = CASE WHEN $7 THEN $2 ELSE closed_at END \
             WHERE id = $8 AND ($4 IS NULL OR extended_at IS NULL) AND state IN ({})",
            placeholders(9, t.from.len())
        );
        let (due, reason) = match t.extension {
            Some((d, r)) => (Some(d), Some(r)),
            None => (None, None),
        };
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(t.to)
                .bind(now)
                .bind(t.verified_by)
                .bind(due)
                .bind(reason)
                .bind(t.outcome)
                .bind(t.close)
                .bind(id);
            for s in t.from {
                q = q.bind(*s);
            }
            if q.execute(&mut *tx).await?.rows_affected() == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO privacy_request_steps (request_id, seq, at, state, role, note) \
                 SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM privacy_request_steps WHERE request_id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(t.to)
            .bind(t.role)
            .bind(t.note)
            .execute(&mut *tx)
            .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Restricts processing of a customer's data (idempotent), audited.
    pub async fn set_restriction(
        &self,
        customer_id: &str,
        since: Millis,
        request_id: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query(
                "INSERT INTO restrictions (customer_id, since, request_id) VALUES ($1, $2, $3) ON CONFLICT (customer_id) DO NOTHING",
            )
            .bind(customer_id)
            .bind(since)
            .bind(request_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(n > 0)
        })
    }

    /// Lifts a restriction, audited; `false` when there was none.
    pub async fn lift_restriction(
        &self,
        customer_id: &str,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("DELETE FROM restrictions WHERE customer_id = $1")
                .bind(customer_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Since when a customer's processing is restricted, if it is.
    pub async fn restricted_since(&self, customer_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_scalar("SELECT since FROM restrictions WHERE customer_id = $1")
                .bind(customer_id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Adds or replaces a recipient (its terms acceptance is kept), audited.
    pub async fn upsert_recipient(
        &self,
        r: &RecipientRow,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(
                "INSERT INTO recipients (id, name, country, purposes, business_responsibility, recipient_responsibility, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO UPDATE SET name = $2, country = $3, purposes = $4, \
                 business_responsibility = $5, recipient_responsibility = $6, updated_at = $7",
            )
            .bind(&r.id).bind(&r.name).bind(&r.country).bind(&r.purposes)
            .bind(&r.business_responsibility).bind(&r.recipient_responsibility).bind(now)
            .execute(&mut *tx)
            .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Records that a recipient accepted the confidentiality terms with this hash, audited.
    pub async fn accept_recipient_terms(
        &self,
        id: &str,
        sha256: &str,
        at: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("UPDATE recipients SET terms_sha256 = $1, terms_accepted_at = $2, updated_at = $2 WHERE id = $3")
                .bind(sha256)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Every recipient, by id.
    pub async fn recipients(&self) -> Result<Vec<RecipientRow>, StoreError> {
        let sql = format!("SELECT {RECIPIENT_COLUMNS} FROM recipients ORDER BY id");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(p)
                .await
        })?)
    }

    /// One recipient.
    pub async fn recipient(&self, id: &str) -> Result<Option<RecipientRow>, StoreError> {
        let sql = format!("SELECT {RECIPIENT_COLUMNS} FROM recipients WHERE id = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Appends a consent (or its withdrawal) to share with a recipient, audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_share_consent(
        &self,
        customer_id: &str,
        recipient_id: &str,
        purpose: &str,
        granted: bool,
        source: &str,
        at: Millis,
        audit: &AuditEvent,
    ) -> Result<i64, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let seq: i64 = sqlx::query_scalar(
                "INSERT INTO share_consents (customer_id, recipient_id, purpose, granted, source, at, request_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq",
            )
            .bind(customer_id).bind(recipient_id).bind(purpose).bind(granted).bind(source).bind(at).bind(&audit.request_id)
            .fetch_one(&mut *tx)
            .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<i64, StoreError>(seq)
        })
    }

    /// Whether the customer's newest word on sharing with `recipient_id` for `purpose` is
    /// a grant.
    pub async fn share_consent_now(
        &self,
        customer_id: &str,
        recipient_id: &str,
        purpose: &str,
    ) -> Result<bool, StoreError> {
        let granted: Option<bool> = with_db!(&self.db, |p, pg| {
            sqlx::query_scalar(
                "SELECT granted FROM share_consents WHERE customer_id = $1 AND recipient_id = $2 AND purpose = $3 \
                 ORDER BY seq DESC LIMIT 1",
            )
            .bind(customer_id)
            .bind(recipient_id)
            .bind(purpose)
            .fetch_optional(p)
            .await
        })?;
        Ok(granted.unwrap_or(false))
    }

    /// A customer's consents to shares, oldest first.
    pub async fn share_consent_history(
        &self,
        customer_id: &str,
    ) -> Result<Vec<ShareConsentRow>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT seq, recipient_id, purpose, granted, source, at FROM share_consents WHERE customer_id = $1 ORDER BY seq",
            )
            .bind(customer_id)
            .fetch_all(p)
            .await
        })?)
    }

    /// Records a share, audited as one entry, in one transaction.
    pub async fn insert_share(&self, s: &ShareRow, audit: &AuditEvent) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            bind_share!(sqlx::query(INSERT_SHARE), s)
                .execute(&mut *tx)
                .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// A customer's shares, oldest first; with `visible_at`, only those the customer may
    /// be shown at that time.
    pub async fn customer_shares(
        &self,
        customer_id: &str,
        visible_at: Option<Millis>,
    ) -> Result<Vec<ShareRow>, StoreError> {
        let sql = format!(
            "SELECT {SHARE_COLUMNS} FROM shares WHERE customer_id = $1 AND ($2 IS NULL OR visible_from <= $2) ORDER BY at, id"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(customer_id)
                .bind(visible_at)
                .fetch_all(p)
                .await
        })?)
    }

    /// Records a lawful order and the customers in its scope, audited.
    pub async fn insert_legal_order(
        &self,
        o: &LegalOrderRow,
        customers: &[String],
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(
                "INSERT INTO legal_orders (id, authority, reference, issued_on, document_sha256, fields, state, silent_until, \
                 recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, 'recorded', $7, $8, $9)",
            )
            .bind(&o.id).bind(&o.authority).bind(&o.reference).bind(&o.issued_on).bind(&o.document_sha256)
            .bind(&o.fields).bind(o.silent_until).bind(&o.recorded_by).bind(o.recorded_at)
            .execute(&mut *tx)
            .await?;
            for c in customers {
                sqlx::query("INSERT INTO legal_order_customers (order_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(&o.id)
                    .bind(c)
                    .execute(&mut *tx)
                    .await?;
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// One lawful order.
    pub async fn legal_order(&self, id: &str) -> Result<Option<LegalOrderRow>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM legal_orders WHERE id = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Every lawful order, newest first.
    pub async fn legal_orders(&self) -> Result<Vec<LegalOrderRow>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM legal_orders ORDER BY recorded_at DESC, id");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(p)
                .await
        })?)
    }

    /// The customers in an order's scope.
    pub async fn legal_order_customers(&self, id: &str) -> Result<Vec<String>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_scalar(
                "SELECT customer_id FROM legal_order_customers WHERE order_id = $1 ORDER BY customer_id",
            )
            .bind(id)
            .fetch_all(p)
            .await
        })?)
    }

    /// Approves a recorded order; `false` when it is not recorded or `by` recorded it.
    pub async fn approve_legal_order(
        &self,
        id: &str,
        by: &str,
        at: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query(
                "UPDATE legal_orders SET state = 'approved', approved_by = $1, approved_at = $2 \
                 WHERE id = $3 AND state = 'recorded' AND recorded_by <> $1",
            )
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Marks an approved order fulfilled with the export's hash, records one share per
    /// customer disclosed, and appends the audit entries, in one transaction; `false`
    /// when the order was not approved (nothing recorded).
    pub async fn fulfil_legal_order(
        &self,
        id: &str,
        by: &str,
        at: Millis,
        export_sha256: &str,
        shares: &[ShareRow],
        audits: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query(
                "UPDATE legal_orders SET state = 'fulfilled', fulfilled_by = $1, fulfilled_at = $2, export_sha256 = $3 \
                 WHERE id = $4 AND state = 'approved'",
            )
            .bind(by)
            .bind(at)
            .bind(export_sha256)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            for s in shares {
                bind_share!(sqlx::query(INSERT_SHARE), s)
                    .execute(&mut *tx)
                    .await?;
            }
            for a in audits {
                append_in_tx!(tx, pg, a);
            }
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Closes an order (the legal hold ends); `false` when already closed.
    pub async fn close_legal_order(
        &self,
        id: &str,
        at: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query(
                "UPDATE legal_orders SET state = 'closed', closed_at = $1 WHERE id = $2 AND state <> 'closed'",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok::<bool, StoreError>(true)
        })
    }

    /// Of `ids`, those held by an open (not closed) lawful order.
    pub async fn held_customers(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT c.customer_id FROM legal_order_customers c JOIN legal_orders o ON o.id = c.order_id \
             WHERE o.state <> 'closed' AND c.customer_id IN ({})",
            placeholders(1, ids.len())
        );
        Ok(with_db!(&self.db, |p, pg| {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?)
    }

    /// Customers of fulfilled orders not yet told, whose silence has ended by `now`:
    /// (order id, customer id). At most `limit`.
    pub async fn due_disclosure_notices(
        &self,
        now: Millis,
        limit: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT c.order_id, c.customer_id FROM legal_order_customers c JOIN legal_orders o ON o.id = c.order_id \
                 JOIN customers k ON k.id = c.customer_id \
                 WHERE o.fulfilled_at IS NOT NULL AND c.told_at IS NULL AND k.erased_at IS NULL \
                 AND (o.silent_until IS NULL OR o.silent_until <= $1) ORDER BY o.fulfilled_at LIMIT $2",
            )
            .bind(now)
            .bind(limit)
            .fetch_all(p)
            .await
        })?)
    }

    /// Records that a customer was told of a disclosure.
    pub async fn mark_disclosure_told(
        &self,
        order_id: &str,
        customer_id: &str,
        at: Millis,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query(
                "UPDATE legal_order_customers SET told_at = $1 WHERE order_id = $2 AND customer_id = $3",
            )
            .bind(at)
            .bind(order_id)
            .bind(customer_id)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Appends a usage event under a pseudonym.
    pub async fn insert_usage_event(
        &self,
        pseudonym: &[u8],
        event: &str,
        dimension: &str,
        month: &str,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query(
                "INSERT INTO usage_events (pseudonym, event, dimension, month) VALUES ($1, $2, $3, $4)",
            )
            .bind(pseudonym)
            .bind(event)
            .bind(dimension)
            .bind(month)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Counts of an event between two months (inclusive, `YYYY-MM`), grouped by month
    /// and/or dimension: distinct pseudonyms and events per group, with the group's cell
    /// keys. No suppression or perturbation here.
    pub async fn usage_groups(
        &self,
        event: &str,
        from: &str,
        to: &str,
        by_month: bool,
        by_dimension: bool,
    ) -> Result<Vec<UsageGroup>, StoreError> {
        let month = if by_month { "month" } else { "''" };
        let dimension = if by_dimension { "dimension" } else { "''" };
        // One row per group and customer; the groups are folded here, where the cell keys
        // can be read from the pseudonyms' bytes on either database.
        let sql = format!(
            "SELECT {month} AS month, {dimension} AS dimension, pseudonym, COUNT(*) AS events \
             FROM usage_events WHERE event = $1 AND month >= $2 AND month <= $3 GROUP BY 1, 2, 3 ORDER BY 1, 2"
        );
        let rows: Vec<(String, String, Vec<u8>, i64)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(event)
                .bind(from)
                .bind(to)
                .fetch_all(p)
                .await
        })?;
        let mut groups: Vec<UsageGroup> = Vec::new();
        for (month, dimension, pseudonym, events) in rows {
            let (ck, ek) = pseudonym_keys(&pseudonym);
            let same = groups
                .last()
                .is_some_and(|g| g.month == month && g.dimension == dimension);
            if !same {
                groups.push(UsageGroup {
                    month,
                    dimension,
                    customers: 0,
                    events: 0,
                    customer_key: 0,
                    event_key: 0,
                });
            }
            if let Some(g) = groups.last_mut() {
                g.customers += 1;
                g.events += events;
                g.customer_key = g.customer_key.wrapping_add(ck);
                g.event_key = g
                    .event_key
                    .wrapping_add(ek.wrapping_mul(u64::try_from(events).unwrap_or(0)));
            }
        }
        Ok(groups)
    }
}

const INSERT_SHARE: &str = "INSERT INTO shares (id, customer_id, recipient_id, recipient_name, purpose, fields, basis, order_id, at, actor, visible_from) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// Binds a share's columns to [`INSERT_SHARE`].
macro_rules! bind_share {
    ($q:expr, $s:expr) => {{
        let s: &ShareRow = $s;
        $q.bind(&s.id)
            .bind(&s.customer_id)
            .bind(&s.recipient_id)
            .bind(&s.recipient_name)
            .bind(&s.purpose)
            .bind(&s.fields)
            .bind(&s.basis)
            .bind(&s.order_id)
            .bind(s.at)
            .bind(&s.actor)
            .bind(s.visible_from)
    }};
}
use bind_share;
