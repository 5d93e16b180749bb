//! The JSON API under `/api/v1`, health, metrics and the OpenAPI document.
//!
//! A request flows: middleware (request id, metrics, one log line without values)
//! -> auth extractor -> handler (parse input) -> vault (rules, keys, audit) -> store.

pub mod account;
pub mod auth;
pub mod consent;
pub mod customers;
pub mod error;
pub mod orders;
pub mod pages;
pub mod privacy;
pub mod reports;
pub mod shield;
pub mod system;
pub mod transparency;

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::vault::Vault;
use error::ApiError;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The vault.
    pub vault: Arc<Vault>,
    /// Prometheus exposition.
    pub metrics: PrometheusHandle,
    /// The clock (tests may fix it).
    pub clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    /// The OpenAPI document, built once.
    pub openapi: Arc<String>,
    /// The fraud shield, built from the configuration's official channels.
    pub shield: Arc<amanat_shield::Shield>,
    /// DNS for email authentication (system resolver, answers cached); None when the
    /// system resolver configuration cannot be read.
    pub email_dns: Option<Arc<amanat_shield::EmailDns>>,
    /// Customer accounts and sign-in.
    pub accounts: Arc<crate::accounts::Accounts>,
    /// Delivery of queued notices.
    pub outbox: Arc<crate::outbox::Outbox>,
    /// Privacy requests, sharing, lawful orders, aggregates.
    pub privacy: Arc<crate::privacy::Privacy>,
}

/// The server could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The fraud shield's channels are unusable.
    #[error(transparent)]
    Shield(#[from] amanat_shield::ShieldError),
    /// The password hashing parameters are unusable.
    #[error(transparent)]
    Hash(#[from] crate::hasher::HashError),
    /// The notification transports are unusable.
    #[error(transparent)]
    Outbox(#[from] crate::outbox::OutboxSetupError),
}

impl AppState {
    /// Builds the state around a vault with the real clock; queued notices for the
    /// development transports go under `data_dir`.
    pub fn new(vault: Arc<Vault>, data_dir: &std::path::Path) -> Result<Self, StartError> {
        let shield = Arc::new(crate::shield::shield_from_config(vault.config())?);
        let wake = Arc::new(tokio::sync::Notify::new());
        let accounts = Arc::new(crate::accounts::Accounts::new(
            Arc::clone(&vault),
            Arc::clone(&wake),
        )?);
        let outbox = Arc::new(crate::outbox::Outbox::from_config(
            Arc::clone(&vault),
            data_dir,
            wake,
        )?);
        let privacy = Arc::new(crate::privacy::Privacy::new(
            Arc::clone(&vault),
            Arc::clone(&accounts),
        ));
        Ok(AppState {
            privacy,
            accounts,
            outbox,
            vault,
            metrics: metrics_handle(),
            clock: Arc::new(Utc::now),
            openapi: Arc::new(String::new()),
            shield,
            email_dns: amanat_shield::EmailDns::system()
                .map_err(|e| tracing::warn!(error = %e, "message authentication (SPF, DKIM, DMARC) is unavailable: no usable system DNS configuration"))
                .ok()
                .map(Arc::new),
        })
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}

/// The process-wide Prometheus recorder, installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Fails only when another recorder is installed; then our handle stays empty.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The request id given to every request by the server (a client-sent one is not
/// trusted: it could carry a personal value into logs and the audit chain).
#[derive(Clone)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .ok_or_else(ApiError::internal)
    }
}

/// `Json` whose rejections are answered in the API's error shape.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(v) = axum::Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(v))
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "amanat", description = "Keeps a business's privacy and security promises in code. Errors are {\"error\": {\"code\", \"message\"}}."),
    modifiers(&BearerAuth),
    tags((name = "customers"), (name = "orders"), (name = "accounts"), (name = "me"), (name = "consent"), (name = "shield"), (name = "system"))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Builds the router with every endpoint, and the OpenAPI document describing them.
