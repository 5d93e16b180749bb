//! `amanat check ...`: verdicts printed as JSON, for scripts and for people.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;

use amanat_password::{PersonalData, Policy};

/// The customer's own data, which a password must not be guessable from.
#[derive(Args)]
pub struct PasswordArgs {
    /// The business's configuration: its name and domains are refused too, and its
    /// default region reads national phone numbers.
    #[arg(long, env = "AMANAT_CONFIG")]
    config: Option<PathBuf>,
    /// Given name, in any script.
    #[arg(long)]
    given_name: Option<String>,
    /// Family name, in any script.
    #[arg(long)]
    family_name: Option<String>,
    /// Birth date, YYYY-MM-DD (Gregorian).
    #[arg(long)]
    birth_date: Option<String>,
    /// Phone number, international (+994...) or national in the configured region.
    #[arg(long)]
    phone: Option<String>,
    /// Email address.
    #[arg(long)]
    email: Option<String>,
    /// Username.
    #[arg(long)]
    username: Option<String>,
    /// Language of the reasons: en, az, fa, ar, vi.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Sign-in has no second factor: NIST SP 800-63B then asks for 15 characters, not 8.
    #[arg(long)]
    no_second_factor: bool,
    /// The password; `-` reads it from standard input (keeps it out of the process list).
    password: String,
}

