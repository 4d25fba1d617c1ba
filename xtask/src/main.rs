//! `cargo xtask gen [--check]`: regenerate every provider crate from its spec, or fail when any is stale.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask gen [--check] [--root DIR]\n\n  gen           regenerate crates/<name>/src/generated.rs from specs/<name>.yaml\n  gen --check   exit 1 and name every stale generated file\n  --root DIR    the workspace to work on (default: this one)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut root = xtask::workspace_root();
    if let Some(i) = args.iter().position(|a| a == "--root") {
        let Some(dir) = args.get(i + 1).cloned() else {
            eprintln!("error: --root needs a directory\n\n{USAGE}");
            return ExitCode::from(2);
        };
        root = std::path::PathBuf::from(dir);
        args.drain(i..i + 2);
    }
    let check = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen"] => false,
        ["gen", "--check"] => true,
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = if check {
        xtask::check(&root)
    } else {
        xtask::generate_all(&root)
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
