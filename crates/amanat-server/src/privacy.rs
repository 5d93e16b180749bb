//! Privacy in practice, second part: the customer's requests (access, rectification,
//! erasure, restriction, objection) as a state machine with due dates, restriction of
//! processing, the recipients registry and the share gate, lawful orders with the
//! four-eyes rule and the legal hold, and aggregate reports over pseudonymous events.
//!
//! Request states: `received` -> `verified` (identity checked; a signed-in customer is
//! verified by their session) -> `in_progress` -> `completed` or `refused` (with a reason
//! and the right to complain). Due one month after receipt (`[privacy] due_months`),
//! extendable once (`extension_months`) with a reason told to the customer.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use amanat_core::Role;
use amanat_notify::Notice;
use amanat_store::{
    LegalOrderRow, PrivacyRequestRow, RecipientRow, RequestStep, ShareRow, Transition,
};
use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::accounts::{Accounts, AuthError};
use crate::vault::{Actor, Vault, VaultError};

/// The kinds of request.
pub const KINDS: [&str; 5] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
];
/// Reasons a request may be refused for.
pub const REFUSALS: [&str; 6] = [
    "identity_not_verified",
    "manifestly_unfounded",
    "excessive",
    "legal_hold",
    "legal_obligation",
    "not_applicable",
];
/// Reasons for the one extension.
pub const EXTENSIONS: [&str; 3] = ["complex", "many_requests", "third_party"];
/// How staff checked a customer's identity.
pub const VERIFICATIONS: [&str; 3] = ["document", "callback", "email"];

/// Why a privacy operation was refused. Messages never hold personal values.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// The vault refused or failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// Sending a notice failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The input is wrong; the message says how.
    #[error("{1}")]
    Invalid(&'static str, String),
    /// The thing is not in a state that allows this.
    #[error("{1}")]
    Conflict(&'static str, String),
    /// Not found.
    #[error("{1}")]
    NotFound(&'static str, String),
    /// Not allowed for this identity.
    #[error("{1}")]
    Forbidden(&'static str, String),
}

impl From<amanat_store::StoreError> for PrivacyError {
    fn from(e: amanat_store::StoreError) -> Self {
        PrivacyError::Vault(e.into())
    }
}

type Result<T> = std::result::Result<T, PrivacyError>;

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn invalid(code: &'static str, msg: impl Into<String>) -> PrivacyError {
    PrivacyError::Invalid(code, msg.into())
}

fn conflict(code: &'static str, msg: impl Into<String>) -> PrivacyError {
    PrivacyError::Conflict(code, msg.into())
}

/// What the customer wrote with a request (sealed under their key).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestDetails {
    /// Rectification: the corrected values, by field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Objection: the purposes objected to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Anything else the customer wants to say (at most 2,000 characters; no card numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A request as shown to the customer and to staff (no personal values).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestView {
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
    /// Received (RFC 3339).
    pub received_at: String,
    /// Due (RFC 3339).
    pub due_at: String,
    /// Whether the due date has passed without an answer.
    pub overdue: bool,
    /// The one extension's reason code, if taken.
    pub extension_reason: Option<String>,
    /// How identity was checked.
    pub verified_by: Option<String>,
    /// Refusal reason code, or what completion kept (`none`, `order_references`).
    pub outcome: Option<String>,
    /// When it was answered (RFC 3339).
    pub closed_at: Option<String>,
    /// Where to complain about the answer (in the customer's language), for refusals.
    pub complaint_authority: Option<String>,
    /// Every step.
    #[schema(value_type = Vec<Object>)]
    pub steps: Vec<RequestStep>,
}

/// A recipient who received some of a customer's data, to be told of a correction or an
/// erasure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecipientToNotify {
    /// Registry id (none for an authority under a lawful order).
    pub recipient_id: Option<String>,
    /// Name.
    pub name: String,
    /// The fields it received.
    pub fields: Vec<String>,
    /// When it last received them (RFC 3339).
    pub last_shared_at: String,
}

/// What completing a request did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Completion {
    /// The request after completion.
    pub request: RequestView,
    /// Fields corrected (rectification).
    pub corrected: Vec<String>,
    /// Recipients that received the corrected or erased data and must be told.
    pub recipients_to_notify: Vec<RecipientToNotify>,
    /// SHA-256 of the export handed over (access).
    pub export_sha256: Option<String>,
}

/// A time in ms as RFC 3339 (UTC, seconds).
pub fn rfc(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms).map_or_else(String::new, |t| {
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    })
}

/// The privacy service.
pub struct Privacy {
    vault: Arc<Vault>,
    accounts: Arc<Accounts>,
}

impl Privacy {
    /// A service over the vault, sending notices through the accounts' outbox.
    pub fn new(vault: Arc<Vault>, accounts: Arc<Accounts>) -> Self {
        Privacy { vault, accounts }
    }

    fn date(&self, ms: i64) -> String {
        DateTime::<Utc>::from_timestamp_millis(ms).map_or_else(String::new, |t| {
            t.with_timezone(&self.vault.config().time_zone)
                .format("%Y-%m-%d")
                .to_string()
        })
    }

    async fn live_customer(&self, id: &str) -> Result<()> {
        if self.vault.store().customer_exists(id).await? {
            Ok(())
        } else if self.vault.store().erased_at(id).await?.is_some() {
            Err(PrivacyError::Conflict(
                "customer_erased",
                "this customer's data was erased; only the id and the audit entries remain".into(),
            ))
        } else {
            Err(VaultError::NotFound.into())
        }
    }

    async fn authority_for(&self, customer_id: &str) -> String {
        let cfg = self.vault.config();
        let lang = self
            .accounts
            .language_of(customer_id)
            .await
            .unwrap_or_else(|_| cfg.default_locale().to_owned());
        cfg.privacy
            .complaint_authority
            .get(&lang)
            .or_else(|| cfg.privacy.complaint_authority.get(cfg.default_locale()))
            .cloned()
            .unwrap_or_default()
    }

    async fn view(&self, r: PrivacyRequestRow, now: DateTime<Utc>) -> Result<RequestView> {
        let steps = self.vault.store().privacy_request_steps(&r.id).await?;
        self.view_with(r, steps, now).await
    }

