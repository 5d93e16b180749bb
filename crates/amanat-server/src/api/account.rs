//! Customer accounts over HTTP: sign-up, sign-in, reset, freeze and unfreeze (public),
//! the signed-in customer's own endpoints under `/api/v1/me`, and the staff views.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use amanat_core::FieldKind;

use crate::accounts::{FlowStarted, NewSession};

use super::auth::{ClientInfo, CustomerSession, SESSION_COOKIE, Staff};
use super::customers::parse_id;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};

/// A sign-up.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupBody {
    /// Values by field name; the fields the business requires at sign-up, and an email
    /// and a phone.
    #[schema(value_type = Object)]
    pub fields: HashMap<String, serde_json::Value>,
    /// The password (8 to 64+ characters; refused when common, breached or guessable
    /// from the fields).
    pub password: String,
    /// Language of codes and notices: en, az, fa, ar or vi (default: the business's).
    pub language: Option<String>,
}

/// A code for a flow.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    /// The flow id from the step before.
    pub flow_id: String,
    /// The 6-digit code.
    pub code: String,
    /// For sign-up: `email` or `sms`.
    pub channel: Option<String>,
}

/// Asks for a new code.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendBody {
    /// The flow id.
    pub flow_id: String,
    /// For sign-up: `email` or `sms`.
    pub channel: Option<String>,
}

/// Password sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SigninBody {
    /// Email, phone or username.
    pub login: String,
    /// Password.
    pub password: String,
}

/// A session just opened.
#[derive(Serialize, ToSchema)]
pub struct SessionOpened {
    /// The session token: send it as `Authorization: Bearer`, or rely on the cookie set
    /// with this answer. Shown once.
    pub token: String,
    /// The session.
    pub session: SessionView,
}

/// A session as its owner sees it.
#[derive(Serialize, ToSchema)]
pub struct SessionView {
    /// Id (for revoking).
    pub id: String,
    /// How it was proven: `password+sms`, `password+totp`, `signup`.
    pub method: String,
    /// Browser and system, coarse.
    pub device: String,
    /// Sign-in time (ms since epoch).
    pub created_at: i64,
    /// Last use (ms since epoch).
    pub last_seen_at: i64,
    /// Absolute end (ms since epoch).
    pub expires_at: i64,
    /// Whether this is the session making the request.
    pub current: bool,
}

impl SessionView {
    fn of(s: &amanat_store::SessionRow, current: &str) -> Self {
        SessionView {
            id: s.id.clone(),
            method: s.method.clone(),
            device: s.device.clone(),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            current: s.id == current,
        }
    }
}

/// The state of a sign-up after a code.
#[derive(Serialize, ToSchema)]
pub struct SignupVerified {
    /// `pending` (the other code is still needed) or `active`.
    pub status: String,
    /// Present once the account is active.
    pub token: Option<String>,
    /// Present once the account is active.
    pub session: Option<SessionView>,
}

/// An accepted request whose outcome is not told (so nobody learns whether an account
/// exists).
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// What happens now.
    pub status: String,
}

/// A reset request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetBody {
    /// Email, phone or username.
    pub login: String,
}

/// A new password with a reset token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetCompleteBody {
    /// The token from the emailed link (after `#token=`).
    pub token: String,
    /// The new password.
    pub new_password: String,
}

/// An email for the public freeze and unfreeze forms.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailBody {
    /// The account's email address.
    pub email: String,
}

/// The emailed unfreeze code and the phone to verify.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnfreezeEmailBody {
    /// The flow id.
    pub flow_id: String,
    /// The emailed code.
    pub code: String,
    /// The phone to verify: the old number if recovered, or a new one.
    pub phone: String,
}

/// A freeze case's state.
#[derive(Serialize, ToSchema)]
pub struct CaseState {
    /// The case id.
    pub case_id: String,
    /// `frozen`, `awaiting_approval`, `closed`.
    pub status: String,
}

/// A password change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeBody {
    /// The current password.
    pub current_password: String,
    /// The new password.
    pub new_password: String,
}

