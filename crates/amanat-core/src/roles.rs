//! Staff roles and the purposes each may read personal data for.

use std::fmt;
use std::str::FromStr;

/// A staff role. Each role reads personal data only for the purposes it is given.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: staff, keys, configuration.
    Admin,
    /// Answers customers.
    Support,
    /// Investigates fraud and account takeover.
    Fraud,
    /// The data protection officer: privacy requests, lawful orders.
    Dpo,
    /// Another system of the business calling the API.
    Integration,
    /// A customer acting on their own account (never a staff role: not in [`Role::ALL`],
    /// so no staff identity can be given it).
    Customer,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Support,
        Role::Fraud,
        Role::Dpo,
        Role::Integration,
    ];

    /// The role's name as used in the CLI, the API and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Support => "support",
            Role::Fraud => "fraud",
            Role::Dpo => "dpo",
            Role::Integration => "integration",
            Role::Customer => "customer",
        }
    }

    /// Purposes the role may use when the configuration does not say otherwise.
    /// Least privilege: no role but the DPO reads for every purpose.
    pub fn default_purposes(self) -> &'static [&'static str] {
        match self {
            Role::Admin => &["service", "support", "security"],
            Role::Support => &["service", "support", "delivery"],
            Role::Fraud => &["fraud_prevention", "security"],
            Role::Dpo => &["*"],
            Role::Integration => &["service", "delivery", "marketing"],
            Role::Customer => &[],
        }
    }

    /// Whether the role may create customers and correct their data.
    pub fn may_write_customers(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Support | Role::Integration | Role::Dpo
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the role names.
#[derive(Debug, thiserror::Error)]
#[error("unknown role; use one of: admin, support, fraud, dpo, integration")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRole)
    }
}
