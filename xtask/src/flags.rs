//! Command-line flags of the xtask.

use std::path::PathBuf;

/// Project automation for the SDK generator.
#[derive(Debug, clap::Parser)]
#[command(name = "cargo xtask")]
pub enum Xtask {
    /// Generate the SDK crate and its docs from an OpenAPI 3.0 spec.
    Codegen(Codegen),
    /// Run every test of the workspace, installing what the tests need.
    Test(Test),
}

/// Flags of `cargo xtask codegen`.
#[derive(Debug, clap::Args)]
pub struct Codegen {
    /// OpenAPI 3.0 document to read, in YAML or JSON [default: spec/openapi.yaml; without
    /// --spec and --out, also tests/fixtures/security-schemes.yaml into tests/sdks/security].
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Folder to write the crate into [default: generated/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Settings file [default: generator.toml beside the spec, when there is one].
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,

    /// Folder of the Markdown templates [default: templates/].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Write nothing; exit with status 1 and list the files that differ when the output is stale.
    #[arg(long)]
    pub check: bool,
}

/// Flags of `cargo xtask test`.
#[derive(Debug, clap::Args)]
pub struct Test {
    /// Extra arguments passed to `cargo test`, after `--`.
    #[arg(last = true)]
    pub cargo_args: Vec<String>,
}
