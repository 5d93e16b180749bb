//! Customer accounts: password hashes, verification, one-time code challenges, sessions,
//! reset tokens, freeze cases, failure and rate counters.
//!
//! Every limit is enforced by the database in one statement or one transaction (an
//! upsert that returns the new count, an update whose condition is the limit), so two
//! requests in parallel, or two server processes, can never both slip under it.

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// A customer's account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    /// The customer.
    pub customer_id: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// `pending`, `active` or `frozen`.
    pub status: String,
    /// The customer's language (en, az, fa, ar, vi).
    pub language: String,
    /// When the email was proven.
    pub email_verified_at: Option<i64>,
    /// When the phone was proven.
    pub phone_verified_at: Option<i64>,
    /// The TOTP secret, sealed under the customer's key.
    pub totp_sealed: Option<Vec<u8>>,
    /// When the authenticator app was confirmed.
    pub totp_confirmed_at: Option<i64>,
    /// When too many failures locked the account (cleared by a reset).
    pub locked_at: Option<i64>,
    /// Last password change.
    pub password_changed_at: i64,
    /// Creation.
    pub created_at: i64,
}

/// A one-time code challenge.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChallengeRow {
    /// Id (also bound into the code's keyed hash).
    pub id: String,
    /// Digest of the flow id handed to the client.
    pub flow_hash: Vec<u8>,
    /// What the code proves: `signup_email`, `signup_phone`, `signin`, `freeze`,
    /// `unfreeze_email`, `unfreeze_phone`.
    pub kind: String,
    /// The customer.
    pub customer_id: String,
    /// `email`, `sms` or `totp`.
    pub channel: String,
    /// Keyed hash of the current code (none for TOTP).
    pub code_hash: Option<Vec<u8>>,
    /// When the current code was sent.
    pub sent_at: i64,
    /// When the current code expires.
    pub expires_at: i64,
    /// Wrong tries so far.
    pub attempts: i64,
    /// When it was used.
    pub consumed_at: Option<i64>,
    /// When the whole flow (resends included) ends.
    pub flow_expires_at: i64,
    /// Extra sealed data (a new phone number being proven).
    pub payload_sealed: Option<Vec<u8>>,
}

/// A session.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SessionRow {
    /// Public id (for listing and revoking).
    pub id: String,
    /// Digest of the token.
    #[serde(skip)]
    pub token_hash: Vec<u8>,
    /// `customer` or `staff`.
    pub subject_kind: String,
    /// The customer or staff id.
    #[serde(skip)]
    pub subject: String,
    /// How it was proven, e.g. `password+sms`.
    pub method: String,
    /// Coarse device description.
    pub device: String,
    /// Sign-in time.
    pub created_at: i64,
    /// Last use.
    pub last_seen_at: i64,
    /// Absolute end.
    pub expires_at: i64,
    /// Revocation time.
    #[serde(skip)]
    pub revoked_at: Option<i64>,
}

/// A freeze case.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct FreezeCaseRow {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// `session`, `public_form` or `staff`.
    pub source: String,
    /// `frozen`, `unfreeze_requested`, `awaiting_approval` or `closed`.
    pub status: String,
    /// When the account was frozen.
    pub opened_at: i64,
    /// When the email owner proved the unfreeze request.
    pub email_proved_at: Option<i64>,
    /// When the new phone was proven.
    pub phone_proved_at: Option<i64>,
    /// The new phone number, sealed.
    #[serde(skip)]
    pub new_phone_sealed: Option<Vec<u8>>,
    /// The staff member who approved.
    pub approved_by: Option<String>,
    /// When the case was closed.
    pub closed_at: Option<i64>,
}

const ACCOUNT_COLS: &str = "customer_id, password_hash, status, language, email_verified_at, phone_verified_at, totp_sealed, totp_confirmed_at, locked_at, password_changed_at, created_at";
const CHALLENGE_COLS: &str = "id, flow_hash, kind, customer_id, channel, code_hash, sent_at, expires_at, attempts, consumed_at, flow_expires_at, payload_sealed";
const SESSION_COLS: &str = "id, token_hash, subject_kind, subject, method, device, created_at, last_seen_at, expires_at, revoked_at";
const CASE_COLS: &str = "id, customer_id, source, status, opened_at, email_proved_at, phone_proved_at, new_phone_sealed, approved_by, closed_at";

