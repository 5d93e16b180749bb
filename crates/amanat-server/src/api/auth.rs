//! Bearer-token authentication of staff and integrations.

use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use amanat_core::Role;

use super::AppState;
use super::error::ApiError;
use crate::vault::Actor;

/// The authenticated caller.
pub struct Staff(pub Actor);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::unauthorized("send an API token as Authorization: Bearer <token>; `amanat staff add` creates one"))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
            })?;
        let digest = amanat_crypto::token_digest(token);
        let row = state
            .vault
            .store()
            .staff_by_token(&digest)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "token lookup failed");
                ApiError::internal()
            })?
            .ok_or_else(|| ApiError::unauthorized("the token is not valid or was revoked"))?;
        let role = Role::from_str(&row.role).map_err(|_| ApiError::internal())?;
        Ok(Staff(Actor { id: row.id, role }))
    }
}
