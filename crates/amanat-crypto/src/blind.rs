//! Blind indexes: keyed digests that let a value be found without storing it.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Computes blind indexes; one HMAC key per field, derived from the root by HKDF,
/// so equal values in different fields give unrelated digests.
pub struct BlindIndexer {
    root: Zeroizing<[u8; 32]>,
}

impl BlindIndexer {
    /// Wraps the unwrapped blind-index root key.
    pub fn new(root: Zeroizing<[u8; 32]>) -> Self {
        BlindIndexer { root }
    }

    /// HMAC-SHA256 of `normalised` under the key for `field`.
    pub fn digest(&self, field: &str, normalised: &str) -> [u8; 32] {
        let hk = Hkdf::<Sha256>::new(Some(b"amanat-blind-index"), self.root.as_slice());
        let mut key = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's output limit of 8160 bytes.
        let _ = hk.expand(field.as_bytes(), key.as_mut_slice());
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key.as_slice()) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        };
        mac.update(normalised.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

// HMAC accepts keys of any length, so construction cannot fail.
fn unreachable_hmac() -> ! {
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable_per_field_and_differ_across_fields() {
        let b = BlindIndexer::new(Zeroizing::new([3u8; 32]));
        assert_eq!(b.digest("email", "a@b.az"), b.digest("email", "a@b.az"));
        assert_ne!(b.digest("email", "a@b.az"), b.digest("username", "a@b.az"));
        let other = BlindIndexer::new(Zeroizing::new([4u8; 32]));
        assert_ne!(b.digest("email", "a@b.az"), other.digest("email", "a@b.az"));
    }
}
