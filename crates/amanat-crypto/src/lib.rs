//! Key ring, envelope encryption of personal fields, blind indexes and token digests.
//!
//! Layering (design.md "Keys and encryption"):
//! - the master key (from `AMANAT_MASTER_KEY` or a key file) wraps versioned key
//!   encryption keys (KEKs) and the blind-index root key, all kept in the key store;
//! - the current KEK wraps each customer's random data key (DEK);
//! - the DEK seals each personal field with XChaCha20-Poly1305, the customer id and
//!   field name bound as associated data, so a ciphertext moved elsewhere fails to open.
//!
//! Every secret lives in a zeroizing buffer and is wiped when dropped.

mod aead;
mod blind;
mod keys;
mod totp;

pub use aead::{OpenError, open, seal};
pub use blind::BlindIndexer;
pub use keys::{DataKey, Kek, KeyError, MasterKey, random_bytes, random_key, token_digest};
pub use totp::{base32, hotp, totp_check, totp_step};

mod ring;
pub use ring::KeyRing;
