//! Errors of the transports.

use std::fmt;

/// Why a message was not delivered.
///
/// The text names only the kind of failure (and a status code where there is
/// one). It never contains the recipient, the body, a code, a URL or any
/// other personal or secret value, so it can be logged and stored as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Worth retrying later: the same message may go through.
    Transient(String),
    /// Retrying the same message will fail the same way.
    Permanent(String),
}

impl SendError {
    /// Whether the caller should keep the message queued and retry.
    pub fn is_transient(&self) -> bool {
        matches!(self, SendError::Transient(_))
    }

    pub(crate) fn transient(s: impl Into<String>) -> Self {
        SendError::Transient(s.into())
    }

    pub(crate) fn permanent(s: impl Into<String>) -> Self {
        SendError::Permanent(s.into())
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Transient(s) => write!(f, "temporary delivery failure: {s}"),
            SendError::Permanent(s) => write!(f, "permanent delivery failure: {s}"),
        }
    }
}

impl std::error::Error for SendError {}

/// A transport could not be set up from its settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid transport settings: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}
