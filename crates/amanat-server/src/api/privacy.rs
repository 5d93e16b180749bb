//! Privacy requests, restriction, recipients and shares, lawful orders and aggregate
//! reports over HTTP. The rules live in [`crate::privacy`].

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use amanat_core::Role;
use amanat_store::{LegalOrderRow, RecipientRow};

use super::auth::{CustomerSession, Staff};
use super::customers::parse_id;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};
use crate::privacy::{Aggregate, Completion, RequestDetails, RequestView, rfc};
use crate::vault::{Actor, VaultError};

/// A new privacy request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// access | rectification | erasure | restriction | objection.
    pub kind: String,
    /// Rectification: `fields`; objection: `purposes`; any: `message`.
    #[serde(default)]
    pub details: RequestDetails,
    /// Staff only: how the customer's identity was already checked (`document`,
    /// `callback`, `email`); leave out to verify later.
    pub verified_by: Option<String>,
}

/// A list of requests.
#[derive(Serialize, ToSchema)]
pub struct Requests {
    /// The requests.
    pub requests: Vec<RequestView>,
}

/// A code given with a step.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// extend: complex | many_requests | third_party. refuse: identity_not_verified |
    /// manifestly_unfounded | excessive | legal_hold | legal_obligation | not_applicable.
    pub reason: String,
}

/// How identity was checked.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    /// document | callback | email.
    pub method: String,
}

/// Completion input.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    /// Rectification: the values to apply (default: those the customer gave).
    pub fields: Option<BTreeMap<String, String>>,
}

/// Filter of the DPO's queue.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// A state; default: every open request.
    pub state: Option<String>,
    /// Only requests past their due date.
    #[serde(default)]
    pub overdue: bool,
}

fn customer_actor(subject: &str) -> Actor {
    Actor {
        id: format!("customer:{subject}"),
        role: Role::Customer,
    }
}

