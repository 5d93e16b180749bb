//! Master key, key encryption keys and customer data keys.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::aead::{open, seal};

/// Something went wrong with key material. Never carries key bytes.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The master key text is not 32 bytes of base64.
    #[error(
        "the master key must be 32 random bytes in base64 (44 characters); generate one with `openssl rand -base64 32`"
    )]
    BadMasterKey,
    /// The key file could not be read or written.
    #[error("key file {path}: {source}")]
    KeyFile {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A wrapped key did not open under the key meant to unwrap it.
    #[error("a stored key could not be unwrapped: the master key does not match this key store")]
    Unwrap,
}

/// Fills an array with bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS CSPRNG does not fail on supported platforms once the process runs;
    // if it ever did, continuing with zeros would be worse than stopping.
    if getrandom::fill(&mut b).is_err() {
        std::process::abort();
    }
    b
}

/// A fresh random 256-bit key in a zeroizing buffer.
pub fn random_key() -> Zeroizing<[u8; 32]> {
    Zeroizing::new(random_bytes())
}

/// SHA-256 of a high-entropy token (API tokens); such tokens need no slow hash.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The root key. Wraps the KEKs and the blind-index key; never touches data directly.
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl MasterKey {
    /// Parses the base64 form used by `AMANAT_MASTER_KEY` and key files.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(
            STANDARD
                .decode(text.trim())
                .map_err(|_| KeyError::BadMasterKey)?,
        );
        let arr: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::BadMasterKey)?;
        Ok(MasterKey(Zeroizing::new(arr)))
    }

    /// A new random master key.
    pub fn generate() -> Self {
        MasterKey(random_key())
    }

    /// The base64 text of the key, for writing a key file.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.0.as_slice()))
    }

    /// Reads a key file, or creates it (mode 0600) when absent. Returns whether it was created.
    pub fn load_or_create_file(path: &Path) -> Result<(Self, bool), KeyError> {
        let err = |source| KeyError::KeyFile {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((MasterKey::from_base64(&Zeroizing::new(text))?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = MasterKey::generate();
                write_private(path, key.to_base64().as_bytes()).map_err(err)?;
                Ok((key, true))
            }
            Err(e) => Err(err(e)),
        }
    }

    /// Wraps a KEK of the given version.
    pub fn wrap_kek(&self, version: i64, kek: &Kek) -> Vec<u8> {
        seal(&self.0, &kek_aad(version), kek.0.as_slice())
    }

    /// Unwraps a KEK of the given version.
    pub fn unwrap_kek(&self, version: i64, wrapped: &[u8]) -> Result<Kek, KeyError> {
        Ok(Kek(unwrap32(&self.0, &kek_aad(version), wrapped)?))
    }

    /// Wraps the blind-index root key.
    pub fn wrap_index_key(&self, key: &[u8; 32]) -> Vec<u8> {
        seal(&self.0, b"amanat-index-key", key)
    }

    /// Unwraps the blind-index root key.
    pub fn unwrap_index_key(&self, wrapped: &[u8]) -> Result<Zeroizing<[u8; 32]>, KeyError> {
        unwrap32(&self.0, b"amanat-index-key", wrapped)
    }
}

fn kek_aad(version: i64) -> Vec<u8> {
    format!("amanat-kek\0{version}").into_bytes()
}

fn unwrap32(key: &[u8; 32], aad: &[u8], wrapped: &[u8]) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let plain = open(key, aad, wrapped).map_err(|_| KeyError::Unwrap)?;
    let arr: [u8; 32] = plain.as_slice().try_into().map_err(|_| KeyError::Unwrap)?;
    Ok(Zeroizing::new(arr))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.write_all(b"\n")?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// A key encryption key: wraps customer data keys.
pub struct Kek(Zeroizing<[u8; 32]>);

impl Kek {
    /// A new random KEK.
    pub fn generate() -> Self {
        Kek(random_key())
    }

    /// Wraps a customer's data key, bound to the customer id.
    pub fn wrap_dek(&self, customer_id: &str, dek: &DataKey) -> Vec<u8> {
        seal(&self.0, &dek_aad(customer_id), dek.0.as_slice())
    }

    /// Unwraps a customer's data key.
    pub fn unwrap_dek(&self, customer_id: &str, wrapped: &[u8]) -> Result<DataKey, KeyError> {
        Ok(DataKey(unwrap32(&self.0, &dek_aad(customer_id), wrapped)?))
    }
}

fn dek_aad(customer_id: &str) -> Vec<u8> {
    let mut aad = b"amanat-dek\0".to_vec();
    aad.extend_from_slice(customer_id.as_bytes());
    aad
}

/// A customer's data key: seals that customer's fields, and nothing else.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    /// A new random data key.
    pub fn generate() -> Self {
        DataKey(random_key())
    }

    /// Seals one field value of this customer.
    pub fn seal_field(&self, customer_id: &str, field: &str, value: &[u8]) -> Vec<u8> {
        seal(&self.0, &field_aad(customer_id, field), value)
    }

    /// Opens one field value of this customer.
    pub fn open_field(
        &self,
        customer_id: &str,
        field: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, crate::OpenError> {
        open(&self.0, &field_aad(customer_id, field), sealed)
    }
}

fn field_aad(customer_id: &str, field: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(customer_id.len() + field.len() + 16);
    aad.extend_from_slice(b"amanat-field\0");
    aad.extend_from_slice(customer_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(field.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_key_round_trips_and_rejects_bad_text() {
        let m = MasterKey::generate();
        let again = MasterKey::from_base64(&m.to_base64()).unwrap();
        let kek = Kek::generate();
        let w = m.wrap_kek(1, &kek);
        assert!(again.unwrap_kek(1, &w).is_ok());
        assert!(again.unwrap_kek(2, &w).is_err());
        assert!(MasterKey::from_base64("short").is_err());
        assert!(MasterKey::from_base64("!!!").is_err());
    }

    #[test]
    fn field_ciphertext_is_bound_to_customer_and_field() {
        let dek = DataKey::generate();
        let s = dek.seal_field("c1", "email", b"a@b.az");
        assert!(dek.open_field("c1", "email", &s).is_ok());
        assert!(dek.open_field("c2", "email", &s).is_err());
        assert!(dek.open_field("c1", "phone", &s).is_err());
    }

    #[test]
    fn dek_is_bound_to_customer() {
        let kek = Kek::generate();
        let dek = DataKey::generate();
        let w = kek.wrap_dek("c1", &dek);
        assert!(kek.unwrap_dek("c1", &w).is_ok());
        assert!(kek.unwrap_dek("c2", &w).is_err());
    }

    #[test]
    fn key_file_is_created_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!("amanat-key-{}", hex_id()));
        let path = dir.join("master.key");
        let (a, created) = MasterKey::load_or_create_file(&path).unwrap();
        assert!(created);
        let (b, created) = MasterKey::load_or_create_file(&path).unwrap();
        assert!(!created);
        assert_eq!(a.to_base64(), b.to_base64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn hex_id() -> String {
        random_bytes::<8>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
