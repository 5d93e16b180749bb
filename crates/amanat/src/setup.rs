//! Shared wiring: logging, the master key, opening config, store and vault.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use amanat_core::Config;
use amanat_crypto::MasterKey;
use amanat_server::Vault;
use amanat_store::{Store, StoreOptions};
use anyhow::{Context, bail};

use crate::cli::StoreArgs;

/// Logs go to stderr; `RUST_LOG` filters (else `default`), `AMANAT_LOG_FORMAT=json`
/// gives JSON lines.
pub fn init_logging(default: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if std::env::var("AMANAT_LOG_FORMAT").is_ok_and(|v| v == "json") {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}

/// The master key: `AMANAT_MASTER_KEY` (base64) or `<data-dir>/master.key`, created on
/// first start with a warning.
pub fn master_key(data_dir: &Path) -> anyhow::Result<MasterKey> {
    if let Ok(text) = std::env::var("AMANAT_MASTER_KEY") {
        return MasterKey::from_base64(&text).context("AMANAT_MASTER_KEY is set but unusable");
    }
    let path = data_dir.join("master.key");
    let (key, created) = MasterKey::load_or_create_file(&path)?;
    if created {
        tracing::warn!(
            path = %path.display(),
            "created a new master key file (mode 0600). Fine for development; in production set AMANAT_MASTER_KEY from a secret store and back the key up: without it no data can be read"
        );
    }
    Ok(key)
}

/// Loads the configuration named by `--config` (or `AMANAT_CONFIG`).
pub fn load_config(path: Option<&PathBuf>) -> anyhow::Result<Config> {
    let Some(path) = path else {
        bail!(
            "no configuration: pass --config FILE (examples/ holds one per reference business) or run `amanat serve --demo`"
        );
    };
    Ok(Config::load(path)?)
}

/// Opens the store described by the shared options.
pub async fn open_store(args: &StoreArgs) -> anyhow::Result<Store> {
    let opts = StoreOptions {
        data_dir: args.data_dir.clone(),
        database_url: args.database_url.clone(),
        keys_database_url: args.keys_database_url.clone(),
        max_connections: args.max_connections,
    };
    let store = Store::open(&opts)
        .await
        .context("cannot open the database")?;
    Ok(store)
}

/// Opens config, store and vault together.
pub async fn open_vault(args: &StoreArgs, config: Config) -> anyhow::Result<Arc<Vault>> {
    let store = open_store(args).await?;
    let master = master_key(&args.data_dir)?;
    let vault = Vault::open(Arc::new(config), store, master, chrono::Utc::now())
        .await
        .context("cannot open the vault")?;
    Ok(Arc::new(vault))
}

/// `amanat staff password ID`: the password from standard input, then a new TOTP secret.
pub async fn staff_password(store: &StoreArgs, id: &str) -> anyhow::Result<std::process::ExitCode> {
    use std::io::BufRead;
    let config = load_config(store.config.as_ref()).or_else(|_| crate::cli::demo_config())?;
    let vault = std::sync::Arc::new(open_vault(store, config).await?);
    let accounts = amanat_server::accounts::Accounts::new(
        std::sync::Arc::clone(&vault),
        std::sync::Arc::new(tokio::sync::Notify::new()),
    )?;
    eprintln!(
        "type the new password and press Enter (it is not echoed by pipes; use `printf ... |` or a terminal without history):"
    );
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        anyhow::bail!("no password given on standard input");
    }
    match accounts
        .set_staff_password(id.trim(), password, chrono::Utc::now())
        .await
    {
        Ok((secret, uri)) => {
            println!("password set; all sessions of this staff member ended.");
            println!("add this secret to an authenticator app (shown once):");
            println!("  secret: {secret}");
            println!("  uri:    {uri}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(amanat_server::accounts::AuthError::WeakPassword(v)) => {
            println!("{}", serde_json::to_string(&v)?);
            Ok(std::process::ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// The vault and the accounts service over it, for commands that act as the server would
/// (no outbox worker runs: queued notices wait for the server's).
async fn open_accounts(
    store: &StoreArgs,
    config: Config,
) -> anyhow::Result<Arc<amanat_server::accounts::Accounts>> {
    let vault = open_vault(store, config).await?;
    Ok(Arc::new(amanat_server::accounts::Accounts::new(
        vault,
        Arc::new(tokio::sync::Notify::new()),
    )?))
}

/// Prints the privacy-request queue (`amanat privacy requests`).
pub async fn privacy_requests(
    store: &StoreArgs,
    state: Option<&str>,
    overdue: bool,
) -> anyhow::Result<std::process::ExitCode> {
    let config = load_config(store.config.as_ref())?;
    let accounts = open_accounts(store, config).await?;
    let privacy = amanat_server::privacy::Privacy::new(Arc::clone(accounts.vault()), accounts);
    let list = privacy.queue(state, overdue, chrono::Utc::now()).await?;
    for r in &list {
        println!("{}", serde_json::to_string(r)?);
    }
    let late = list.iter().filter(|r| r.overdue).count();
    eprintln!("{} requests, {late} overdue", list.len());
    Ok(if overdue && late > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// `amanat retention run [--dry-run]`: one pass with a progress line and a summary.
pub async fn retention_run(
    store: &StoreArgs,
    dry_run: bool,
) -> anyhow::Result<std::process::ExitCode> {
    let config = load_config(store.config.as_ref())?;
    if config.retention.inactive_days.is_none() {
        println!("retention.inactive_days is not set in the configuration: nothing is ever due");
    }
    let accounts = open_accounts(store, config).await?;
    let bar = indicatif::ProgressBar::new_spinner();
    let report =
        amanat_server::retention::run(&accounts, dry_run, chrono::Utc::now(), &|phase, n| {
            bar.set_message(format!("{n} customers {phase}"));
            bar.tick();
        })
        .await?;
    bar.finish_and_clear();
    if dry_run {
        println!(
            "dry run: {} customers due a notice, {} due erasure; nothing changed",
            report.due_notice, report.due_erasure
        );
    } else {
        println!(
            "{} customers erased ({} order references kept for accounting), {} notices queued (the server's outbox delivers them)",
            report.erased, report.orders_kept, report.noticed
        );
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(std::process::ExitCode::SUCCESS)
}
