//! The public channels page in a real browser: headless Chromium loads it from the test
//! server, and the test reads the DOM Chromium built, its screenshot, and its log (which
//! names every Content Security Policy violation).
//!
//! Needs `/usr/bin/chromium` (`apt-get install -y chromium`; `.ci/run` installs it). Without
//! it the test is skipped with a message, except in CI (`CI=true`), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Backend, TestApp};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a Chromium run may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The browser, or None (skip) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI must have {CHROMIUM} for the browser test: .ci/run installs it with apt-get");
    }
    eprintln!(
        "skipping the browser test: {CHROMIUM} is missing (apt-get install -y chromium to run it)"
    );
    None
}

/// What one Chromium run printed.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium with a fresh profile on `url`, with `extra` arguments, and waits
/// at most [`TIMEOUT`]; output goes to files, so helper processes that keep a pipe open
/// cannot hang the test.
fn run_chromium(browser: &Path, work: &Path, name: &str, extra: &[String], url: &str) -> Run {
    let profile = work.join(format!("profile-{name}"));
    std::fs::create_dir_all(&profile).unwrap();
    let out_path = work.join(format!("{name}.out"));
    let err_path = work.join(format!("{name}.err"));
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .env("HOME", work)
    .stdin(Stdio::null())
    .stdout(std::fs::File::create(&out_path).unwrap())
    .stderr(std::fs::File::create(&err_path).unwrap());
    // Its own process group, so a run that hangs is stopped with all its helpers.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let run = Run {
                stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
                stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
            };
            assert!(
                status.success(),
                "chromium {name} failed ({status}): {}",
                run.stderr
            );
            return run;
        }
        if start.elapsed() > TIMEOUT {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!(
                "chromium {name} did not finish within {TIMEOUT:?}: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// True when Chromium's log reports a Content Security Policy violation.
fn csp_violation(stderr: &str) -> bool {
    stderr.contains("Content Security Policy") || stderr.contains("Content-Security-Policy")
}

/// Width and height from a PNG's header, or None when it is not a PNG.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

/// The rendered page in one language: the DOM Chromium built, and its screenshot's bytes.
async fn render(app: &TestApp, browser: &Path, work: &Path, lang: &str) -> (String, Vec<u8>) {
    let url = format!("{}/channels?lang={lang}", app.base);
    let (browser, work, lang_owned) = (browser.to_path_buf(), work.to_path_buf(), lang.to_owned());
    // Chromium blocks; the server answering it runs on this test's runtime.
    let (dom, shot, png) = tokio::task::spawn_blocking(move || {
        let dom = run_chromium(
            &browser,
            &work,
            &format!("dom-{lang_owned}"),
            &["--dump-dom".to_owned()],
            &url,
        );
        let png = work.join(format!("page-{lang_owned}.png"));
        let shot = run_chromium(
            &browser,
            &work,
            &format!("shot-{lang_owned}"),
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1000,1400".to_owned(),
            ],
            &url,
        );
        (dom, shot, png)
    })
    .await
    .unwrap();
    for run in [&dom, &shot] {
        assert!(
            !csp_violation(&run.stderr),
            "the page violates its own CSP in {lang}: {}",
            run.stderr
        );
    }
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot for {lang}: {e}"));
    (dom.stdout, bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_page_renders_in_a_real_browser_in_english_and_persian() {
    let Some(browser) = chromium() else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let work = tempfile::tempdir().unwrap();

    // The CSP check is not vacuous: a page whose policy forbids its inline style makes
    // Chromium log a violation that `csp_violation` sees.
    let control = work.path().join("control.html");
    std::fs::write(
        &control,
        "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\
         <style>body{color:red}</style></head><body>x</body></html>",
    )
    .unwrap();
    let (b, w) = (browser.clone(), work.path().to_path_buf());
    let url = format!("file://{}", control.display());
    let run = tokio::task::spawn_blocking(move || {
        run_chromium(&b, &w, "control", &["--dump-dom".to_owned()], &url)
    })
    .await
    .unwrap();
    assert!(
        csp_violation(&run.stderr),
        "Chromium's log should name the control page's CSP violation: {}",
        run.stderr
    );

    let (en, en_png) = render(&app, &browser, work.path(), "en").await;
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"), "{en}");
    assert!(en.contains("Odero — Our official channels"), "{en}");
    for item in [
        "https://odero.az",
        "https://www.odero.az",
        "tokeninc.com",
        "support@odero.az",
        "+994124040404",
        "https://www.instagram.com/odero.az",
    ] {
        assert!(
            en.contains(&format!(">{item}</li>")),
            "{item} is not listed: {en}"
        );
    }
    assert!(en.contains("<h2>We never ask for</h2>"), "{en}");
    for never in [
        "your password",
        "your PIN",
        "a one-time code",
        "your card number",
        "the CVV",
    ] {
        assert!(en.contains(&format!("<li>{never}</li>")), "{never}: {en}");
    }

    let (fa, fa_png) = render(&app, &browser, work.path(), "fa").await;
    assert!(fa.contains("<html lang=\"fa\" dir=\"rtl\">"), "{fa}");
    assert!(fa.contains("کانال‌های رسمی ما"), "{fa}");
    assert!(
        fa.contains("<h2>ما هرگز این‌ها را از شما نمی‌خواهیم</h2>"),
        "{fa}"
    );
    for never in ["رمز عبور", "رمز یک‌بار مصرف (کد پیامکی)", "شماره کارت"]
    {
        assert!(fa.contains(&format!("<li>{never}</li>")), "{never}: {fa}");
    }
    // Addresses and numbers stay left to right inside the right-to-left page.
    assert!(fa.contains("<li dir=\"ltr\">+994124040404</li>"), "{fa}");

    for (lang, png) in [("en", &en_png), ("fa", &fa_png)] {
        assert_eq!(
            png_size(png),
            Some((1000, 1400)),
            "{lang}: not a 1000x1400 PNG"
        );
        assert!(
            png.len() > 10_000,
            "{lang}: a {} byte screenshot is blank",
            png.len()
        );
    }
    assert_ne!(en_png, fa_png, "the two languages render differently");
    app.stop().await;
}
