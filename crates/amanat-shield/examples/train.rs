//! Trains the scam-message model on every labelled set except the blind ones and writes
//! `data/message-model.bin`.
//!
//! Run from the crate directory:
//! `cargo run --release --example train` (cross-validated figures, then train and write),
//! `cargo run --release --example train -- sweep` (figures for a grid of settings, nothing
//! written).

use std::path::Path;

use amanat_shield::model::TrainParams;
use amanat_shield::training::{self, LANGS};

fn print(cv: &[[usize; 4]]) -> f64 {
    let mut worst = 100.0f64;
    for (lang, f) in LANGS.iter().zip(cv) {
        let recall = 100.0 * f[0] as f64 / f[1].max(1) as f64;
        worst = worst.min(recall);
        println!(
            "    {lang}: recall {}/{} = {recall:.1}%, FP {}/{} = {:.2}%",
            f[0],
            f[1],
            f[2],
            f[3],
            100.0 * f[2] as f64 / f[3].max(1) as f64
        );
    }
    worst
}

fn main() -> Result<(), String> {
    let root = Path::new(".");
    let base = TrainParams::default();
    if std::env::args().nth(1).as_deref() == Some("sweep") {
        let (samples, _) = training::load(root)?;
        for epochs in [10, 25, 50] {
            for rate in [0.2f32, 0.5, 1.0] {
                for l2 in [1e-6f32, 1e-5, 1e-4] {
                    let p = TrainParams {
                        epochs,
                        rate,
                        l2,
                        ..base
                    };
                    let logits = training::cross_validate(&samples, p);
                    let line = training::line(&samples, &logits);
                    println!("  epochs {epochs}, rate {rate}, l2 {l2}:");
                    let worst = print(&training::figures(&samples, &logits, line));
                    println!("    worst recall {worst:.1}%");
                }
            }
        }
        return Ok(());
    }
    let fit = training::fit(root, base)?;
    println!("== training data (blind sets excluded)");
    for (lang, (s, l)) in LANGS.iter().zip(&fit.counts) {
        println!("  {lang}: {s} scam, {l} legit");
    }
    println!(
        "== {}-fold cross-validation, line at logit {:.3} (<= {:.1}% FP per language)",
        training::FOLDS,
        fit.line,
        training::FP_TARGET * 100.0
    );
    print(&fit.cv);
    let bytes = fit.weights.to_bytes();
    std::fs::write("data/message-model.bin", &bytes).map_err(|e| e.to_string())?;
    println!(
        "== wrote data/message-model.bin ({} bytes, shift {:.3})",
        bytes.len(),
        fit.weights.shift
    );
    Ok(())
}
