//! Health, metrics, the OpenAPI document and the purposes the business declares.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::ErrorBody;

/// Health.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let database = match s.vault.store().backend() {
        amanat_store::Backend::Sqlite => "sqlite",
        amanat_store::Backend::Postgres => "postgres",
    }
    .to_owned();
    match s.vault.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Health {
                status: "ok".into(),
                database,
            }),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "degraded".into(),
                    database,
                }),
            )
        }
    }
}

/// Prometheus metrics (route templates only, never ids or values).
#[utoipa::path(get, path = "/metrics", tag = "system", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
}

/// This OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "system", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        s.openapi.as_str().to_owned(),
    )
}

/// A purpose as published.
#[derive(Serialize, ToSchema)]
pub struct PurposeOut {
    /// Id.
    pub id: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Description per locale.
    pub description: std::collections::BTreeMap<String, String>,
    /// Fields held for it.
    pub fields: Vec<String>,
}

/// The purposes.
#[derive(Serialize, ToSchema)]
pub struct Purposes {
    /// Every purpose the business declares.
    pub purposes: Vec<PurposeOut>,
}

/// The purposes the business declares and the fields held for each (public).
#[utoipa::path(get, path = "/api/v1/purposes", tag = "system", responses((status = 200, body = Purposes), (status = 500, body = ErrorBody)))]
pub async fn purposes(State(s): State<AppState>) -> Json<Purposes> {
    let c = s.vault.config();
    let purposes = c
        .purposes
        .values()
        .map(|p| PurposeOut {
            id: p.id.clone(),
            legal_basis: serde_json::to_value(p.legal_basis)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            description: p.description.clone(),
            fields: c
                .fields
                .iter()
                .filter(|f| f.purposes.contains(&p.id))
                .map(|f| f.name.clone())
                .collect(),
        })
        .collect();
    Json(Purposes { purposes })
}