/// The signed-in customer makes a privacy request; their session proves who they are.
#[utoipa::path(post, path = "/api/v1/me/requests", tag = "privacy", request_body = NewRequest,
    responses((status = 201, body = RequestView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn my_request(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<RequestView>), ApiError> {
    if b.verified_by.is_some() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_request",
            "`verified_by` is for staff; your session already proves who you are",
        ));
    }
    let v = s
        .privacy
        .submit(
            &customer_actor(&sess.subject),
            &sess.subject,
            &b.kind,
            &b.details,
            "portal",
            Some("session"),
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The signed-in customer's requests, with states, due dates and answers.
#[utoipa::path(get, path = "/api/v1/me/requests", tag = "privacy", responses((status = 200, body = Requests)))]
pub async fn my_requests(
    State(s): State<AppState>,
    CustomerSession(sess): CustomerSession,
) -> Result<Json<Requests>, ApiError> {
    Ok(Json(Requests {
        requests: s.privacy.of_customer(&sess.subject, s.now()).await?,
    }))
}

/// Staff record a request the customer made by phone, letter or at the desk.
#[utoipa::path(post, path = "/api/v1/customers/{id}/requests", tag = "privacy", params(("id" = String, Path, description = "customer id")),
    request_body = NewRequest, responses((status = 201, body = RequestView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn staff_request(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<RequestView>), ApiError> {
    if !matches!(actor.role, Role::Dpo | Role::Support) {
        return Err(VaultError::Forbidden(actor.role).into());
    }
    let id = parse_id(&id)?;
    if let Some(m) = &b.verified_by
        && !crate::privacy::VERIFICATIONS.contains(&m.as_str())
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_method",
            "`verified_by` is one of document, callback, email",
        ));
    }
    let v = s
        .privacy
        .submit(
            &actor,
            id.as_str(),
            &b.kind,
            &b.details,
            "staff",
            b.verified_by.as_deref(),
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// The DPO's queue of requests, oldest due first.
#[utoipa::path(get, path = "/api/v1/requests", tag = "privacy", params(QueueQuery),
    responses((status = 200, body = Requests), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn queue(
    State(s): State<AppState>,
    Staff(actor): Staff,
    q: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Requests>, ApiError> {
    let Query(q) = q?;
    dpo(&actor)?;
    Ok(Json(Requests {
        requests: s
            .privacy
            .queue(q.state.as_deref(), q.overdue, s.now())
            .await?,
    }))
}

fn dpo(actor: &Actor) -> Result<(), ApiError> {
    if actor.role == Role::Dpo {
        Ok(())
    } else {
        Err(VaultError::Forbidden(actor.role).into())
    }
}

/// One request (DPO).
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "privacy", params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn get_request(
    State(s): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    dpo(&actor)?;
    Ok(Json(s.privacy.get(&id, None, s.now()).await?))
}

/// Record how the customer's identity was checked: received -> verified.
#[utoipa::path(post, path = "/api/v1/requests/{id}/verify", tag = "privacy", params(("id" = String, Path, description = "request id")),
    request_body = VerifyBody, responses((status = 200, body = RequestView), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn verify(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<VerifyBody>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(
        s.privacy
            .verify(&actor, &id, &b.method, &rid, s.now())
            .await?,
    ))
}

/// Start work: verified -> in_progress.
#[utoipa::path(post, path = "/api/v1/requests/{id}/start", tag = "privacy", params(("id" = String, Path, description = "request id")),
    responses((status = 200, body = RequestView), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn start(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(s.privacy.start(&actor, &id, &rid, s.now()).await?))
}

/// Take the one extension, with a reason the customer is told.
#[utoipa::path(post, path = "/api/v1/requests/{id}/extend", tag = "privacy", params(("id" = String, Path, description = "request id")),
    request_body = ReasonBody, responses((status = 200, body = RequestView), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn extend(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(
        s.privacy
            .extend(&actor, &id, &b.reason, &rid, s.now())
            .await?,
    ))
}

/// Refuse, with a reason; the customer is told it and where to complain.
#[utoipa::path(post, path = "/api/v1/requests/{id}/refuse", tag = "privacy", params(("id" = String, Path, description = "request id")),
    request_body = ReasonBody, responses((status = 200, body = RequestView), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn refuse(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(
        s.privacy
            .refuse(&actor, &id, &b.reason, &rid, s.now())
            .await?,
    ))
}

/// Complete: do what the request asks (export, correct, erase, restrict, object).
#[utoipa::path(post, path = "/api/v1/requests/{id}/complete", tag = "privacy", params(("id" = String, Path, description = "request id")),
    request_body = CompleteBody, responses((status = 200, body = Completion), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn complete(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Completion>, ApiError> {
    // The body is optional: only a rectification may carry values.
    let b: CompleteBody = if body.iter().all(u8::is_ascii_whitespace) {
        CompleteBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_json",
                format!("the body is not a valid completion (line {}, column {}): send {{}} or {{\"fields\": {{...}}}}", e.line(), e.column()),
            )
        })?
    };
    Ok(Json(
        s.privacy
            .complete(&actor, &id, b.fields.as_ref(), &rid, s.now())
            .await?,
    ))
}

/// Lift a restriction of processing (DPO); the customer is told.
#[utoipa::path(delete, path = "/api/v1/customers/{id}/restriction", tag = "privacy", params(("id" = String, Path, description = "customer id")),
    responses((status = 204), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn lift_restriction(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    s.privacy
        .lift_restriction(&actor, id.as_str(), &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A recipient as registered.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientBody {
    /// The organisation's name.
    pub name: String,
    /// ISO 3166 two-letter country code.
    pub country: String,
    /// The purposes it receives data for.
    pub purposes: Vec<String>,
    /// What the business answers for.
    pub business_responsibility: String,
    /// What the recipient answers for.
    pub recipient_responsibility: String,
}

/// A recipient in the registry.
#[derive(Serialize, ToSchema)]
pub struct RecipientView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Purposes.
    pub purposes: Vec<String>,
    /// What the business answers for.
    pub business_responsibility: String,
    /// What the recipient answers for.
    pub recipient_responsibility: String,
    /// SHA-256 of the confidentiality terms it accepted.
    pub terms_sha256: Option<String>,
    /// When (RFC 3339).
    pub terms_accepted_at: Option<String>,
}

impl From<RecipientRow> for RecipientView {
    fn from(r: RecipientRow) -> Self {
        RecipientView {
            purposes: serde_json::from_str(&r.purposes).unwrap_or_default(),
            id: r.id,
            name: r.name,
            country: r.country,
            business_responsibility: r.business_responsibility,
            recipient_responsibility: r.recipient_responsibility,
            terms_sha256: r.terms_sha256,
            terms_accepted_at: r.terms_accepted_at.map(rfc),
        }
    }
}

/// The registry.
#[derive(Serialize, ToSchema)]
pub struct Recipients {
    /// Every recipient.
    pub recipients: Vec<RecipientView>,
}

/// Add or replace a recipient (DPO, admin).
#[utoipa::path(put, path = "/api/v1/recipients/{id}", tag = "sharing", params(("id" = String, Path, description = "recipient id, e.g. ghn-shipping")),
    request_body = RecipientBody, responses((status = 200, body = RecipientView), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn put_recipient(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RecipientBody>,
) -> Result<Json<RecipientView>, ApiError> {
    let row = RecipientRow {
        id: id.clone(),
        name: b.name.trim().to_owned(),
        country: b.country,
        purposes: serde_json::to_string(&b.purposes).unwrap_or_default(),
        business_responsibility: b.business_responsibility.trim().to_owned(),
        recipient_responsibility: b.recipient_responsibility.trim().to_owned(),
        terms_sha256: None,
        terms_accepted_at: None,
    };
    s.privacy.put_recipient(&actor, &row, &rid, s.now()).await?;
    let stored = s
        .vault
        .store()
        .recipient(&id)
        .await
        .map_err(VaultError::from)?
        .ok_or_else(ApiError::internal)?;
    Ok(Json(stored.into()))
}

/// The recipients registry: who may receive customers' data, for what, under which
/// terms. Public: customers decide their consents from it.
#[utoipa::path(get, path = "/api/v1/recipients", tag = "sharing", responses((status = 200, body = Recipients)))]
pub async fn recipients(State(s): State<AppState>) -> Result<Json<Recipients>, ApiError> {
    let rows = s
        .vault
        .store()
        .recipients()
        .await
        .map_err(VaultError::from)?;
    Ok(Json(Recipients {
        recipients: rows.into_iter().map(Into::into).collect(),
    }))
}

/// The terms a recipient signed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsBody {
    /// SHA-256 (hex) of the signed confidentiality terms.
    pub document_sha256: String,
}

/// Record that a recipient accepted the confidentiality terms (DPO, admin).
#[utoipa::path(post, path = "/api/v1/recipients/{id}/terms", tag = "sharing", params(("id" = String, Path, description = "recipient id")),
    request_body = TermsBody, responses((status = 204), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn recipient_terms(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TermsBody>,
) -> Result<StatusCode, ApiError> {
    s.privacy
        .recipient_terms(&actor, &id, &b.document_sha256, &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A consent to share with one recipient for one purpose.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareConsentBody {
    /// Recipient id.
    pub recipient: String,
    /// Purpose.
    pub purpose: String,
    /// true grants, false withdraws.
    pub granted: bool,
}

/// Position in the ledger.
#[derive(Serialize, ToSchema)]
pub struct SeqView {
    /// Ledger position.
    pub seq: i64,
}

/// The signed-in customer consents to (or withdraws) a share with a recipient.
#[utoipa::path(post, path = "/api/v1/me/share-consents", tag = "sharing", request_body = ShareConsentBody,
    responses((status = 201, body = SeqView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn my_share_consent(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<ShareConsentBody>,
) -> Result<(StatusCode, Json<SeqView>), ApiError> {
    let seq = s
        .privacy
        .share_consent(
            &customer_actor(&sess.subject),
            &sess.subject,
            &b.recipient,
            &b.purpose,
            b.granted,
            "portal",
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(SeqView { seq })))
}

/// Record a customer's consent to a share (integrations, staff).
#[utoipa::path(post, path = "/api/v1/customers/{id}/share-consents", tag = "sharing", params(("id" = String, Path, description = "customer id")),
    request_body = ShareConsentBody, responses((status = 201, body = SeqView), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn share_consent(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ShareConsentBody>,
) -> Result<(StatusCode, Json<SeqView>), ApiError> {
    if !actor.role.may_write_customers() {
        return Err(VaultError::Forbidden(actor.role).into());
    }
    let id = parse_id(&id)?;
    let source = if actor.role == Role::Integration {
        "api"
    } else {
        "staff"
    };
    let seq = s
        .privacy
        .share_consent(
            &actor,
            id.as_str(),
            &b.recipient,
            &b.purpose,
            b.granted,
            source,
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(SeqView { seq })))
}

/// A share to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareBody {
    /// Recipient id.
    pub recipient: String,
    /// Purpose.
    pub purpose: String,
    /// Field names to hand over.
    pub fields: Vec<String>,
}

/// A share made: its id and the values to hand over.
#[derive(Serialize, ToSchema)]
pub struct Shared {
    /// Share id.
    pub share_id: String,
    /// The values, by field.
    pub fields: BTreeMap<String, String>,
}

/// Share fields of a customer with a recipient: refused without the customer's consent
/// for that recipient and purpose (lawful orders go through /api/v1/legal-orders).
#[utoipa::path(post, path = "/api/v1/customers/{id}/shares", tag = "sharing", params(("id" = String, Path, description = "customer id")),
    request_body = ShareBody, responses((status = 201, body = Shared), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn share(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ShareBody>,
) -> Result<(StatusCode, Json<Shared>), ApiError> {
    let id = parse_id(&id)?;
    let (share_id, fields) = s
        .privacy
        .share(
            &actor,
            id.as_str(),
            &b.recipient,
            &b.purpose,
            &b.fields,
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Shared { share_id, fields })))
}

/// A lawful order to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderBody {
    /// The court or authority.
    pub authority: String,
    /// Its reference.
    pub reference: String,
    /// Date issued, YYYY-MM-DD.
    pub issued_on: String,
    /// SHA-256 (hex) of the order document.
    pub document_sha256: String,
    /// Customers in scope.
    pub customers: Vec<String>,
    /// Fields in scope.
    pub fields: Vec<String>,
    /// The order forbids telling the customers before this date (YYYY-MM-DD).
    pub silent_until: Option<String>,
}

/// A lawful order as stored.
#[derive(Serialize, ToSchema)]
pub struct OrderView {
    /// Id.
    pub id: String,
    /// Authority.
    pub authority: String,
    /// Reference.
    pub reference: String,
    /// Issued.
    pub issued_on: String,
    /// Document hash.
    pub document_sha256: String,
    /// Fields in scope.
    pub fields: Vec<String>,
    /// recorded | approved | fulfilled | closed.
    pub state: String,
    /// Customers are not told before then (RFC 3339).
    pub silent_until: Option<String>,
    /// Recorded by (staff id).
    pub recorded_by: String,
    /// Approved by (staff id).
    pub approved_by: Option<String>,
    /// Fulfilled by (staff id).
    pub fulfilled_by: Option<String>,
    /// SHA-256 of the export handed over.
    pub export_sha256: Option<String>,
    /// Customers in scope.
    pub customers: Vec<String>,
}

async fn order_view(s: &AppState, o: LegalOrderRow) -> Result<OrderView, ApiError> {
    let customers = s
        .vault
        .store()
        .legal_order_customers(&o.id)
        .await
        .map_err(VaultError::from)?;
    Ok(OrderView {
        fields: serde_json::from_str(&o.fields).unwrap_or_default(),
        silent_until: o.silent_until.map(rfc),
        id: o.id,
        authority: o.authority,
        reference: o.reference,
        issued_on: o.issued_on,
        document_sha256: o.document_sha256,
        state: o.state,
        recorded_by: o.recorded_by,
        approved_by: o.approved_by,
        fulfilled_by: o.fulfilled_by,
        export_sha256: o.export_sha256,
        customers,
    })
}

/// Record a court or authority order (DPO, admin). Its customers are held from erasure
/// until it is closed.
#[utoipa::path(post, path = "/api/v1/legal-orders", tag = "sharing", request_body = OrderBody,
    responses((status = 201, body = OrderView), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn record_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<OrderBody>,
) -> Result<(StatusCode, Json<OrderView>), ApiError> {
    let now = s.now();
    let silent_until = match &b.silent_until {
        None => None,
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().timestamp_millis())
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "bad_date",
                        "`silent_until` is a date, YYYY-MM-DD",
                    )
                })?,
        ),
    };
    let row = LegalOrderRow {
        id: uuid::Uuid::now_v7().to_string(),
        authority: b.authority.trim().to_owned(),
        reference: b.reference.trim().to_owned(),
        issued_on: b.issued_on,
        document_sha256: b.document_sha256.trim().to_ascii_lowercase(),
        fields: serde_json::to_string(&b.fields).unwrap_or_default(),
        state: "recorded".into(),
        silent_until,
        recorded_by: actor.id.clone(),
        recorded_at: now.timestamp_millis(),
        approved_by: None,
        approved_at: None,
        fulfilled_by: None,
        fulfilled_at: None,
        export_sha256: None,
        closed_at: None,
    };
    let mut customers: Vec<String> = b.customers.iter().map(|c| c.to_ascii_lowercase()).collect();
    customers.sort();
    customers.dedup();
    s.privacy
        .record_order(&actor, &row, &customers, &rid, now)
        .await?;
    Ok((StatusCode::CREATED, Json(order_view(&s, row).await?)))
}

/// Lawful orders.
#[derive(Serialize, ToSchema)]
pub struct Orders {
    /// Newest first.
    pub orders: Vec<OrderView>,
}

fn order_reader(actor: &Actor) -> Result<(), ApiError> {
    if matches!(actor.role, Role::Dpo | Role::Admin) {
        Ok(())
    } else {
        Err(VaultError::Forbidden(actor.role).into())
    }
}

/// Every lawful order (DPO, admin).
#[utoipa::path(get, path = "/api/v1/legal-orders", tag = "sharing", responses((status = 200, body = Orders)), security(("bearer" = [])))]
pub async fn orders(
    State(s): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Orders>, ApiError> {
    order_reader(&actor)?;
    let rows = s
        .vault
        .store()
        .legal_orders()
        .await
        .map_err(VaultError::from)?;
    let mut out = Vec::with_capacity(rows.len());
    for o in rows {
        out.push(order_view(&s, o).await?);
    }
    Ok(Json(Orders { orders: out }))
}

/// Approve an order: a DPO other than the one who recorded it.
#[utoipa::path(post, path = "/api/v1/legal-orders/{id}/approve", tag = "sharing", params(("id" = String, Path, description = "order id")),
    responses((status = 200, body = OrderView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn approve_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    let o = s.privacy.approve_order(&actor, &id, &rid, s.now()).await?;
    Ok(Json(order_view(&s, o).await?))
}

/// Fulfil an approved order: answers the scoped export (JSON) to hand to the authority;
/// its SHA-256 is recorded and sent in `X-Amanat-Export-Sha256`.
#[utoipa::path(post, path = "/api/v1/legal-orders/{id}/fulfil", tag = "sharing", params(("id" = String, Path, description = "order id")),
    responses((status = 200, description = "the scoped export", content_type = "application/json"), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn fulfil_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (bytes, hash) = s.privacy.fulfil_order(&actor, &id, &rid, s.now()).await?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&hash) {
        h.insert("x-amanat-export-sha256", v);
    }
    Ok(r)
}

/// Close an order: its legal hold ends.
#[utoipa::path(post, path = "/api/v1/legal-orders/{id}/close", tag = "sharing", params(("id" = String, Path, description = "order id")),
    responses((status = 200, body = OrderView), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn close_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    let o = s.privacy.close_order(&actor, &id, &rid, s.now()).await?;
    Ok(Json(order_view(&s, o).await?))
}

/// A usage event.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// The customer (stored only as a keyed pseudonym).
    pub customer_id: String,
    /// The event, e.g. `order_placed`.
    pub event: String,
    /// What to group by, e.g. the supplier's country code.
    #[serde(default)]
    pub dimension: String,
}

/// Record a usage event under the customer's pseudonym (integrations, admin).
#[utoipa::path(post, path = "/api/v1/events", tag = "aggregates", request_body = EventBody,
    responses((status = 202), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn event(
    State(s): State<AppState>,
    Staff(actor): Staff,
    ApiJson(b): ApiJson<EventBody>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&b.customer_id)?;
    s.privacy
        .usage_event(&actor, id.as_str(), &b.event, b.dimension.trim(), s.now())
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// What to report.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AggregateQuery {
    /// The event.
    pub event: String,
    /// `month`, `dimension` or `month,dimension` (default).
    pub by: Option<String>,
    /// First month, YYYY-MM (default 0000-01).
    pub from: Option<String>,
    /// Last month, YYYY-MM (default 9999-12).
    pub to: Option<String>,
}

/// An aggregate report: groups with fewer than k customers are suppressed (DPO, admin).
#[utoipa::path(get, path = "/api/v1/aggregates", tag = "aggregates", params(AggregateQuery),
    responses((status = 200, body = Aggregate), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn aggregate(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    q: Result<Query<AggregateQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Aggregate>, ApiError> {
    let Query(q) = q?;
    let by = q.by.as_deref().unwrap_or("month,dimension");
    let parts: Vec<&str> = by.split(',').map(str::trim).collect();
    if parts.is_empty() || parts.iter().any(|p| !matches!(*p, "month" | "dimension")) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_group",
            "`by` is month, dimension or month,dimension",
        ));
    }
    let r = s
        .privacy
        .aggregate(
            &actor,
            &q.event,
            parts.contains(&"month"),
            parts.contains(&"dimension"),
            q.from.as_deref().unwrap_or("0000-01"),
            q.to.as_deref().unwrap_or("9999-12"),
            &rid,
            s.now(),
        )
        .await?;
    Ok(Json(r))
}