/// A new email address, with the password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeBody {
    /// The new address; the code goes there.
    pub email: String,
    /// The account's current password.
    pub password: String,
}

/// A new phone number, with the password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneChangeBody {
    /// The new number, in international form (`+994501234567`) or the business's national
    /// form; the code goes there by SMS.
    pub phone: String,
    /// The account's current password.
    pub password: String,
}

/// A TOTP code.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCodeBody {
    /// The 6-digit code the app shows.
    pub code: String,
}

/// A new authenticator secret.
#[derive(Serialize, ToSchema)]
pub struct TotpStarted {
    /// The secret in base32, to type into the app.
    pub secret: String,
    /// The `otpauth://` URI, to show as a QR code.
    pub otpauth_uri: String,
}

/// The signed-in customer's own account and data.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Customer id.
    pub customer_id: String,
    /// `active` (frozen accounts have no sessions).
    pub status: String,
    /// Language of notices.
    pub language: String,
    /// Whether the email was proven.
    pub email_verified: bool,
    /// Whether the phone was proven.
    pub phone_verified: bool,
    /// Whether an authenticator app is set up.
    pub totp: bool,
    /// Every field held, by name.
    pub fields: BTreeMap<String, String>,
}

/// An account as staff see it: states and flags, never a password, hash or code.
#[derive(Serialize, ToSchema)]
pub struct AccountView {
    /// Customer id.
    pub customer_id: String,
    /// `pending`, `active` or `frozen`.
    pub status: String,
    /// Whether the email was proven, and when (ms).
    pub email_verified_at: Option<i64>,
    /// Whether the phone was proven, and when (ms).
    pub phone_verified_at: Option<i64>,
    /// Whether an authenticator app is set up.
    pub totp: bool,
    /// When too many wrong passwords locked it.
    pub locked_at: Option<i64>,
    /// Last password change (ms).
    pub password_changed_at: i64,
    /// Live sessions.
    pub sessions: usize,
    /// The open freeze case, if any.
    pub freeze_case: Option<String>,
}

/// Filter for freeze cases.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    /// `frozen`, `unfreeze_requested`, `awaiting_approval` or `closed`.
    pub status: Option<String>,
}

fn opened(s: &AppState, n: NewSession) -> Response {
    let max_age = i64::from(s.vault.config().auth.session_absolute_hours) * 3600;
    let cookie = format!(
        "{SESSION_COOKIE}={}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age}",
        n.token
    );
    let body = SessionOpened {
        session: SessionView::of(&n.session, &n.session.id),
        token: n.token,
    };
    let mut r = (StatusCode::OK, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    no_store(r.headers_mut());
    r
}

fn no_store(h: &mut HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

fn expire_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "amanat_session=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0",
    )
}

/// Sign up: sends a code to the email and one to the phone.
#[utoipa::path(post, path = "/api/v1/signup", tag = "accounts", request_body = SignupBody,
    responses((status = 202, body = FlowStarted, description = "codes sent (the same answer when the email, phone or username is taken)"),
              (status = 422, body = ErrorBody, description = "missing or invalid field, or weak_password with reasons"),
              (status = 429, body = ErrorBody, description = "per-IP or SMS limits")))]
pub async fn signup(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<SignupBody>,
) -> Result<(StatusCode, Json<FlowStarted>), ApiError> {
    let f = s
        .accounts
        .signup(
            &b.fields,
            &b.password,
            b.language.as_deref(),
            &client,
            &rid,
            s.now(),
        )
        .await?;
    metrics::counter!("amanat_signups_total").increment(1);
    Ok((StatusCode::ACCEPTED, Json(f)))
}

/// Prove the email or the phone of a sign-up with its code.
#[utoipa::path(post, path = "/api/v1/signup/verify", tag = "accounts", request_body = CodeBody,
    responses((status = 200, body = SignupVerified), (status = 400, body = ErrorBody, description = "invalid_code or code_spent")))]
