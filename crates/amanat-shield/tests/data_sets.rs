//! The labelled data under `testdata/` as regression tests: the message model fits its
//! training data, the blind sets keep their measured figures, the shipped weights are what
//! the data gives, languages are detected, and official domains are never accused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use amanat_shield::{Channels, Shield, VerdictKind, detect_language, eval};

fn load(lang: &str) -> Vec<eval::LabelledMessage> {
    let path = format!(
        "{}/testdata/messages/{lang}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    eval::read_jsonl(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn language_is_detected_on_nearly_every_sample() {
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let msgs = load(lang);
        let right = msgs
            .iter()
            .filter(|m| detect_language(&m.text).code() == lang)
            .count();
        assert!(
            right * 100 >= msgs.len() * 97,
            "{lang}: {right}/{}",
            msgs.len()
        );
    }
}

#[test]
fn official_domains_and_their_subdomains_are_never_accused() {
    let shield = Shield::new(eval::sample_channels("en")).unwrap();
    for d in [
        "odero.az",
        "www.odero.az",
        "api.pay.odero.az",
        "https://odero.az/a?b=c#d",
        "tokeninc.com",
        "mail.tokeninc.com",
    ] {
        assert_eq!(shield.link_kind(d), VerdictKind::Official, "{d}");
    }
}

#[test]
fn dnstwist_permutations_of_odero_are_caught() {
    let shield = Shield::new(Channels {
        business_name: "Odero".into(),
        web_origins: vec!["https://odero.az".into()],
        ..Default::default()
    })
    .unwrap();
    let path = format!(
        "{}/testdata/domains/dnstwist-odero.az.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    let list: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(_, d)| d.to_string()))
        .collect();
    let f = eval::domains(&shield, &list, false);
    assert!(f.percent() >= 99.0, "{} {:?}", f.percent(), f.examples);
}

#[test]
fn unrelated_real_domains_are_not_accused() {
    let shield = Shield::new(eval::sample_channels("en")).unwrap();
    let path = format!(
        "{}/testdata/domains/unrelated.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let list: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(list.len() >= 10_000);
    let f = eval::domains(&shield, &list, true);
    assert!(
        f.flagged * 1000 <= f.total,
        "{} flagged: {:?}",
        f.flagged,
        f.examples
    );
}

#[test]
fn the_shipped_model_is_what_the_training_data_gives() {
    // `data/message-model.bin` must be reproducible from the labelled sets: retraining with
    // the default settings gives the same bytes. When this fails, the data or the features
    // changed without retraining: run `cargo run --release --example train` in
    // crates/amanat-shield and commit the new file.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fit =
        amanat_shield::training::fit(root, amanat_shield::model::TrainParams::default()).unwrap();
    let shipped = std::fs::read(root.join("data/message-model.bin")).unwrap();
    assert!(
        fit.weights.to_bytes() == shipped,
        "data/message-model.bin is stale: run `cargo run --release --example train` in crates/amanat-shield"
    );
}

fn figures(lang: &str, files: &[std::path::PathBuf]) -> eval::MessageFigures {
    let shield = Shield::new(eval::sample_channels(lang)).unwrap();
    let mut msgs = Vec::new();
    for f in files {
        if let Ok(raw) = std::fs::read_to_string(f) {
            msgs.extend(eval::read_jsonl(&raw));
        }
    }
    eval::messages(&shield, &msgs, None)
}

#[test]
fn the_model_fits_its_training_data() {
    // Figures of the shipped model on everything it was trained on (`figures train`):
    // recall 98.0-100%, no legitimate message flagged (61,153 messages). A drop means the model,
    // the features or the rules feeding them changed without retraining, or broke.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let f = figures(lang, &amanat_shield::training::files(root, lang));
        assert!(
            f.scams >= 4500 && f.legit >= 6200,
            "{lang}: {}",
            f.summary()
        );
        assert!(f.recall() >= 93.0, "{lang}: {} {:?}", f.summary(), f.misses);
        assert!(
            f.legit_flagged * 200 <= f.legit,
            "{lang}: {} {:?}",
            f.summary(),
            f.misses
        );
    }
}

#[test]
fn blind_sets_keep_their_measured_figures() {
    // Floors at the figures the shipped model measured on the blind sets at the default
    // sensitivity (high), so a change that makes things worse on unseen text is noticed.
    // No model was trained or tuned on these sets; their pooled figures chose the default
    // level (one choice of three, session 11). The vi false positives of blind..blind4 and
    // blind7 were read in session 12 to choose the kinds of round r11 (see their READMEs);
    // blind8 and blind9 measured the result, blind10 the model with round r12. Pooled per
    // language both product aims (recall 90%, false positives 1%) are met; in single sets of
    // 60 scams and 160 genuine messages they are not always (one message is 0.6 points).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/messages");
    for (set, lang, caught, flagged) in [
        ("blind", "en", 38, 2),
        ("blind", "az", 37, 1),
        ("blind", "fa", 35, 2),
        ("blind", "ar", 35, 1),
        ("blind", "vi", 37, 1),
        ("blind2", "en", 57, 1),
        ("blind2", "az", 55, 1),
        ("blind2", "fa", 58, 0),
        ("blind2", "ar", 53, 1),
        ("blind2", "vi", 55, 0),
        ("blind3", "en", 49, 1),
        ("blind3", "az", 50, 0),
        ("blind3", "fa", 59, 1),
        ("blind3", "ar", 51, 0),
        ("blind3", "vi", 49, 0),
        ("blind4", "en", 61, 0),
        ("blind4", "az", 53, 0),
        ("blind4", "fa", 63, 0),
        ("blind4", "ar", 60, 1),
        ("blind4", "vi", 57, 2),
        ("blind5", "en", 57, 0),
        ("blind5", "az", 54, 0),
        ("blind5", "fa", 58, 1),
        ("blind5", "ar", 58, 1),
        ("blind5", "vi", 55, 0),
        ("blind6", "en", 59, 0),
        ("blind6", "az", 58, 0),
        ("blind6", "fa", 57, 2),
        ("blind6", "ar", 56, 0),
        ("blind6", "vi", 54, 0),
        ("blind7", "en", 57, 0),
        ("blind7", "az", 57, 0),
        ("blind7", "fa", 54, 0),
        ("blind7", "ar", 57, 1),
        ("blind7", "vi", 55, 0),
        ("blind8", "en", 58, 1),
        ("blind8", "az", 55, 1),
        ("blind8", "fa", 58, 1),
        ("blind8", "ar", 54, 1),
        ("blind8", "vi", 58, 1),
        ("blind9", "en", 55, 0),
        ("blind9", "az", 56, 1),
        ("blind9", "fa", 58, 1),
        ("blind9", "ar", 55, 0),
        ("blind9", "vi", 50, 0),
        ("blind10", "en", 56, 0),
        ("blind10", "az", 57, 1),
        ("blind10", "fa", 59, 3),
        ("blind10", "ar", 56, 0),
        ("blind10", "vi", 54, 0),
    ] {
        let f = figures(lang, &[root.join(set).join(format!("{lang}.jsonl"))]);
        // Counts only: the messages of a blind set are never printed.
        assert!(
            f.scams_caught >= caught && f.legit_flagged <= flagged,
            "{set}/{lang}: {}",
            f.summary()
        );
    }
}

#[test]
fn the_scorer_does_not_depend_on_the_sample_businesses() {
    // blind3 rewritten for another business of the same country (names and domain swapped,
    // channels to match): within two messages of the figures for the sample business
    // (measured: identical but for ar, one scam fewer).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/messages/blind3");
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let raw = std::fs::read_to_string(root.join(format!("{lang}.jsonl"))).unwrap();
        let msgs = eval::read_jsonl(&raw);
        let base = eval::messages(
            &Shield::new(eval::sample_channels(lang)).unwrap(),
            &msgs,
            None,
        );
        let (channels, renamed) = eval::other_business(lang, msgs);
        assert_ne!(
            renamed,
            eval::read_jsonl(&raw),
            "{lang}: nothing was renamed"
        );
        let other = eval::messages(&Shield::new(channels).unwrap(), &renamed, None);
        assert!(
            base.scams_caught.abs_diff(other.scams_caught) <= 2
                && base.legit_flagged.abs_diff(other.legit_flagged) <= 2,
            "{lang}: sample {} / other business {}",
            base.summary(),
            other.summary()
        );
    }
}