pub fn password(args: PasswordArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.config {
        Some(p) => Some(amanat_core::Config::load(p)?),
        None => None,
    };
    let region = config.as_ref().map_or("ZZ", |c| c.default_region.as_str());
    let birth_date = match &args.birth_date {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .context("--birth-date must be YYYY-MM-DD, for example 1990-03-15")?,
        ),
        None => None,
    };
    let phone = match &args.phone {
        Some(p) => Some(amanat_core::fields::parse_phone(p, region).map_err(|_| {
            anyhow::anyhow!("--phone is not a valid phone number; give it with the country code, like +994501234567")
        })?),
        None => None,
    };
    let password = if args.password == "-" {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        args.password.clone()
    };
    if password.is_empty() {
        bail!("no password given");
    }
    let policy = Policy::new(amanat_server::accounts::password_context(
        config.as_ref(),
        !args.no_second_factor,
    ));
    let data = PersonalData {
        given_name: args.given_name,
        family_name: args.family_name,
        birth_date,
        phone,
        email: args.email,
        username: args.username,
    };
    let verdict = policy.check(&password, &data, &args.lang);
    println!("{}", serde_json::to_string(&verdict)?);
    Ok(if verdict.accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What a shield check looks at.
#[derive(Args)]
pub struct ShieldArgs {
    /// The business's configuration (its official channels).
    #[arg(long, env = "AMANAT_CONFIG")]
    config: PathBuf,
    /// Language of the reasons: en, az, fa, ar, vi (for messages: the message's language;
    /// detected when left out).
    #[arg(long)]
    lang: Option<String>,
    /// Today's date for promotions, YYYY-MM-DD (default: today in the business's time zone).
    #[arg(long)]
    today: Option<String>,
    /// Count customers' fraud reports of the last 30 days from the server's embedded
    /// database in this directory (link, sender and phone checks). Without it or
    /// `--database-url`, reports are not consulted.
    #[arg(long, env = "AMANAT_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Count customers' fraud reports from this PostgreSQL database instead.
    #[arg(long, env = "AMANAT_DATABASE_URL")]
    database_url: Option<String>,
    /// The link, sender, number, promotion text or message; `-` reads standard input.
    input: String,
}

/// The server's database, when the check was told where it is.
async fn report_store(args: &ShieldArgs) -> anyhow::Result<Option<amanat_store::Store>> {
    let data_dir = match (&args.data_dir, &args.database_url) {
        (None, None) => return Ok(None),
        (Some(dir), None) => {
            // A check must not create an empty database where none was.
            if !dir.join("amanat.db").is_file() {
                bail!(
                    "{} holds no amanat database; give the server's --data-dir, or --database-url",
                    dir.display()
                );
            }
            dir.clone()
        }
        (dir, Some(_)) => dir.clone().unwrap_or_default(),
    };
    let store = amanat_store::Store::open(&amanat_store::StoreOptions {
        data_dir,
        database_url: args.database_url.clone(),
        keys_database_url: None,
        max_connections: 2,
    })
    .await
    .context("cannot open the database to count fraud reports")?;
    Ok(Some(store))
}

/// Recent reports of `what`, or 0 without a database.
async fn reports(
    store: Option<&amanat_store::Store>,
    what: Option<amanat_server::shield::Reported<'_>>,
) -> anyhow::Result<u64> {
    match (store, what) {
        (Some(store), Some(what)) => {
            Ok(
                amanat_server::shield::recent_reports(store, what, chrono::Utc::now())
                    .await
                    .context("counting fraud reports")?,
            )
        }
        _ => Ok(0),
    }
}

/// The shield checks.
#[derive(Clone, Copy)]
pub enum ShieldCheck {
    /// A link or domain.
    Link,
    /// A sender address.
    Sender,
    /// A phone number.
    Phone,
    /// A promotion.
    Promo,
    /// A message text.
    Message,
}

pub async fn shield(check: ShieldCheck, args: ShieldArgs) -> anyhow::Result<ExitCode> {
    let config = amanat_core::Config::load(&args.config)?;
    let shield = amanat_server::shield::shield_from_config(&config)
        .context("the configuration's official channels cannot be used")?;
    let input = if args.input == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .context("reading standard input")?;
        text
    } else {
        args.input.clone()
    };
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| config.default_locale().to_owned());
    use amanat_server::shield::Reported;
    let store = match check {
        ShieldCheck::Link | ShieldCheck::Sender | ShieldCheck::Phone => report_store(&args).await?,
        ShieldCheck::Promo | ShieldCheck::Message => None,
    };
    let json = match check {
        ShieldCheck::Link => {
            let domain = amanat_shield::link_report_domain(&input);
            let n = reports(store.as_ref(), domain.as_deref().map(Reported::Domain)).await?;
            serde_json::to_string(&shield.check_link_reported(&input, n, &lang))?
        }
        ShieldCheck::Sender => {
            let domain = amanat_shield::sender_report_domain(&input);
            let n = reports(store.as_ref(), domain.as_deref().map(Reported::Domain)).await?;
            serde_json::to_string(&shield.check_sender_reported(&input, n, &lang))?
        }
        ShieldCheck::Phone => {
            let e164 = amanat_shield::phone_report_key(&input, &config.default_region);
            let n = reports(store.as_ref(), e164.as_deref().map(Reported::Phone)).await?;
            serde_json::to_string(&shield.check_phone(&input, n, &lang))?
        }
        ShieldCheck::Promo => {
            let today = match &args.today {
                Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .context("--today must be YYYY-MM-DD")?,
                None => chrono::Utc::now()
                    .with_timezone(&config.time_zone)
                    .date_naive(),
            };
            serde_json::to_string(&shield.check_promo(&input, today, &lang))?
        }
        ShieldCheck::Message => {
            serde_json::to_string(&shield.check_message(&input, args.lang.as_deref()))?
        }
    };
    if let Some(store) = store {
        store.close().await;
    }
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

/// `amanat check email`: the input is a path to an .eml file, or `-` for stdin.
pub async fn email(args: ShieldArgs) -> anyhow::Result<ExitCode> {
    let config = amanat_core::Config::load(&args.config)?;
    let shield = amanat_server::shield::shield_from_config(&config)
        .context("the configuration's official channels cannot be used")?;
    let raw = if args.input == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        std::fs::read(&args.input).with_context(|| format!("cannot read {}", args.input))?
    };
    let dns = amanat_shield::EmailDns::system()
        .context("cannot set up DNS from the system configuration")?;
    let ctx = amanat_shield::EmailContext::from_headers(&raw);
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| config.default_locale().to_owned());
    let store = report_store(&args).await?;
    let domain = amanat_shield::email_report_domain(&raw);
    let n = reports(
        store.as_ref(),
        domain
            .as_deref()
            .map(amanat_server::shield::Reported::Domain),
    )
    .await?;
    let verdict = shield
        .check_email_reported(&raw, &ctx, &dns, (domain, n), &lang)
        .await;
    if let Some(store) = store {
        store.close().await;
    }
    println!("{}", serde_json::to_string(&verdict)?);
    Ok(ExitCode::SUCCESS)
}
