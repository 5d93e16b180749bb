//! XChaCha20-Poly1305 with a random 192-bit nonce stored in front of the ciphertext.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::keys::random_bytes;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// A ciphertext could not be opened: wrong key, wrong associated data, or altered bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ciphertext could not be opened: wrong key, moved to another record, or altered")]
pub struct OpenError;

/// Seals `plaintext` under `key`, binding `aad`. Output: version, nonce, ciphertext+tag.
pub fn seal(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let nonce_bytes: [u8; NONCE_LEN] = random_bytes();
    let nonce = XNonce::from(nonce_bytes);
    // Encryption with a valid key and nonce only fails for inputs beyond 256 GiB.
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&ct);
    out
}

/// Opens what [`seal`] produced with the same key and associated data.
pub fn open(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != VERSION {
        return Err(OpenError);
    }
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let mut nonce_bytes = [0u8; NONCE_LEN];
    nonce_bytes.copy_from_slice(&sealed[1..1 + NONCE_LEN]);
    let nonce = XNonce::from(nonce_bytes);
    cipher
        .decrypt(
            &nonce,
            Payload {
                msg: &sealed[1 + NONCE_LEN..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| OpenError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_value_opens_only_with_same_key_and_aad() {
        let k = [7u8; 32];
        let s = seal(&k, b"c1\0email", b"leyla@example.az");
        assert_eq!(
            open(&k, b"c1\0email", &s).unwrap().as_slice(),
            b"leyla@example.az"
        );
        assert_eq!(open(&k, b"c2\0email", &s), Err(OpenError));
        assert_eq!(open(&[8u8; 32], b"c1\0email", &s), Err(OpenError));
        let mut t = s.clone();
        let last = t.len() - 1;
        t[last] ^= 1;
        assert_eq!(open(&k, b"c1\0email", &t), Err(OpenError));
        assert_eq!(open(&k, b"c1\0email", &s[..10]), Err(OpenError));
    }

    #[test]
    fn nonces_differ_between_seals() {
        let k = [1u8; 32];
        assert_ne!(seal(&k, b"", b"x"), seal(&k, b"", b"x"));
    }
}