#[test]
fn a_higher_sensitivity_catches_at_least_as_much() {
    // Each level's line sits lower: more scams caught, more genuine messages questioned,
    // never fewer of either (measured on the ten blind sets: standard 2,633/2,885 caught
    // with 20/7,996 flagged, high 2,697 with 31, highest 2,720 with 42; see NOTES.md).
    use amanat_shield::Sensitivity;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/messages");
    let (mut caught, mut flagged) = ([0usize; 3], [0usize; 3]);
    for set in [
        "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9",
        "blind10",
    ] {
        for lang in ["en", "az", "fa", "ar", "vi"] {
            let raw =
                std::fs::read_to_string(root.join(set).join(format!("{lang}.jsonl"))).unwrap();
            let msgs = eval::read_jsonl(&raw);
            let mut prev: Option<(usize, usize)> = None;
            for (k, s) in [
                Sensitivity::Standard,
                Sensitivity::High,
                Sensitivity::Highest,
            ]
            .into_iter()
            .enumerate()
            {
                let shield = Shield::new(eval::sample_channels(lang))
                    .unwrap()
                    .with_message_sensitivity(s);
                let f = eval::messages(&shield, &msgs, None);
                if let Some((c, l)) = prev {
                    assert!(
                        f.scams_caught >= c && f.legit_flagged >= l,
                        "{set}/{lang} at {s:?}: {}",
                        f.summary()
                    );
                }
                prev = Some((f.scams_caught, f.legit_flagged));
                caught[k] += f.scams_caught;
                flagged[k] += f.legit_flagged;
            }
        }
    }
    // Floors and ceilings at the measured totals.
    for (k, (c, l)) in [(2633, 20), (2697, 31), (2720, 42)].into_iter().enumerate() {
        assert!(caught[k] >= c && flagged[k] <= l, "{caught:?} {flagged:?}");
    }
}
