//! The unwrapped key ring a running server holds.

use std::collections::BTreeMap;

use crate::{BlindIndexer, Kek};

/// The KEK versions a server can unwrap with, the newest being current, and the
/// blind-index key.
pub struct KeyRing {
    keks: BTreeMap<i64, Kek>,
    index: BlindIndexer,
}

impl KeyRing {
    /// Builds a ring; `keks` must not be empty.
    pub fn new(keks: BTreeMap<i64, Kek>, index: BlindIndexer) -> Option<Self> {
        (!keks.is_empty()).then_some(KeyRing { keks, index })
    }

    /// The newest version and its KEK, which wraps every new data key.
    pub fn current(&self) -> (i64, &Kek) {
        match self.keks.iter().next_back() {
            Some((v, k)) => (*v, k),
            // `new` refuses an empty ring.
            None => std::process::abort(),
        }
    }

    /// The KEK of a version, if the ring holds it.
    pub fn kek(&self, version: i64) -> Option<&Kek> {
        self.keks.get(&version)
    }

    /// The blind-index computer.
    pub fn index(&self) -> &BlindIndexer {
        &self.index
    }

    /// Versions held, oldest first.
    pub fn versions(&self) -> Vec<i64> {
        self.keks.keys().copied().collect()
    }
}
