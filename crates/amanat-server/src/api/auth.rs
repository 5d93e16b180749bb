//! Authentication: staff and integrations by bearer token, customers by session (bearer
//! or cookie).

use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use amanat_core::Role;

use super::AppState;
use super::error::ApiError;
use crate::vault::Actor;

/// The authenticated caller, who has accepted the confidentiality terms (403
/// `terms_not_accepted` otherwise: no personal read before that).
pub struct Staff(pub Actor);

/// The authenticated caller, whether or not the terms were accepted (for accepting them).
pub struct StaffAnyTerms(pub Actor);

async fn authenticate(
    parts: &Parts,
    state: &AppState,
) -> Result<(Actor, amanat_store::StaffRow), ApiError> {
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
    let row = if token.starts_with("amst_") {
        state
            .accounts
            .staff_session(token, state.now())
            .await
            .map_err(|_| {
                ApiError::unauthorized("the staff session has ended or was revoked; sign in again")
            })?
    } else {
        let digest = amanat_crypto::token_digest(token);
        state
            .vault
            .store()
            .staff_by_token(&digest)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "token lookup failed");
                ApiError::internal()
            })?
            .ok_or_else(|| ApiError::unauthorized("the token is not valid or was revoked"))?
    };
    let role = Role::from_str(&row.role).map_err(|_| ApiError::internal())?;
    Ok((
        Actor {
            id: row.id.clone(),
            role,
        },
        row,
    ))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (actor, row) = authenticate(parts, state).await?;
        let accepted = match (&row.terms_sha256, &state.vault.config().staff_terms_sha256) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(have), Some(want)) => have == want,
        };
        if !accepted {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "terms_not_accepted",
                "accept the current confidentiality terms first: POST /api/v1/staff/terms {\"document_sha256\": \"...\"}",
            ));
        }
        Ok(Staff(actor))
    }
}

impl FromRequestParts<AppState> for StaffAnyTerms {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(StaffAnyTerms(authenticate(parts, state).await?.0))
    }
}

/// The cookie that carries a customer's session token in a browser.
pub const SESSION_COOKIE: &str = "amanat_session";

/// A customer's live session, from the `amanat_session` cookie or `Authorization:
/// Bearer ams_...`. A cookie-carried session on a request that changes state must come
/// from one of the business's web origins (cross-site request forgery is refused).
pub struct CustomerSession(pub amanat_store::SessionRow);

fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// The session token a request carries, and whether it came in the cookie; refuses a
/// cookie-carried token on a state-changing request from a foreign origin.
fn session_token(parts: &Parts, state: &AppState) -> Result<Option<(String, bool)>, ApiError> {
    let bearer = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let (token, from_cookie) = match bearer {
        Some(t) => (t, false),
        None => match cookie_token(parts) {
            Some(t) => (t, true),
            None => return Ok(None),
        },
    };
    if from_cookie && !parts.method.is_safe() {
        let origin = parts
            .headers
            .get(axum::http::header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let allowed = state
            .vault
            .config()
            .channels
            .web_origins
            .iter()
            .any(|o| o.trim_end_matches('/') == origin)
            || parts
                .headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .is_some_and(|host| {
                    origin
                        .strip_prefix("https://")
                        .or_else(|| origin.strip_prefix("http://"))
                        == Some(host)
                });
        if !allowed {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "cross_site_request",
                "a request that changes an account with a session cookie must come from this business's own web pages",
            ));
        }
    }
    Ok(Some((token, from_cookie)))
}

impl FromRequestParts<AppState> for CustomerSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, _) = session_token(parts, state)?
            .ok_or_else(|| ApiError::from(crate::accounts::AuthError::NoSession))?;
        let session = state.accounts.session(&token, state.now()).await?;
        Ok(CustomerSession(session))
    }
}

/// A customer's session when the request carries one, for endpoints open to everyone
/// that do more for a signed-in customer (a fraud report is linked to the account). A
/// bearer token that is not a live session is refused (401): the client asked to act
/// as the customer. A stale cookie is ignored, since a browser sends it unasked.
pub struct MaybeCustomer(pub Option<amanat_store::SessionRow>);

impl FromRequestParts<AppState> for MaybeCustomer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some((token, from_cookie)) = session_token(parts, state)? else {
            return Ok(MaybeCustomer(None));
        };
        match state.accounts.session(&token, state.now()).await {
            Ok(session) => Ok(MaybeCustomer(Some(session))),
            Err(crate::accounts::AuthError::NoSession) if from_cookie => Ok(MaybeCustomer(None)),
            Err(e) => Err(e.into()),
        }
    }
}

/// The client's address (for per-IP limits) and a coarse device description.
pub struct ClientInfo(pub crate::accounts::Client);

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = if state.vault.config().auth.trust_forwarded_for {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
        } else {
            None
        };
        let ua = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(ClientInfo(crate::accounts::Client {
            ip: forwarded.or(peer),
            device: crate::accounts::device_of(ua),
        }))
    }
}