pub async fn signup_verify(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<Response, ApiError> {
    let channel = b.channel.as_deref().ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "field `channel` is required: `email` or `sms`",
        )
    })?;
    let (status, session) = s
        .accounts
        .verify_signup(&b.flow_id, channel, &b.code, &client, &rid, s.now())
        .await?;
    Ok(match session {
        Some(n) => {
            let mut r = opened(&s, n);
            let _ = status;
            *r.status_mut() = StatusCode::OK;
            r
        }
        None => Json(SignupVerified {
            status,
            token: None,
            session: None,
        })
        .into_response(),
    })
}

/// Send a new sign-up code (after the resend delay).
#[utoipa::path(post, path = "/api/v1/signup/resend", tag = "accounts", request_body = ResendBody,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
pub async fn signup_resend(
    State(s): State<AppState>,
    ApiJson(b): ApiJson<ResendBody>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let kind = match b.channel.as_deref() {
        Some("email") => "signup_email",
        Some("sms") | Some("phone") => "signup_phone",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                "field `channel` is required: `email` or `sms`",
            ));
        }
    };
    s.accounts.resend(&b.flow_id, kind, s.now()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "code_sent".into(),
        }),
    ))
}

/// Sign in, step 1: login and password. A code goes by SMS (or the app is asked for).
#[utoipa::path(post, path = "/api/v1/signin", tag = "accounts", request_body = SigninBody,
    responses((status = 200, body = FlowStarted), (status = 401, body = ErrorBody, description = "invalid_credentials (same for unknown logins)"),
              (status = 403, body = ErrorBody, description = "account_locked, account_frozen, account_not_verified"),
              (status = 429, body = ErrorBody, description = "too_many_attempts with retry_after")))]
pub async fn signin(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<SigninBody>,
) -> Result<Json<FlowStarted>, ApiError> {
    let r = s
        .accounts
        .signin(&b.login, &b.password, &client, &rid, s.now())
        .await;
    metrics::counter!("amanat_signin_attempts_total", "outcome" => if r.is_ok() { "password_ok" } else { "refused" }).increment(1);
    Ok(Json(r?))
}

/// Sign in, step 2: the code. Opens a session (token in the body and an HttpOnly cookie).
#[utoipa::path(post, path = "/api/v1/signin/verify", tag = "accounts", request_body = CodeBody,
    responses((status = 200, body = SessionOpened), (status = 400, body = ErrorBody)))]
pub async fn signin_verify(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<Response, ApiError> {
    let n = s
        .accounts
        .signin_verify(&b.flow_id, &b.code, &client, &rid, s.now())
        .await?;
    Ok(opened(&s, n))
}

/// Send a new sign-in code by SMS (after the resend delay).
#[utoipa::path(post, path = "/api/v1/signin/resend", tag = "accounts", request_body = ResendBody,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
pub async fn signin_resend(
    State(s): State<AppState>,
    ApiJson(b): ApiJson<ResendBody>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    s.accounts.resend(&b.flow_id, "signin", s.now()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "code_sent".into(),
        }),
    ))
}

/// Ask for a password reset link by email. The answer is the same for every login.
#[utoipa::path(post, path = "/api/v1/password/reset", tag = "accounts", request_body = ResetBody,
    responses((status = 202, body = Accepted)))]
pub async fn reset(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<ResetBody>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    s.accounts
        .request_reset(&b.login, &client, &rid, s.now())
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status:
                "if an account has this login and a verified email, a reset link was sent to it"
                    .into(),
        }),
    ))
}

/// Set a new password with the token of a reset link.
#[utoipa::path(post, path = "/api/v1/password/reset/complete", tag = "accounts", request_body = ResetCompleteBody,
    responses((status = 200, body = Accepted), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_complete(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<ResetCompleteBody>,
) -> Result<Json<Accepted>, ApiError> {
    s.accounts
        .complete_reset(&b.token, &b.new_password, &rid, s.now())
        .await?;
    Ok(Json(Accepted {
        status: "password_changed; every session was signed out".into(),
    }))
}

/// The public freeze form: a code goes to the account's email.
#[utoipa::path(post, path = "/api/v1/freeze", tag = "accounts", request_body = EmailBody,
    responses((status = 202, body = FlowStarted, description = "the same answer for every address")))]
