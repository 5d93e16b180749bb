//! Quality and speed figures on labelled data, shared by the benchmark, the tests and a CLI.

use std::time::Instant;

use crate::verdict::{MessageKind, VerdictKind};
use crate::{Channels, Shield};

/// Detection figures for a set of domains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DomainFigures {
    /// How many were checked.
    pub total: usize,
    /// How many came out impersonation or suspicious.
    pub flagged: usize,
    /// Inputs that were not flagged (for recall) or were flagged (for false positives), up to 50.
    pub examples: Vec<String>,
    /// Domains per second on one core for this set.
    pub per_second: f64,
}

impl DomainFigures {
    /// Flagged share in percent.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.flagged as f64 / self.total as f64
        }
    }
}

/// Runs `shield` over `domains`; `keep_flagged` picks which examples to keep.
pub fn domains(shield: &Shield, domains: &[String], keep_flagged: bool) -> DomainFigures {
    let mut f = DomainFigures {
        total: domains.len(),
        ..Default::default()
    };
    let t = Instant::now();
    for d in domains {
        let v = shield.link_kind(d);
        let hit = matches!(v, VerdictKind::Impersonation | VerdictKind::Suspicious);
        if hit {
            f.flagged += 1;
        }
        if hit == keep_flagged && f.examples.len() < 50 {
            f.examples.push(d.clone());
        }
    }
    let secs = t.elapsed().as_secs_f64();
    f.per_second = if secs > 0.0 {
        domains.len() as f64 / secs
    } else {
        0.0
    };
    f
}

/// One labelled message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct LabelledMessage {
    /// `scam` or `legit`.
    pub label: String,
    /// The message text.
    pub text: String,
}

/// Message figures for one language and split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageFigures {
    /// Scam messages checked.
    pub scams: usize,
    /// Scams that came out scam or suspicious.
    pub scams_caught: usize,
    /// Legitimate messages checked.
    pub legit: usize,
    /// Legitimate messages that did not come out ok.
    pub legit_flagged: usize,
    /// Misclassified texts, up to 20.
    pub misses: Vec<String>,
}

impl MessageFigures {
    /// Recall on scams, percent.
    pub fn recall(&self) -> f64 {
        if self.scams == 0 {
            0.0
        } else {
            100.0 * self.scams_caught as f64 / self.scams as f64
        }
    }
    /// False-positive rate on legitimate messages, percent.
    pub fn false_positive(&self) -> f64 {
        if self.legit == 0 {
            0.0
        } else {
            100.0 * self.legit_flagged as f64 / self.legit as f64
        }
    }
}

/// Reads JSON-lines of `{"label": ..., "text": ...}`; bad lines are skipped.
pub fn read_jsonl(text: &str) -> Vec<LabelledMessage> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Scores labelled messages; `lang` given or `None` to exercise detection.
pub fn messages(shield: &Shield, msgs: &[LabelledMessage], lang: Option<&str>) -> MessageFigures {
    let mut f = MessageFigures::default();
    for m in msgs {
        let v = shield.check_message(&m.text, lang);
        if m.label == "scam" {
            f.scams += 1;
            if v.verdict != MessageKind::Ok {
                f.scams_caught += 1;
            } else if f.misses.len() < 20 {
                f.misses
                    .push(format!("MISSED scam ({}): {}", v.score, m.text));
            }
        } else {
            f.legit += 1;
            if v.verdict != MessageKind::Ok {
                f.legit_flagged += 1;
                if f.misses.len() < 20 {
                    let codes: Vec<_> = v.signals.iter().map(|s| s.code.as_str()).collect();
                    f.misses.push(format!(
                        "FLAGGED legit ({} {:?}): {}",
                        v.score, codes, m.text
                    ));
                }
            }
        }
    }
    f
}

impl MessageFigures {
    /// One line of counts: `recall 29/30 96.7%, FP 0/75 0.0%`.
    pub fn summary(&self) -> String {
        format!(
            "recall {}/{} {:.1}%, FP {}/{} {:.1}%",
            self.scams_caught,
            self.scams,
            self.recall(),
            self.legit_flagged,
            self.legit,
            self.false_positive()
        )
    }
}

/// The even-indexed (tuning) and odd-indexed (held-out) halves of a labelled set.
pub fn halves(msgs: &[LabelledMessage]) -> (Vec<LabelledMessage>, Vec<LabelledMessage>) {
    let even = msgs.iter().step_by(2).cloned().collect();
    let odd = msgs.iter().skip(1).step_by(2).cloned().collect();
    (even, odd)
}

