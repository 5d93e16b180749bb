//! `amanat`: the command-line entry point. Parses arguments, wires configuration,
//! store and server, and maps failures to exit codes with clear messages.

mod bench;
mod bench_privacy;
mod bench_signin;
mod checks;
mod cli;
mod demo;
mod setup;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    setup::init_logging(args.default_log_filter());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
