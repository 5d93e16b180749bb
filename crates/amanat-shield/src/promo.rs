//! Promotions: is this code or prize claim one of the business's real, current promotions?

use chrono::NaiveDate;

use crate::Shield;
use crate::channels::Promotion;
use crate::error::ShieldError;
use crate::i18n::Lang;
use crate::normalise::normalise_text;
use crate::verdict::{Verdict, VerdictKind};

/// Checks codes and date order when the shield is built.
pub(crate) fn validate(promos: &[Promotion]) -> Result<(), ShieldError> {
    for (index, p) in promos.iter().enumerate() {
        let err = |why: &str| ShieldError::Promotion {
            index,
            code: p.code.clone(),
            why: why.to_string(),
        };
        if p.code.trim().is_empty() {
            return Err(err("a promotion needs a code"));
        }
        if let (Some(a), Some(b)) = (p.valid_from, p.valid_to)
            && a > b
        {
            return Err(err("valid_from is after valid_to"));
        }
    }
    Ok(())
}

fn pick(map: &std::collections::BTreeMap<String, String>, lang: Lang) -> String {
    map.get(lang.code())
        .or_else(|| map.get("en"))
        .or_else(|| map.values().next())
        .cloned()
        .unwrap_or_default()
}

fn mentions(text_folded: &str, needle: &str) -> bool {
    let n = normalise_text(needle).text;
    let n = n.trim();
    if n.chars().count() < 3 {
        return false;
    }
    let mut from = 0;
    while let Some(p) = text_folded[from..].find(n) {
        let s = from + p;
        let e = s + n.len();
        let before = text_folded[..s].chars().next_back();
        let after = text_folded[e..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            return true;
        }
        from = s + 1;
        while !text_folded.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

impl Shield {
    /// Is this promotion code or prize claim real and running on `today`?
    pub fn check_promo(&self, code_or_claim_text: &str, today: NaiveDate, lang: &str) -> Verdict {
        let lang = Lang::parse(lang);
        let text = code_or_claim_text.trim();
        if text.is_empty() || text.len() > 20_000 {
            return Verdict {
                verdict: VerdictKind::Unknown,
                reasons: self.reasons(lang, &[("invalid_input", vec![])]),
                imitates: None,
            };
        }
        let folded = normalise_text(text).text;
        let found =
            self.channels.promotions.iter().find(|p| {
                mentions(&folded, &p.code) || p.title.values().any(|t| mentions(&folded, t))
            });
        if let Some(p) = found {
            let title = pick(&p.title, lang);
            let title = if title.is_empty() {
                p.code.clone()
            } else {
                title
            };
            let until = p.valid_to.map(|d| d.to_string()).unwrap_or_default();
            let from = p.valid_from.map(|d| d.to_string()).unwrap_or_default();
            let mut reasons = Vec::new();
            let verdict = if p.valid_from.is_some_and(|f| today < f) {
                reasons.push((
                    "promotion_not_started",
                    vec![("title", title), ("from", from)],
                ));
                VerdictKind::Suspicious
            } else if p.valid_to.is_some_and(|t| today > t) {
                reasons.push((
                    "promotion_expired",
                    vec![("title", title), ("until", until)],
                ));
                VerdictKind::Suspicious
            } else {
                reasons.push((
                    "official_promotion",
                    vec![("title", title), ("until", until)],
                ));
                let how = pick(&p.how_winners_are_contacted, lang);
                if !how.is_empty() {
                    reasons.push(("how_winners_are_contacted", vec![("how", how)]));
                }
                VerdictKind::Official
            };
            if !p.official_url.is_empty() {
                reasons.push((
                    "promotion_official_url",
                    vec![("url", p.official_url.clone())],
                ));
            }
            return Verdict {
                verdict,
                reasons: self.reasons(lang, &reasons),
                imitates: None,
            };
        }
        let scan = self.check_message(text, None);
        let prize_like = scan.signals.iter().any(|s| s.code == "prize");
        let claims = self.names.claims(text);
        let verdict = if prize_like || claims || scan.verdict != crate::MessageKind::Ok {
            VerdictKind::Impersonation
        } else {
            VerdictKind::Suspicious
        };
        Verdict {
            verdict,
            reasons: self.reasons(lang, &[("no_such_promotion", vec![])]),
            imitates: (verdict == VerdictKind::Impersonation).then(|| self.business.clone()),
        }
    }
}
