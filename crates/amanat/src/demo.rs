//! `amanat serve`, and the `--demo` mode: an example business with made-up customers.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;

use amanat_core::Role;
use amanat_server::{Actor, AppState};
use anyhow::Context;

use crate::cli::StoreArgs;
use crate::setup;

/// The payment-service example, embedded so `--demo` works from any directory.
pub const DEMO_CONFIG: &str = include_str!("../../../examples/odero.toml");

/// Made-up customers; none of these people exist.
const DEMO_CUSTOMERS: [[(&str, &str); 8]; 3] = [
    [
        ("username", "leyla.m"),
        ("email", "leyla.mammadova@example.az"),
        ("phone", "+994501234567"),
        ("given_name", "Leyla"),
        ("family_name", "Məmmədova"),
        ("birth_date", "1990-03-15"),
        ("address", "Nizami küç. 10, Bakı"),
        ("postal_code", "AZ1000"),
    ],
    [
        ("username", "semsi90"),
        ("email", "semsi.aliyev@example.az"),
        ("phone", "+994552345678"),
        ("given_name", "Şəmsi"),
        ("family_name", "Əliyev"),
        ("birth_date", "1985-07-01"),
        ("address", "Füzuli küç. 5, Gəncə"),
        ("postal_code", "AZ2000"),
    ],
    [
        ("username", "nigar_h"),
        ("email", "nigar.huseynova@example.az"),
        ("phone", "+994703456789"),
        ("given_name", "Nigar"),
        ("family_name", "Hüseynova"),
        ("birth_date", "1999-12-31"),
        ("address", "Azadlıq pr. 77, Sumqayıt"),
        ("postal_code", "AZ5000"),
    ],
];

/// Runs the server until SIGTERM or Ctrl-C.
pub async fn serve(store: StoreArgs, listen: String, demo: bool) -> anyhow::Result<ExitCode> {
    let config = match (&store.config, demo) {
        (Some(path), _) => setup::load_config(Some(path))?,
        (None, true) => crate::cli::demo_config()?,
        (None, false) => setup::load_config(None)?,
    };
    let vault = setup::open_vault(&store, config).await?;
    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}; pass --listen HOST:PORT"))?;
    let addr = listener.local_addr()?;
    if demo {
        let token = seed(&vault).await?;
        println!(
            "amanat demo: {} with made-up customers",
            vault.config().name
        );
        println!("  API:      http://{addr}/api/v1  (OpenAPI: http://{addr}/api/openapi.json)");
        println!(
            "  try:      curl -H 'Authorization: Bearer {token}' http://{addr}/api/v1/purposes"
        );
        println!("  admin token (valid until you delete the data directory):");
        println!("{token}");
    }
    tracing::info!(%addr, backend = ?vault.store().backend(), "amanat listening");
    let state = AppState::new(Arc::clone(&vault), &store.data_dir)
        .context("the server cannot start with this configuration")?;
    amanat_server::serve(listener, state, shutdown).await?;
    tracing::info!("stopped cleanly");
    Ok(ExitCode::SUCCESS)
}

/// Creates the demo customers once and a fresh demo admin token each start.
async fn seed(vault: &amanat_server::Vault) -> anyhow::Result<String> {
    let system = Actor {
        id: "system".into(),
        role: Role::Admin,
    };
    if vault.store().count_customers().await? == 0 {
        for c in DEMO_CUSTOMERS {
            let fields: HashMap<String, serde_json::Value> = c
                .iter()
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                .collect();
            vault
                .create_customer(&system, &fields, "demo", chrono::Utc::now())
                .await?;
        }
    }
    if vault.store().recipients().await?.is_empty() {
        // One made-up courier in the recipients registry, with its terms accepted, so the
        // sharing endpoints have something to show.
        let now = chrono::Utc::now().timestamp_millis();
        let audit = |action: &str| amanat_store::AuditEvent {
            at: now,
            actor: "system".into(),
            role: "admin".into(),
            action: action.into(),
            subject: "demo-courier".into(),
            purpose: "sharing".into(),
            fields: Vec::new(),
            request_id: "demo".into(),
        };
        let courier = amanat_store::RecipientRow {
            id: "demo-courier".into(),
            name: "Demo Courier LLC (made up)".into(),
            country: "AZ".into(),
            purposes: "[\"service\"]".into(),
            business_responsibility: "The business answers to the customer for what it sends and why.".into(),
            recipient_responsibility: "The courier uses the data only to deliver, keeps it confidential and deletes it after 90 days.".into(),
            terms_sha256: None,
            terms_accepted_at: None,
        };
        vault
            .store()
            .upsert_recipient(&courier, now, &audit("recipient.put"))
            .await?;
        let terms = hex::encode(amanat_crypto::token_digest("demo courier terms"));
        vault
            .store()
            .accept_recipient_terms(
                "demo-courier",
                &terms,
                now,
                &audit("recipient.terms_accepted"),
            )
            .await?;
    }
    amanat_server::staff::add_staff_accepted(
        vault.store(),
        vault.config(),
        "demo admin",
        Role::Admin,
        "demo",
    )
    .await
    .map_err(anyhow::Error::msg)
}

/// Registers the SIGTERM and Ctrl-C handlers at once (before the server announces
/// itself, so a signal sent right after start-up is never the default "terminate"), and
/// returns the future that resolves when one arrives.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot install the SIGTERM handler")?;
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .context("cannot install the Ctrl-C handler")?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    })
}