pub fn router(mut state: AppState) -> Router {
    let (api, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(customers::create_customer, customers::lookup_get))
        .routes(routes!(customers::lookup_post))
        .routes(routes!(
            customers::read_customer,
            customers::update_customer,
            customers::erase_customer
        ))
        .routes(routes!(orders::create_order, orders::list_orders))
        .routes(routes!(orders::update_order))
        .routes(routes!(system::purposes))
        .routes(routes!(shield::channels))
        .routes(routes!(shield::link))
        .routes(routes!(shield::sender))
        .routes(routes!(shield::phone))
        .routes(routes!(shield::promo))
        .routes(routes!(shield::message))
        .routes(routes!(shield::email))
        .routes(routes!(pages::channels))
        .routes(routes!(reports::create))
        .routes(routes!(reports::trending))
        .routes(routes!(reports::evidence))
        .routes(routes!(reports::my_evidence))
        .routes(routes!(account::signup))
        .routes(routes!(account::signup_verify))
        .routes(routes!(account::signup_resend))
        .routes(routes!(account::signin))
        .routes(routes!(account::signin_verify))
        .routes(routes!(account::signin_resend))
        .routes(routes!(account::reset))
        .routes(routes!(account::reset_complete))
        .routes(routes!(account::freeze_start))
        .routes(routes!(account::freeze_confirm))
        .routes(routes!(account::unfreeze_start))
        .routes(routes!(account::unfreeze_email))
        .routes(routes!(account::unfreeze_phone))
        .routes(routes!(account::me))
        .routes(routes!(account::my_sessions))
        .routes(routes!(account::revoke_session))
        .routes(routes!(account::signout))
        .routes(routes!(account::change_password))
        .routes(routes!(account::change_email))
        .routes(routes!(account::verify_email_change))
        .routes(routes!(account::change_phone))
        .routes(routes!(account::verify_phone_change))
        .routes(routes!(account::totp_begin))
        .routes(routes!(account::totp_confirm))
        .routes(routes!(account::freeze_me))
        .routes(routes!(account::staff_account))
        .routes(routes!(account::staff_reset))
        .routes(routes!(account::cases))
        .routes(routes!(account::approve))
        .routes(routes!(consent::record, consent::history))
        .routes(routes!(consent::objection))
        .routes(routes!(consent::may_contact))
        .routes(routes!(consent::audience))
        .routes(routes!(consent::my_consent, consent::my_history))
        .routes(routes!(consent::my_objection))
        .routes(routes!(transparency::transparency))
        .routes(routes!(transparency::staff_export))
        .routes(routes!(transparency::my_export))
        .routes(routes!(account::staff_signin))
        .routes(routes!(account::staff_signout))
        .routes(routes!(account::accept_terms))
        .routes(routes!(account::staff_freeze))
        .routes(routes!(privacy::my_request, privacy::my_requests))
        .routes(routes!(privacy::staff_request))
        .routes(routes!(privacy::queue))
        .routes(routes!(privacy::get_request))
        .routes(routes!(privacy::verify))
        .routes(routes!(privacy::start))
        .routes(routes!(privacy::extend))
        .routes(routes!(privacy::refuse))
        .routes(routes!(privacy::complete))
        .routes(routes!(privacy::lift_restriction))
        .routes(routes!(privacy::recipients))
        .routes(routes!(privacy::put_recipient))
        .routes(routes!(privacy::recipient_terms))
        .routes(routes!(privacy::my_share_consent))
        .routes(routes!(privacy::share_consent))
        .routes(routes!(privacy::share))
        .routes(routes!(privacy::record_order, privacy::orders))
        .routes(routes!(privacy::approve_order))
        .routes(routes!(privacy::fulfil_order))
        .routes(routes!(privacy::close_order))
        .routes(routes!(privacy::event))
        .routes(routes!(privacy::aggregate))
        .routes(routes!(system::healthz))
        .routes(routes!(system::metrics))
        .routes(routes!(system::openapi))
        .split_for_parts();
    state.openapi = Arc::new(doc.to_json().unwrap_or_default());
    api.fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not accept that method; see /api/openapi.json",
            )
        })
        .layer(axum::middleware::from_fn(observe))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            ApiError::internal().into_response()
        }))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .layer(axum::middleware::map_response(json_413))
        .with_state(state)
}

/// Gives each request an id, counts it, and logs one line: method, route template,
/// status, latency, request id. Never the URI (it may hold a query with a value) nor
/// any header or body.
async fn observe(mut req: Request, next: Next) -> Response {
    let rid = uuid::Uuid::new_v4().to_string();
    req.extensions_mut().insert(RequestId(rid.clone()));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let mut res = next.run(req).await;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    metrics::counter!("amanat_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.to_string()).increment(1);
    metrics::histogram!("amanat_http_request_duration_seconds", "route" => route.clone())
        .record(elapsed.as_secs_f64());
    tracing::info!(request_id = %rid, %method, %route, status, latency_ms = elapsed.as_secs_f64() * 1000.0, "request");
    if let Ok(v) = HeaderValue::from_str(&rid) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish and closes the
/// store, so no accepted write is lost.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let vault = Arc::clone(&state.vault);
    let after_answer = Arc::clone(state.accounts.after_answer());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(Arc::clone(&state.outbox).run(stop_rx.clone()));
    let retention = tokio::spawn(retention_task(
        Arc::clone(&state.accounts),
        Arc::clone(&state.privacy),
        stop_rx,
    ));
    let app = router(state);
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    // Work started after an answer (a sign-up being created, a reset mail being queued)
    // finishes before the store closes; then the worker finishes the message it is
    // sending, and what is left stays queued.
    if !after_answer.wait(std::time::Duration::from_secs(30)).await {
        tracing::warn!(
            tasks = after_answer.running(),
            "shutting down with work still running after its answer"
        );
    }
    let _ = stop_tx.send(true);
    let _ = worker.await;
    let _ = retention.await;
    vault.store().close().await;
    served
}

/// Runs a retention pass (when retention is configured) and tells customers of lawful
/// disclosures whose silence has ended, a minute after start and then every hour, until
/// `stop`.
async fn retention_task(
    accounts: Arc<crate::accounts::Accounts>,
    privacy: Arc<crate::privacy::Privacy>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let retention = accounts.vault().config().retention.inactive_days.is_some();
    let mut wait = std::time::Duration::from_secs(60);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => return,
        }
        let now = chrono::Utc::now();
        if retention {
            match crate::retention::run(&accounts, false, now, &|_, _| {}).await {
                Ok(r) if r.noticed + r.erased > 0 => {
                    tracing::info!(noticed = r.noticed, erased = r.erased, "retention pass");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "retention pass failed"),
            }
        }
        let rid = format!("disclosure-notices-{}", uuid::Uuid::new_v4());
        if let Err(e) = privacy.tell_disclosures(&rid, now).await {
            tracing::error!(error = %e, "telling customers of lawful disclosures failed");
        }
        wait = std::time::Duration::from_secs(3600);
    }
}

/// The body limit answers in plain text; answer in the API's error shape instead.
async fn json_413(res: Response) -> Response {
    if res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "the request body is over 1 MiB; send less",
        )
        .into_response();
    }
    res
}
