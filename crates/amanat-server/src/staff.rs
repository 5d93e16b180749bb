//! Creating staff identities: the token is shown once and stored only as a digest.

use amanat_core::Role;
use amanat_store::{AuditEvent, Store, StoreError};
use base64::Engine;

/// Creates a staff identity and returns its API token.
pub async fn add_staff(
    store: &Store,
    name: &str,
    role: Role,
    request_id: &str,
) -> Result<String, StoreError> {
    Ok(add_staff_with_id(store, name, role, request_id).await?.1)
}

/// Creates a staff identity and returns its id and API token.
pub async fn add_staff_with_id(
    store: &Store,
    name: &str,
    role: Role,
    request_id: &str,
) -> Result<(String, String), StoreError> {
    let secret: [u8; 32] = amanat_crypto::random_bytes();
    let token = format!(
        "amanat_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let id = uuid::Uuid::now_v7().to_string();
    let now = chrono::Utc::now().timestamp_millis();
    let audit = AuditEvent {
        at: now,
        actor: "system".into(),
        role: "system".into(),
        action: "staff.add".into(),
        subject: id.clone(),
        purpose: "security".into(),
        fields: vec![role.as_str().to_owned()],
        request_id: request_id.into(),
    };
    store
        .add_staff(
            &id,
            name,
            role.as_str(),
            &amanat_crypto::token_digest(&token),
            now,
            &audit,
        )
        .await?;
    Ok((id, token))
}

/// Records that staff identity `id` accepted the terms whose SHA-256 is `sha256_hex`,
/// which must be the configured current terms when the configuration names them.
/// The error says what is wrong (never a value).
pub async fn accept_terms(
    store: &Store,
    config: &amanat_core::Config,
    id: &str,
    sha256_hex: &str,
    request_id: &str,
) -> Result<(), String> {
    let h = sha256_hex.trim().to_ascii_lowercase();
    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(
            "document_sha256 is the SHA-256 of the terms document in hex (64 characters)".into(),
        );
    }
    if let Some(want) = &config.staff_terms_sha256
        && *want != h
    {
        return Err("these are not the current confidentiality terms; read and accept the version the business publishes".into());
    }
    let now = chrono::Utc::now().timestamp_millis();
    let audit = AuditEvent {
        at: now,
        actor: id.into(),
        role: "staff".into(),
        action: "staff.terms_accepted".into(),
        subject: id.into(),
        purpose: "security".into(),
        fields: vec![],
        request_id: request_id.into(),
    };
    match store.accept_terms(id, &h, now, &audit).await {
        Ok(true) => Ok(()),
        Ok(false) => Err("no active staff identity with this id".into()),
        Err(e) => {
            tracing::error!(error = %e, "recording the terms failed");
            Err("the acceptance could not be recorded; try again".into())
        }
    }
}

/// Creates a staff identity that has already accepted the terms `sha256_hex` (the demo,
/// benchmarks and tests, which have no person to read them); returns the token.
pub async fn add_staff_accepted(
    store: &Store,
    config: &amanat_core::Config,
    name: &str,
    role: Role,
    request_id: &str,
) -> Result<String, String> {
    let (id, token) = add_staff_with_id(store, name, role, request_id)
        .await
        .map_err(|e| e.to_string())?;
    let terms = config.staff_terms_sha256.clone().unwrap_or_else(|| {
        hex::encode(amanat_crypto::token_digest(
            "amanat built-in terms for demo, benchmark and test identities",
        ))
    });
    accept_terms(store, config, &id, &terms, request_id).await?;
    Ok(token)
}
