//! Trains the scam-message model on every labelled set except the blind ones and writes
//! `data/message-model.bin`.
//!
//! Run from the crate directory:
//! `cargo run --release --example train` (cross-validated figures, then train and write),
//! `cargo run --release --example train -- rules` (how precise rule signal combinations are
//! on the training data and how many of the model's cross-validated misses they would catch;
//! nothing written), `cargo run --release --example train -- errors fa` (a language's worst
//! cross-validated mistakes on the training data), `-- curve` (cross-validated recall when
//! training on 25/50/75/100% of the data), `-- gain TAG` (what the files whose name contains
//! TAG add, on the same held-out messages), `-- sweep [base]` (training settings by mean
//! cross-validated recall). `TRAIN_ROOT=DIR` reads `DIR/testdata`.

use std::path::Path;

use amanat_shield::model::{self, TrainParams};
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
    // Another copy of `testdata/` (for experiments on a frozen snapshot), else this crate's.
    let root_dir = std::env::var("TRAIN_ROOT").unwrap_or_else(|_| ".".into());
    let root = Path::new(&root_dir);
    let base = TrainParams::default();
    let mode = std::env::args().nth(1);
    let mode = mode.as_deref();
    if mode == Some("rules") {
        let (samples, _) = training::load(root)?;
        // Which rule combinations are precise on this data (written without seeing the
        // rules), and how many scams the model misses that they catch.
        let logits = training::cross_validate(&samples, base);
        let lines = training::lines(&samples, &logits);
        let combos: &[&[&str]] = &[
            &["impersonation_link"],
            &["pretext", "fee_to_claim"],
            &["pretext", "outlet"],
            &["pretext", "asks"],
            &["prize_for_fee"],
            &["asks", "outlet"],
            &["asks_otp"],
            &["asks_cvv"],
            &["asks_pin"],
            &["asks_password"],
            &["asks_card_number"],
            &["pays_to_card"],
            &["risky_link"],
            &["fee_to_claim", "threat"],
            &["fee_to_claim", "urgency"],
            &["threat", "outlet"],
        ];
        for c in combos {
            let (mut legit, mut scam, mut missed) = (0, 0, 0);
            for (s, &z) in samples.iter().zip(&logits) {
                if c.iter().all(|k| s.ex.rule_codes.contains(k)) {
                    if s.ex.scam {
                        scam += 1;
                        missed += usize::from(z < lines[s.lang]);
                    } else {
                        legit += 1;
                    }
                }
            }
            println!("  {c:?}: scams {scam} (model misses {missed}), legit {legit}");
        }
        return Ok(());
    }
    if mode == Some("gain") {
        // What a round of data adds: cross-validate on the messages of files whose name does
        // not contain TAG, once without and once with the TAG files added to every training
        // side. The same messages are scored both times.
        let tag = std::env::args().nth(2).unwrap_or_else(|| "-r3".into());
        let (all, _) = training::load(root)?;
        let (extra, samples): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|s| s.file.contains(&tag));
        println!(
            "== {} messages scored, {} in files with {tag:?}",
            samples.len(),
            extra.len()
        );
        for (name, add) in [("without", &[][..]), ("with", &extra[..])] {
            let logits = training::cross_validate_with(&samples, add, base, 1.0);
            for target in model::FP_TARGETS {
                let lines = training::lines_at(&samples, &logits, target);
                println!("== {name} them, line at {:.2}% FP", target * 100.0);
                print(&training::figures(&samples, &logits, &lines));
            }
        }
        return Ok(());
    }
    if mode == Some("sweep") {
        // Training settings against cross-validated recall (mean over languages at each
        // sensitivity's line). Settings are chosen here, never on a blind set.
        let (samples, _) = training::load(root)?;
        let mut grid = vec![base];
        // `sweep base`: the default settings only (to compare feature changes).
        if std::env::args().nth(2).as_deref() != Some("base") {
            grid.extend([3e-5, 1e-5].map(|l2| TrainParams { l2, ..base }));
            grid.extend([15, 40].map(|epochs| TrainParams { epochs, ..base }));
            grid.extend([2.0, 8.0].map(|gain| TrainParams { gain, ..base }));
            grid.extend([0.05, 0.2].map(|rate| TrainParams { rate, ..base }));
        }
        for p in grid {
            let logits = training::cross_validate(&samples, p);
            let mut line = format!(
                "  epochs {:>2} rate {:<4} l2 {:<6} gain {:<3}:",
                p.epochs, p.rate, p.l2, p.gain
            );
            for target in model::FP_TARGETS {
                let lines = training::lines_at(&samples, &logits, target);
                let f = training::figures(&samples, &logits, &lines);
                let mean = f
                    .iter()
                    .map(|x| 100.0 * x[0] as f64 / x[1].max(1) as f64)
                    .sum::<f64>()
                    / f.len() as f64;
                line.push_str(&format!(" {mean:.1}% at {:.2}% FP", target * 100.0));
            }
            println!("{line}");
        }
        return Ok(());
    }
    if mode == Some("curve") {
        // Learning curve: cross-validated recall when each training fold keeps only a share of
        // its messages (every k-th kept), the held-out folds unchanged. Tells whether more data
        // of the same kind would still move the figures.
        let (samples, _) = training::load(root)?;
        for keep in [0.25f64, 0.5, 0.75, 1.0] {
            let logits = training::cross_validate_share(&samples, base, keep);
            let lines = training::lines(&samples, &logits);
            println!("== training share {:.0}%", keep * 100.0);
            print(&training::figures(&samples, &logits, &lines));
        }
        return Ok(());
    }
    if mode == Some("errors") {
        // The cross-validated mistakes of one language (training data only).
        let lang = std::env::args().nth(2).unwrap_or_else(|| "en".into());
        let li = LANGS.iter().position(|l| *l == lang).unwrap_or(0);
        let (samples, _) = training::load(root)?;
        let logits = training::cross_validate(&samples, base);
        let lines = training::lines(&samples, &logits);
        let mut rows: Vec<(f32, &training::Sample)> = samples
            .iter()
            .zip(&logits)
            .filter(|(s, _)| s.lang == li)
            .map(|(s, &z)| (z - lines[li], s))
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("== legitimate messages scored highest (margin over the line)");
        for (m, s) in rows.iter().filter(|r| !r.1.ex.scam).take(15) {
            println!("  {m:+.2} {}", s.text.replace('\n', " "));
        }
        println!("== scams scored lowest");
        for (m, s) in rows.iter().rev().filter(|r| r.1.ex.scam).take(25) {
            println!("  {m:+.2} {}", s.text.replace('\n', " "));
        }
        return Ok(());
    }
    let fit = training::fit(root, base)?;
    println!("== training data (blind sets excluded)");
    for (lang, (s, l)) in LANGS.iter().zip(&fit.counts) {
        println!("  {lang}: {s} scam, {l} legit");
    }
    println!(
        "== {}-fold cross-validation, lines at logits {:.2?} (<= {:.1}% FP per language)",
        training::FOLDS,
        fit.lines,
        training::FP_TARGET * 100.0
    );
    print(&fit.cv);
    let bytes = fit.weights.to_bytes();
    std::fs::write("data/message-model.bin", &bytes).map_err(|e| e.to_string())?;
    println!(
        "== wrote data/message-model.bin ({} bytes, shifts per sensitivity {:.2?})",
        bytes.len(),
        fit.weights.shift
    );
    Ok(())
}