pub async fn freeze_start(
    State(s): State<AppState>,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<EmailBody>,
) -> Result<(StatusCode, Json<FlowStarted>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(s.accounts.freeze_start(&b.email, &client, s.now()).await?),
    ))
}

/// Freeze with the emailed code: sessions end, no code goes to the phone, sign-in is refused.
#[utoipa::path(post, path = "/api/v1/freeze/confirm", tag = "accounts", request_body = CodeBody,
    responses((status = 200, body = CaseState), (status = 400, body = ErrorBody)))]
pub async fn freeze_confirm(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<Json<CaseState>, ApiError> {
    let case_id = s
        .accounts
        .freeze_confirm(&b.flow_id, &b.code, &rid, s.now())
        .await?;
    Ok(Json(CaseState {
        case_id,
        status: "frozen".into(),
    }))
}

/// Unfreeze, step 1: a code goes to the frozen account's email.
#[utoipa::path(post, path = "/api/v1/unfreeze", tag = "accounts", request_body = EmailBody,
    responses((status = 202, body = FlowStarted, description = "the same answer for every address")))]
pub async fn unfreeze_start(
    State(s): State<AppState>,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<EmailBody>,
) -> Result<(StatusCode, Json<FlowStarted>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(
            s.accounts
                .unfreeze_start(&b.email, &client, s.now())
                .await?,
        ),
    ))
}

/// Unfreeze, step 2: the emailed code and a phone; a code goes to that phone.
#[utoipa::path(post, path = "/api/v1/unfreeze/email", tag = "accounts", request_body = UnfreezeEmailBody,
    responses((status = 200, body = FlowStarted), (status = 400, body = ErrorBody)))]
pub async fn unfreeze_email(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<UnfreezeEmailBody>,
) -> Result<Json<FlowStarted>, ApiError> {
    Ok(Json(
        s.accounts
            .unfreeze_email(&b.flow_id, &b.code, &b.phone, &rid, s.now())
            .await?,
    ))
}

/// Unfreeze, step 3: the phone's code; the case then waits for staff approval.
#[utoipa::path(post, path = "/api/v1/unfreeze/phone", tag = "accounts", request_body = CodeBody,
    responses((status = 200, body = CaseState), (status = 400, body = ErrorBody)))]
pub async fn unfreeze_phone(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<Json<CaseState>, ApiError> {
    let case_id = s
        .accounts
        .unfreeze_phone(&b.flow_id, &b.code, &rid, s.now())
        .await?;
    Ok(Json(CaseState {
        case_id,
        status: "awaiting_approval".into(),
    }))
}

/// The signed-in customer's account and every field held (the read is audited).
#[utoipa::path(get, path = "/api/v1/me", tag = "me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
) -> Result<Response, ApiError> {
    let id = &sess.subject;
    let account = s
        .vault
        .store()
        .account(id)
        .await
        .map_err(crate::vault::VaultError::from)?
        .ok_or_else(ApiError::internal)?;
    let actor = crate::vault::Actor {
        id: format!("customer:{id}"),
        role: amanat_core::Role::Customer,
    };
    let fields = s
        .vault
        .read_fields(&actor, id, None, "access", &rid, s.now())
        .await?;
    let mut r = Json(Me {
        customer_id: id.clone(),
        status: account.status,
        language: account.language,
        email_verified: account.email_verified_at.is_some(),
        phone_verified: account.phone_verified_at.is_some(),
        totp: account.totp_confirmed_at.is_some(),
        fields,
    })
    .into_response();
    no_store(r.headers_mut());
    Ok(r)
}

/// The signed-in customer's live sessions.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "me", responses((status = 200, body = Vec<SessionView>)))]
pub async fn my_sessions(
    State(s): State<AppState>,
    CustomerSession(sess): CustomerSession,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    let list = s.accounts.sessions(&sess.subject, s.now()).await?;
    Ok(Json(
        list.iter().map(|x| SessionView::of(x, &sess.id)).collect(),
    ))
}

