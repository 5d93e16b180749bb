//! Orders: references only (order number, payment reference, tracking code, status),
//! never payment data (EN-5, OS-5).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use amanat_store::OrderRow;

use super::auth::Staff;
use super::customers::parse_id;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};
use crate::vault::{NewOrder, OrderChange};

/// Order statuses.
pub const STATUSES: [&str; 7] = [
    "created",
    "paid",
    "processing",
    "shipped",
    "delivered",
    "cancelled",
    "returned",
];

/// A new order. Any other field, such as a card number, is refused.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderIn {
    /// The shop's order number.
    pub order_number: String,
    /// The payment provider's reference (never a card number).
    pub payment_reference: Option<String>,
    /// The carrier's tracking code.
    pub tracking_code: Option<String>,
    /// One of created, paid, processing, shipped, delivered, cancelled, returned.
    pub status: Option<String>,
}

/// A change to an order.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderPatch {
    /// New status.
    pub status: Option<String>,
    /// New tracking code.
    pub tracking_code: Option<String>,
    /// New payment reference.
    pub payment_reference: Option<String>,
}

/// An order.
#[derive(Serialize, ToSchema)]
pub struct OrderOut {
    /// Id.
    pub id: String,
    /// Customer.
    pub customer_id: String,
    /// Order number.
    pub order_number: String,
    /// Payment reference.
    pub payment_reference: Option<String>,
    /// Tracking code.
    pub tracking_code: Option<String>,
    /// Status.
    pub status: String,
    /// Created, RFC 3339.
    pub created_at: String,
    /// Updated, RFC 3339.
    pub updated_at: String,
}

/// A customer's orders.
#[derive(Serialize, ToSchema)]
pub struct OrderList {
    /// Orders, newest first.
    pub orders: Vec<OrderOut>,
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

impl From<OrderRow> for OrderOut {
    fn from(o: OrderRow) -> Self {
        OrderOut {
            id: o.id,
            customer_id: o.customer_id,
            order_number: o.order_number,
            payment_reference: o.payment_reference,
            tracking_code: o.tracking_code,
            status: o.status,
            created_at: rfc3339(o.created_at),
            updated_at: rfc3339(o.updated_at),
        }
    }
}

/// A reference: 1-128 visible characters, no spaces, no card number.
fn reference(name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = v else { return Ok(None) };
    let v = v.trim().to_owned();
    let bad = |why: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field_value",
            format!("field `{name}` {why}"),
        )
    };
    amanat_core::card::guard(&v).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_number_refused",
            format!("field `{name}`: {e}"),
        )
    })?;
    if v.is_empty() || v.chars().count() > 128 {
        return Err(bad("must be 1 to 128 characters"));
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("must not contain spaces or control characters"));
    }
    Ok(Some(v))
}

fn status(v: Option<String>) -> Result<Option<String>, ApiError> {
    match v {
        None => Ok(None),
        Some(s) if STATUSES.contains(&s.as_str()) => Ok(Some(s)),
        Some(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field_value",
            format!("field `status` must be one of {}", STATUSES.join(", ")),
        )),
    }
}

/// Record an order for a customer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/orders", tag = "orders", params(("id" = String, Path, description = "customer id")), request_body = OrderIn,
    responses((status = 201, body = OrderOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "order number taken"), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<OrderIn>,
) -> Result<(StatusCode, Json<OrderOut>), ApiError> {
    let id = parse_id(&id)?;
    let order_number = reference("order_number", Some(body.order_number))?.unwrap_or_default();
    let order = NewOrder {
        customer_id: id,
        order_number,
        payment_reference: reference("payment_reference", body.payment_reference)?,
        tracking_code: reference("tracking_code", body.tracking_code)?,
        status: status(body.status)?.unwrap_or_else(|| "created".to_owned()),
    };
    let row = s.vault.create_order(&actor, order, &rid, s.now()).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// List a customer's orders.
#[utoipa::path(get, path = "/api/v1/customers/{id}/orders", tag = "orders", params(("id" = String, Path, description = "customer id")),
    responses((status = 200, body = OrderList), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn list_orders(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<OrderList>, ApiError> {
    let id = parse_id(&id)?;
    let rows = s.vault.orders(&actor, &id, &rid, s.now()).await?;
    Ok(Json(OrderList {
        orders: rows.into_iter().map(Into::into).collect(),
    }))
}

/// Change an order's status, tracking code or payment reference.
#[utoipa::path(patch, path = "/api/v1/customers/{id}/orders/{order_id}", tag = "orders",
    params(("id" = String, Path, description = "customer id"), ("order_id" = String, Path, description = "order id")), request_body = OrderPatch,
    responses((status = 200, body = OrderOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn update_order(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path((id, order_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<OrderPatch>,
) -> Result<Json<OrderOut>, ApiError> {
    let id = parse_id(&id)?;
    let change = OrderChange {
        status: status(body.status)?,
        tracking_code: reference("tracking_code", body.tracking_code)?,
        payment_reference: reference("payment_reference", body.payment_reference)?,
    };
    let row = s
        .vault
        .update_order(&actor, &id, &order_id, change, &rid, s.now())
        .await?;
    Ok(Json(row.into()))
}
