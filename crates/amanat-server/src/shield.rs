//! The fraud shield wired to the business's configuration.

use amanat_core::Config;
use amanat_shield::{Channels, Promotion, Shield, ShieldError};

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
}
