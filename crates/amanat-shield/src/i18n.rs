//! Customer-facing sentences for every reason and signal code, one data file per language.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A language the shield speaks; anything else falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Azerbaijani.
    Az,
    /// Persian.
    Fa,
    /// Arabic.
    Ar,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Az, Lang::Fa, Lang::Ar, Lang::Vi];

    /// Reads a language tag such as `fa`, `fa-IR` or `AZ`; unknown tags give English.
    pub fn parse(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match primary.as_str() {
            "az" => Lang::Az,
            "fa" | "per" | "fas" => Lang::Fa,
            "ar" | "ara" => Lang::Ar,
            "vi" | "vie" => Lang::Vi,
            _ => Lang::En,
        }
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Az => "az",
            Lang::Fa => "fa",
            Lang::Ar => "ar",
            Lang::Vi => "vi",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The raw message files, embedded at build time.
pub(crate) const FILES: [(Lang, &str, &str); 5] = [
    (Lang::En, "lang/en.toml", include_str!("../lang/en.toml")),
    (Lang::Az, "lang/az.toml", include_str!("../lang/az.toml")),
    (Lang::Fa, "lang/fa.toml", include_str!("../lang/fa.toml")),
    (Lang::Ar, "lang/ar.toml", include_str!("../lang/ar.toml")),
    (Lang::Vi, "lang/vi.toml", include_str!("../lang/vi.toml")),
];

type Catalogue = [BTreeMap<String, String>; 5];

/// Parses one language file; used by the catalogue and by tests.
pub(crate) fn parse_file(text: &str) -> Result<BTreeMap<String, String>, String> {
    toml::from_str::<BTreeMap<String, String>>(text).map_err(|e| e.to_string())
}

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        // A broken file is caught by the tests; at run time it only costs the sentences.
        FILES.map(|(_, _, text)| parse_file(text).unwrap_or_default())
    })
}

/// Renders the sentence for `code` in `lang`, filling `{name}` placeholders from `args`.
pub(crate) fn message(lang: Lang, code: &str, args: &[(&str, &str)]) -> String {
    let cat = catalogue();
    let template = cat[lang.index()]
        .get(code)
        .or_else(|| cat[Lang::En.index()].get(code));
    let Some(template) = template else {
        return code.to_string();
    };
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every code that has a message, from the English file.
pub fn all_codes() -> Vec<String> {
    catalogue()[Lang::En.index()].keys().cloned().collect()
}
