//! Retention: customers inactive for `retention.inactive_days` are told, by email, that
//! their account will be erased; those still inactive `retention.notice_days` after the
//! notice are erased (crypto-shredding). Any sign-in in between keeps the account. Run by
//! `amanat retention run [--dry-run]` and by a background task of every server.

use std::sync::Arc;

use amanat_core::{FieldKind, Role};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::accounts::{Accounts, AuthError};
use crate::vault::Actor;

/// What a retention pass did (or, dry, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RetentionReport {
    /// Nothing was changed.
    pub dry_run: bool,
    /// Customers due a notice.
    pub due_notice: i64,
    /// Customers due erasure.
    pub due_erasure: i64,
    /// Notices queued.
    pub noticed: u64,
    /// Customers erased.
    pub erased: u64,
    /// Order references kept under the accounting hold.
    pub orders_kept: u64,
}

const BATCH: i64 = 1000;

/// One retention pass. `progress(phase, done)` is called as work advances.
pub async fn run(
    accounts: &Arc<Accounts>,
    dry_run: bool,
    now: DateTime<Utc>,
    progress: &(dyn Fn(&str, u64) + Send + Sync),
) -> Result<RetentionReport, AuthError> {
    let vault = accounts.vault();
    let cfg = vault.config();
    let Some(days) = cfg.retention.inactive_days else {
        return Ok(RetentionReport {
            dry_run,
            ..RetentionReport::default()
        });
    };
    let inactive_before = (now - Duration::days(i64::from(days))).timestamp_millis();
    let notice_before =
        (now - Duration::days(i64::from(cfg.retention.notice_days))).timestamp_millis();
    let store = vault.store();
    let (due_notice, due_erasure) = store
        .retention_counts(inactive_before, notice_before)
        .await?;
    let mut report = RetentionReport {
        dry_run,
        due_notice,
        due_erasure,
        ..RetentionReport::default()
    };
    if dry_run {
        return Ok(report);
    }
    let system = Actor {
        id: "system".into(),
        role: Role::Admin,
    };
    let request_id = format!("retention-{}", uuid::Uuid::new_v4());

    // Erase first, so customers told in this pass are never erased in the same pass.
    loop {
        let ids = store.due_retention_erasure(notice_before, BATCH).await?;
        if ids.is_empty() {
            break;
        }
        let r = vault
            .erase(&system, &ids, "retention", &request_id, now)
            .await?;
        report.erased += r.customers;
        report.orders_kept += r.orders_kept;
        progress("erased", report.erased);
        if r.customers == 0 {
            break;
        }
    }

    let erase_on = (now + Duration::days(i64::from(cfg.retention.notice_days)))
        .with_timezone(&cfg.time_zone)
        .format("%Y-%m-%d")
        .to_string();
    let email_field = vault.field_of_kind(FieldKind::Email);
    loop {
        let ids = store.due_retention_notice(inactive_before, BATCH).await?;
        if ids.is_empty() {
            break;
        }
        for id in &ids {
            if let Some(field) = email_field {
                let values = vault
                    .read_fields(&system, id, Some(&[field]), "service", &request_id, now)
                    .await?;
                if let Some(to) = values.get(field) {
                    let lang = match store.account(id).await? {
                        Some(a) => a.language,
                        None => cfg.default_locale().to_owned(),
                    };
                    accounts
                        .enqueue(
                            id,
                            to,
                            &lang,
                            amanat_notify::Notice::RetentionNotice {
                                erase_on: erase_on.clone(),
                            },
                            now,
                        )
                        .await?;
                }
            }
        }
        store
            .mark_retention_notice(&ids, now.timestamp_millis())
            .await?;
        report.noticed += ids.len() as u64;
        progress("noticed", report.noticed);
    }
    Ok(report)
}
