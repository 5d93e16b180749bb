//! Errors raised while building a [`crate::Shield`] from a business's channel registry.

use thiserror::Error;

/// A channel registry entry that could not be understood; the message names the entry.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ShieldError {
    /// A web origin could not be parsed or has no registrable domain.
    #[error("web_origins[{index}] \"{value}\": {why}")]
    WebOrigin {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
        /// What was wrong.
        why: String,
    },
    /// An email domain is not a registrable domain name.
    #[error("email_domains[{index}] \"{value}\": {why}")]
    EmailDomain {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
        /// What was wrong.
        why: String,
    },
    /// A support address is not an email address.
    #[error("support_emails[{index}] \"{value}\": {why}")]
    SupportEmail {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
        /// What was wrong.
        why: String,
    },
    /// A phone number could not be normalised to E.164.
    #[error("phones[{index}] \"{value}\": {why}")]
    Phone {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
        /// What was wrong.
        why: String,
    },
    /// A short code is not 3 to 8 digits.
    #[error("short_codes[{index}] \"{value}\": a short code is 3 to 8 digits")]
    ShortCode {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
    },
    /// A "never ask" item is not one of the known items.
    #[error(
        "never_ask[{index}] \"{value}\": expected one of password, pin, otp, card_number, cvv, bank_details, personal_data"
    )]
    NeverAsk {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
    },
    /// A promotion has no code, or its dates are reversed.
    #[error("promotions[{index}] \"{code}\": {why}")]
    Promotion {
        /// Position in the list.
        index: usize,
        /// The promotion code as written.
        code: String,
        /// What was wrong.
        why: String,
    },
    /// The default region is not a known ISO 3166 alpha-2 code.
    #[error("default_region \"{0}\": expected an ISO 3166 alpha-2 code such as AZ, IR, VN or OM")]
    Region(String),
    /// A brand name has nothing usable in it.
    #[error("brand_names[{index}] \"{value}\": a brand name needs at least two letters")]
    BrandName {
        /// Position in the list.
        index: usize,
        /// The value as written.
        value: String,
    },
    /// Built-in data (a language or lexicon file) is malformed; a build-time bug.
    #[error("built-in data {file}: {why}")]
    Data {
        /// Which embedded file.
        file: &'static str,
        /// What was wrong.
        why: String,
    },
}

/// Why a phone number could not be normalised.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// The region is not a known ISO 3166 alpha-2 code.
    #[error("unknown region \"{0}\"")]
    Region(String),
    /// The text is not a phone number.
    #[error("not a phone number: {0}")]
    Parse(String),
    /// The number parses but is not valid for its country.
    #[error("not a valid number for its country")]
    Invalid,
}
