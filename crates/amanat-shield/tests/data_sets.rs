//! The labelled data under `testdata/` as regression tests: every legitimate message of the
//! tuning set comes out ok, every scam there is caught, languages are detected, and official
//! domains are never accused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use amanat_shield::{Channels, MessageKind, Shield, VerdictKind, detect_language, eval};

fn load(lang: &str) -> Vec<eval::LabelledMessage> {
    let path = format!(
        "{}/testdata/messages/{lang}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    eval::read_jsonl(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn every_legitimate_message_in_the_tuning_set_is_ok() {
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let shield = Shield::new(eval::sample_channels(lang)).unwrap();
        let msgs = load(lang);
        assert!(
            msgs.iter().filter(|m| m.label == "legit").count() >= 60,
            "{lang}"
        );
        for m in msgs.iter().filter(|m| m.label == "legit") {
            let v = shield.check_message(&m.text, None);
            assert_eq!(
                v.verdict,
                MessageKind::Ok,
                "{lang}: {} -> {:?}",
                m.text,
                v.signals
            );
        }
    }
}

#[test]
fn every_scam_in_the_tuning_set_is_caught() {
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let shield = Shield::new(eval::sample_channels(lang)).unwrap();
        let msgs = load(lang);
        assert!(
            msgs.iter().filter(|m| m.label == "scam").count() >= 60,
            "{lang}"
        );
        for m in msgs.iter().filter(|m| m.label == "scam") {
            let v = shield.check_message(&m.text, None);
            assert_ne!(v.verdict, MessageKind::Ok, "{lang}: {}", m.text);
        }
    }
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
fn fresh_held_out_set_stays_within_published_figures() {
    // The fresh set was written after tuning and never tuned on; these floors are the figures
    // reported in NOTES.md, so a change that makes things worse is noticed.
    // Arabic went from 21/24 to 20/24 with the link-weight and content-cap changes that
    // took the new held-out set's false positives to 0-1 in 150 (see NOTES.md).
    for (lang, min_recall, max_fp) in [
        ("en", 90.0, 5.0),
        ("az", 95.0, 5.0),
        ("fa", 80.0, 5.0),
        ("ar", 80.0, 5.0),
        ("vi", 90.0, 5.0),
    ] {
        let shield = Shield::new(eval::sample_channels(lang)).unwrap();
        let path = format!(
            "{}/testdata/messages/fresh/{lang}.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let msgs = eval::read_jsonl(&std::fs::read_to_string(path).unwrap());
        let f = eval::messages(&shield, &msgs, None);
        assert!(f.recall() >= min_recall, "{lang} recall {}", f.recall());
        assert!(
            f.false_positive() <= max_fp,
            "{lang} fp {}",
            f.false_positive()
        );
    }
}

#[test]
fn heldout_set_meets_the_product_aims_in_every_language() {
    // The product aims, per language: recall >= 90% on scams and <= 1% false positives on
    // legitimate messages. Whole file, both halves (see testdata/README.md for the split).
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let shield = Shield::new(eval::sample_channels(lang)).unwrap();
        let path = format!(
            "{}/testdata/messages/heldout/{lang}.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let msgs = eval::read_jsonl(&std::fs::read_to_string(path).unwrap());
        let f = eval::messages(&shield, &msgs, None);
        assert!(f.scams >= 60 && f.legit >= 150, "{lang}: {}", f.summary());
        assert!(f.recall() >= 90.0, "{lang}: {}", f.summary());
        assert!(f.legit_flagged * 100 <= f.legit, "{lang}: {}", f.summary());
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
fn tuning_extra_set_is_all_right() {
    // Written for the families fixed in the third round (money to third parties, returns
    // promises, conditional clauses, compounds); tuning data, so every message must be right.
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let shield = Shield::new(eval::sample_channels(lang)).unwrap();
        let path = format!(
            "{}/testdata/messages/tuning-extra/{lang}.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let msgs = eval::read_jsonl(&std::fs::read_to_string(path).unwrap());
        let f = eval::messages(&shield, &msgs, None);
        assert!(
            f.scams_caught == f.scams && f.legit_flagged == 0,
            "{lang}: {} {:?}",
            f.summary(),
            f.misses
        );
    }
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
