//! The languages the notices are written in.

use unic_langid::LanguageIdentifier;

/// A language the notices exist in.
///
/// Callers that cannot match a customer's preference fall back to
/// [`Lang::En`]; this crate never guesses for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Azerbaijani, Latin script.
    Az,
    /// Persian (Farsi).
    Fa,
    /// Arabic.
    Ar,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// Every supported language, English first.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Az, Lang::Fa, Lang::Ar, Lang::Vi];

    /// Reads a BCP 47 tag such as `fa-IR`, `az-Latn-AZ` or `vi` and keeps
    /// only its language subtag. Unknown or malformed tags give `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let id: LanguageIdentifier = tag.trim().replace('_', "-").parse().ok()?;
        match id.language.as_str() {
            "en" => Some(Lang::En),
            "az" => Some(Lang::Az),
            "fa" => Some(Lang::Fa),
            "ar" => Some(Lang::Ar),
            "vi" => Some(Lang::Vi),
            _ => None,
        }
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Fa | Lang::Ar)
    }

    /// The BCP 47 language code (`en`, `az`, `fa`, `ar`, `vi`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Az => "az",
            Lang::Fa => "fa",
            Lang::Ar => "ar",
            Lang::Vi => "vi",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Az => 1,
            Lang::Fa => 2,
            Lang::Ar => 3,
            Lang::Vi => 4,
        }
    }

    pub(crate) fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/notices.ftl"),
            Lang::Az => include_str!("../locales/az/notices.ftl"),
            Lang::Fa => include_str!("../locales/fa/notices.ftl"),
            Lang::Ar => include_str!("../locales/ar/notices.ftl"),
            Lang::Vi => include_str!("../locales/vi/notices.ftl"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags() {
        assert_eq!(Lang::parse("fa-IR"), Some(Lang::Fa));
        assert_eq!(Lang::parse("az-Latn-AZ"), Some(Lang::Az));
        assert_eq!(Lang::parse("ar_EG"), Some(Lang::Ar));
        assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("de-DE"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("not a tag!"), None);
    }

    #[test]
    fn directions_and_codes() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.is_rtl(), l == Lang::Fa || l == Lang::Ar);
        }
    }
}
