//! Verdicts returned by every check, with reasons a customer can read.

use serde::{Deserialize, Serialize};

/// The answer to "is this really from the business?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictKind {
    /// It is one of the business's registered channels.
    Official,
    /// It imitates one of the business's channels.
    Impersonation,
    /// Not an imitation we can name, but something about it is wrong.
    Suspicious,
    /// Not one of ours; nothing more can be said.
    Unknown,
}

/// One reason behind a verdict: a stable code and a sentence in the customer's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable snake_case code, e.g. `typosquat`.
    pub code: String,
    /// Human sentence in the requested language.
    pub message: String,
}

/// Verdict for a link, sender, phone number or promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The answer.
    pub verdict: VerdictKind,
    /// Why, most important first.
    pub reasons: Vec<Reason>,
    /// For an impersonation, the official channel it imitates.
    pub imitates: Option<String>,
}

/// The answer for a whole message or call transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// Almost certainly a scam.
    Scam,
    /// Some warning signs; check with the business through an official channel.
    Suspicious,
    /// No warning signs found.
    Ok,
}

/// One warning sign found in a message, pointing into the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// Stable snake_case code, e.g. `asks_otp`.
    pub code: String,
    /// Human sentence in the requested language.
    pub message: String,
    /// Byte offsets `(start, end)` into the original text.
    pub span: (usize, usize),
    /// The original text at `span`.
    pub matched: String,
}

/// Verdict for a message or call transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageVerdict {
    /// The answer.
    pub verdict: MessageKind,
    /// Risk score from 0 (no sign) to 100.
    pub score: u8,
    /// Language used for matching: given, or detected from the text.
    pub language: String,
    /// Warning signs found.
    pub signals: Vec<Signal>,
}
