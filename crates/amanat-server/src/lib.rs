//! The amanat server: the vault service layer and the JSON API over HTTP.

pub mod api;
pub mod shield;
pub mod staff;
pub mod vault;

pub use api::{AppState, router, serve};
pub use vault::{Actor, Vault, VaultError};
