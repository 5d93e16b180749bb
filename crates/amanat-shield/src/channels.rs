//! The official channel registry of one business, as written in its configuration.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every channel through which the business really speaks to its customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Channels {
    /// The name customers know the business by.
    pub business_name: String,
    /// Other names, spellings and scripts the business is known by.
    pub brand_names: Vec<String>,
    /// Official web origins, e.g. `https://odero.az`.
    pub web_origins: Vec<String>,
    /// Domains the business sends email from.
    pub email_domains: Vec<String>,
    /// Official support addresses.
    pub support_emails: Vec<String>,
    /// Official phone numbers, E.164 or national for `default_region`.
    pub phones: Vec<String>,
    /// Official SMS short codes.
    pub short_codes: Vec<String>,
    /// Official social pages (URLs).
    pub social_pages: Vec<String>,
    /// Promotions the business really runs.
    pub promotions: Vec<Promotion>,
    /// What the business never asks customers for (password, pin, otp, card_number, cvv, bank_details, personal_data).
    pub never_ask: Vec<String>,
    /// ISO 3166 alpha-2 region used to read national phone numbers.
    pub default_region: String,
}

/// One real promotion or prize draw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Promotion {
    /// The code customers quote, e.g. `NOVRUZ2026`.
    pub code: String,
    /// Title per language code (en, az, fa, ar, vi).
    pub title: BTreeMap<String, String>,
    /// First day the promotion runs.
    pub valid_from: Option<NaiveDate>,
    /// Last day the promotion runs (inclusive).
    pub valid_to: Option<NaiveDate>,
    /// Page on the official site that announces it.
    pub official_url: String,
    /// How real winners are contacted, per language code.
    pub how_winners_are_contacted: BTreeMap<String, String>,
}
