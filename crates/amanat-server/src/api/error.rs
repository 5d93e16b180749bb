//! API errors: one JSON shape, stable codes, an HTTP status decided in one place.
//! Messages say what was wrong and what to do; they never echo a submitted value.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::accounts::AuthError;
use crate::vault::VaultError;

/// An error answer: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: &'static str,
    /// Human message.
    pub message: String,
    /// Why a password was refused (stable codes and messages in the customer's language).
    pub reasons: Option<serde_json::Value>,
    /// Seconds to wait before trying again (also sent as `Retry-After`).
    pub retry_after: Option<i64>,
}

/// The error body, as documented in the OpenAPI document.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// One error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code, e.g. `invalid_field_value`.
    pub code: String,
    /// What was wrong and what to do.
    pub message: String,
    /// For `weak_password`: each reason's `code` and `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub reasons: Option<serde_json::Value>,
    /// For 429 answers: seconds to wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
}

impl ApiError {
    /// Builds an error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            reasons: None,
            retry_after: None,
        }
    }

    /// 404 for an unknown path.
    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such endpoint; see /api/openapi.json",
        )
    }

    /// 401.
    pub fn unauthorized(message: &str) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 500 without details (the details go to the log, without values).
    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed; the error was logged, try again later",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                reasons: self.reasons,
                retry_after: self.retry_after,
            },
        };
        let mut r = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string())
        {
            r.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        if self.status == StatusCode::UNAUTHORIZED
            && let Ok(v) = axum::http::HeaderValue::from_str("Bearer realm=\"amanat\"")
        {
            r.headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, v);
        }
        r
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        use StatusCode as S;
        let msg = e.to_string();
        match e {
            VaultError::UnknownField(_) => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "unknown_field", msg)
            }
            VaultError::InvalidValue { ref error, .. } => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, error.code(), msg)
            }
            VaultError::NotAString(_) => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "invalid_field_value", msg)
            }
            VaultError::MissingField(_) => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "missing_field", msg)
            }
            VaultError::Duplicate(_) => ApiError::new(S::CONFLICT, "duplicate", msg),
            VaultError::NotFound => ApiError::new(S::NOT_FOUND, "customer_not_found", msg),
            VaultError::OrderNotFound => ApiError::new(S::NOT_FOUND, "order_not_found", msg),
            VaultError::UnknownPurpose(_) => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "unknown_purpose", msg)
            }
            VaultError::PurposeNotAllowed { .. } => {
                ApiError::new(S::FORBIDDEN, "purpose_not_allowed", msg)
            }
            VaultError::Forbidden(_) => ApiError::new(S::FORBIDDEN, "forbidden", msg),
            VaultError::NotLookupable => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "not_lookupable", msg)
            }
            VaultError::BadRequest(_) => ApiError::new(S::BAD_REQUEST, "bad_request", msg),
            VaultError::Restricted => ApiError::new(S::FORBIDDEN, "processing_restricted", msg),
            VaultError::Integrity => {
                tracing::error!(
                    "integrity check failed: a stored ciphertext did not open (altered or moved)"
                );
                ApiError::new(
                    S::INTERNAL_SERVER_ERROR,
                    "integrity",
                    "a stored value failed its integrity check; the incident was logged for the operators",
                )
            }
            VaultError::Keys(_) | VaultError::Store(_) => {
                tracing::error!(error = %msg, "vault operation failed");
                ApiError::internal()
            }
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        use StatusCode as S;
        let msg = e.to_string();
        let wait = |code: &'static str, secs: i64| {
            let mut a = ApiError::new(S::TOO_MANY_REQUESTS, code, msg.clone());
            a.retry_after = Some(secs);
            a
        };
        match e {
            AuthError::InvalidCredentials => {
                ApiError::new(S::UNAUTHORIZED, "invalid_credentials", msg)
            }
            AuthError::TooManyAttempts { retry_after } => wait("too_many_attempts", retry_after),
            AuthError::ResendTooSoon { retry_after } => wait("resend_too_soon", retry_after),
            AuthError::SmsLimit { retry_after } => wait("sms_limit", retry_after),
            AuthError::EmailLimit { retry_after } => wait("email_limit", retry_after),
            AuthError::Locked => ApiError::new(S::FORBIDDEN, "account_locked", msg),
            AuthError::Frozen => ApiError::new(S::FORBIDDEN, "account_frozen", msg),
            AuthError::Pending => ApiError::new(S::FORBIDDEN, "account_not_verified", msg),
            AuthError::WeakPassword(verdict) => {
                let mut a = ApiError::new(
                    S::UNPROCESSABLE_ENTITY,
                    "weak_password",
                    "the password was refused; see reasons, then choose another",
                );
                a.reasons = serde_json::to_value(&verdict.reasons).ok();
                a
            }
            AuthError::BadCode => ApiError::new(S::BAD_REQUEST, "invalid_code", msg),
            AuthError::CodeSpent => ApiError::new(S::BAD_REQUEST, "code_spent", msg),
            AuthError::SmsCountry => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, "sms_country_not_allowed", msg)
            }
            AuthError::NoSession => ApiError::unauthorized(&msg),
            AuthError::BadRequest(_) => ApiError::new(S::BAD_REQUEST, "bad_request", msg),
            AuthError::NotFound(_) => ApiError::new(S::NOT_FOUND, "not_found", msg),
            AuthError::Conflict(_) => ApiError::new(S::CONFLICT, "conflict", msg),
            AuthError::Vault(v) => v.into(),
            AuthError::Hash(h) => {
                tracing::error!(error = %h, "password hashing failed");
                ApiError::internal()
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ),
            JsonRejection::JsonSyntaxError(_) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "the request body is not valid JSON",
            ),
            JsonRejection::JsonDataError(e) => {
                // serde names fields but may quote values; keep only the parts that name fields.
                let text = e.body_text();
                let msg = ["unknown field `", "missing field `"]
                    .iter()
                    .find_map(|p| {
                        text.find(p).map(|i| {
                            let rest = &text[i + p.len()..];
                            let name: String = rest.chars().take_while(|c| *c != '`').collect();
                            if p.starts_with("unknown") {
                                format!("field `{name}` is not accepted here; see /api/openapi.json")
                            } else {
                                format!("field `{name}` is required")
                            }
                        })
                    })
                    .unwrap_or_else(|| "the request body does not have the expected fields and types; see /api/openapi.json".to_owned());
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", msg)
            }
            _ => ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "the request body could not be read",
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(_: QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "the query string has unknown or malformed parameters; see /api/openapi.json",
        )
    }
}

impl From<crate::privacy::PrivacyError> for ApiError {
    fn from(e: crate::privacy::PrivacyError) -> Self {
        use crate::privacy::PrivacyError as P;
        let msg = e.to_string();
        match e {
            P::Vault(v) => v.into(),
            P::Auth(a) => a.into(),
            P::Invalid(code, _) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, msg),
            P::Conflict("customer_erased", _) => {
                ApiError::new(StatusCode::GONE, "customer_erased", msg)
            }
            P::Conflict(code, _) => ApiError::new(StatusCode::CONFLICT, code, msg),
            P::NotFound(code, _) => ApiError::new(StatusCode::NOT_FOUND, code, msg),
            P::Forbidden(code, _) => ApiError::new(StatusCode::FORBIDDEN, code, msg),
        }
    }
}