/// End one of the customer's sessions.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "me", params(("id" = String, Path, description = "session id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_session(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    s.accounts.revoke(&sess.subject, &id, &rid, s.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign out: ends this session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/me/signout", tag = "me", responses((status = 204)))]
pub async fn signout(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
) -> Result<Response, ApiError> {
    s.accounts
        .revoke(&sess.subject, &sess.id, &rid, s.now())
        .await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(header::SET_COOKIE, expire_cookie());
    Ok(r)
}

/// Change the password (the current one is needed); other sessions end; a notice is sent.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = PasswordChangeBody,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<PasswordChangeBody>,
) -> Result<StatusCode, ApiError> {
    s.accounts
        .change_password(&sess, &b.current_password, &b.new_password, &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the email address, step 1 (the password is needed): a code goes to the new
/// address. Nothing changes until it comes back.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "me", request_body = EmailChangeBody,
    responses((status = 202, body = FlowStarted), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_email(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<EmailChangeBody>,
) -> Result<(StatusCode, Json<FlowStarted>), ApiError> {
    let f = s
        .accounts
        .contact_change_start(
            &sess,
            FieldKind::Email,
            &b.email,
            &b.password,
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::ACCEPTED, Json(f)))
}

/// Change the email address, step 2: the code from the new address. The old and the new
/// address are told.
#[utoipa::path(post, path = "/api/v1/me/email/verify", tag = "me", request_body = CodeBody,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn verify_email_change(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<StatusCode, ApiError> {
    s.accounts
        .contact_change_verify(&sess, FieldKind::Email, &b.flow_id, &b.code, &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the phone number, step 1 (the password is needed): a code goes by SMS to the new
/// number. Nothing changes until it comes back.
#[utoipa::path(post, path = "/api/v1/me/phone", tag = "me", request_body = PhoneChangeBody,
    responses((status = 202, body = FlowStarted), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_phone(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<PhoneChangeBody>,
) -> Result<(StatusCode, Json<FlowStarted>), ApiError> {
    let f = s
        .accounts
        .contact_change_start(
            &sess,
            FieldKind::Phone,
            &b.phone,
            &b.password,
            &rid,
            s.now(),
        )
        .await?;
    Ok((StatusCode::ACCEPTED, Json(f)))
}

/// Change the phone number, step 2: the code from the new number. The old and the new
/// number are told.
#[utoipa::path(post, path = "/api/v1/me/phone/verify", tag = "me", request_body = CodeBody,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn verify_phone_change(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<CodeBody>,
) -> Result<StatusCode, ApiError> {
    s.accounts
        .contact_change_verify(&sess, FieldKind::Phone, &b.flow_id, &b.code, &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start setting up an authenticator app: a new secret, shown once.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "me", responses((status = 200, body = TotpStarted)))]
pub async fn totp_begin(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
) -> Result<Response, ApiError> {
    let (secret, otpauth_uri) = s.accounts.totp_begin(&sess.subject, &rid, s.now()).await?;
    let mut r = Json(TotpStarted {
        secret,
        otpauth_uri,
    })
    .into_response();
    no_store(r.headers_mut());
    Ok(r)
}

/// Confirm the app with its current code; sign-in then asks for the app instead of SMS.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "me", request_body = TotpCodeBody,
    responses((status = 204), (status = 400, body = ErrorBody)))]
pub async fn totp_confirm(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<TotpCodeBody>,
) -> Result<StatusCode, ApiError> {
    s.accounts
        .totp_confirm(&sess.subject, &b.code, &rid, s.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Freeze the account from a session (lost phone, someone else signed in).
#[utoipa::path(post, path = "/api/v1/me/freeze", tag = "me", responses((status = 200, body = CaseState)))]
pub async fn freeze_me(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
) -> Result<Response, ApiError> {
    let case_id = s.accounts.freeze_from_session(&sess, &rid, s.now()).await?;
    let mut r = Json(CaseState {
        case_id,
        status: "frozen".into(),
    })
    .into_response();
    r.headers_mut().insert(header::SET_COOKIE, expire_cookie());
    Ok(r)
}

/// A customer's account state, for staff (audited). Never a password, hash or code.
#[utoipa::path(get, path = "/api/v1/customers/{id}/account", tag = "accounts", params(("id" = String, Path, description = "customer id")),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn staff_account(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, ApiError> {
    if actor.role == amanat_core::Role::Integration {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    let id = parse_id(&id)?;
    let store = s.vault.store();
    let a = store
        .account(id.as_str())
        .await
        .map_err(crate::vault::VaultError::from)?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "account_not_found",
                "this customer has no sign-in account",
            )
        })?;
    let sessions = s.accounts.sessions(id.as_str(), s.now()).await?.len();
    let case = store
        .open_freeze_case(id.as_str())
        .await
        .map_err(crate::vault::VaultError::from)?;
    s.vault
        .audit(&amanat_store::AuditEvent {
            at: s.now().timestamp_millis(),
            actor: actor.id.clone(),
            role: actor.role.as_str().into(),
            action: "account.view".into(),
            subject: id.to_string(),
            purpose: "security".into(),
            fields: Vec::new(),
            request_id: rid,
        })
        .await?;
    Ok(Json(AccountView {
        customer_id: a.customer_id,
        status: a.status,
        email_verified_at: a.email_verified_at,
        phone_verified_at: a.phone_verified_at,
        totp: a.totp_confirmed_at.is_some(),
        locked_at: a.locked_at,
        password_changed_at: a.password_changed_at,
        sessions,
        freeze_case: case.map(|c| c.id),
    }))
}

