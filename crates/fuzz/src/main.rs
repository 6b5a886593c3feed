//! `mohar-fuzz [SECONDS_PER_TARGET] [--target NAME] [--seed N]` fuzzes every target (or one) and
//! prints, per target, the inputs run and the crashes, then a total. Exits 1 on any crash.
//! `mohar-fuzz --repro NAME HEX` runs one input (as printed for a crash) with the panic shown.

use std::process::ExitCode;
use std::time::Duration;

use mohar_fuzz::backup_targets::BACKUP_TARGETS;
use mohar_fuzz::targets::TARGETS;
use mohar_fuzz::Target;
use mohar_fuzz::{from_hex, fuzz, install_quiet_panic_hook, to_hex};

/// Every target: the readers of card, storage and typed input, then the backup file's.
fn all_targets() -> impl Iterator<Item = &'static Target> {
    TARGETS.iter().chain(BACKUP_TARGETS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--repro") {
        return repro(&args[1..]);
    }
    let mut seconds = 5.0;
    let mut only = None;
    let mut seed = 1;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--target" => only = rest.next().cloned(),
            "--seed" => seed = rest.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            number => match number.parse::<f64>() {
                Ok(value) if value > 0.0 => seconds = value,
                _ => {
                    eprintln!("usage: mohar-fuzz [SECONDS_PER_TARGET] [--target NAME] [--seed N] | --repro NAME HEX");
                    return ExitCode::from(2);
                }
            },
        }
    }
    let targets: Vec<_> = all_targets().filter(|t| only.as_deref().is_none_or(|name| name == t.name)).collect();
    if targets.is_empty() {
        eprintln!("no target named {only:?}; targets: {}", all_targets().map(|t| t.name).collect::<Vec<_>>().join(", "));
        return ExitCode::from(2);
    }
    install_quiet_panic_hook();
    let budget = Duration::from_secs_f64(seconds);
    println!("{:<16} {:>11} {:>8} {:>9}", "target", "executions", "crashes", "outcomes");
    let (mut executions, mut crashes) = (0, 0);
    let mut found = Vec::new();
    for target in targets {
        let report = fuzz(target, budget, seed);
        println!("{:<16} {:>11} {:>8} {:>9}", target.name, report.executions, report.crashes, report.outcomes);
        executions += report.executions;
        crashes += report.crashes;
        found.extend(report.distinct.into_iter().map(|(message, input)| (target.name, message, input)));
    }
    println!("{:<16} {:>11} {:>8}", "total", executions, crashes);
    for (name, message, input) in &found {
        let shown = String::from_utf8_lossy(input);
        let shown: String = shown.chars().take(120).collect();
        println!("\nCRASH in {name}: {message}\n  input (text): {shown:?}\n  reproduce:    scripts/fuzz.sh --repro {name} {}", to_hex(input));
    }
    if crashes > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn repro(args: &[String]) -> ExitCode {
    let (Some(name), Some(hex)) = (args.first(), args.get(1)) else {
        eprintln!("usage: mohar-fuzz --repro NAME HEX");
        return ExitCode::from(2);
    };
    let (Some(target), Some(input)) = (all_targets().find(|t| t.name == name), from_hex(hex)) else {
        eprintln!("unknown target or bad hex");
        return ExitCode::from(2);
    };
    // The default panic hook stays, so the message and a backtrace (RUST_BACKTRACE=1) show.
    let outcome = (target.run)(&input);
    println!("{name}: no crash (outcome {outcome:x})");
    ExitCode::SUCCESS
}
