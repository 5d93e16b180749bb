//! Speed of the link and message checks (criterion). Quality figures: `cargo run --release
//! --example figures`.

use std::hint::black_box;

use amanat_shield::{Channels, Shield, eval};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn shield() -> Shield {
    Shield::new(Channels {
        business_name: "Odero".into(),
        brand_names: vec!["اودرو".into(), "Token Inc".into()],
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into(), "tokeninc.com".into()],
        phones: vec!["+994124900000".into()],
        short_codes: vec!["8877".into()],
        default_region: "AZ".into(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn links(c: &mut Criterion) {
    let s = shield();
    let unrelated: Vec<String> = read("testdata/domains/unrelated.txt")
        .lines()
        .take(5000)
        .map(str::to_string)
        .collect();
    let perms: Vec<String> = read("testdata/domains/dnstwist-odero.az.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(_, d)| d.to_string()))
        .collect();
    let mut g = c.benchmark_group("link_kind");
    g.throughput(Throughput::Elements(unrelated.len() as u64));
    g.bench_function("unrelated_domains", |b| {
        b.iter(|| {
            for d in &unrelated {
                black_box(s.link_kind(d));
            }
        })
    });
    g.throughput(Throughput::Elements(perms.len() as u64));
    g.bench_function("dnstwist_permutations", |b| {
        b.iter(|| {
            for d in &perms {
                black_box(s.link_kind(d));
            }
        })
    });
    g.finish();
}

fn messages(c: &mut Criterion) {
    let s = shield();
    let mut msgs = Vec::new();
    for lang in ["en", "az", "fa", "ar", "vi"] {
        msgs.extend(eval::read_jsonl(&read(&format!(
            "testdata/messages/{lang}.jsonl"
        ))));
    }
    msgs.retain(|m| m.text.len() <= 320);
    let mut g = c.benchmark_group("check_message");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("sms_all_languages_detected", |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(s.check_message(&m.text, None));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, links, messages);
criterion_main!(benches);
