//! Customers: create, read for a purpose, correct, look up.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use amanat_core::CustomerId;

use super::auth::Staff;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};

/// Field values by catalogue name.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldsBody {
    /// Values by field name, e.g. {"email": "leyla@example.az"}.
    #[schema(value_type = Object)]
    pub fields: HashMap<String, serde_json::Value>,
}

/// A created customer.
#[derive(Serialize, ToSchema)]
pub struct Created {
    /// The new customer's id.
    pub id: String,
}

/// A customer's fields visible for the stated purpose.
#[derive(Serialize, ToSchema)]
pub struct CustomerView {
    /// Id.
    pub id: String,
    /// The purpose the read was made for.
    pub purpose: String,
    /// Visible fields by name.
    pub fields: BTreeMap<String, String>,
}

/// The purpose of a read.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PurposeQuery {
    /// Why the data is read, e.g. `support`; must be a purpose the caller's role may use.
    pub purpose: Option<String>,
}

/// Look-up by one indexed field. Prefer `POST /api/v1/customers/lookup`, which keeps the
/// value out of URLs.
#[derive(Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Purpose of the look-up.
    pub purpose: Option<String>,
}

/// Fields changed.
#[derive(Serialize, ToSchema)]
pub struct Updated {
    /// Id.
    pub id: String,
    /// Names of the fields changed.
    pub updated: Vec<String>,
}

pub(crate) fn parse_id(id: &str) -> Result<CustomerId, ApiError> {
    CustomerId::parse(id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "customer_not_found",
            "no customer with this id (ids are UUIDs)",
        )
    })
}

/// Create a customer.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = FieldsBody,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody, description = "email, phone or username taken"),
              (status = 422, body = ErrorBody, description = "unknown field, invalid value, missing required field, card number")),
    security(("bearer" = [])))]
pub async fn create_customer(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    ApiJson(body): ApiJson<FieldsBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = s
        .vault
        .create_customer(&actor, &body.fields, &rid, s.now())
        .await?;
    metrics::counter!("amanat_customers_created_total").increment(1);
    Ok((StatusCode::CREATED, Json(Created { id: id.to_string() })))
}

/// Read a customer's fields for a purpose (audited).
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "customer id"), PurposeQuery),
    responses((status = 200, body = CustomerView), (status = 403, body = ErrorBody, description = "the role may not use this purpose"),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody, description = "missing or unknown purpose")),
    security(("bearer" = [])))]
pub async fn read_customer(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    q: Result<Query<PurposeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CustomerView>, ApiError> {
    let Query(q) = q?;
    let purpose = q.purpose.ok_or_else(|| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "purpose_required", "state why you read this customer: add ?purpose=service (or another purpose your role may use)"))?;
    let id = parse_id(&id)?;
    let fields = match s
        .vault
        .read_customer(&actor, &id, &purpose, &rid, s.now())
        .await
    {
        Err(crate::vault::VaultError::NotFound) => {
            return Err(gone_or_missing(&s, id.as_str()).await);
        }
        other => other?,
    };
    Ok(Json(CustomerView {
        id: id.to_string(),
        purpose,
        fields,
    }))
}

