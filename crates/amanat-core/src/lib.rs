//! Domain types and rules of amanat. No I/O and no clock: the current time is passed in.

pub mod auth_config;
pub mod card;
pub mod config;
pub mod fields;
pub mod ids;
pub mod roles;

pub use config::{Config, ConfigError};
pub use fields::{FieldKind, FieldValueError};
pub use ids::{CustomerId, StaffId};
pub use roles::Role;
