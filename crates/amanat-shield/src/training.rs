//! Training the scam-message model (`model`) from the labelled sets under
//! `testdata/messages/`, shared by `examples/train.rs` and the test that checks the shipped
//! weights are what the data gives.
//!
//! The blind sets (`testdata/messages/blind*/`) are never read here: they measure the model.

use std::fs;
use std::path::Path;

use crate::Shield;
use crate::eval;
use crate::model::{self, Example, TrainParams, Weights};

/// Languages trained, in this order.
pub const LANGS: [&str; 5] = ["en", "az", "fa", "ar", "vi"];
/// Share of legitimate messages allowed above the line in cross-validation, per language.
pub const FP_TARGET: f64 = 0.005;
/// Folds of the cross-validation that places the line.
pub const FOLDS: usize = 5;

/// One labelled message as features.
pub struct Sample {
    /// Index into `LANGS`.
    pub lang: usize,
    /// Features and label.
    pub ex: Example,
}

/// The training files of one language under `root` (the crate directory), in a fixed order.
pub fn files(root: &Path, lang: &str) -> Vec<std::path::PathBuf> {
    let m = root.join("testdata/messages");
    let mut out = vec![
        m.join(format!("{lang}.jsonl")),
        m.join(format!("fresh/{lang}.jsonl")),
        m.join(format!("heldout/{lang}.jsonl")),
        m.join(format!("tuning-extra/{lang}.jsonl")),
    ];
    if let Ok(dir) = fs::read_dir(m.join(format!("train/{lang}"))) {
        let mut more: Vec<_> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        more.sort();
        out.extend(more);
    }
    out
}

/// Every training message as features, read with each language's sample business and the
/// language detected (as in the figures). Returns the samples and (scams, legit) per language.
pub fn load(root: &Path) -> Result<(Vec<Sample>, Vec<(usize, usize)>), String> {
    let mut out = Vec::new();
    let mut counts = Vec::new();
    for (li, lang) in LANGS.iter().enumerate() {
        let shield = Shield::new(eval::sample_channels(lang)).map_err(|e| e.to_string())?;
        let (mut s, mut l) = (0, 0);
        for f in files(root, lang) {
            let raw = match fs::read_to_string(&f) {
                Ok(raw) => raw,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(format!("{}: {e}", f.display())),
            };
            for m in eval::read_jsonl(&raw) {
                let scam = m.label == "scam";
                if scam {
                    s += 1;
                } else {
                    l += 1;
                }
                out.push(Sample {
                    lang: li,
                    ex: shield.message_example(&m.text, None, scam),
                });
            }
        }
        counts.push((s, l));
    }
    Ok((out, counts))
}

/// Out-of-fold logits for every sample (fold = index modulo `FOLDS`).
pub fn cross_validate(samples: &[Sample], p: TrainParams) -> Vec<f32> {
    let mut logits = vec![0f32; samples.len()];
    for fold in 0..FOLDS {
        let train: Vec<&Example> = samples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, s)| &s.ex)
            .collect();
        let w = model::train(&train, p);
        for (i, s) in samples.iter().enumerate() {
            if i % FOLDS == fold {
                logits[i] = s.ex.logit(&w.w);
            }
        }
    }
    logits
}

/// The lowest logit line that keeps every language's legitimate messages at or under
/// `FP_TARGET` in `logits`.
pub fn line(samples: &[Sample], logits: &[f32]) -> f32 {
    let mut t = f32::MIN;
    for li in 0..LANGS.len() {
        let mut legit: Vec<f32> = samples
            .iter()
            .zip(logits)
            .filter(|(s, _)| s.lang == li && !s.ex.scam)
            .map(|(_, &z)| z)
            .collect();
        if legit.is_empty() {
            continue;
        }
        legit.sort_by(|a, b| b.total_cmp(a));
        let allowed = (legit.len() as f64 * FP_TARGET).floor() as usize;
        t = t.max(legit[allowed.min(legit.len() - 1)] + 1e-3);
    }
    t
}

/// Per language: (scams above the line, scams, legit above the line, legit).
pub fn figures(samples: &[Sample], logits: &[f32], line: f32) -> Vec<[usize; 4]> {
    let mut out = vec![[0usize; 4]; LANGS.len()];
    for (s, &z) in samples.iter().zip(logits) {
        let f = &mut out[s.lang];
        let above = usize::from(z >= line);
        if s.ex.scam {
            f[0] += above;
            f[1] += 1;
        } else {
            f[2] += above;
            f[3] += 1;
        }
    }
    out
}

/// The result of `fit`.
pub struct Fit {
    /// Weights trained on everything, shifted so the line sits at the suspicious score (30).
    pub weights: Weights,
    /// The cross-validated line (raw logit).
    pub line: f32,
    /// Cross-validated figures per language (see `figures`).
    pub cv: Vec<[usize; 4]>,
    /// (scams, legit) per language.
    pub counts: Vec<(usize, usize)>,
}

/// Cross-validates to place the line, then trains on every sample.
pub fn fit(root: &Path, p: TrainParams) -> Result<Fit, String> {
    let (samples, counts) = load(root)?;
    let logits = cross_validate(&samples, p);
    let line = line(&samples, &logits);
    let cv = figures(&samples, &logits, line);
    let all: Vec<&Example> = samples.iter().map(|s| &s.ex).collect();
    let mut weights = model::train(&all, p);
    weights.shift = (0.30f32 / 0.70).ln() - line;
    Ok(Fit {
        weights,
        line,
        cv,
        counts,
    })
}