/// Messages per second on one core over `msgs`, repeated `rounds` times.
pub fn message_speed(shield: &Shield, msgs: &[LabelledMessage], rounds: usize) -> f64 {
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for m in msgs {
            let v = shield.check_message(&m.text, None);
            n += v.signals.len() + 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    std::hint::black_box(n);
    if secs > 0.0 {
        (rounds * msgs.len()) as f64 / secs
    } else {
        0.0
    }
}

/// The channels of the sample business each labelled message set was written for.
pub fn sample_channels(lang: &str) -> Channels {
    let never_ask = [
        "password",
        "pin",
        "otp",
        "card_number",
        "cvv",
        "bank_details",
    ]
    .map(String::from)
    .to_vec();
    let (name, brands, site, phones, codes, region): (&str, &[&str], &str, &[&str], &[&str], &str) =
        match lang {
            "fa" => (
                "Digikala",
                &["دیجی‌کالا", "دیجی کالا"],
                "digikala.ir",
                &[],
                &["8877"],
                "IR",
            ),
            "ar" => (
                "Omantel",
                &["عمانتل"],
                "omantel.om",
                &["+968 2400 0000"],
                &["1234"],
                "OM",
            ),
            "vi" => (
                "McQuang",
                &["Mc Quang"],
                "mcquang.vn",
                &[],
                &["19000000", "8877"],
                "VN",
            ),
            _ => (
                "Odero",
                &["اودرو"],
                "odero.az",
                &["+994124900000"],
                &["8877"],
                "AZ",
            ),
        };
    Channels {
        business_name: name.into(),
        brand_names: brands.iter().map(|b| b.to_string()).collect(),
        web_origins: vec![format!("https://{site}")],
        email_domains: vec![site.into(), "tokeninc.com".into()],
        support_emails: vec![format!("support@{site}")],
        phones: phones.iter().map(|p| p.to_string()).collect(),
        short_codes: codes.iter().map(|c| c.to_string()).collect(),
        never_ask,
        default_region: region.into(),
        ..Default::default()
    }
}

/// The same messages as if written for another business of the same country: the sample
/// business's names and domain replaced (`Odero` -> `Caspara`, `Digikala` -> `Kalaresan`,
/// `Omantel` -> `Nakhla`, `McQuang` -> `SongHong`), with channels to match. Used to check
/// that the scorer does not depend on the businesses it was trained with.
pub fn other_business(lang: &str, msgs: Vec<LabelledMessage>) -> (Channels, Vec<LabelledMessage>) {
    let (subs, name, brands, site): (&[(&str, &str)], &str, &[&str], &str) = match lang {
        "fa" => (
            &[
                ("دیجی‌کالا", "کالارسان"),
                ("دیجی کالا", "کالارسان"),
                ("دیجیکالا", "کالارسان"),
                ("ديجي‌كالا", "کالارسان"),
                ("DIGIKALA", "KALARESAN"),
                ("Digikala", "Kalaresan"),
                ("digikala", "kalaresan"),
            ],
            "Kalaresan",
            &["کالارسان"],
            "kalaresan.ir",
        ),
        "ar" => (
            &[
                ("عمانتل", "نخلة"),
                ("OMANTEL", "NAKHLA"),
                ("Omantel", "Nakhla"),
                ("omantel", "nakhla"),
            ],
            "Nakhla",
            &["نخلة"],
            "nakhla.om",
        ),
        "vi" => (
            &[
                ("MCQUANG", "SONGHONG"),
                ("McQuang", "SongHong"),
                ("Mcquang", "Songhong"),
                ("Mc Quang", "Song Hong"),
                ("mcquang", "songhong"),
            ],
            "SongHong",
            &["Song Hong"],
            "songhong.vn",
        ),
        _ => (
            &[
                ("ODERO", "CASPARA"),
                ("Odero", "Caspara"),
                ("odero", "caspara"),
            ],
            "Caspara",
            &[],
            "caspara.az",
        ),
    };
    let msgs = msgs
        .into_iter()
        .map(|mut m| {
            for (a, b) in subs {
                m.text = m.text.replace(a, b);
            }
            m
        })
        .collect();
    let mut ch = sample_channels(lang);
    ch.business_name = name.to_string();
    ch.brand_names = brands.iter().map(|b| b.to_string()).collect();
    ch.web_origins = vec![format!("https://{site}")];
    ch.email_domains = vec![site.to_string(), "tokeninc.com".to_string()];
    ch.support_emails = vec![format!("support@{site}")];
    (ch, msgs)
}