/// Send the customer a password reset link. Staff can never see or set a password.
#[utoipa::path(post, path = "/api/v1/customers/{id}/password-reset", tag = "accounts", params(("id" = String, Path, description = "customer id")),
    responses((status = 202, body = Accepted), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn staff_reset(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    if !matches!(
        actor.role,
        amanat_core::Role::Admin | amanat_core::Role::Support
    ) {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    let id = parse_id(&id)?;
    if s.vault
        .store()
        .account(id.as_str())
        .await
        .map_err(crate::vault::VaultError::from)?
        .is_none()
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "account_not_found",
            "this customer has no sign-in account",
        ));
    }
    let audit = amanat_store::AuditEvent {
        at: s.now().timestamp_millis(),
        actor: actor.id.clone(),
        role: actor.role.as_str().into(),
        action: "account.reset_sent_by_staff".into(),
        subject: id.to_string(),
        purpose: "security".into(),
        fields: Vec::new(),
        request_id: rid.clone(),
    };
    s.accounts
        .send_reset(id.as_str(), &audit, &rid, s.now())
        .await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { status: "a reset link was sent to the customer's verified email, if it has one and the account is not frozen".into() })))
}

/// Freeze cases for staff, newest first.
#[utoipa::path(get, path = "/api/v1/freeze-cases", tag = "accounts", params(CaseQuery),
    responses((status = 200, body = Vec<Object>)), security(("bearer" = [])))]
pub async fn cases(
    State(s): State<AppState>,
    Staff(actor): Staff,
    q: Result<Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<amanat_store::FreezeCaseRow>>, ApiError> {
    if !matches!(
        actor.role,
        amanat_core::Role::Admin | amanat_core::Role::Fraud | amanat_core::Role::Support
    ) {
        return Err(crate::vault::VaultError::Forbidden(actor.role).into());
    }
    let Query(q) = q?;
    if let Some(st) = &q.status
        && ![
            "frozen",
            "unfreeze_requested",
            "awaiting_approval",
            "closed",
        ]
        .contains(&st.as_str())
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "status is frozen, unfreeze_requested, awaiting_approval or closed",
        ));
    }
    Ok(Json(
        s.vault
            .store()
            .freeze_cases(q.status.as_deref())
            .await
            .map_err(crate::vault::VaultError::from)?,
    ))
}

