//! `cargo xtask test`: runs every test of the workspace.

use std::process::{Command, ExitCode};

use anyhow::Context as _;

use crate::flags;
use crate::workspace_root;

pub fn run(flags: &flags::Test) -> anyhow::Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--locked"])
        .args(&flags.cargo_args)
        .status()
        .with_context(|| format!("failed to run `{cargo} test`"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
