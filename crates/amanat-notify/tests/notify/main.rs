//! Rendering of every notice in every language, and delivery over real SMTP, HTTP and
//! file transports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render;
mod transports;
