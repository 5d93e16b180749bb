//! Prints the quality and speed figures of the shield on the labelled data under `testdata/`.
//!
//! Run from the crate directory: `cargo run --release --example figures [domains|messages]`;
//! `SENSITIVITY=high|highest` sets the scam-message sensitivity for `blind`.

use std::collections::BTreeMap;
use std::fs;

use amanat_shield::{Channels, Shield, eval};

/// The test businesses: official domain and the name customers know.
const BUSINESSES: [(&str, &str); 7] = [
    ("odero.az", "Odero"),
    ("tokeninc.com", "Token Inc"),
    ("digikala.ir", "Digikala"),
    ("thegioididong.vn", "Thế Giới Di Động"),
    ("omantel.om", "Omantel"),
    ("mcquang.vn", "McQuang"),
    ("tap.az", "Tap"),
];

fn shield_for(domain: &str, name: &str) -> Result<Shield, String> {
    let ch = Channels {
        business_name: name.to_string(),
        web_origins: vec![format!("https://{domain}")],
        ..Default::default()
    };
    Shield::new(ch).map_err(|e| e.to_string())
}

fn read(path: &str) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn domains() -> Result<(), String> {
    let unrelated: Vec<String> = read("testdata/domains/unrelated.txt")?
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect();
    let combos = read("testdata/domains/combosquats.tsv")?;
    println!("== domains: recall on dnstwist permutations (per official domain, per fuzzer)");
    let mut by_fuzzer: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut tot, mut hit) = (0, 0);
    let mut misses = Vec::new();
    let mut fp_any = std::collections::BTreeSet::new();
    let (mut fp_sum, mut fp_checks) = (0usize, 0usize);
    let mut speed_n = 0usize;
    let mut speed_t = 0f64;
    for (dom, name) in BUSINESSES {
        let shield = shield_for(dom, name)?;
        let perms: Vec<(String, String)> = read(&format!("testdata/domains/dnstwist-{dom}.tsv"))?
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let list: Vec<String> = perms.iter().map(|(_, d)| d.clone()).collect();
        let fig = eval::domains(&shield, &list, false);
        for (fz, d) in &perms {
            let flagged = matches!(
                shield.link_kind(d),
                amanat_shield::VerdictKind::Impersonation | amanat_shield::VerdictKind::Suspicious
            );
            let e = by_fuzzer.entry(fz.clone()).or_default();
            e.0 += 1;
            if flagged {
                e.1 += 1;
            } else if misses.len() < 40 {
                misses.push(format!("{fz}\t{d}"));
            }
        }
        println!(
            "  {dom:18} {:5}/{:5} = {:6.2}%",
            fig.flagged,
            fig.total,
            fig.percent()
        );
        tot += fig.total;
        hit += fig.flagged;
        let fpf = eval::domains(&shield, &unrelated, true);
        fp_sum += fpf.flagged;
        fp_checks += fpf.total;
        speed_n += fpf.total;
        speed_t += fpf.total as f64 / fpf.per_second.max(1.0);
        for e in fpf.examples {
            fp_any.insert(format!("{e} (vs {dom})"));
        }
    }
    println!(
        "  ALL                {hit:5}/{tot:5} = {:6.2}%",
        100.0 * hit as f64 / tot as f64
    );
    println!("  per fuzzer:");
    for (fz, (t, h)) in &by_fuzzer {
        println!(
            "    {fz:14} {h:5}/{t:5} = {:6.2}%",
            100.0 * *h as f64 / *t as f64
        );
    }
    if !misses.is_empty() {
        println!("  first misses:");
        for m in misses.iter().take(25) {
            println!("    {m}");
        }
    }
    println!(
        "== domains: combosquats (ours; dnstwist's own coverage in testdata/domains/dnstwist_coverage.txt)"
    );
    let mut cs: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut cmiss = Vec::new();
    for line in combos.lines() {
        let mut it = line.split('\t');
        let (Some(off), Some(kind), Some(d)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let name = BUSINESSES
            .iter()
            .find(|(x, _)| *x == off)
            .map_or("", |b| b.1);
        let shield = shield_for(off, name)?;
        let flagged = matches!(
            shield.link_kind(d),
            amanat_shield::VerdictKind::Impersonation | amanat_shield::VerdictKind::Suspicious
        );
        let e = cs.entry(kind.to_string()).or_default();
        e.0 += 1;
        if flagged {
            e.1 += 1;
        } else if cmiss.len() < 20 {
            cmiss.push(d.to_string());
        }
    }
    for (k, (t, h)) in &cs {
        println!(
            "  words {k:7} {h:5}/{t:5} = {:6.2}%",
            100.0 * *h as f64 / *t as f64
        );
    }
    for m in &cmiss {
        println!("    missed {m}");
    }
    if let Ok(t) = read("testdata/domains/dnstwist_coverage.txt") {
        for l in t.lines() {
            println!("  {l}");
        }
    }
    println!(
        "== domains: false positives on {} unrelated real domains",
        unrelated.len()
    );
    println!(
        "  flagged {fp_sum} of {fp_checks} checks (7 businesses x {} domains) = {:.4}%",
        unrelated.len(),
        100.0 * fp_sum as f64 / fp_checks as f64
    );
    for e in fp_any.iter().take(40) {
        println!("    {e}");
    }
    println!(
        "== domains: speed {:.0} domains/second on one core (unrelated set, one business each)",
        speed_n as f64 / speed_t
    );
    Ok(())
}

