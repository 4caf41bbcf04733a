//! Command-line flags of the xtask.

use std::path::PathBuf;

/// Project automation for the SDK generator.
#[derive(Debug, clap::Parser)]
#[command(name = "cargo xtask")]
pub enum Xtask {
    /// Generate the SDK crate and its docs from an OpenAPI 3.0 spec.
    Codegen(Codegen),
    /// Run every test of the workspace with `cargo test --workspace --locked`.
    Test(Test),
    /// Time each stage of generation in a release build, and report peak memory.
    Bench(Bench),
    /// Measure one spec in this process; `bench` runs it in a release build per spec.
    #[command(hide = true)]
    BenchOne(BenchOne),
    /// Generate an SDK for each spec of a corpus and check that every one compiles.
    Corpus(Corpus),
    /// Run each fuzz target of fuzz/ for a bounded time, installing the pinned cargo-fuzz.
    Fuzz(Fuzz),
    /// Generate from hostile specs at full size in a release build, and print time and memory.
    Hostile(Hostile),
    /// Generate from one hostile spec in this process; `hostile` runs it per case.
    #[command(hide = true)]
    HostileOne(HostileOne),
}

/// Flags of `cargo xtask codegen`.
#[derive(Debug, clap::Args)]
pub struct Codegen {
    /// OpenAPI 3.0 document to read, in YAML or JSON. It needs --out, so that another spec never
    /// replaces the checked-in SDKs [default: spec/openapi.yaml; without --spec and --out, also
    /// the fixtures tests/fixtures/security-schemes.yaml and servers.yaml into tests/sdks/].
    #[arg(long, value_name = "FILE", requires = "out")]
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

    /// Also write the public API changes against the SDK in the output folder, as Markdown.
    #[arg(long, value_name = "FILE")]
    pub changes: Option<PathBuf>,

    /// Write nothing; exit with status 1 and list the files that differ when the output is stale
    /// (status 2 means the generation itself failed).
    #[arg(long)]
    pub check: bool,

    /// Print every warning. By default only the first 3 warnings of each kind (those that give
    /// the same fix) are printed, followed by a count of the rest.
    #[arg(long)]
    pub all_warnings: bool,
}

/// Flags of `cargo xtask test`.
#[derive(Debug, clap::Args)]
pub struct Test {
    /// Extra arguments passed to `cargo test`, after `--`.
    #[arg(last = true)]
    pub cargo_args: Vec<String>,
}

/// Flags of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Bench {
    /// Specs to measure [default: spec/openapi.yaml and ../shared/specs/gram-2026-08.openapi3.yaml].
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,

    /// Generations per spec; the table shows the median of each stage.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,

    /// Measure instead how long `cargo build` of the generated crate takes and its peak
    /// compiler memory, with all services and with one service's feature [default spec: the
    /// 611-operation one].
    #[arg(long)]
    pub compile: bool,

    /// With --compile, the service feature of the one-service build [default: the first].
    #[arg(long, value_name = "NAME", requires = "compile")]
    pub feature: Option<String>,
}

/// Flags of `cargo xtask bench-one`.
#[derive(Debug, clap::Args)]
pub struct BenchOne {
    /// Spec to measure.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,

    /// Generations to run; the report shows the median of each stage.
    #[arg(long)]
    pub runs: usize,
}

/// Flags of `cargo xtask corpus`.
#[derive(Debug, clap::Args)]
pub struct Corpus {
    /// Spec files, or folders whose `.yaml`, `.yml` and `.json` files are read (not their
    /// subfolders) [default: ../shared/specs and ../shared/cases].
    #[arg(value_name = "DIR_OR_FILE")]
    pub paths: Vec<PathBuf>,

    /// Folder to build the crates' workspace in, kept afterwards [default: a temporary folder,
    /// removed afterwards].
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,

    /// Compiler messages shown for each crate that fails to compile.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub errors: usize,
}

/// Flags of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Fuzz {
    /// Seconds to run each target.
    #[arg(long, default_value_t = 120)]
    pub seconds: u64,

    /// Target to run [default: every target].
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,

    /// Codegen units of the fuzz build; more build faster and run somewhat slower
    /// [default: cargo-fuzz's, 1].
    #[arg(long, value_name = "N")]
    pub codegen_units: Option<u32>,
}

/// Flags of `cargo xtask hostile`.
#[derive(Debug, clap::Args)]
pub struct Hostile {
    /// Case to run [default: every case].
    #[arg(long, value_name = "NAME")]
    pub case: Option<String>,
}

/// Flags of `cargo xtask hostile-one`.
#[derive(Debug, clap::Args)]
pub struct HostileOne {
    /// Case to run.
    #[arg(long, value_name = "NAME")]
    pub case: String,
}