impl Store {
    /// Creates the account of a customer who signed up.
    pub async fn create_account(&self, a: &AccountRow) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query("INSERT INTO accounts (customer_id, password_hash, status, language, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&a.customer_id).bind(&a.password_hash).bind(&a.status).bind(&a.language)
                .bind(a.password_changed_at).bind(a.created_at)
                .execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// A customer's account.
    pub async fn account(&self, customer_id: &str) -> Result<Option<AccountRow>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLS} FROM accounts WHERE customer_id = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(customer_id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Records that the email (`email`) or phone (`phone`) was proven; a pending account
    /// with both proven becomes active. Returns the account's status afterwards.
    pub async fn mark_verified(
        &self,
        customer_id: &str,
        what: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<String, StoreError> {
        let column = if what == "email" {
            "email_verified_at"
        } else {
            "phone_verified_at"
        };
        let set =
            format!("UPDATE accounts SET {column} = COALESCE({column}, $2) WHERE customer_id = $1");
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(sqlx::AssertSqlSafe(set.as_str()))
                .bind(customer_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE accounts SET status = 'active' WHERE customer_id = $1 AND status = 'pending' AND email_verified_at IS NOT NULL AND phone_verified_at IS NOT NULL")
                .bind(customer_id).execute(&mut *tx).await?;
            let (status,): (String,) =
                sqlx::query_as("SELECT status FROM accounts WHERE customer_id = $1")
                    .bind(customer_id)
                    .fetch_one(&mut *tx)
                    .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(status)
        })
    }

    /// Replaces the password hash after a change or reset: unlocks the account, clears
    /// its failure count and revokes its sessions (all, or all but `keep_session`).
    pub async fn set_password(
        &self,
        customer_id: &str,
        phc: &str,
        now: Millis,
        keep_session: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let key = format!("c:{customer_id}");
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("UPDATE accounts SET password_hash = $2, password_changed_at = $3, locked_at = NULL WHERE customer_id = $1")
                .bind(customer_id).bind(phc).bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM login_failures WHERE login_key = $1")
                .bind(&key)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE subject = $1 AND revoked_at IS NULL AND id <> $3")
                .bind(customer_id).bind(now).bind(keep_session.unwrap_or("")).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE reset_tokens SET used_at = $2 WHERE customer_id = $1 AND used_at IS NULL",
            )
            .bind(customer_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Stores a fresh hash of the same password (new cost parameters); only when the
    /// stored hash is still `old`, so a concurrent change is never overwritten.
    pub async fn rehash_password(
        &self,
        customer_id: &str,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        self.swap_hash(
            "UPDATE accounts SET password_hash = $3 WHERE customer_id = $1 AND password_hash = $2",
            customer_id,
            old,
            new,
        )
        .await
    }

    /// Runs a compare-and-set of a password hash (`sql` binds id, old hash, new hash); true
    /// when the row still held `old` and was changed. Shared by customers and staff.
    pub(crate) async fn swap_hash(
        &self,
        sql: &'static str,
        id: &str,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            sqlx::query(sql)
                .bind(id)
                .bind(old)
                .bind(new)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Stores (or with `None` removes) the sealed TOTP secret; `confirmed` marks it usable.
    pub async fn set_totp(
        &self,
        customer_id: &str,
        sealed: Option<&[u8]>,
        confirmed: Option<Millis>,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query("UPDATE accounts SET totp_sealed = $2, totp_confirmed_at = $3 WHERE customer_id = $1")
                .bind(customer_id).bind(sealed).bind(confirmed).execute(&mut *tx).await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records that the TOTP code of `step` was used; false when it (or a later one) was
    /// used already, so a code seen by someone else cannot be replayed.
    pub async fn use_totp_step(&self, customer_id: &str, step: i64) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            sqlx::query("UPDATE accounts SET totp_last_step = $2 WHERE customer_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)")
                .bind(customer_id).bind(step).execute(p).await.map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Consecutive failures recorded under `login_key`, and the last one's time.
    pub async fn login_failures(&self, login_key: &str) -> Result<Option<(i64, i64)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT failures, last_failed_at FROM login_failures WHERE login_key = $1",
            )
            .bind(login_key)
            .fetch_optional(p)
            .await
        })?)
    }

    /// Adds a failure under `login_key`; returns the new count. One atomic upsert.
    pub async fn record_login_failure(
        &self,
        login_key: &str,
        now: Millis,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = with_db!(&self.db, |p, pg| {
            sqlx::query_as("INSERT INTO login_failures (login_key, failures, last_failed_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (login_key) DO UPDATE SET failures = login_failures.failures + 1, last_failed_at = $2 RETURNING failures")
                .bind(login_key).bind(now).fetch_one(p).await
        })?;
        Ok(n)
    }

    /// Forgets the failures under `login_key` (after a successful sign-in).
    pub async fn clear_login_failures(&self, login_key: &str) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query("DELETE FROM login_failures WHERE login_key = $1")
                .bind(login_key)
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Locks an account after too many failures, audited; true when it was not locked yet.
    pub async fn lock_account(
        &self,
        customer_id: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query(
                "UPDATE accounts SET locked_at = $2 WHERE customer_id = $1 AND locked_at IS NULL",
            )
            .bind(customer_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Adds one to every counter in `counters` (key, window start, limit) in one
    /// transaction, unless that would take any past its limit: then nothing changes and
    /// the index of the first counter at its limit comes back.
    pub async fn take_quota(
        &self,
        counters: &[(String, Millis, i64)],
    ) -> Result<Option<usize>, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            for (i, (key, window, limit)) in counters.iter().enumerate() {
                let (n,): (i64,) = sqlx::query_as("INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1) \
                     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count")
                    .bind(key).bind(window).fetch_one(&mut *tx).await?;
                if n > *limit {
                    tx.rollback().await?;
                    return Ok(Some(i));
                }
            }
            tx.commit().await?;
            Ok(None)
        })
    }

    /// Removes counters whose window started before `before`.
    pub async fn prune_counters(&self, before: Millis) -> Result<u64, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query("DELETE FROM rate_counters WHERE window_start < $1")
                .bind(before)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?)
    }

    /// Stores a new challenge, with the message that carries its code and an audit entry
    /// when given, in one transaction.
    pub async fn insert_challenge(
        &self,
        c: &ChallengeRow,
        message: Option<&crate::OutboxRow>,
        audit: Option<&AuditEvent>,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO challenges ({CHALLENGE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        );
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&c.id)
                .bind(&c.flow_hash)
                .bind(&c.kind)
                .bind(&c.customer_id)
                .bind(&c.channel)
                .bind(&c.code_hash)
                .bind(c.sent_at)
                .bind(c.expires_at)
                .bind(c.attempts)
                .bind(c.consumed_at)
                .bind(c.flow_expires_at)
                .bind(&c.payload_sealed)
                .execute(&mut *tx)
                .await?;
            if let Some(m) = message {
                crate::outbox::bind_message!(sqlx::query(crate::outbox::ENQUEUE_SQL), m)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(audit) = audit {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// The challenge a flow id (by digest) belongs to.
    pub async fn challenge_by_flow(
        &self,
        flow_hash: &[u8],
    ) -> Result<Option<ChallengeRow>, StoreError> {
        let sql = format!("SELECT {CHALLENGE_COLS} FROM challenges WHERE flow_hash = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(flow_hash)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Counts one try of a code, atomically: only while the challenge is unused, unexpired
    /// and under `max_attempts`. Returns the code hash to compare, or `None` when no try
    /// is left.
    pub async fn take_code_attempt(
        &self,
        id: &str,
        now: Millis,
        max_attempts: i64,
    ) -> Result<Option<Option<Vec<u8>>>, StoreError> {
        let row: Option<(Option<Vec<u8>>,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("UPDATE challenges SET attempts = attempts + 1 WHERE id = $1 AND consumed_at IS NULL AND expires_at > $2 AND attempts < $3 RETURNING code_hash")
                .bind(id).bind(now).bind(max_attempts).fetch_optional(p).await
        })?;
        Ok(row.map(|(h,)| h))
    }

    /// Marks a challenge used; true only for the one caller that used it.
    pub async fn consume_challenge(&self, id: &str, now: Millis) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            sqlx::query(
                "UPDATE challenges SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Replaces the code of a challenge with a new one, only when the last was sent at
    /// least `resend_after` ms ago and the flow is still open. True when replaced.
    pub async fn resend_challenge(
        &self,
        id: &str,
        code_hash: &[u8],
        now: Millis,
        resend_after: Millis,
        ttl: Millis,
    ) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            sqlx::query(
                "UPDATE challenges SET code_hash = $2, sent_at = $3, expires_at = $4, attempts = 0 \
                 WHERE id = $1 AND consumed_at IS NULL AND sent_at <= $5 AND flow_expires_at > $3",
            )
            .bind(id)
            .bind(code_hash)
            .bind(now)
            .bind(now + ttl)
            .bind(now - resend_after)
            .execute(p)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Creates a session, audited in the same transaction; also records activity.
    pub async fn insert_session(
        &self,
        s: &SessionRow,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO sessions ({SESSION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        );
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&s.id)
                .bind(&s.token_hash)
                .bind(&s.subject_kind)
                .bind(&s.subject)
                .bind(&s.method)
                .bind(&s.device)
                .bind(s.created_at)
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .bind(s.revoked_at)
                .execute(&mut *tx)
                .await?;
            if s.subject_kind == "customer" {
                sqlx::query("UPDATE customers SET last_active_at = $2 WHERE id = $1")
                    .bind(&s.subject)
                    .bind(s.created_at)
                    .execute(&mut *tx)
                    .await?;
            }
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The live session holding a token with this digest: not revoked, not past its
    /// absolute end, used within `idle` ms. Its last use is moved forward (at most once
    /// every 15 s, to spare writes).
    pub async fn live_session(
        &self,
        token_hash: &[u8],
        now: Millis,
        idle: Millis,
    ) -> Result<Option<SessionRow>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3"
        );
        let row: Option<SessionRow> = with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(token_hash)
                .bind(now)
                .bind(now - idle)
                .fetch_optional(p)
                .await
        })?;
        if let Some(s) = &row
            && now - s.last_seen_at > 15_000
        {
            with_db!(&self.db, |p, pg| {
                sqlx::query(
                    "UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2",
                )
                .bind(&s.id)
                .bind(now)
                .execute(p)
                .await
                .map(|_| ())
            })?;
        }
        Ok(row)
    }

    /// A subject's live sessions, newest first.
    pub async fn sessions_of(
        &self,
        subject: &str,
        now: Millis,
        idle: Millis,
    ) -> Result<Vec<SessionRow>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE subject = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(subject)
                .bind(now)
                .bind(now - idle)
                .fetch_all(p)
                .await
        })?)
    }

    /// Revokes one of a subject's sessions; true when it was live.
    pub async fn revoke_session(
        &self,
        subject: &str,
        id: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("UPDATE sessions SET revoked_at = $3 WHERE subject = $1 AND id = $2 AND revoked_at IS NULL")
                .bind(subject).bind(id).bind(now).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Stores a reset token's digest, replacing the customer's earlier unused ones.
    pub async fn insert_reset_token(
        &self,
        hash: &[u8],
        customer_id: &str,
        now: Millis,
        expires: Millis,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            sqlx::query(
                "UPDATE reset_tokens SET used_at = $2 WHERE customer_id = $1 AND used_at IS NULL",
            )
            .bind(customer_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO reset_tokens (token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(hash).bind(customer_id).bind(now).bind(expires).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// The customer an unused, unexpired reset token is for, without using it.
    pub async fn peek_reset_token(
        &self,
        hash: &[u8],
        now: Millis,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT customer_id FROM reset_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(hash).bind(now).fetch_optional(p).await
        })?;
        Ok(row.map(|(c,)| c))
    }

    /// Uses a reset token: the customer it was for, once, while unexpired.
    pub async fn take_reset_token(
        &self,
        hash: &[u8],
        now: Millis,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("UPDATE reset_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING customer_id")
                .bind(hash).bind(now).fetch_optional(p).await
        })?;
        Ok(row.map(|(c,)| c))
    }

    /// Freezes an account: status, every session revoked, open challenges spent, a case
    /// opened; all in one audited transaction. False when it was frozen already.
    pub async fn freeze_account(
        &self,
        customer_id: &str,
        case_id: &str,
        source: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = sqlx::query("UPDATE accounts SET status = 'frozen' WHERE customer_id = $1 AND status <> 'frozen'")
                .bind(customer_id).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $2 WHERE subject = $1 AND revoked_at IS NULL",
                )
                .bind(customer_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE challenges SET consumed_at = $2 WHERE customer_id = $1 AND consumed_at IS NULL AND kind IN ('signin', 'signup_phone', 'signup_email', 'freeze')")
                    .bind(customer_id).bind(now).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO freeze_cases (id, customer_id, source, status, opened_at) VALUES ($1, $2, $3, 'frozen', $4)")
                    .bind(case_id).bind(customer_id).bind(source).bind(now).execute(&mut *tx).await?;
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// The open (not closed) freeze case of a customer.
    pub async fn open_freeze_case(
        &self,
        customer_id: &str,
    ) -> Result<Option<FreezeCaseRow>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLS} FROM freeze_cases WHERE customer_id = $1 AND status <> 'closed' ORDER BY opened_at DESC LIMIT 1"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(customer_id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// A freeze case by id.
    pub async fn freeze_case(&self, id: &str) -> Result<Option<FreezeCaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLS} FROM freeze_cases WHERE id = $1");
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await
        })?)
    }

    /// Freeze cases, newest first, optionally of one status.
    pub async fn freeze_cases(
        &self,
        status: Option<&str>,
    ) -> Result<Vec<FreezeCaseRow>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLS} FROM freeze_cases WHERE ($1 = '' OR status = $1) ORDER BY opened_at DESC LIMIT 500"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(status.unwrap_or(""))
                .fetch_all(p)
                .await
        })?)
    }

    /// Moves a case forward: records the email proof (status `unfreeze_requested`) or the
    /// new phone's proof (status `awaiting_approval`), audited.
    pub async fn advance_freeze_case(
        &self,
        case_id: &str,
        step: FreezeStep<'_>,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let n = match step {
                FreezeStep::EmailProved => sqlx::query("UPDATE freeze_cases SET status = 'unfreeze_requested', email_proved_at = $2, phone_proved_at = NULL, new_phone_sealed = NULL WHERE id = $1 AND status IN ('frozen', 'unfreeze_requested', 'awaiting_approval')")
                    .bind(case_id).bind(now).execute(&mut *tx).await?.rows_affected(),
                FreezeStep::PhoneProved(sealed) => sqlx::query("UPDATE freeze_cases SET status = 'awaiting_approval', phone_proved_at = $2, new_phone_sealed = $3 WHERE id = $1 AND status = 'unfreeze_requested'")
                    .bind(case_id).bind(now).bind(sealed).execute(&mut *tx).await?.rows_affected(),
            };
            if n == 1 {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Closes a case awaiting approval and makes the account active again, audited.
    /// `approver` must not be the customer; the caller checks the role.
    pub async fn approve_unfreeze(
        &self,
        case_id: &str,
        approver: &str,
        now: Millis,
        audit: &AuditEvent,
    ) -> Result<Option<FreezeCaseRow>, StoreError> {
        let sql = format!(
            "UPDATE freeze_cases SET status = 'closed', approved_by = $2, closed_at = $3 WHERE id = $1 AND status = 'awaiting_approval' RETURNING {CASE_COLS}"
        );
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let case: Option<FreezeCaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(case_id)
                .bind(approver)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(c) = &case {
                sqlx::query("UPDATE accounts SET status = 'active', phone_verified_at = $2, locked_at = NULL WHERE customer_id = $1")
                    .bind(&c.customer_id).bind(c.phone_proved_at).execute(&mut *tx).await?;
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok(case)
        })
    }
}

/// A step of unfreezing.
#[derive(Debug, Clone, Copy)]
pub enum FreezeStep<'a> {
    /// The email owner proved the request.
    EmailProved,
    /// The new phone was proven; its number sealed.
    PhoneProved(&'a [u8]),
}
