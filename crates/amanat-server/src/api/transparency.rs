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
    }))
}
