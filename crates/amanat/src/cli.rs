//! The command line: subcommands, their options, and what each runs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use amanat_core::{Config, Role};
use amanat_store::VerifyReport;

use crate::setup;

/// amanat: keeps a business's privacy and security promises in code.
#[derive(Parser)]
#[command(name = "amanat", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by every subcommand that touches data.
#[derive(Args, Clone, Debug)]
pub struct StoreArgs {
    /// The business's configuration file (TOML).
    #[arg(long, env = "AMANAT_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where the embedded SQLite databases and the development key file live.
    #[arg(long, env = "AMANAT_DATA_DIR", default_value = "amanat-data")]
    pub data_dir: PathBuf,
    /// Use PostgreSQL instead of the embedded SQLite (postgres://user@host/db).
    #[arg(long, env = "AMANAT_DATABASE_URL")]
    pub database_url: Option<String>,
    /// A separate PostgreSQL database for the key store (default: schema amanat_keys).
    #[arg(long, env = "AMANAT_KEYS_DATABASE_URL")]
    pub keys_database_url: Option<String>,
    /// Most database connections per pool.
    #[arg(long, default_value_t = 8)]
    pub max_connections: u32,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        /// Address to listen on.
        #[arg(long, env = "AMANAT_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load an example business with made-up customers and print an admin token.
        #[arg(long)]
        demo: bool,
    },
    /// Configuration files.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Staff identities and their API tokens.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Retention: notices to inactive customers, then erasure.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Privacy requests: the data protection officer's queue.
    Privacy {
        #[command(subcommand)]
        command: PrivacyCommand,
    },
    /// Key management.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The audit chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Checks that print a JSON verdict.
    Check {
        #[command(subcommand)]
        command: CheckCommand,
    },
    /// Benchmarks that print figures.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate a configuration file; exits 0 when it is valid, 1 with file:line:column and the reason when not.
    Check {
        /// The file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff identity; its API token is printed on the last line of stdout.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Role: admin, support, fraud, dpo or integration.
        #[arg(long)]
        role: String,
    },
    /// List staff identities.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Record that staff identity ID accepted the confidentiality terms in FILE (its
    /// SHA-256 is stored); until then no personal read succeeds for it. For integrations
    /// and the first administrator; people accept with POST /api/v1/staff/terms.
    AcceptTerms {
        #[command(flatten)]
        store: StoreArgs,
        /// The staff id (see `amanat staff list`).
        id: String,
        /// The terms document.
        #[arg(long)]
        document: PathBuf,
    },
    /// Set a staff member's sign-in password (read from standard input, one line) and a
    /// new authenticator secret, printed once; their sessions end. Exit 1 when the
    /// password is refused, with the reasons.
    Password {
        #[command(flatten)]
        store: StoreArgs,
        /// The staff id (see `amanat staff list`).
        id: String,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// One pass: erase customers told `notice_days` ago and still inactive, then queue a
    /// notice to those inactive for `inactive_days`. Prints a JSON summary on the last line.
    Run {
        #[command(flatten)]
        store: StoreArgs,
        /// Count what is due without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum PrivacyCommand {
    /// The open requests (or those in `--state`), oldest due first: one JSON line each (ids,
    /// kinds, states, dates and steps; no personal values), then a count on stderr. With
    /// `--overdue` only those past their due date, and exit 1 when there are any (for a
    /// monitoring job).
    Requests {
        #[command(flatten)]
        store: StoreArgs,
        /// received, verified, in_progress, completed or refused.
        #[arg(long)]
        state: Option<String>,
        /// Only requests past their due date; exit 1 when there are any.
        #[arg(long)]
        overdue: bool,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a key-encryption-key version and rewrap every customer key under it.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the chain; exit 0 when intact, 1 naming the first broken entry.
    Verify {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum CheckCommand {
    /// Would this password be accepted for this customer? Prints {"accepted", "reasons", "score"};
    /// exits 0 when accepted, 1 when refused, 2 on bad input.
    Password(crate::checks::PasswordArgs),
    /// Is this link or domain one of the business's, or a lookalike?
    Link(crate::checks::ShieldArgs),
    /// Is this sender (`Name <address>` or an address) really the business?
    Sender(crate::checks::ShieldArgs),
    /// Is this phone number or short code the business's?
    Phone(crate::checks::ShieldArgs),
    /// Is this promotion code or prize announcement real and current?
    Promo(crate::checks::ShieldArgs),
    /// Does this SMS, email text or call transcript look like a scam?
    Message(crate::checks::ShieldArgs),
    /// Is this raw email (.eml file, `-` for stdin) really from the business? SPF, DKIM and
    /// DMARC with alignment against the official sender domains, over the system's DNS.
    Email(crate::checks::ShieldArgs),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Vault throughput against a plain baseline, and audit verification speed.
    Vault {
        /// Customers to write and read.
        #[arg(long, default_value_t = 5000)]
        customers: u64,
        /// Audit entries for the verification benchmark.
        #[arg(long, default_value_t = 1_000_000)]
        audit_entries: u64,
        /// Clients reading at once in the concurrent round (as a server's requests do).
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// Where to put the temporary database (default: a fresh temporary directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The marketing audience streamed as NDJSON over HTTP (aim: 500,000 ids/s).
    Audience {
        /// Customers with a standing consent.
        #[arg(long, default_value_t = 1_000_000)]
        customers: u64,
        /// Where to put the temporary database (default: a fresh temporary directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The export of one customer with many orders and audit entries (aim: p50 under 50 ms).
    Export {
        /// Orders of the customer.
        #[arg(long, default_value_t = 100)]
        orders: u64,
        /// Audit entries about the customer.
        #[arg(long, default_value_t = 1000)]
        audit_entries: u64,
        /// Exports to time.
        #[arg(long, default_value_t = 50)]
        runs: usize,
        /// Where to put the temporary database (default: a fresh temporary directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// A retention pass erasing inactive customers (aim: 100,000 in under 30 s).
    Retention {
        /// Inactive customers due erasure.
        #[arg(long, default_value_t = 100_000)]
        customers: u64,
        /// Fields per customer.
        #[arg(long, default_value_t = 6)]
        fields: usize,
        /// Where to put the temporary database (default: a fresh temporary directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// A sign-in storm over HTTP: throughput against the Argon2id limit, and the latency
    /// of a signed-in request meanwhile.
    Signin {
        /// Accounts to create and sign in to.
        #[arg(long, default_value_t = 200)]
        accounts: u64,
        /// How long the storm lasts.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Clients signing in at once (default: 4 per core).
        #[arg(long)]
        concurrency: Option<usize>,
        /// Data directory, kept afterwards (default: a fresh temporary directory, removed).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

impl Cli {
    /// The log filter when `RUST_LOG` is unset: a benchmark's report is not drowned in
    /// one line per request.
    pub fn default_log_filter(&self) -> &'static str {
        match self.command {
            Command::Bench { .. } => "warn,sqlx=warn",
            _ => "info,sqlx=warn",
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve {
            store,
            listen,
            demo,
        } => crate::demo::serve(store, listen, demo).await,
        Command::Config {
            command: ConfigCommand::Check { file },
        } => match Config::load(&file) {
            Ok(c) => {
                println!(
                    "{}: valid ({}: {} fields, {} purposes, locales {})",
                    file.display(),
                    c.name,
                    c.fields.len(),
                    c.purposes.len(),
                    c.locales.join(", ")
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(ExitCode::from(1))
            }
        },
        Command::Staff {
            command: StaffCommand::Add { store, name, role },
        } => {
            let role = Role::from_str(&role)?;
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                anyhow::bail!("--name must be 1 to 100 printable characters");
            }
            let s = setup::open_store(&store).await?;
            let token = amanat_server::staff::add_staff(&s, &name, role, "cli").await?;
            println!(
                "created staff {name:?} with role {role}; its API token (shown once, keep it secret):"
            );
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff {
            command: StaffCommand::List { store },
        } => {
            let s = setup::open_store(&store).await?;
            for st in s.list_staff().await? {
                println!("{}\t{}\t{}", st.id, st.role, st.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff {
            command:
                StaffCommand::AcceptTerms {
                    store,
                    id,
                    document,
                },
        } => {
            use sha2::Digest;
            let bytes = std::fs::read(&document)
                .with_context(|| format!("cannot read {}", document.display()))?;
            let hash = hex::encode(sha2::Sha256::digest(&bytes));
            let config = setup::load_config(store.config.as_ref()).or_else(|_| demo_config())?;
            let s = setup::open_store(&store).await?;
            match amanat_server::staff::accept_terms(&s, &config, id.trim(), &hash, "cli").await {
                Ok(()) => {
                    println!(
                        "recorded: staff {} accepted the terms with SHA-256 {hash}",
                        id.trim()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Staff {
            command: StaffCommand::Password { store, id },
        } => crate::setup::staff_password(&store, &id).await,
        Command::Retention {
            command: RetentionCommand::Run { store, dry_run },
        } => crate::setup::retention_run(&store, dry_run).await,
        Command::Privacy {
            command:
                PrivacyCommand::Requests {
                    store,
                    state,
                    overdue,
                },
        } => crate::setup::privacy_requests(&store, state.as_deref(), overdue).await,
        Command::Keys {
            command: KeysCommand::Rotate { store },
        } => {
            let config = setup::load_config(store.config.as_ref()).or_else(|_| demo_config())?;
            let vault = setup::open_vault(&store, config).await?;
            let bar = indicatif::ProgressBar::new_spinner();
            let report = vault
                .rotate_keys(chrono::Utc::now(), &|n| {
                    bar.set_message(format!("{n} customer keys rewrapped"))
                })
                .await?;
            bar.finish_and_clear();
            println!(
                "key encryption key version {} is now current; {} customer keys rewrapped; retired versions: {:?}",
                report.new_version, report.rewrapped, report.retired
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify { store },
        } => {
            let s = setup::open_store(&store).await?;
            let start = std::time::Instant::now();
            let report = s.verify_audit().await?;
            let secs = start.elapsed().as_secs_f64();
            match report {
                VerifyReport::Intact { entries } => {
                    println!("audit chain intact: {entries} entries verified in {secs:.2}s");
                    Ok(ExitCode::SUCCESS)
                }
                VerifyReport::Broken {
                    seq,
                    reason,
                    entries_ok,
                } => {
                    println!(
                        "audit chain BROKEN at entry {seq}: {reason} ({entries_ok} entries before it are intact)"
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Check { command } => match command {
            CheckCommand::Password(args) => crate::checks::password(args),
            CheckCommand::Link(a) => {
                crate::checks::shield(crate::checks::ShieldCheck::Link, a).await
            }
            CheckCommand::Sender(a) => {
                crate::checks::shield(crate::checks::ShieldCheck::Sender, a).await
            }
            CheckCommand::Phone(a) => {
                crate::checks::shield(crate::checks::ShieldCheck::Phone, a).await
            }
            CheckCommand::Promo(a) => {
                crate::checks::shield(crate::checks::ShieldCheck::Promo, a).await
            }
            CheckCommand::Message(a) => {
                crate::checks::shield(crate::checks::ShieldCheck::Message, a).await
            }
            CheckCommand::Email(a) => crate::checks::email(a).await,
        },
        Command::Bench {
            command:
                BenchCommand::Vault {
                    customers,
                    audit_entries,
                    clients,
                    dir,
                },
        } => {
            crate::bench::vault(customers, audit_entries, clients.max(1), dir).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command:
                BenchCommand::Export {
                    orders,
                    audit_entries,
                    runs,
                    dir,
                },
        } => {
            crate::bench_privacy::export(orders, audit_entries, runs, dir).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command: BenchCommand::Audience { customers, dir },
        } => {
            crate::bench_privacy::audience(customers, dir).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command:
                BenchCommand::Retention {
                    customers,
                    fields,
                    dir,
                },
        } => {
            crate::bench_privacy::retention(customers, fields, dir).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            command:
                BenchCommand::Signin {
                    accounts,
                    seconds,
                    concurrency,
                    dir,
                },
        } => {
            crate::bench_signin::signin(crate::bench_signin::SigninBench {
                accounts,
                seconds,
                concurrency,
                dir,
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The embedded example used by `--demo` and by commands that need a catalogue but
/// were given none.
pub fn demo_config() -> anyhow::Result<Config> {
    Config::parse(
        crate::demo::DEMO_CONFIG,
        std::path::Path::new("examples/odero.toml"),
    )
    .context("the embedded demo configuration is invalid")
}