/// Approve an unfreeze whose email and phone were proven: the account is active again.
#[utoipa::path(post, path = "/api/v1/freeze-cases/{id}/approve", tag = "accounts", params(("id" = String, Path, description = "case id")),
    responses((status = 200, body = CaseState), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub async fn approve(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<CaseState>, ApiError> {
    let case = s
        .accounts
        .approve_unfreeze(&actor, &id, &rid, s.now())
        .await?;
    Ok(Json(CaseState {
        case_id: case.id,
        status: case.status,
    }))
}

/// Staff sign-in: id, password and authenticator code.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffSigninBody {
    /// The staff id (`amanat staff list`).
    pub staff_id: String,
    /// The password set with `amanat staff password`.
    pub password: String,
    /// The authenticator app's current code.
    pub code: String,
}

/// Staff sign in with password and TOTP; the token then works as `Authorization:
/// Bearer` on every staff endpoint until it is idle or old (session settings of `[auth]`).
#[utoipa::path(post, path = "/api/v1/staff/signin", tag = "accounts", request_body = StaffSigninBody,
    responses((status = 200, body = SessionOpened), (status = 401, body = ErrorBody, description = "invalid_credentials (the same for unknown ids)"),
              (status = 429, body = ErrorBody)))]
pub async fn staff_signin(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    ClientInfo(client): ClientInfo,
    ApiJson(b): ApiJson<StaffSigninBody>,
) -> Result<Response, ApiError> {
    let n = s
        .accounts
        .staff_signin(
            b.staff_id.trim(),
            &b.password,
            &b.code,
            &client,
            &rid,
            s.now(),
        )
        .await?;
    let body = SessionOpened {
        session: SessionView::of(&n.session, &n.session.id),
        token: n.token,
    };
    let mut r = Json(body).into_response();
    no_store(r.headers_mut());
    Ok(r)
}

/// Freeze a customer's account on a staff decision (admin, fraud, support): sessions end,
/// no code goes to the phone, sign-in is refused; the customer is told by email.
#[utoipa::path(post, path = "/api/v1/customers/{id}/freeze", tag = "accounts", params(("id" = String, Path, description = "customer id")),
    responses((status = 200, body = CaseState), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn staff_freeze(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<CaseState>, ApiError> {
    let id = parse_id(&id)?;
    let case_id = s
        .accounts
        .freeze_by_staff(&actor, id.as_str(), &rid, s.now())
        .await?;
    Ok(Json(CaseState {
        case_id,
        status: "frozen".into(),
    }))
}

/// End the staff session making the request.
#[utoipa::path(post, path = "/api/v1/staff/signout", tag = "accounts",
    responses((status = 204), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn staff_signout(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| t.starts_with("amst_"))
        .ok_or_else(|| {
            ApiError::unauthorized(
                "send the staff session token (amst_...) as Authorization: Bearer",
            )
        })?;
    s.accounts.staff_signout(token, &rid, s.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Acceptance of the confidentiality terms.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsBody {
    /// The SHA-256 (hex) of the terms document the staff member read and accepts.
    pub document_sha256: String,
}

/// The calling staff identity accepts the confidentiality terms; until it has, every
/// other staff endpoint answers 403 `terms_not_accepted`.
#[utoipa::path(post, path = "/api/v1/staff/terms", tag = "accounts", request_body = TermsBody,
    responses((status = 204), (status = 422, body = ErrorBody, description = "not the current terms")), security(("bearer" = [])))]
pub async fn accept_terms(
    State(s): State<AppState>,
    super::auth::StaffAnyTerms(actor): super::auth::StaffAnyTerms,
    RequestId(rid): RequestId,
    ApiJson(b): ApiJson<TermsBody>,
) -> Result<StatusCode, ApiError> {
    crate::staff::accept_terms(
        s.vault.store(),
        s.vault.config(),
        &actor.id,
        &b.document_sha256,
        &rid,
    )
    .await
    .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "terms_mismatch", e))?;
    Ok(StatusCode::NO_CONTENT)
}
