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
    Ok(token)
}
