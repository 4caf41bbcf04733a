//! `cargo xtask test`: installs Stoplight Prism for the conformance test when needed, then runs
//! every test of the workspace.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

use crate::flags;
use crate::workspace_root;

/// Folder of the npm project that pins Prism, relative to the workspace root.
const PRISM_DIR: &str = "tests/prism";

/// Copy of the lock file that the last successful `npm ci` installed, inside `node_modules`.
const INSTALLED_LOCK: &str = "node_modules/.installed-package-lock.json";

pub fn run(flags: &flags::Test) -> anyhow::Result<ExitCode> {
    install_prism(&workspace_root().join(PRISM_DIR))?;

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

/// Runs `npm ci` in `dir` when `node_modules` is missing or was installed from another lock
/// file. Without npm it prints why and returns, and the Prism test then skips itself.
fn install_prism(dir: &Path) -> anyhow::Result<()> {
    let lock_path = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_path)
        .with_context(|| format!("failed to read {}", lock_path.display()))?;
    let installed = std::fs::read(dir.join(INSTALLED_LOCK)).ok();
    if installed.as_deref() == Some(lock.as_slice()) {
        return Ok(());
    }
    if Command::new("npm").arg("--version").output().is_err() {
        eprintln!("npm not found, so Prism is not installed and the Prism test will skip");
        return Ok(());
    }

    eprintln!("installing Prism with `npm ci` in {PRISM_DIR}");
    // Install scripts stay off: Prism needs none, and they would run code from the registry.
    let status = Command::new("npm")
        .current_dir(dir)
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .status()
        .context("failed to run `npm ci`")?;
    if !status.success() {
        bail!("`npm ci` failed in {PRISM_DIR} with {status}");
    }
    std::fs::write(dir.join(INSTALLED_LOCK), &lock)
        .with_context(|| format!("failed to write {PRISM_DIR}/{INSTALLED_LOCK}"))?;
    Ok(())
}
