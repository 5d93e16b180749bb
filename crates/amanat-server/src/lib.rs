//! The amanat server: the vault service layer and the JSON API over HTTP.

pub mod accounts;
pub mod api;
pub mod consent;
pub mod export;
pub mod hasher;
pub mod outbox;
pub mod privacy;
pub mod retention;
pub mod shield;
pub mod staff;
pub mod tasks;
pub mod vault;

pub use api::{AppState, StartError, router, serve};
pub use vault::{Actor, Vault, VaultError};
