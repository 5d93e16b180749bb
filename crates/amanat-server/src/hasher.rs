//! Password hashing: Argon2id on a bounded pool of blocking threads.
//!
//! One hash takes tens of milliseconds of one core and 19 MiB of memory at the default
//! cost. Running it on the async runtime would stall every other request; running
//! unboundedly many at once would exhaust memory under a sign-in storm. So hashes run on
//! the blocking pool with one permit per core: a storm queues for the permits while
//! cheap requests keep being served.

use std::sync::Arc;

use amanat_core::auth_config::Argon2Cost;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

/// The hashing pool could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The configured cost is not accepted by Argon2.
    #[error("Argon2 parameters are not usable: {0}")]
    Params(String),
    /// Hashing failed or the worker was lost.
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The password matches.
    pub ok: bool,
    /// It matches, but the stored hash uses other parameters: store a fresh hash.
    pub needs_rehash: bool,
}

/// Argon2id with the configured cost, bounded to one hash per core at a time.
pub struct Hasher {
    params: Params,
    permits: Arc<Semaphore>,
    slots: usize,
    /// A hash of a random password, checked for unknown accounts so they cost the same.
    dummy: String,
}

impl Hasher {
    /// Builds the pool; hashes one dummy password to fail early on bad parameters.
    pub fn new(cost: Argon2Cost) -> Result<Self, HashError> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| HashError::Params(e.to_string()))?;
        let slots = std::thread::available_parallelism().map_or(1, usize::from);
        let random: [u8; 24] = amanat_crypto::random_bytes();
        let dummy = hash_now(&params, &random)?;
        Ok(Hasher {
            params,
            permits: Arc::new(Semaphore::new(slots)),
            slots,
            dummy,
        })
    }

    /// How many hashes may run at once.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Hashes a password to a PHC string.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let pw = Zeroizing::new(password.as_bytes().to_vec());
        let params = self.params.clone();
        self.run(move || hash_now(&params, &pw)).await?
    }

    /// Checks a password against a stored PHC string, or against the dummy hash when
    /// there is no account (same cost, always false).
    pub async fn verify(
        &self,
        stored: Option<&str>,
        password: &str,
    ) -> Result<Verified, HashError> {
        let known = stored.is_some();
        let phc = stored.unwrap_or(&self.dummy).to_owned();
        let pw = Zeroizing::new(password.as_bytes().to_vec());
        let params = self.params.clone();
        self.run(move || {
            let Ok(parsed) = PasswordHash::new(&phc) else {
                return Verified {
                    ok: false,
                    needs_rehash: false,
                };
            };
            let ok = argon2id(params.clone())
                .verify_password(&pw, &parsed)
                .is_ok()
                && known;
            let same = parsed.algorithm.as_str() == argon2::ARGON2ID_IDENT.as_str()
                && Params::try_from(&parsed).is_ok_and(|p| {
                    p.m_cost() == params.m_cost()
                        && p.t_cost() == params.t_cost()
                        && p.p_cost() == params.p_cost()
                });
            Verified {
                ok,
                needs_rehash: ok && !same,
            }
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| HashError::Failed(e.to_string()))?;
        let out = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
        .await
        .map_err(|e| HashError::Failed(e.to_string()))?;
        Ok(out)
    }
}

fn argon2id(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(params: &Params, password: &[u8]) -> Result<String, HashError> {
    argon2id(params.clone())
        .hash_password(password)
        .map(|h| h.to_string())
        .map_err(|e| HashError::Failed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Argon2Cost {
        Argon2Cost {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[tokio::test]
    async fn hashes_verify_and_flag_old_parameters() {
        let h = Hasher::new(cheap()).unwrap();
        let phc = h.hash("correct horse battery").await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert_eq!(
            h.verify(Some(&phc), "correct horse battery").await.unwrap(),
            Verified {
                ok: true,
                needs_rehash: false
            }
        );
        assert!(
            !h.verify(Some(&phc), "correct horse batterY")
                .await
                .unwrap()
                .ok
        );
        // Unknown account: the dummy is checked and never matches.
        assert!(!h.verify(None, "anything").await.unwrap().ok);
        // Parameters changed since the hash was made.
        let stronger = Hasher::new(Argon2Cost {
            memory_kib: 2048,
            ..cheap()
        })
        .unwrap();
        let v = stronger
            .verify(Some(&phc), "correct horse battery")
            .await
            .unwrap();
        assert_eq!(
            v,
            Verified {
                ok: true,
                needs_rehash: true
            }
        );
        // A stored value that is not a PHC string never matches.
        assert!(!h.verify(Some("plain"), "plain").await.unwrap().ok);
    }
}
