//! Customer notices of the amanat sign-in system: rendered in the customer's
//! language with Fluent, delivered by email (SMTP or `.eml` files) and SMS
//! (HTTP gateway or a JSON-lines file).
//!
//! The crate keeps no state of its own. The caller keeps a durable outbox,
//! calls `send` for each queued message with a stable idempotency key, and
//! retries on [`SendError::Transient`].

#![forbid(unsafe_code)]

mod error;
mod html;
mod lang;
mod mail;
mod render;
mod sms;
mod util;

pub use error::{ConfigError, SendError};
pub use html::escape_html;
pub use lang::Lang;
pub use mail::{MailTransport, OutgoingEmail, SmtpMailer, SmtpSecurity, SmtpSettings};
pub use render::{
    CODE_TTL_MINUTES, Ctx, Notice, RenderError, RenderedEmail, check_locales, render_email,
    render_sms,
};
pub use sms::{HttpGateway, HttpGatewaySettings, OutgoingSms, SmsTransport};
