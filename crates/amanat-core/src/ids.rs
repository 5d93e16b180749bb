//! Newtype identifiers, so a customer id is never passed where a staff id is meant.

use std::fmt;

macro_rules! uuid_id {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id already known to be well formed (for example read from storage).
            pub fn from_trusted(s: String) -> Self {
                Self(s)
            }
            /// Parses an id given by a user: a UUID in its hyphenated lower-case form.
            pub fn parse(s: &str) -> Option<Self> {
                is_uuid(s).then(|| Self(s.to_ascii_lowercase()))
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

uuid_id!(CustomerId, "The id of a customer.");
uuid_id!(StaffId, "The id of a staff identity.");
uuid_id!(OrderId, "The id of an order.");

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_parse() {
        assert!(CustomerId::parse("0191c2f0-0000-7000-8000-000000000000").is_some());
        assert!(CustomerId::parse("not-an-id").is_none());
        assert!(CustomerId::parse("0191c2f0-0000-7000-8000-00000000000g").is_none());
    }
}
