//! Consent and the right to object: recording (from the customer, an integration, staff
//! or an import), "may I contact this customer for this purpose by this channel", and
//! the marketing audience.
//!
//! Rules: consent is recorded only for purposes whose legal basis is consent, and only
//! for channels the purpose declares. Withdrawing is one call, like granting. An
//! objection to a consent-based (direct marketing) or legitimate-interest purpose stops
//! contact for it by every channel, whatever consents stand, until the customer lifts it.
//! Purposes based on the contract or a legal obligation (order status, security notices)
//! need no consent.

use amanat_core::config::{ContactChannel, LegalBasis};
use amanat_store::{AudienceRule, AuditEvent, ConsentRecord, NewConsent};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::vault::{Vault, VaultError};

/// Where a consent event came from.
pub const SOURCES: [&str; 4] = ["portal", "api", "staff", "import"];

/// The answer to "may this customer be contacted".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MayContact {
    /// Yes or no.
    pub may_contact: bool,
    /// Why, as a stable code: `consent_granted`, `consent_withdrawn`, `no_consent`,
    /// `objection`, `legal_basis_contract`, `legal_basis_legal_obligation`,
    /// `legitimate_interest`, `channel_not_declared`, `restricted` (the customer
    /// restricted processing; only legal obligations go on).
    pub reason: String,
    /// The purpose's legal basis: contract, consent, legal_obligation, legitimate_interest.
    #[schema(value_type = String)]
    pub legal_basis: LegalBasis,
    /// Since when the deciding record stands (ms), if a record decides.
    pub since: Option<i64>,
}

fn channel_name(c: ContactChannel) -> &'static str {
    match c {
        ContactChannel::Email => "email",
        ContactChannel::Sms => "sms",
        ContactChannel::Post => "post",
        ContactChannel::Phone => "phone",
    }
}

/// Checks a purpose and channel against the configuration.
fn declared<'a>(
    vault: &'a Vault,
    purpose: &str,
    channel: &str,
) -> Result<&'a amanat_core::config::Purpose, VaultError> {
    let p = vault
        .config()
        .purposes
        .get(purpose)
        .ok_or_else(|| VaultError::UnknownPurpose(purpose.to_owned()))?;
    if !["email", "sms", "post", "phone"].contains(&channel) {
        return Err(VaultError::BadRequest(
            "channel is one of email, sms, post, phone".into(),
        ));
    }
    Ok(p)
}

/// Records a grant (`granted`) or a withdrawal of consent for a purpose and channel.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    vault: &Vault,
    actor: (&str, &str),
    customer_id: &str,
    purpose: &str,
    channel: &str,
    granted: bool,
    policy_version: &str,
    source: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<i64, VaultError> {
    let p = declared(vault, purpose, channel)?;
    if p.legal_basis != LegalBasis::Consent {
        return Err(VaultError::BadRequest(format!(
            "purpose `{purpose}` rests on {}, not on consent; consent is not asked for it (an objection may be, for legitimate interest)",
            basis_name(p.legal_basis)
        )));
    }
    if !p.channels.iter().any(|c| channel_name(*c) == channel) {
        return Err(VaultError::BadRequest(format!(
            "purpose `{purpose}` does not contact customers by {channel}; see GET /api/v1/purposes"
        )));
    }
    write(
        vault,
        actor,
        customer_id,
        purpose,
        channel,
        "consent",
        granted,
        policy_version,
        source,
        request_id,
        now,
    )
    .await
}

/// Records an objection to a purpose (`lifted` false), or its lifting.
#[allow(clippy::too_many_arguments)]
pub async fn object(
    vault: &Vault,
    actor: (&str, &str),
    customer_id: &str,
    purpose: &str,
    lifted: bool,
    policy_version: &str,
    source: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<i64, VaultError> {
    objectable(vault.config(), purpose)?;
    write(
        vault,
        actor,
        customer_id,
        purpose,
        "*",
        "objection",
        lifted,
        policy_version,
        source,
        request_id,
        now,
    )
    .await
}

/// Whether a purpose can be objected to: direct marketing (consent) and legitimate
/// interests can; contract and legal obligation cannot.
pub fn objectable(config: &amanat_core::Config, purpose: &str) -> Result<(), VaultError> {
    let p = config
        .purposes
        .get(purpose)
        .ok_or_else(|| VaultError::UnknownPurpose(purpose.to_owned()))?;
    if !matches!(
        p.legal_basis,
        LegalBasis::Consent | LegalBasis::LegitimateInterest
    ) {
        return Err(VaultError::BadRequest(format!(
            "purpose `{purpose}` rests on {}; an objection applies to direct marketing and legitimate interests, so ask for restriction or erasure instead",
            basis_name(p.legal_basis)
        )));
    }
    Ok(())
}

fn basis_name(b: LegalBasis) -> &'static str {
    match b {
        LegalBasis::Contract => "the contract",
        LegalBasis::Consent => "consent",
        LegalBasis::LegalObligation => "a legal obligation",
        LegalBasis::LegitimateInterest => "a legitimate interest",
    }
}

