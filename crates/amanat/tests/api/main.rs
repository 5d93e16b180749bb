//! Integration tests: the real server over HTTP and the real `amanat` binary, on the
//! embedded SQLite and on PostgreSQL (`AMANAT_TEST_DATABASE_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sinks;
mod support;

mod accounts;

mod at_rest;
mod audit;
mod browser;
mod cli;
mod consent;
mod customers;
mod erasure;
mod privacy;
mod processes;
mod refusals;
mod reports;
mod shield;