    /// As `view`, with the steps already read.
    async fn view_with(
        &self,
        r: PrivacyRequestRow,
        steps: Vec<amanat_store::RequestStep>,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        let complaint_authority = if r.state == "refused" {
            Some(self.authority_for(&r.customer_id).await).filter(|a| !a.is_empty())
        } else {
            None
        };
        Ok(RequestView {
            overdue: r.closed_at.is_none() && r.due_at < ms(now),
            received_at: rfc(r.received_at),
            due_at: rfc(r.due_at),
            closed_at: r.closed_at.map(rfc),
            id: r.id,
            customer_id: r.customer_id,
            kind: r.kind,
            state: r.state,
            source: r.source,
            extension_reason: r.extension_reason,
            verified_by: r.verified_by,
            outcome: r.outcome,
            complaint_authority,
            steps,
        })
    }

    /// Checks what the customer wrote against the kind of request.
    fn check_details(&self, kind: &str, d: &RequestDetails, now: DateTime<Utc>) -> Result<()> {
        if let Some(m) = &d.message {
            if m.chars().count() > 2000 {
                return Err(invalid(
                    "message_too_long",
                    "the message is longer than 2,000 characters; shorten it",
                ));
            }
            if amanat_core::card::contains_card_number(m) {
                return Err(invalid(
                    "card_number_refused",
                    "the message looks like it holds a card number; amanat never stores card numbers, remove it",
                ));
            }
        }
        match kind {
            "rectification" => {
                if d.fields.is_empty() {
                    return Err(invalid(
                        "fields_required",
                        "a rectification request names the corrected values: {\"details\": {\"fields\": {\"address\": \"...\"}}}",
                    ));
                }
                let raw: HashMap<String, serde_json::Value> = d
                    .fields
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                self.vault.parse_values(&raw, now)?;
            }
            "objection" => {
                if d.purposes.is_empty() {
                    return Err(invalid(
                        "purposes_required",
                        "an objection names the purposes objected to: {\"details\": {\"purposes\": [\"marketing\"]}}",
                    ));
                }
                for p in &d.purposes {
                    crate::consent::objectable(self.vault.config(), p)?;
                }
            }
            _ if !d.fields.is_empty() || !d.purposes.is_empty() => {
                return Err(invalid(
                    "details_not_expected",
                    format!("a request of kind `{kind}` takes only an optional message"),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Receives a request. `verified_by` is `session` for a signed-in customer, or the
    /// method staff used; `None` leaves it waiting for verification. The customer is told
    /// the due date.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit(
        &self,
        actor: &Actor,
        customer_id: &str,
        kind: &str,
        details: &RequestDetails,
        source: &str,
        verified_by: Option<&str>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        if !KINDS.contains(&kind) {
            return Err(invalid(
                "unknown_request_kind",
                format!("`kind` must be one of {}", KINDS.join(", ")),
            ));
        }
        self.live_customer(customer_id).await?;
        self.check_details(kind, details, now)?;
        let store = self.vault.store();
        if store
            .customer_privacy_requests(customer_id)
            .await?
            .iter()
            .any(|r| r.kind == kind && r.closed_at.is_none())
        {
            return Err(conflict(
                "request_open",
                format!("a `{kind}` request of this customer is already open; follow that one"),
            ));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let cfg = self.vault.config();
        let due = now
            .checked_add_months(Months::new(cfg.privacy.due_months))
            .unwrap_or(now);
        let sealed = if details.fields.is_empty()
            && details.purposes.is_empty()
            && details.message.is_none()
        {
            None
        } else {
            let bytes = serde_json::to_vec(details)
                .map_err(|e| invalid("bad_details", format!("the details cannot be kept: {e}")))?;
            Some(
                self.vault
                    .seal_for(customer_id, &format!("privacy_request:{id}"), &bytes)
                    .await?,
            )
        };
        let mut steps = vec![RequestStep {
            at: ms(now),
            state: "received".into(),
            role: actor.role.as_str().into(),
            note: Some(source.to_owned()),
        }];
        if let Some(v) = verified_by {
            steps.push(RequestStep {
                at: ms(now),
                state: "verified".into(),
                role: actor.role.as_str().into(),
                note: Some(v.to_owned()),
            });
        }
        let row = PrivacyRequestRow {
            id: id.clone(),
            customer_id: customer_id.to_owned(),
            kind: kind.to_owned(),
            state: if verified_by.is_some() {
                "verified"
            } else {
                "received"
            }
            .into(),
            source: source.to_owned(),
            details_sealed: sealed,
            received_at: ms(now),
            due_at: ms(due),
            extended_at: None,
            extension_reason: None,
            verified_by: verified_by.map(str::to_owned),
            outcome: None,
            closed_at: None,
        };
        let audit = self.vault.event(
            actor,
            "privacy_request.received",
            customer_id,
            kind,
            Vec::new(),
            request_id,
            now,
        );
        store.insert_privacy_request(&row, &steps, &audit).await?;
        metrics::counter!("amanat_privacy_requests_total", "kind" => kind.to_owned()).increment(1);
        self.tell(
            customer_id,
            Notice::PrivacyRequestReceived {
                request: kind.to_owned(),
                due: self.date(ms(due)),
            },
            request_id,
            now,
        )
        .await;
        self.view(row, now).await
    }

    /// Tells the customer by email. A failure to queue is logged, never fatal: the
    /// request's state is what counts, and the customer sees it in the portal.
    async fn tell(&self, customer_id: &str, notice: Notice, request_id: &str, now: DateTime<Utc>) {
        if let Err(e) = self
            .accounts
            .notify_security(customer_id, notice, false, request_id, now)
            .await
        {
            tracing::warn!(error = %e, "a privacy notice could not be queued");
        }
    }

    /// One request (staff), or one of the customer's own (`owner`).
    pub async fn get(
        &self,
        id: &str,
        owner: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        let r = self.row(id, owner).await?;
        self.view(r, now).await
    }

    async fn row(&self, id: &str, owner: Option<&str>) -> Result<PrivacyRequestRow> {
        let r = self.vault.store().privacy_request(id).await?;
        match r {
            Some(r) if owner.is_none_or(|o| o == r.customer_id) => Ok(r),
            _ => Err(PrivacyError::NotFound(
                "request_not_found",
                "no privacy request with this id".into(),
            )),
        }
    }

    /// A customer's requests, newest first.
    pub async fn of_customer(
        &self,
        customer_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<RequestView>> {
        let rows = self
            .vault
            .store()
            .customer_privacy_requests(customer_id)
            .await?;
        // One query for the steps of the whole page, not one per request.
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut steps: std::collections::HashMap<String, Vec<amanat_store::RequestStep>> =
            std::collections::HashMap::new();
        for (id, step) in self.vault.store().privacy_request_steps_of(&ids).await? {
            steps.entry(id).or_default().push(step);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let s = steps.remove(&r.id).unwrap_or_default();
            out.push(self.view_with(r, s, now).await?);
        }
        Ok(out)
    }

    /// The DPO's queue: open requests (or those in `state`), oldest due first; with
    /// `overdue`, only those past their due date.
    pub async fn queue(
        &self,
        state: Option<&str>,
        overdue: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<RequestView>> {
        if let Some(s) = state
            && ![
                "received",
                "verified",
                "in_progress",
                "completed",
                "refused",
            ]
            .contains(&s)
        {
            return Err(invalid(
                "unknown_state",
                "`state` is one of received, verified, in_progress, completed, refused",
            ));
        }
        let rows = self
            .vault
            .store()
            .list_privacy_requests(state, overdue.then(|| ms(now)), 1000)
            .await?;
        // One query for the steps of the whole page, not one per request.
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut steps: std::collections::HashMap<String, Vec<amanat_store::RequestStep>> =
            std::collections::HashMap::new();
        for (id, step) in self.vault.store().privacy_request_steps_of(&ids).await? {
            steps.entry(id).or_default().push(step);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let s = steps.remove(&r.id).unwrap_or_default();
            out.push(self.view_with(r, s, now).await?);
        }
        Ok(out)
    }

    fn dpo(actor: &Actor) -> Result<()> {
        if actor.role == Role::Dpo {
            Ok(())
        } else {
            Err(PrivacyError::Forbidden(
                "dpo_only",
                "only the data protection officer (role dpo) answers privacy requests".into(),
            ))
        }
    }

    async fn advance(
        &self,
        actor: &Actor,
        r: &PrivacyRequestRow,
        t: &Transition<'_>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let audit = self.vault.event(
            actor,
            &format!("privacy_request.{}", t.to),
            &r.customer_id,
            &r.kind,
            Vec::new(),
            request_id,
            now,
        );
        if self
            .vault
            .store()
            .advance_privacy_request(&r.id, t, ms(now), &audit)
            .await?
        {
            Ok(())
        } else {
            Err(conflict(
                "request_state",
                format!(
                    "the request is `{}`; this step needs it to be {}",
                    r.state,
                    t.from.join(" or ")
                ),
            ))
        }
    }

    /// Records that staff checked the customer's identity (`document`, `callback`, `email`).
    pub async fn verify(
        &self,
        actor: &Actor,
        id: &str,
        method: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        Self::dpo(actor)?;
        if !VERIFICATIONS.contains(&method) {
            return Err(invalid(
                "unknown_method",
                format!("`method` is one of {}", VERIFICATIONS.join(", ")),
            ));
        }
        let r = self.row(id, None).await?;
        let t = Transition {
            from: &["received"],
            to: "verified",
            verified_by: Some(method),
            role: actor.role.as_str(),
            note: Some(method),
            ..Transition::default()
        };
        self.advance(actor, &r, &t, request_id, now).await?;
        self.get(id, None, now).await
    }

    /// Starts work on a verified request.
    pub async fn start(
        &self,
        actor: &Actor,
        id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        Self::dpo(actor)?;
        let r = self.row(id, None).await?;
        let t = Transition {
            from: &["verified"],
            to: "in_progress",
            role: actor.role.as_str(),
            ..Transition::default()
        };
        self.advance(actor, &r, &t, request_id, now).await?;
        self.get(id, None, now).await
    }

    /// Takes the one extension, with a reason told to the customer.
    pub async fn extend(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        Self::dpo(actor)?;
        if !EXTENSIONS.contains(&reason) {
            return Err(invalid(
                "unknown_reason",
                format!("`reason` is one of {}", EXTENSIONS.join(", ")),
            ));
        }
        let r = self.row(id, None).await?;
        if r.extended_at.is_some() {
            return Err(conflict(
                "already_extended",
                "this request was already extended once; the law allows one extension",
            ));
        }
        let months = self.vault.config().privacy.extension_months;
        let due = DateTime::<Utc>::from_timestamp_millis(r.due_at)
            .and_then(|d| d.checked_add_months(Months::new(months)))
            .map_or(r.due_at, ms);
        let state = r.state.clone();
        let from = [state.as_str()];
        if !["received", "verified", "in_progress"].contains(&state.as_str()) {
            return Err(conflict(
                "request_closed",
                "the request is already answered",
            ));
        }
        let t = Transition {
            from: &from,
            to: &state,
            extension: Some((due, reason)),
            role: actor.role.as_str(),
            note: Some(reason),
            ..Transition::default()
        };
        self.advance(actor, &r, &t, request_id, now).await?;
        self.tell(
            &r.customer_id,
            Notice::PrivacyRequestExtended {
                request: r.kind.clone(),
                due: self.date(due),
                reason: reason.to_owned(),
            },
            request_id,
            now,
        )
        .await;
        self.get(id, None, now).await
    }

    /// Refuses a request with a reason; the customer is told it and where to complain.
    pub async fn refuse(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<RequestView> {
        Self::dpo(actor)?;
        if !REFUSALS.contains(&reason) {
            return Err(invalid(
                "unknown_reason",
                format!("`reason` is one of {}", REFUSALS.join(", ")),
            ));
        }
        let r = self.row(id, None).await?;
        let t = Transition {
            from: &["received", "verified", "in_progress"],
            to: "refused",
            outcome: Some(reason),
            close: true,
            role: actor.role.as_str(),
            note: Some(reason),
            ..Transition::default()
        };
        self.advance(actor, &r, &t, request_id, now).await?;
        let authority = self.authority_for(&r.customer_id).await;
        self.tell(
            &r.customer_id,
            Notice::PrivacyRequestRefused {
                request: r.kind.clone(),
                reason: reason.to_owned(),
                authority,
            },
            request_id,
            now,
        )
        .await;
        self.get(id, None, now).await
    }

    /// Completes an in-progress request by doing what it asks: an access request makes
    /// the export (its hash is kept), a rectification applies the corrected values
    /// (`fields`, or those the customer gave), an erasure erases (unless a lawful order
    /// holds the data: then refuse it with `legal_hold`), a restriction restricts, an
    /// objection records the objections.
    pub async fn complete(
        &self,
        actor: &Actor,
        id: &str,
        fields: Option<&BTreeMap<String, String>>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Completion> {
        Self::dpo(actor)?;
        let r = self.row(id, None).await?;
        if r.state != "in_progress" {
            return Err(conflict(
                "request_state",
                format!(
                    "the request is `{}`; start it before completing it",
                    r.state
                ),
            ));
        }
        let customer = r.customer_id.clone();
        let details = match &r.details_sealed {
            Some(sealed) => {
                let plain = self
                    .vault
                    .open_for(&customer, &format!("privacy_request:{}", r.id), sealed)
                    .await?;
                serde_json::from_slice::<RequestDetails>(&plain).unwrap_or_default()
            }
            None => RequestDetails::default(),
        };
        let mut corrected = Vec::new();
        let mut recipients_to_notify = Vec::new();
        let mut export_sha256 = None;
        let mut kept = "none";
        match r.kind.as_str() {
            "access" => {
                let export =
                    crate::export::build(&self.vault, actor, &customer, request_id, now).await?;
                let bytes = serde_json::to_vec(&export).map_err(|e| {
                    invalid(
                        "export_failed",
                        format!("the export could not be made: {e}"),
                    )
                })?;
                export_sha256 = Some(hex::encode(sha2::Sha256::digest(&bytes)));
            }
            "rectification" => {
                let values = fields.cloned().unwrap_or(details.fields);
                if values.is_empty() {
                    return Err(invalid(
                        "fields_required",
                        "give the corrected values: {\"fields\": {\"address\": \"...\"}}",
                    ));
                }
                let raw: HashMap<String, serde_json::Value> = values
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                let before = self
                    .accounts
                    .before_rectify(&customer, &raw, request_id, now)
                    .await?;
                let cid = amanat_core::CustomerId::from_trusted(customer.clone());
                corrected = self
                    .vault
                    .update_customer(actor, &cid, &raw, request_id, now)
                    .await?;
                if let Some(before) = before {
                    self.accounts
                        .after_rectify(&customer, before, request_id, now)
                        .await?;
                }
                recipients_to_notify = self.recipients_of(&customer, Some(&corrected)).await?;
            }
            "erasure" => {
                if !self
                    .vault
                    .store()
                    .held_customers(std::slice::from_ref(&customer))
                    .await?
                    .is_empty()
                {
                    return Err(conflict(
                        "legal_hold",
                        "an open lawful order holds this customer's data; refuse the request with reason `legal_hold` (the customer is told) or wait until the order is closed",
                    ));
                }
                recipients_to_notify = self.recipients_of(&customer, None).await?;
                // Only orders young enough to be kept for accounting are named in the notice;
                // erasure deletes the older ones.
                let keep_since = self.vault.orders_kept_since(now);
                let has_orders = self
                    .vault
                    .store()
                    .orders_of(&customer)
                    .await?
                    .iter()
                    .any(|o| o.created_at >= keep_since);
                kept = if has_orders {
                    "order_references"
                } else {
                    "none"
                };
                // The last word to the customer goes out before their key is destroyed.
                if let Err(e) = self
                    .accounts
                    .enqueue_final(
                        &customer,
                        Notice::PrivacyRequestCompleted {
                            request: "erasure".into(),
                            kept: kept.into(),
                        },
                        request_id,
                        now,
                    )
                    .await
                {
                    tracing::warn!(error = %e, "the erasure confirmation could not be queued");
                }
                let done = self
                    .vault
                    .erase(
                        actor,
                        std::slice::from_ref(&customer),
                        "erasure_request",
                        request_id,
                        now,
                    )
                    .await?;
                if done.orders_kept == 0 {
                    kept = "none";
                }
                metrics::counter!("amanat_customers_erased_total").increment(done.customers);
            }
            "restriction" => {
                let audit = self.vault.event(
                    actor,
                    "customer.restricted",
                    &customer,
                    "restriction",
                    Vec::new(),
                    request_id,
                    now,
                );
                self.vault
                    .store()
                    .set_restriction(&customer, ms(now), Some(&r.id), &audit)
                    .await?;
            }
            "objection" => {
                for p in &details.purposes {
                    crate::consent::object(
                        &self.vault,
                        (&actor.id, actor.role.as_str()),
                        &customer,
                        p,
                        false,
                        "request",
                        "staff",
                        request_id,
                        now,
                    )
                    .await?;
                }
            }
            _ => {}
        }
        let outcome = match &export_sha256 {
            Some(_) => "export",
            None => kept,
        };
        let t = Transition {
            from: &["in_progress"],
            to: "completed",
            outcome: Some(outcome),
            close: true,
            role: actor.role.as_str(),
            note: Some(outcome),
            ..Transition::default()
        };
        self.advance(actor, &r, &t, request_id, now).await?;
        if r.kind != "erasure" {
            self.tell(
                &customer,
                Notice::PrivacyRequestCompleted {
                    request: r.kind.clone(),
                    kept: "none".into(),
                },
                request_id,
                now,
            )
            .await;
        }
        Ok(Completion {
            request: self.get(id, None, now).await?,
            corrected,
            recipients_to_notify,
            export_sha256,
        })
    }

    /// Lifts a restriction (DPO); the customer is told.
    pub async fn lift_restriction(
        &self,
        actor: &Actor,
        customer_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        Self::dpo(actor)?;
        let audit = self.vault.event(
            actor,
            "customer.restriction_lifted",
            customer_id,
            "restriction",
            Vec::new(),
            request_id,
            now,
        );
        if !self
            .vault
            .store()
            .lift_restriction(customer_id, &audit)
            .await?
        {
            return Err(PrivacyError::NotFound(
                "not_restricted",
                "this customer's processing is not restricted".into(),
            ));
        }
        self.tell(
            customer_id,
            Notice::RestrictionLifted {
                at: self.date(ms(now)),
            },
            request_id,
            now,
        )
        .await;
        Ok(())
    }

    /// The recipients that received a customer's data (only those that received one of
    /// `fields`, when given), newest share per recipient.
    pub async fn recipients_of(
        &self,
        customer_id: &str,
        fields: Option<&[String]>,
    ) -> Result<Vec<RecipientToNotify>> {
        let shares = self
            .vault
            .store()
            .customer_shares(customer_id, None)
            .await?;
        let mut by: BTreeMap<(Option<String>, String), (BTreeSet<String>, i64)> = BTreeMap::new();
        for s in shares {
            let names: Vec<String> = serde_json::from_str(&s.fields).unwrap_or_default();
            let relevant: Vec<String> = names
                .into_iter()
                .filter(|n| fields.is_none_or(|f| f.contains(n)))
                .collect();
            if relevant.is_empty() {
                continue;
            }
            let e = by
                .entry((s.recipient_id.clone(), s.recipient_name.clone()))
                .or_default();
            e.0.extend(relevant);
            e.1 = e.1.max(s.at);
        }
        Ok(by
            .into_iter()
            .map(|((recipient_id, name), (fields, at))| RecipientToNotify {
                recipient_id,
                name,
                fields: fields.into_iter().collect(),
                last_shared_at: rfc(at),
            })
            .collect())
    }

    // ----- recipients and shares -----

    /// Adds or replaces a recipient (DPO, admin).
    pub async fn put_recipient(
        &self,
        actor: &Actor,
        r: &RecipientRow,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !matches!(actor.role, Role::Dpo | Role::Admin) {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        let id_ok = (2..=64).contains(&r.id.len())
            && r.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(invalid(
                "bad_recipient_id",
                "a recipient id is 2 to 64 characters of a-z, 0-9 and '-', e.g. `ghn-shipping`",
            ));
        }
        if r.country.len() != 2 || !r.country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid(
                "bad_country",
                "`country` is an ISO 3166 two-letter code in capitals, e.g. `VN`",
            ));
        }
        for (name, text) in [
            ("name", &r.name),
            ("business_responsibility", &r.business_responsibility),
            ("recipient_responsibility", &r.recipient_responsibility),
        ] {
            let n = text.trim().chars().count();
            if n == 0 || n > 2000 {
                return Err(invalid(
                    "bad_text",
                    format!("`{name}` must be 1 to 2,000 characters"),
                ));
            }
        }
        let purposes: Vec<String> = serde_json::from_str(&r.purposes).unwrap_or_default();
        if purposes.is_empty() {
            return Err(invalid(
                "purposes_required",
                "name at least one purpose the recipient receives data for",
            ));
        }
        for p in &purposes {
            if !self.vault.config().purposes.contains_key(p) {
                return Err(VaultError::UnknownPurpose(p.clone()).into());
            }
        }
        let audit = self.vault.event(
            actor,
            "recipient.put",
            &r.id,
            "sharing",
            Vec::new(),
            request_id,
            now,
        );
        self.vault
            .store()
            .upsert_recipient(r, ms(now), &audit)
            .await?;
        Ok(())
    }

    /// Records that a recipient accepted the confidentiality terms (their SHA-256).
    pub async fn recipient_terms(
        &self,
        actor: &Actor,
        id: &str,
        sha256: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !matches!(actor.role, Role::Dpo | Role::Admin) {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        let h = sha256.trim().to_ascii_lowercase();
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(
                "bad_document_sha256",
                "`document_sha256` is the SHA-256 of the signed terms in hex (64 characters; `sha256sum FILE`)",
            ));
        }
        let audit = self.vault.event(
            actor,
            "recipient.terms_accepted",
            id,
            "sharing",
            Vec::new(),
            request_id,
            now,
        );
        if self
            .vault
            .store()
            .accept_recipient_terms(id, &h, ms(now), &audit)
            .await?
        {
            Ok(())
        } else {
            Err(PrivacyError::NotFound(
                "recipient_not_found",
                "no recipient with this id".into(),
            ))
        }
    }

    async fn recipient(&self, id: &str) -> Result<RecipientRow> {
        self.vault.store().recipient(id).await?.ok_or_else(|| {
            PrivacyError::NotFound(
                "recipient_not_found",
                "no recipient with this id; see GET /api/v1/recipients".into(),
            )
        })
    }

    /// Records a customer's consent (or its withdrawal) to a share with a recipient.
    #[allow(clippy::too_many_arguments)]
    pub async fn share_consent(
        &self,
        actor: &Actor,
        customer_id: &str,
        recipient_id: &str,
        purpose: &str,
        granted: bool,
        source: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.live_customer(customer_id).await?;
        let r = self.recipient(recipient_id).await?;
        let purposes: Vec<String> = serde_json::from_str(&r.purposes).unwrap_or_default();
        if !purposes.iter().any(|p| p == purpose) {
            return Err(invalid(
                "purpose_not_of_recipient",
                format!(
                    "recipient `{recipient_id}` does not receive data for `{purpose}`; its purposes are {}",
                    purposes.join(", ")
                ),
            ));
        }
        let audit = self.vault.event(
            actor,
            if granted {
                "share_consent.granted"
            } else {
                "share_consent.withdrawn"
            },
            customer_id,
            purpose,
            Vec::new(),
            request_id,
            now,
        );
        Ok(self
            .vault
            .store()
            .record_share_consent(
                customer_id,
                recipient_id,
                purpose,
                granted,
                source,
                ms(now),
                &audit,
            )
            .await?)
    }

    /// Shares fields of a customer with a registry recipient: only with the customer's
    /// standing consent for that recipient and purpose, to a recipient that accepted the
    /// confidentiality terms, for fields held for that purpose, and not while processing
    /// is restricted. Returns the share id and the values (to hand over).
    #[allow(clippy::too_many_arguments)]
    pub async fn share(
        &self,
        actor: &Actor,
        customer_id: &str,
        recipient_id: &str,
        purpose: &str,
        fields: &[String],
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, BTreeMap<String, String>)> {
        if !actor.role.may_write_customers() {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        self.live_customer(customer_id).await?;
        let r = self.recipient(recipient_id).await?;
        if r.terms_sha256.is_none() {
            return Err(PrivacyError::Forbidden(
                "recipient_terms_missing",
                "this recipient has not accepted the confidentiality terms; record them with POST /api/v1/recipients/{id}/terms first".into(),
            ));
        }
        let purposes: Vec<String> = serde_json::from_str(&r.purposes).unwrap_or_default();
        if !purposes.iter().any(|p| p == purpose) {
            return Err(invalid(
                "purpose_not_of_recipient",
                format!("recipient `{recipient_id}` does not receive data for `{purpose}`"),
            ));
        }
        if fields.is_empty() {
            return Err(invalid("fields_required", "name the fields to share"));
        }
        let cfg = self.vault.config();
        for f in fields {
            let def = cfg
                .field(f)
                .ok_or_else(|| VaultError::UnknownField(f.clone()))?;
            if !def.purposes.iter().any(|p| p == purpose) {
                return Err(invalid(
                    "field_not_for_purpose",
                    format!(
                        "field `{f}` is not held for `{purpose}`, so it cannot be shared for it"
                    ),
                ));
            }
        }
        let store = self.vault.store();
        if store.restricted_since(customer_id).await?.is_some() {
            return Err(PrivacyError::Forbidden(
                "processing_restricted",
                "this customer has restricted the processing of their data; nothing is shared"
                    .into(),
            ));
        }
        if !store
            .share_consent_now(customer_id, recipient_id, purpose)
            .await?
        {
            let audit = self.vault.event(
                actor,
                "share.refused",
                customer_id,
                purpose,
                fields.to_vec(),
                request_id,
                now,
            );
            store.append_audit(&audit).await?;
            return Err(PrivacyError::Forbidden(
                "no_basis",
                "no basis to share: the customer has not consented to this recipient for this purpose, and no lawful order covers it".into(),
            ));
        }
        let only: Vec<&str> = fields.iter().map(String::as_str).collect();
        let values = self
            .vault
            .read_fields(actor, customer_id, Some(&only), purpose, request_id, now)
            .await?;
        let share = ShareRow {
            id: uuid::Uuid::now_v7().to_string(),
            customer_id: customer_id.to_owned(),
            recipient_id: Some(r.id.clone()),
            recipient_name: r.name.clone(),
            purpose: purpose.to_owned(),
            fields: serde_json::to_string(&values.keys().collect::<Vec<_>>()).unwrap_or_default(),
            basis: "consent".into(),
            order_id: None,
            at: ms(now),
            actor: actor.id.clone(),
            visible_from: ms(now),
        };
        let audit = self.vault.event(
            actor,
            "customer.shared",
            customer_id,
            purpose,
            values.keys().cloned().collect(),
            request_id,
            now,
        );
        store.insert_share(&share, &audit).await?;
        Ok((share.id, values))
    }

    // ----- lawful orders -----

    /// Records a lawful order (DPO, admin). The customers in scope are held from erasure
    /// from now until the order is closed.
    pub async fn record_order(
        &self,
        actor: &Actor,
        order: &LegalOrderRow,
        customers: &[String],
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !matches!(actor.role, Role::Dpo | Role::Admin) {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        for (name, text) in [
            ("authority", &order.authority),
            ("reference", &order.reference),
        ] {
            let n = text.trim().chars().count();
            if n == 0 || n > 300 || text.chars().any(char::is_control) {
                return Err(invalid(
                    "bad_text",
                    format!("`{name}` must be one line of 1 to 300 characters"),
                ));
            }
        }
        if chrono::NaiveDate::parse_from_str(&order.issued_on, "%Y-%m-%d").is_err() {
            return Err(invalid("bad_date", "`issued_on` is a date, YYYY-MM-DD"));
        }
        let h = &order.document_sha256;
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(
                "bad_document_sha256",
                "`document_sha256` is the SHA-256 of the order document in hex (64 characters; `sha256sum FILE`)",
            ));
        }
        let fields: Vec<String> = serde_json::from_str(&order.fields).unwrap_or_default();
        if fields.is_empty() {
            return Err(invalid(
                "fields_required",
                "name the fields the order covers",
            ));
        }
        for f in &fields {
            if self.vault.config().field(f).is_none() {
                return Err(VaultError::UnknownField(f.clone()).into());
            }
        }
        if customers.is_empty() || customers.len() > 10_000 {
            return Err(invalid(
                "customers_required",
                "name 1 to 10,000 customers the order covers",
            ));
        }
        if customers
            .iter()
            .any(|c| amanat_core::CustomerId::parse(c).is_none())
        {
            return Err(invalid(
                "bad_customer_id",
                "every customer is a customer id (a UUID)",
            ));
        }
        // Every named customer must exist (one query per 500, not one per customer).
        let mut distinct = customers.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if self.vault.store().live_customers_among(&distinct).await? != distinct.len() {
            return Err(VaultError::NotFound.into());
        }
        let audit = self.vault.event(
            actor,
            "legal_order.recorded",
            &order.id,
            "legal_obligation",
            fields,
            request_id,
            now,
        );
        self.vault
            .store()
            .insert_legal_order(order, &distinct, &audit)
            .await?;
        Ok(())
    }

    async fn order(&self, id: &str) -> Result<LegalOrderRow> {
        self.vault.store().legal_order(id).await?.ok_or_else(|| {
            PrivacyError::NotFound("order_not_found", "no lawful order with this id".into())
        })
    }

    /// Approves an order: a DPO who did not record it.
    pub async fn approve_order(
        &self,
        actor: &Actor,
        id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<LegalOrderRow> {
        Self::dpo(actor)?;
        let o = self.order(id).await?;
        if o.recorded_by == actor.id {
            return Err(PrivacyError::Forbidden(
                "four_eyes",
                "the order must be approved by a DPO other than the one who recorded it".into(),
            ));
        }
        let audit = self.vault.event(
            actor,
            "legal_order.approved",
            id,
            "legal_obligation",
            Vec::new(),
            request_id,
            now,
        );
        if !self
            .vault
            .store()
            .approve_legal_order(id, &actor.id, ms(now), &audit)
            .await?
        {
            return Err(conflict(
                "order_state",
                format!(
                    "the order is `{}`; only a recorded order can be approved",
                    o.state
                ),
            ));
        }
        self.order(id).await
    }

    /// Fulfils an approved order: the scoped export (only the fields and customers in
    /// scope) is made, its SHA-256 recorded, a share recorded for each customer, and the
    /// customers told unless the order forbids it until a date. Returns the export bytes
    /// and their hash.
    pub async fn fulfil_order(
        &self,
        actor: &Actor,
        id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(Vec<u8>, String)> {
        Self::dpo(actor)?;
        let o = self.order(id).await?;
        if o.state != "approved" {
            return Err(conflict(
                "order_state",
                format!(
                    "the order is `{}`; it must be approved before it is fulfilled",
                    o.state
                ),
            ));
        }
        let fields: Vec<String> = serde_json::from_str(&o.fields).unwrap_or_default();
        let only: Vec<&str> = fields.iter().map(String::as_str).collect();
        // The purpose named `legal_obligation` when the business declares it, else the
        // first purpose resting on a legal obligation.
        let is_legal = |p: &&amanat_core::config::Purpose| {
            p.legal_basis == amanat_core::config::LegalBasis::LegalObligation
        };
        let purposes = &self.vault.config().purposes;
        let legal = purposes
            .get("legal_obligation")
            .filter(is_legal)
            .or_else(|| purposes.values().find(is_legal))
            .map_or_else(|| "legal_obligation".to_owned(), |p| p.id.clone());
        let store = self.vault.store();
        let mut customers = Vec::new();
        let mut shares = Vec::new();
        let mut audits = Vec::new();
        for c in store.legal_order_customers(id).await? {
            if !store.customer_exists(&c).await? {
                customers.push(serde_json::json!({ "customer_id": c, "erased": true }));
                continue;
            }
            let values = self
                .vault
                .read_fields(actor, &c, Some(&only), &legal, request_id, now)
                .await?;
            audits.push(self.vault.event(
                actor,
                "customer.disclosed",
                &c,
                &legal,
                values.keys().cloned().collect(),
                request_id,
                now,
            ));
            shares.push(ShareRow {
                id: uuid::Uuid::now_v7().to_string(),
                customer_id: c.clone(),
                recipient_id: None,
                recipient_name: o.authority.clone(),
                purpose: legal.clone(),
                fields: serde_json::to_string(&values.keys().collect::<Vec<_>>())
                    .unwrap_or_default(),
                basis: "lawful_order".into(),
                order_id: Some(o.id.clone()),
                at: ms(now),
                actor: actor.id.clone(),
                visible_from: o.silent_until.unwrap_or(0).max(ms(now)),
            });
            customers.push(serde_json::json!({ "customer_id": c, "fields": values }));
        }
        let doc = serde_json::json!({
            "order": {
                "id": o.id,
                "authority": o.authority,
                "reference": o.reference,
                "issued_on": o.issued_on,
                "document_sha256": o.document_sha256,
                "fields": fields,
            },
            "business": self.vault.config().name,
            "generated_at": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "customers": customers,
        });
        let bytes = serde_json::to_vec_pretty(&doc).map_err(|e| {
            invalid(
                "export_failed",
                format!("the export could not be made: {e}"),
            )
        })?;
        let hash = hex::encode(sha2::Sha256::digest(&bytes));
        audits.push(self.vault.event(
            actor,
            "legal_order.fulfilled",
            id,
            &legal,
            fields.clone(),
            request_id,
            now,
        ));
        if !store
            .fulfil_legal_order(id, &actor.id, ms(now), &hash, &shares, &audits)
            .await?
        {
            return Err(conflict(
                "order_state",
                "the order changed meanwhile; read it again",
            ));
        }
        self.tell_disclosures(request_id, now).await?;
        Ok((bytes, hash))
    }

    /// Closes an order: its legal hold ends.
    pub async fn close_order(
        &self,
        actor: &Actor,
        id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<LegalOrderRow> {
        Self::dpo(actor)?;
        self.order(id).await?;
        let audit = self.vault.event(
            actor,
            "legal_order.closed",
            id,
            "legal_obligation",
            Vec::new(),
            request_id,
            now,
        );
        if !self
            .vault
            .store()
            .close_legal_order(id, ms(now), &audit)
            .await?
        {
            return Err(conflict("order_state", "the order is already closed"));
        }
        self.order(id).await
    }

    /// Tells the customers of fulfilled orders whose silence has ended. Run after each
    /// fulfilment and by the hourly task.
    pub async fn tell_disclosures(&self, request_id: &str, now: DateTime<Utc>) -> Result<u64> {
        let store = self.vault.store();
        let mut told = 0;
        loop {
            let due = store.due_disclosure_notices(ms(now), 200).await?;
            if due.is_empty() {
                return Ok(told);
            }
            for (order_id, customer) in due {
                if let Some(o) = store.legal_order(&order_id).await? {
                    self.tell(
                        &customer,
                        Notice::LawfulDisclosure {
                            authority: o.authority.clone(),
                            reference: o.reference.clone(),
                            at: self.date(o.fulfilled_at.unwrap_or(ms(now))),
                        },
                        request_id,
                        now,
                    )
                    .await;
                }
                store
                    .mark_disclosure_told(&order_id, &customer, ms(now))
                    .await?;
                told += 1;
            }
        }
    }

    // ----- aggregates -----

    /// Records a usage event under the customer's pseudonym, by month.
    pub async fn usage_event(
        &self,
        actor: &Actor,
        customer_id: &str,
        event: &str,
        dimension: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !matches!(actor.role, Role::Integration | Role::Admin) {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        check_event_name(event)?;
        if dimension.chars().count() > 64
            || !dimension
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/'))
        {
            return Err(invalid(
                "bad_dimension",
                "`dimension` is at most 64 letters, digits, spaces and - _ . / (e.g. a country code)",
            ));
        }
        if amanat_core::card::contains_card_number(dimension) {
            return Err(invalid(
                "card_number_refused",
                "`dimension` looks like a card number",
            ));
        }
        self.live_customer(customer_id).await?;
        let month = now
            .with_timezone(&self.vault.config().time_zone)
            .format("%Y-%m")
            .to_string();
        self.vault
            .store()
            .insert_usage_event(&self.vault.pseudonym(customer_id), event, dimension, &month)
            .await?;
        Ok(())
    }

    /// An aggregate report: per group, distinct customers and events; every group of
    /// fewer than k customers is left out (only how many were is said). Audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn aggregate(
        &self,
        actor: &Actor,
        event: &str,
        by_month: bool,
        by_dimension: bool,
        from: &str,
        to: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Aggregate> {
        if !matches!(actor.role, Role::Dpo | Role::Admin) {
            return Err(VaultError::Forbidden(actor.role).into());
        }
        check_event_name(event)?;
        for m in [from, to] {
            if chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_err() {
                return Err(invalid("bad_month", "`from` and `to` are months, YYYY-MM"));
            }
        }
        let k = i64::from(self.vault.config().aggregate_k);
        let groups = self
            .vault
            .store()
            .usage_groups(event, from, to, by_month, by_dimension)
            .await?;
        let total = groups.len();
        let shown: Vec<AggregateGroup> = groups
            .into_iter()
            .filter(|g| g.customers >= k)
            .map(|g| AggregateGroup {
                customers: g.customers + perturbation(g.customer_key),
                events: g.events + perturbation(g.event_key),
                month: by_month.then_some(g.month),
                dimension: by_dimension.then_some(g.dimension),
            })
            .collect();
        let audit = self.vault.event(
            actor,
            "aggregate.read",
            "",
            "analytics",
            Vec::new(),
            request_id,
            now,
        );
        self.vault.store().append_audit(&audit).await?;
        Ok(Aggregate {
            event: event.to_owned(),
            k,
            suppressed_groups: total - shown.len(),
            groups: shown,
            perturbation: MAX_PERTURBATION,
        })
    }
}

/// The largest change [`perturbation`] makes to a count.
pub const MAX_PERTURBATION: i64 = 2;

/// The noise added to a shown count, read from its group's cell key (the cell key method
/// of statistical offices' table builders): -2, -1, 0, +1 or +2 with chances 5%, 20%, 50%,
/// 20%, 5%. The same customers always give the same noise, so asking again does not average
/// it away; two overlapping reports (January-March against January-February) have unrelated
/// noise, so their difference no longer shows whether one customer more was in a group.
/// Groups under k are left out on their true count, before any noise.
fn perturbation(cell_key: u64) -> i64 {
    // The top 16 bits as a share of 65,536: the cell key is a sum of keyed digests,
    // uniform whatever the group.
    let u = cell_key >> 48;
    match u {
        0..3_277 => -2,
        3_277..16_384 => -1,
        16_384..49_152 => 0,
        49_152..62_259 => 1,
        _ => MAX_PERTURBATION,
    }
}

fn check_event_name(event: &str) -> Result<()> {
    if (1..=40).contains(&event.len())
        && event
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(invalid(
            "bad_event",
            "`event` is 1 to 40 characters of a-z, 0-9 and _, e.g. `order_placed`",
        ))
    }
}

/// An aggregate report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Aggregate {
    /// The event counted.
    pub event: String,
    /// The smallest group shown.
    pub k: i64,
    /// Groups with at least k customers.
    pub groups: Vec<AggregateGroup>,
    /// How many groups were left out for having fewer than k customers.
    pub suppressed_groups: usize,
    /// Every shown count carries a consistent noise of at most this many (see README), so
    /// that subtracting overlapping reports reveals no single customer.
    pub perturbation: i64,
}

/// One group of a report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AggregateGroup {
    /// The month (YYYY-MM), when grouped by month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// The dimension, when grouped by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Distinct customers, with the report's noise.
    pub customers: i64,
    /// Events, with the report's noise.
    pub events: i64,
}

/// A share as shown to the customer (export and transparency page).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShareView {
    /// Who received it.
    pub recipient: String,
    /// The registry id (none for an authority).
    pub recipient_id: Option<String>,
    /// For what.
    pub purpose: String,
    /// `consent` or `lawful_order`.
    pub basis: String,
    /// Which fields.
    pub fields: Vec<String>,
    /// When (RFC 3339).
    pub at: String,
}

/// The shares a customer may be shown now (a lawful order may forbid telling until a
/// date), oldest first.
pub async fn visible_shares(
    vault: &Vault,
    customer_id: &str,
    now: DateTime<Utc>,
) -> std::result::Result<Vec<ShareView>, VaultError> {
    Ok(vault
        .store()
        .customer_shares(customer_id, Some(ms(now)))
        .await?
        .into_iter()
        .map(|s| ShareView {
            fields: serde_json::from_str(&s.fields).unwrap_or_default(),
            at: rfc(s.at),
            recipient: s.recipient_name,
            recipient_id: s.recipient_id,
            purpose: s.purpose,
            basis: s.basis,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{MAX_PERTURBATION, perturbation};

    #[test]
    fn perturbation_is_small_centred_and_mostly_zero() {
        // Cell keys spread evenly over u64 (as sums of keyed digests are).
        let n: u64 = 65_536;
        let mut counts = [0u64; 5];
        for i in 0..n {
            let p = perturbation(i << 48);
            assert!(p.abs() <= MAX_PERTURBATION);
            counts[usize::try_from(p + 2).unwrap()] += 1;
        }
        // 5%, 20%, 50%, 20%, 5%, and a mean of zero.
        assert_eq!(counts, [3_277, 13_107, 32_768, 13_107, 3_277]);
        let sum: i64 = (0..n).map(|i| perturbation(i << 48)).sum();
        assert_eq!(sum, 0);
    }
}
