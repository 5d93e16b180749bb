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

pub use crate::model::LANGS;
/// Share of legitimate messages allowed above the line in cross-validation, per language, at
/// the standard sensitivity (see `model::FP_TARGETS` for the others).
pub const FP_TARGET: f64 = model::FP_TARGETS[0];
/// Folds of the cross-validation that places the line.
pub const FOLDS: usize = 5;

/// One labelled message as features.
pub struct Sample {
    /// Index into `LANGS`.
    pub lang: usize,
    /// Features and label.
    pub ex: Example,
    /// The message, for looking at mistakes.
    pub text: String,
    /// The file it came from (file name only), for comparing rounds of data.
    pub file: String,
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

/// (scams, legitimate messages) per language.
pub type Counts = Vec<(usize, usize)>;

/// Every training message as features, read with each language's sample business and the
/// language detected (as in the figures). Returns the samples and (scams, legit) per language.
pub fn load(root: &Path) -> Result<(Vec<Sample>, Counts), String> {
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
            let file = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
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
                    text: m.text,
                    file: file.clone(),
                });
            }
        }
        counts.push((s, l));
    }
    Ok((out, counts))
}

/// Out-of-fold logits for every sample (fold = index modulo `FOLDS`).
pub fn cross_validate(samples: &[Sample], p: TrainParams) -> Vec<f32> {
    cross_validate_share(samples, p, 1.0)
}

/// As `cross_validate`, training each fold on about `keep` (0-1] of its training messages
/// (spread evenly over the files); the held-out messages are all scored. For learning curves.
pub fn cross_validate_share(samples: &[Sample], p: TrainParams, keep: f64) -> Vec<f32> {
    cross_validate_with(samples, &[], p, keep)
}

/// As `cross_validate_share`, with `extra` added to the training side of every fold (never
/// scored): what a new round of data adds, measured on the same held-out messages.
pub fn cross_validate_with(
    samples: &[Sample],
    extra: &[Sample],
    p: TrainParams,
    keep: f64,
) -> Vec<f32> {
    let mut logits = vec![0f32; samples.len()];
    for fold in 0..FOLDS {
        let train: Vec<&Example> = samples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .enumerate()
            .filter(|(k, _)| ((k + 1) as f64 * keep).floor() > (*k as f64 * keep).floor())
            .map(|(_, (_, s))| &s.ex)
            .chain(extra.iter().map(|s| &s.ex))
            .collect();
        let w = model::train(&train, p);
        for (i, s) in samples.iter().enumerate() {
            if i % FOLDS == fold {
                logits[i] = s.ex.logit(&w);
            }
        }
    }
    logits
}

/// Per language, the lowest logit line that keeps its legitimate messages at or under
/// `FP_TARGET` in `logits`.
pub fn lines(samples: &[Sample], logits: &[f32]) -> [f32; 5] {
    lines_at(samples, logits, FP_TARGET)
}

/// As `lines`, for another share of legitimate messages above the line.
pub fn lines_at(samples: &[Sample], logits: &[f32], target: f64) -> [f32; 5] {
    let mut out = [0f32; 5];
    for (li, t) in out.iter_mut().enumerate() {
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
        let allowed = (legit.len() as f64 * target).floor() as usize;
        *t = legit[allowed.min(legit.len() - 1)] + 1e-3;
    }
    out
}

/// Per language: (scams above the line, scams, legit above the line, legit).
pub fn figures(samples: &[Sample], logits: &[f32], lines: &[f32; 5]) -> Vec<[usize; 4]> {
    let mut out = vec![[0usize; 4]; LANGS.len()];
    for (s, &z) in samples.iter().zip(logits) {
        let f = &mut out[s.lang];
        let above = usize::from(z >= lines[s.lang]);
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
    /// The cross-validated lines (raw logits) per language.
    pub lines: [f32; 5],
    /// Cross-validated figures per language (see `figures`).
    pub cv: Vec<[usize; 4]>,
    /// (scams, legit) per language.
    pub counts: Vec<(usize, usize)>,
}

/// Cross-validates to place the line, then trains on every sample.
pub fn fit(root: &Path, p: TrainParams) -> Result<Fit, String> {
    let (samples, counts) = load(root)?;
    let logits = cross_validate(&samples, p);
    let lines = lines(&samples, &logits);
    let cv = figures(&samples, &logits, &lines);
    let all: Vec<&Example> = samples.iter().map(|s| &s.ex).collect();
    let mut weights = model::train(&all, p);
    // One set of lines per sensitivity, from the same cross-validated logits.
    for (shifts, target) in weights.shift.iter_mut().zip(model::FP_TARGETS) {
        let at = lines_at(&samples, &logits, target);
        for (s, l) in shifts.iter_mut().zip(at) {
            *s = (0.30f32 / 0.70).ln() - l;
        }
    }
    Ok(Fit {
        weights,
        lines,
        cv,
        counts,
    })
}