/// Correct a customer's fields (rectification, audited).
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "customer id")), request_body = FieldsBody,
    responses((status = 200, body = Updated), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_customer(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FieldsBody>,
) -> Result<Json<Updated>, ApiError> {
    let id = parse_id(&id)?;
    if !actor.role.may_write_customers() {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    // A changed email or phone of an account is told to the old and the new one.
    let before = s
        .accounts
        .before_rectify(id.as_str(), &body.fields, &rid, s.now())
        .await?;
    let updated = s
        .vault
        .update_customer(&actor, &id, &body.fields, &rid, s.now())
        .await?;
    if let Some(before) = before {
        s.accounts
            .after_rectify(id.as_str(), before, &rid, s.now())
            .await?;
    }
    Ok(Json(Updated {
        id: id.to_string(),
        updated,
    }))
}

/// Find a customer by email, phone or username (blind index, audited). The value is in
/// the URL here, as older clients expect; it is never logged. Prefer the POST form.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(LookupQuery),
    responses((status = 200, body = Created, description = "the customer's id"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn lookup_get(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    q: Result<Query<LookupQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Created>, ApiError> {
    let Query(q) = q?;
    lookup(&s, &actor, q, &rid).await
}

/// Find a customer by email, phone or username, the value in the body.
#[utoipa::path(post, path = "/api/v1/customers/lookup", tag = "customers", request_body = LookupQuery,
    responses((status = 200, body = Created, description = "the customer's id"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn lookup_post(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    ApiJson(q): ApiJson<LookupQuery>,
) -> Result<Json<Created>, ApiError> {
    lookup(&s, &actor, q, &rid).await
}

async fn lookup(
    s: &AppState,
    actor: &crate::vault::Actor,
    q: LookupQuery,
    rid: &str,
) -> Result<Json<Created>, ApiError> {
    let given: Vec<(&str, String)> = [
        ("email", q.email),
        ("phone", q.phone),
        ("username", q.username),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let [(field, value)] = given.as_slice() else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "lookup_needs_one_key",
            "give exactly one of email, phone or username",
        ));
    };
    let id = s
        .vault
        .lookup(actor, field, value, q.purpose.as_deref(), rid, s.now())
        .await?;
    Ok(Json(Created { id: id.to_string() }))
}

/// What an erasure did and what it kept.
#[derive(Serialize, ToSchema)]
pub struct ErasureDone {
    /// The customer id (now a tombstone).
    pub id: String,
    /// When (ms).
    pub erased_at: i64,
    /// Order references kept under the accounting hold.
    pub orders_kept: u64,
    /// Older order references deleted.
    pub orders_deleted: u64,
    /// What was kept and why, to tell the customer.
    pub kept: Vec<String>,
    /// Recipients that received this customer's data and must be told of the erasure.
    pub recipients_to_notify: Vec<crate::privacy::RecipientToNotify>,
}

/// Erase a customer (DPO): the data key is destroyed, ciphertexts, blind indexes,
/// account, sessions, codes, queued messages and consent records deleted; the id and the
/// audit entries remain; order references within the accounting period are kept.
#[utoipa::path(delete, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "customer id")),
    responses((status = 200, body = ErasureDone), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn erase_customer(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<ErasureDone>, ApiError> {
    if actor.role != amanat_core::Role::Dpo {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    let id = parse_id(&id)?;
    if !s
        .vault
        .store()
        .customer_exists(id.as_str())
        .await
        .map_err(crate::vault::VaultError::from)?
    {
        return Err(gone_or_missing(&s, id.as_str()).await);
    }
    let now = s.now();
    let held = s
        .vault
        .store()
        .held_customers(&[id.to_string()])
        .await
        .map_err(crate::vault::VaultError::from)?;
    if !held.is_empty() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "legal_hold",
            "an open lawful order holds this customer's data, so it cannot be erased until the order is closed; tell the customer (refuse their erasure request with reason `legal_hold`)",
        ));
    }
    let recipients_to_notify = s.privacy.recipients_of(id.as_str(), None).await?;
    let r = s
        .vault
        .erase(&actor, &[id.to_string()], "erasure_request", &rid, now)
        .await?;
    let years = s.vault.config().retention.order_reference_years;
    let mut kept = vec![
        "the customer id and the audit entries of past accesses (they hold no personal values)"
            .to_owned(),
    ];
    if r.orders_kept > 0 {
        kept.push(format!("{} order reference(s), which the law requires us to keep for {years} years for accounting", r.orders_kept));
    }
    metrics::counter!("amanat_customers_erased_total").increment(r.customers);
    Ok(Json(ErasureDone {
        id: id.to_string(),
        erased_at: now.timestamp_millis(),
        orders_kept: r.orders_kept,
        orders_deleted: r.orders_deleted,
        kept,
        recipients_to_notify,
    }))
}

/// 410 for an erased customer, 404 for an unknown one.
pub(crate) async fn gone_or_missing(s: &AppState, id: &str) -> ApiError {
    match s.vault.store().erased_at(id).await {
        Ok(Some(_)) => ApiError::new(
            StatusCode::GONE,
            "customer_erased",
            "this customer's data was erased; only the id and the audit entries remain",
        ),
        _ => crate::vault::VaultError::NotFound.into(),
    }
}
