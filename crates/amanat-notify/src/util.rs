//! Small helpers shared by the transports.

use std::io;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::SendError;

/// Idempotency keys name files and Message-IDs, so they are restricted to
/// `[A-Za-z0-9_-]{1,128}`.
pub(crate) fn check_key(key: &str) -> Result<(), SendError> {
    let ok = !key.is_empty()
        && key.len() <= 128
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(SendError::permanent(
            "idempotency key must be 1 to 128 characters of A-Z, a-z, 0-9, '_' or '-'",
        ))
    }
}

/// Creates `dir` and its missing parents, private to the owner on unix.
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Opens a file for writing that only the owner may read, on unix.
pub(crate) fn private_file_options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut o = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Describes an I/O failure by its kind only (no path, no OS text).
pub(crate) fn io_kind(e: &io::Error) -> String {
    e.kind().to_string()
}

/// The current time as RFC 3339 UTC with milliseconds,
/// e.g. `2025-03-01T14:32:05.123Z`.
pub(crate) fn now_rfc3339() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339_from_unix(d.as_secs(), d.subsec_millis())
}

pub(crate) fn rfc3339_from_unix(secs: u64, millis: u32) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar, counting in 400-year eras that start on 1 March.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z / 146_097;
    let doe = z % 146_097; // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from 1 March
    let mp = (5 * doy + 2) / 153; // month from March = 0
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = era * 400 + yoe + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(check_key("abc-DEF_123").is_ok());
        assert!(check_key(&"a".repeat(128)).is_ok());
        for bad in ["", "../x", "a/b", "a.b", "a b", "é", &"a".repeat(129)] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(rfc3339_from_unix(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339_from_unix(951_782_400, 5),
            "2000-02-29T00:00:00.005Z"
        );
        assert_eq!(
            rfc3339_from_unix(1_709_251_199, 999),
            "2024-02-29T23:59:59.999Z"
        );
        assert_eq!(
            rfc3339_from_unix(4_102_444_800, 0),
            "2100-01-01T00:00:00.000Z"
        );
        let now = now_rfc3339();
        assert_eq!(now.len(), 24);
        assert!(now.ends_with('Z'));
    }
}