#[allow(clippy::too_many_arguments)]
async fn write(
    vault: &Vault,
    (actor, role): (&str, &str),
    customer_id: &str,
    purpose: &str,
    channel: &str,
    kind: &str,
    granted: bool,
    policy_version: &str,
    source: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<i64, VaultError> {
    if !SOURCES.contains(&source) {
        return Err(VaultError::BadRequest(
            "source is one of portal, api, staff, import".into(),
        ));
    }
    let version = policy_version.trim();
    if version.is_empty() || version.chars().count() > 64 || version.chars().any(char::is_control) {
        return Err(VaultError::BadRequest(
            "policy_version is the version of the privacy policy shown, 1 to 64 characters".into(),
        ));
    }
    if !vault.store().customer_exists(customer_id).await? {
        return Err(VaultError::NotFound);
    }
    let action = match (kind, granted) {
        ("consent", true) => "consent.granted",
        ("consent", false) => "consent.withdrawn",
        ("objection", false) => "objection.made",
        _ => "objection.lifted",
    };
    let audit = AuditEvent {
        at: now.timestamp_millis(),
        actor: actor.to_owned(),
        role: role.to_owned(),
        action: action.to_owned(),
        subject: customer_id.to_owned(),
        purpose: purpose.to_owned(),
        fields: vec![channel.to_owned()],
        request_id: request_id.to_owned(),
    };
    Ok(vault
        .store()
        .record_consent(
            &NewConsent {
                customer_id: customer_id.to_owned(),
                purpose: purpose.to_owned(),
                channel: channel.to_owned(),
                kind: kind.to_owned(),
                granted,
                policy_version: version.to_owned(),
                source: source.to_owned(),
                at: now.timestamp_millis(),
                request_id: request_id.to_owned(),
            },
            &audit,
        )
        .await?)
}

/// May the customer be contacted for `purpose` by `channel`, and why.
pub async fn may_contact(
    vault: &Vault,
    customer_id: &str,
    purpose: &str,
    channel: &str,
) -> Result<MayContact, VaultError> {
    let p = declared(vault, purpose, channel)?;
    if !vault.store().customer_exists(customer_id).await? {
        return Err(VaultError::NotFound);
    }
    let answer = |may: bool, reason: &str, since: Option<i64>| MayContact {
        may_contact: may,
        reason: reason.to_owned(),
        legal_basis: p.legal_basis,
        since,
    };
    if !p.channels.iter().any(|c| channel_name(*c) == channel) {
        return Ok(answer(false, "channel_not_declared", None));
    }
    let (consent, objection) = vault
        .store()
        .consent_now(customer_id, purpose, channel)
        .await?;
    if p.legal_basis != LegalBasis::LegalObligation
        && let Some(since) = vault.store().restricted_since(customer_id).await?
    {
        return Ok(answer(false, "restricted", Some(since)));
    }
    if let Some((false, at)) = objection
        && matches!(
            p.legal_basis,
            LegalBasis::Consent | LegalBasis::LegitimateInterest
        )
    {
        return Ok(answer(false, "objection", Some(at)));
    }
    Ok(match p.legal_basis {
        LegalBasis::Contract => answer(true, "legal_basis_contract", None),
        LegalBasis::LegalObligation => answer(true, "legal_basis_legal_obligation", None),
        LegalBasis::LegitimateInterest => answer(true, "legitimate_interest", None),
        LegalBasis::Consent => match consent {
            Some((true, at)) => answer(true, "consent_granted", Some(at)),
            Some((false, at)) => answer(false, "consent_withdrawn", Some(at)),
            None => answer(false, "no_consent", None),
        },
    })
}

/// The rule that picks the audience of a purpose and channel, after checking both.
pub fn audience_rule(
    vault: &Vault,
    purpose: &str,
    channel: &str,
) -> Result<AudienceRule, VaultError> {
    let p = declared(vault, purpose, channel)?;
    if !p.channels.iter().any(|c| channel_name(*c) == channel) {
        return Err(VaultError::BadRequest(format!(
            "purpose `{purpose}` does not contact customers by {channel}; see GET /api/v1/purposes"
        )));
    }
    Ok(match p.legal_basis {
        LegalBasis::Consent => AudienceRule::Consent,
        LegalBasis::LegitimateInterest => AudienceRule::UnlessObjected,
        LegalBasis::Contract | LegalBasis::LegalObligation => AudienceRule::Everyone,
    })
}

/// A customer's consent history.
pub async fn history(vault: &Vault, customer_id: &str) -> Result<Vec<ConsentRecord>, VaultError> {
    if !vault.store().customer_exists(customer_id).await? {
        return Err(VaultError::NotFound);
    }
    Ok(vault.store().consent_history(customer_id).await?)
}