fn messages() -> Result<(), String> {
    println!("== messages, per language and set (language detected, not given)");
    println!(
        "   old = first set; fresh = second set (24+24); heldout-even/-odd = halves of the third"
    );
    println!("   set; tuning-extra = round-3 probes. Since round 3 every set here is tuning data");
    println!("   (the blind set is measured elsewhere), so every set's mistakes are listed.");
    let show_all = std::env::var("SHOW_ALL").is_ok();
    let mut all = Vec::new();
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let Ok(raw) = read(&format!("testdata/messages/{lang}.jsonl")) else {
            println!("  {lang}: no data");
            continue;
        };
        let msgs = eval::read_jsonl(&raw);
        let shield = Shield::new(eval::sample_channels(lang)).map_err(|e| e.to_string())?;
        let (old_even, old_odd) = eval::halves(&msgs);
        let fresh = read(&format!("testdata/messages/fresh/{lang}.jsonl"))
            .map(|r| eval::read_jsonl(&r))
            .unwrap_or_default();
        let heldout = read(&format!("testdata/messages/heldout/{lang}.jsonl"))
            .map(|r| eval::read_jsonl(&r))
            .unwrap_or_default();
        let (ho_even, ho_odd) = eval::halves(&heldout);
        let extra = read(&format!("testdata/messages/tuning-extra/{lang}.jsonl"))
            .map(|r| eval::read_jsonl(&r))
            .unwrap_or_default();
        let sets: [(&str, &[eval::LabelledMessage], bool); 7] = [
            ("old-even", &old_even, true),
            ("old-odd", &old_odd, true),
            ("fresh", &fresh, true),
            ("heldout-even", &ho_even, true),
            ("heldout-odd", &ho_odd, true),
            ("heldout-all", &heldout, true),
            ("tuning-extra", &extra, true),
        ];
        for (name, set, tuning) in sets {
            if set.is_empty() {
                continue;
            }
            let f = eval::messages(&shield, set, None);
            println!("  {lang} {name:13} {}", f.summary());
            if tuning || show_all {
                for m in &f.misses {
                    println!("      {m}");
                }
            }
        }
        let mut wrong_lang = 0;
        let mut checked = 0;
        for m in msgs.iter().chain(heldout.iter()) {
            checked += 1;
            if amanat_shield::detect_language(&m.text).code() != lang {
                wrong_lang += 1;
            }
        }
        println!(
            "  {lang} language detection: {}/{checked} right (old + heldout)",
            checked - wrong_lang
        );
        all.extend(msgs);
        all.extend(heldout);
    }
    speed(&all)
}

