//! Policy check with full personal data on 64-character passwords.
//! Target (issue 3): median under 2 ms. Run with
//! `cargo bench --bench policy`; the medians are printed first, then
//! criterion's own estimates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use amanat_password::{Context, PersonalData, Policy};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

fn policy() -> Policy {
    Policy::new(Context {
        business_names: vec!["Odero".into(), "Token Inc".into()],
        business_domains: vec!["odero.az".into(), "tokeninc.com".into()],
        second_factor: false,
    })
}

fn persian() -> PersonalData {
    PersonalData {
        given_name: Some("محمد رضا".into()),
        family_name: Some("حسینی".into()),
        birth_date: NaiveDate::from_ymd_opt(1990, 3, 15),
        phone: Some("+989121234567".into()),
        email: Some("mohammadreza.hosseini@gmail.com".into()),
        username: Some("mreza_h90".into()),
    }
}

fn vietnamese() -> PersonalData {
    PersonalData {
        given_name: Some("Thị Thanh Hương".into()),
        family_name: Some("Nguyễn".into()),
        birth_date: NaiveDate::from_ymd_opt(1988, 11, 2),
        phone: Some("+84912345678".into()),
        email: Some("huong.nguyen88@yahoo.com".into()),
        username: Some("huongnguyen".into()),
    }
}

/// 64-character passwords: an accepted passphrase, a Vietnamese one, random
/// symbols (zxcvbn's slowest case), and one stuffed with personal data.
fn cases() -> Vec<(&'static str, String, PersonalData)> {
    let cases = vec![
        (
            "passphrase",
            "Lantern quiet 7 mosaic drifts over amber rooftops while owls hum",
            persian(),
        ),
        (
            "vietnamese",
            "Con mèo tím nhảy qua cầu tre lúc nửa đêm rồi ngủ quên trên mái n",
            vietnamese(),
        ),
        (
            "symbols",
            "aZ3$kL9!mQ2@xW7#nB5%vC8^zD1&fG4*hJ6(pK0)rT3_yU8+iO2=eA7-sD5~wQ9x",
            persian(),
        ),
        (
            "personal",
            "mohammadreza1368hosseini09121234567mreza_h90!!MohammadReza13681",
            persian(),
        ),
    ];
    cases
        .into_iter()
        .map(|(name, p, d)| {
            let p: String = p.chars().cycle().take(64).collect();
            assert_eq!(p.chars().count(), 64, "{name}");
            (name, p, d)
        })
        .collect()
}

fn print_medians(policy: &Policy) {
    println!("policy check, 64-character password, full personal data (release build):");
    for (name, password, data) in cases() {
        let mut times: Vec<Duration> = (0..300)
            .map(|_| {
                let t = Instant::now();
                black_box(policy.check(black_box(&password), black_box(&data), "en"));
                t.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        let p95 = times[times.len() * 95 / 100];
        let verdict = policy.check(&password, &data, "en");
        println!(
            "  {name:<11} median {:>8.3} ms  p95 {:>8.3} ms  accepted={} score={}",
            median.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            verdict.accepted,
            verdict.score
        );
    }
}

fn bench(c: &mut Criterion) {
    let policy = policy();
    print_medians(&policy);
    let mut group = c.benchmark_group("check_64_chars");
    for (name, password, data) in cases() {
        group.bench_function(name, |b| {
            b.iter(|| policy.check(black_box(&password), black_box(&data), "en"))
        });
    }
    group.finish();
    c.bench_function("policy_new", |b| {
        b.iter(|| Policy::new(black_box(Context::default())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
