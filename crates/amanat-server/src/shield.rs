//! The fraud shield wired to the business's configuration.

use amanat_core::Config;
use amanat_shield::{Channels, Promotion, Sensitivity, Shield, ShieldError};

/// Builds the shield from the official channels the configuration declares.
pub fn shield_from_config(config: &Config) -> Result<Shield, ShieldError> {
    let c = &config.channels;
    Shield::new(Channels {
        business_name: config.name.clone(),
        brand_names: config.brand_names.clone(),
        web_origins: c.web_origins.clone(),
        email_domains: c.email_domains.clone(),
        support_emails: c.support_emails.clone(),
        phones: c.phones.clone(),
        short_codes: c.short_codes.clone(),
        social_pages: c.social_pages.clone(),
        promotions: c
            .promotions
            .iter()
            .map(|p| Promotion {
                code: p.code.clone(),
                title: p.title.clone(),
                valid_from: Some(p.valid_from),
                valid_to: Some(p.valid_to),
                official_url: p.official_url.clone(),
                how_winners_are_contacted: p.winners_contacted.clone(),
            })
            .collect(),
        never_ask: c.never_ask.clone(),
        default_region: config.default_region.clone(),
    })
    .map(|s| {
        s.with_message_sensitivity(match config.message_sensitivity {
            amanat_core::config::MessageSensitivity::Standard => Sensitivity::Standard,
            amanat_core::config::MessageSensitivity::High => Sensitivity::High,
            amanat_core::config::MessageSensitivity::Highest => Sensitivity::Highest,
        })
    })
}

/// How far back customers' fraud reports count in the phone, link and sender checks.
pub fn report_window() -> chrono::Duration {
    chrono::Duration::days(30)
}

/// What recent customer reports are counted by.
pub enum Reported<'a> {
    /// A phone number (E.164) or short code.
    Phone(&'a str),
    /// The registrable domain of a link or sender ([`amanat_shield::link_report_domain`],
    /// [`amanat_shield::sender_report_domain`]).
    Domain(&'a str),
}

/// How many customer reports named `what` within [`report_window`] before `now`.
pub async fn recent_reports(
    store: &amanat_store::Store,
    what: Reported<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, amanat_store::StoreError> {
    let since = (now - report_window()).timestamp_millis();
    let n = match what {
        Reported::Phone(number) => store.fraud_report_count(number, since).await?,
        Reported::Domain(domain) => store.fraud_domain_report_count(domain, since).await?,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