/// Message speed over every SMS-length labelled text.
fn speed(all: &[eval::LabelledMessage]) -> Result<(), String> {
    let short: Vec<_> = all
        .iter()
        .filter(|m| (120..=200).contains(&m.text.chars().count()))
        .cloned()
        .collect();
    let avg = short.iter().map(|m| m.text.chars().count()).sum::<usize>() as f64
        / short.len().max(1) as f64;
    let shield = Shield::new(eval::sample_channels("en")).map_err(|e| e.to_string())?;
    let _ = eval::message_speed(&shield, &short, 2);
    let rounds = 100;
    let cpu0 = cpu_secs();
    let rate = eval::message_speed(&shield, &short, rounds);
    let cpu_rate = match (cpu0, cpu_secs()) {
        (Some(a), Some(b)) if b > a => format!(
            ", {:.0} per CPU-second",
            (rounds * short.len()) as f64 / (b - a)
        ),
        _ => String::new(),
    };
    println!(
        "== messages: speed {rate:.0} messages/second wall clock{cpu_rate} on one core ({} SMS-length texts of 120-200 characters, {avg:.0} on average, x {rounds}, language detected)",
        short.len()
    );
    Ok(())
}

/// CPU seconds this process has used (user + system), from /proc; `None` off Linux. The
/// machine the figures are taken on is shared, so wall-clock rates understate one core.
fn cpu_secs() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// `SENSITIVITY=standard|high|highest` in the environment, else the default (high).
fn sensitivity() -> amanat_shield::Sensitivity {
    match std::env::var("SENSITIVITY").as_deref() {
        Ok("standard") => amanat_shield::Sensitivity::Standard,
        Ok("highest") => amanat_shield::Sensitivity::Highest,
        _ => amanat_shield::Sensitivity::default(),
    }
}

/// A language's messages scored for its sample business at the chosen sensitivity.
fn at_sensitivity(
    lang: &str,
    msgs: &[eval::LabelledMessage],
) -> Result<eval::MessageFigures, String> {
    let shield = Shield::new(eval::sample_channels(lang))
        .map_err(|e| e.to_string())?
        .with_message_sensitivity(sensitivity());
    Ok(eval::messages(&shield, msgs, None))
}

/// Figures on the blind sets (written by people who never saw the rules, the model or the
/// training data): counts only, never the messages, so that reading the output does not
/// un-blind them.
fn blind(sets: &[&str]) -> Result<(), String> {
    for &set in sets {
        println!("scam messages, set testdata/messages/{set} (language detected):");
        for lang in ["en", "az", "fa", "ar", "vi"] {
            let Ok(raw) = read(&format!("testdata/messages/{set}/{lang}.jsonl")) else {
                println!("  {lang}: no data");
                continue;
            };
            let msgs = eval::read_jsonl(&raw);
            let f = at_sensitivity(lang, &msgs)?;
            println!("  {lang} {set} {}", f.summary());
        }
    }
    Ok(())
}

/// Prints a blind set's mistakes in one language (missed scams and flagged genuine
/// messages, up to 20 each). This reads the set: once run, that set's language part is no
/// longer blind and must be recorded as read in its README.
fn read_set(set: &str, lang: &str) -> Result<(), String> {
    let raw = read(&format!("testdata/messages/{set}/{lang}.jsonl"))?;
    let msgs = eval::read_jsonl(&raw);
    let f = at_sensitivity(lang, &msgs)?;
    println!("{lang} {set} {}", f.summary());
    for m in &f.misses {
        println!("  {m}");
    }
    Ok(())
}

/// The blind sets rewritten for another business (names and domains swapped, the channels
/// to match, `eval::other_business`): does the model depend on the sample businesses it was
/// trained with? Counts only, as for `blind`.
fn renamed() -> Result<(), String> {
    for set in ["blind", "blind2", "blind3"] {
        println!("scam messages, set testdata/messages/{set} rewritten for another business:");
        for lang in ["en", "az", "fa", "ar", "vi"] {
            let Ok(raw) = read(&format!("testdata/messages/{set}/{lang}.jsonl")) else {
                continue;
            };
            let (channels, msgs) = eval::other_business(lang, eval::read_jsonl(&raw));
            let shield = Shield::new(channels).map_err(|e| e.to_string())?;
            let f = eval::messages(&shield, &msgs, None);
            println!("  {lang} {set} renamed {}", f.summary());
        }
    }
    Ok(())
}

