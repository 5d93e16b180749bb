//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 6 digits,
//! 30-second steps, the form every authenticator app reads from an `otpauth://` URI.

use hmac::{Hmac, Mac};
use sha1::Sha1;

const STEP: i64 = 30;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The 6-digit code of `secret` for the 30-second step `counter` (RFC 4226 section 5.3).
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = (u32::from(digest[offset]) & 0x7f) << 24
        | u32::from(digest[offset + 1]) << 16
        | u32::from(digest[offset + 2]) << 8
        | u32::from(digest[offset + 3]);
    bin % 1_000_000
}

/// The step a Unix time in seconds falls in.
pub fn totp_step(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP)
}

/// Checks a code for the current step, allowing one step of clock drift either way.
/// Returns the matching step, which the caller stores to refuse a replay of it.
pub fn totp_check(secret: &[u8], code: &str, unix_seconds: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = code.parse().ok()?;
    let now = totp_step(unix_seconds);
    (now - 1..=now + 1).find(|&step| {
        u64::try_from(step).is_ok_and(|s| {
            let got = hotp(secret, s);
            // Constant-time enough: both are fixed-size integers compared once each.
            got == wanted
        })
    })
}

/// RFC 4648 base32 without padding, as authenticator apps expect secrets.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1 secret "12345678901234567890"; 8-digit values there,
    // whose last 6 digits are the 6-digit codes.
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(
                format!("{:06}", hotp(secret, totp_step(t) as u64)),
                code,
                "t={t}"
            );
            assert_eq!(totp_check(secret, code, t), Some(totp_step(t)));
        }
        // One step of drift is accepted, two are not.
        assert!(totp_check(secret, "287082", 59 + 30).is_some());
        assert!(totp_check(secret, "287082", 59 + 90).is_none());
        assert!(totp_check(secret, "28708", 59).is_none());
        assert!(totp_check(secret, "28708x", 59).is_none());
    }

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    }
}
