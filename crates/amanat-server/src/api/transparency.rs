//! What the customer can see of their own data's life: what is held and why, every
//! access to it (by role, purpose and time), and the consent history.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::CustomerSession;
use super::error::{ApiError, ErrorBody};
use super::{AppState, RequestId};

/// A purpose a field is held for.
#[derive(Serialize, ToSchema)]
pub struct HeldFor {
    /// Purpose id.
    pub purpose: String,
    /// Its legal basis.
    pub legal_basis: String,
    /// Its description in the customer's language (or the business's default).
    pub description: String,
}

/// A field the business holds about the customer.
#[derive(Serialize, ToSchema)]
pub struct Held {
    /// Field name.
    pub field: String,
    /// Why it is held.
    pub purposes: Vec<HeldFor>,
}

/// One access to the customer's data.
#[derive(Serialize, ToSchema)]
pub struct Access {
    /// When (ms).
    pub at: i64,
    /// Who, by role (`support`, `fraud`, `dpo`, `customer`, `system` ...); staff
    /// identities are not named.
    pub role: String,
    /// What was done (`customer.read`, `account.signin` ...).
    pub action: String,
    /// For which purpose.
    pub purpose: String,
    /// Which fields (names only).
    pub fields: Vec<String>,
}

/// The customer's transparency report.
#[derive(Serialize, ToSchema)]
pub struct Transparency {
    /// What is held and why.
    pub held: Vec<Held>,
    /// Every access, newest first.
    pub accesses: Vec<Access>,
    /// Every consent, withdrawal and objection, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub consents: Vec<amanat_store::ConsentRecord>,
    /// Every share of the data with a third party or an authority, oldest first.
    pub shares: Vec<crate::privacy::ShareView>,
    /// The customer's privacy requests, newest first.
    pub requests: Vec<crate::privacy::RequestView>,
}

/// What is held about the signed-in customer and why, every access to it, and the consent
/// history. Reading it is audited too.
#[utoipa::path(get, path = "/api/v1/me/transparency", tag = "me",
    responses((status = 200, body = Transparency), (status = 401, body = ErrorBody)))]
pub async fn transparency(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
) -> Result<Json<Transparency>, ApiError> {
    let id = &sess.subject;
    let store = s.vault.store();
    let map = crate::vault::VaultError::from;
    let lang = store.account(id).await.map_err(map)?.map(|a| a.language);
    let cfg = s.vault.config();
    let sealed = store
        .sealed_customer(id)
        .await
        .map_err(map)?
        .ok_or_else(|| crate::vault::VaultError::NotFound)?;
    let held = sealed
        .fields
        .iter()
        .filter_map(|(name, _)| cfg.field(name))
        .map(|f| Held {
            field: f.name.clone(),
            purposes: f
                .purposes
                .iter()
                .filter_map(|p| cfg.purposes.get(p))
                .map(|p| HeldFor {
                    purpose: p.id.clone(),
                    legal_basis: serde_json::to_value(p.legal_basis)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    description: lang
                        .as_deref()
                        .and_then(|l| p.description.get(l))
                        .or_else(|| p.description.get(cfg.default_locale()))
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    s.vault
        .audit(&amanat_store::AuditEvent {
            at: s.now().timestamp_millis(),
            actor: format!("customer:{id}"),
            role: "customer".into(),
            action: "customer.transparency".into(),
            subject: id.clone(),
            purpose: "access".into(),
            fields: Vec::new(),
            request_id: rid,
        })
        .await?;
    let mut accesses: Vec<Access> = store
        .audit_for_subject(id)
        .await
        .map_err(map)?
        .into_iter()
        .map(|e| Access {
            at: e.at,
            role: e.role,
            action: e.action,
            purpose: e.purpose,
            fields: e
                .fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        })
        .collect();
    accesses.reverse();
    Ok(Json(Transparency {
        held,
        accesses,
        consents: store.consent_history(id).await.map_err(map)?,
        shares: crate::privacy::visible_shares(&s.vault, id, s.now()).await?,
        requests: s.privacy.of_customer(id, s.now()).await?,
    }))
}

/// The export format.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `json` (default) or `html`.
    pub format: Option<String>,
}

fn export_response(
    e: &crate::export::Export,
    format: Option<&str>,
    lang: &str,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    match format.unwrap_or("json") {
        "json" => {
            let body = serde_json::to_vec_pretty(e).map_err(|_| ApiError::internal())?;
            Ok((
                [
                    (header::CONTENT_TYPE, "application/json".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"export-{}.json\"", e.customer_id),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                body,
            )
                .into_response())
        }
        "html" => Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'".to_owned(),
                ),
            ],
            crate::export::html(e, lang),
        )
            .into_response()),
        _ => Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "bad_query",
            "format is json or html",
        )),
    }
}

/// Everything held about a customer, for an access request (DPO; audited).
#[utoipa::path(get, path = "/api/v1/customers/{id}/export", tag = "customers", params(("id" = String, Path, description = "customer id"), ExportQuery),
    responses((status = 200, description = "JSON (attachment) or an HTML page"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn staff_export(
    State(s): State<AppState>,
    super::auth::Staff(actor): super::auth::Staff,
    RequestId(rid): RequestId,
    axum::extract::Path(id): axum::extract::Path<String>,
    q: Result<axum::extract::Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::response::Response, ApiError> {
    if actor.role != amanat_core::Role::Dpo {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    let axum::extract::Query(q) = q?;
    let id = super::customers::parse_id(&id)?;
    if !s
        .vault
        .store()
        .customer_exists(id.as_str())
        .await
        .map_err(crate::vault::VaultError::from)?
    {
        return Err(super::customers::gone_or_missing(&s, id.as_str()).await);
    }
    let e = crate::export::build(&s.vault, &actor, id.as_str(), &rid, s.now()).await?;
    export_response(&e, q.format.as_deref(), s.vault.config().default_locale())
}

/// Everything held about the signed-in customer, as JSON or a readable page.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me", params(ExportQuery),
    responses((status = 200, description = "JSON (attachment) or an HTML page"), (status = 401, body = ErrorBody)))]
pub async fn my_export(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    q: Result<axum::extract::Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::response::Response, ApiError> {
    let axum::extract::Query(q) = q?;
    let actor = crate::vault::Actor {
        id: format!("customer:{}", sess.subject),
        role: amanat_core::Role::Customer,
    };
    let e = crate::export::build(&s.vault, &actor, &sess.subject, &rid, s.now()).await?;
    let lang = s
        .vault
        .store()
        .account(&sess.subject)
        .await
        .map_err(crate::vault::VaultError::from)?
        .map(|a| a.language);
    export_response(
        &e,
        q.format.as_deref(),
        lang.as_deref().unwrap_or(s.vault.config().default_locale()),
    )
}