/// Figures on the training data (how well the model fits what it learnt from).
fn train_fit() -> Result<(), String> {
    println!("messages, training sets (language detected):");
    for lang in ["en", "az", "fa", "ar", "vi"] {
        let mut msgs = Vec::new();
        for f in amanat_shield::training::files(std::path::Path::new("."), lang) {
            if let Ok(raw) = fs::read_to_string(&f) {
                msgs.extend(eval::read_jsonl(&raw));
            }
        }
        let shield = Shield::new(eval::sample_channels(lang)).map_err(|e| e.to_string())?;
        let f = eval::messages(&shield, &msgs, None);
        println!("  {lang} training {}", f.summary());
    }
    Ok(())
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    let r = match what.as_str() {
        "domains" => domains(),
        "messages" => messages(),
        "blind" => blind(&["blind", "blind2", "blind3"]),
        // Each measured already (see their READMEs).
        "blind4" => blind(&["blind4"]),
        "blind5" => blind(&["blind5"]),
        "blind6" => blind(&["blind6"]),
        "blind7" => blind(&["blind7"]),
        // Kept for the next change to the scorer: measure once (see its README).
        "blind8" => blind(&["blind8"]),
        "blind9" => blind(&["blind9"]),
        "blind10" => blind(&["blind10"]),
        "blind11" => blind(&["blind11"]),
        "read" => {
            let set = std::env::args().nth(2).unwrap_or_default();
            let lang = std::env::args().nth(3).unwrap_or_default();
            read_set(&set, &lang)
        }
        "train" => train_fit(),
        "renamed" => renamed(),
        "speed" => {
            let mut all = Vec::new();
            for lang in ["en", "az", "fa", "ar", "vi"] {
                for f in [
                    format!("testdata/messages/{lang}.jsonl"),
                    format!("testdata/messages/heldout/{lang}.jsonl"),
                ] {
                    if let Ok(raw) = read(&f) {
                        all.extend(eval::read_jsonl(&raw));
                    }
                }
            }
            speed(&all)
        }
        "profile" => profile(),
        "profile-domains" => profile_domains(),
        "debug" => {
            let lang = std::env::args().nth(2).unwrap_or_default();
            let text = std::env::args().nth(3).unwrap_or_default();
            debug_one(&lang, &text);
            Ok(())
        }
        _ => domains().and_then(|_| messages()),
    };
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[allow(dead_code)]
fn debug_one(lang: &str, text: &str) {
    if let Ok(s) = Shield::new(eval::sample_channels(lang)) {
        println!("{:#?}", s.check_message(text, None));
    }
}

#[allow(dead_code)]
fn profile() -> Result<(), String> {
    use std::time::Instant;
    let mut all = Vec::new();
    for lang in ["en", "az", "fa", "ar", "vi"] {
        all.extend(eval::read_jsonl(&read(&format!(
            "testdata/messages/{lang}.jsonl"
        ))?));
    }
    let shield = Shield::new(eval::sample_channels("en")).map_err(|e| e.to_string())?;
    let n = all.len() * 20;
    let t = Instant::now();
    let mut k = 0;
    for _ in 0..20 {
        for m in &all {
            k += amanat_shield::normalise_text(&m.text).text.len();
        }
    }
    println!("normalise {:.0}/s", n as f64 / t.elapsed().as_secs_f64());
    let t = Instant::now();
    for _ in 0..20 {
        for m in &all {
            k += amanat_shield::detect_language(&m.text) as usize;
        }
    }
    println!("detect {:.0}/s", n as f64 / t.elapsed().as_secs_f64());
    let t = Instant::now();
    for _ in 0..20 {
        for m in &all {
            k += shield.check_message(&m.text, Some("en")).signals.len();
        }
    }
    println!(
        "check(en given) {:.0}/s",
        n as f64 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    for _ in 0..20 {
        for m in &all {
            k += shield.check_message(&m.text, None).signals.len();
        }
    }
    println!("check {:.0}/s {k}", n as f64 / t.elapsed().as_secs_f64());
    Ok(())
}

#[allow(dead_code)]
fn profile_domains() -> Result<(), String> {
    use std::time::Instant;
    let shield = shield_for("odero.az", "Odero")?;
    let perms: Vec<String> = read("testdata/domains/dnstwist-odero.az.tsv")?
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(_, d)| d.to_string()))
        .collect();
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..50 {
        for d in &perms {
            n += shield.link_kind(d) as usize;
        }
    }
    println!(
        "lookalikes {:.0}/s {n}",
        (50 * perms.len()) as f64 / t.elapsed().as_secs_f64()
    );
    Ok(())
}
