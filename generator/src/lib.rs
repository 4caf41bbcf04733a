//! Generates a Rust SDK crate and its Markdown docs from an OpenAPI 3.0 document.
//!
//! The pipeline runs in stages, one module each:
//! [`load`] reads the spec, [`resolve`] turns it into the [`ir`], [`emit`] writes Rust from the
//! IR, [`format`] checks and formats that Rust, [`docs`] renders the Markdown pages from
//! `templates/`, and [`write`] puts the files on disk or compares them with what is there.
//! [`changes`] compares the public API of two generations.

#![deny(missing_docs)]

pub mod changes;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
#[allow(missing_docs)]
pub mod ir;
mod jobs;
pub mod load;
mod markdown;
#[cfg(test)]
mod odd_names_tests;
mod outputs;
pub mod resolve;
pub mod settings;
pub mod warnings;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use error::{Error, SpecError};
pub use load::{MAX_ENUM_VALUES, MAX_NAME_BYTES, MAX_NESTING, MAX_SPEC_BYTES};
pub use settings::Settings;

/// The inputs of one generation.
#[derive(Debug, Clone)]
pub struct Options {
    /// The OpenAPI document to read.
    pub spec: PathBuf,
    /// Name of the spec in file headers and messages, such as `spec/openapi.yaml`.
    pub spec_label: String,
    /// The settings file; `None` derives every setting from the spec.
    pub settings: Option<PathBuf>,
    /// The folder of Markdown templates.
    pub templates: PathBuf,
}

#[cfg(test)]
impl Options {
    /// Options of a unit test that generates from spec text it names `spec`, with this
    /// workspace's templates and no settings file.
    pub(crate) fn for_test(spec: &str) -> Options {
        Options {
            spec: spec.into(),
            spec_label: spec.to_owned(),
            settings: None,
            templates: Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates"),
        }
    }
}

/// A file of the generated crate, with its path relative to the crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate's root, with `/` separators.
    pub path: String,
    /// Full contents, header included.
    pub contents: String,
}

/// Time spent in each stage of one generation.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimings {
    /// Reading and parsing the spec, and reading the settings.
    pub load: Duration,
    /// Resolving the spec into the IR.
    pub resolve: Duration,
    /// Emitting Rust token streams and the manifest.
    pub emit: Duration,
    /// Checking and formatting the Rust, and adding file headers.
    pub format: Duration,
    /// Rendering the Markdown pages.
    pub docs: Duration,
    /// Wall-clock time from the IR to the last file. Emit, format and docs run file by file
    /// on several threads at once, so their own fields add up the time of every thread and can
    /// sum to more than this.
    pub files: Duration,
}

impl StageTimings {
    /// Wall-clock time of the whole generation.
    pub fn total(&self) -> Duration {
        self.load + self.resolve + self.files
    }
}

/// Generates every file of the SDK crate described by `options`, sorted by path.
///
/// # Errors
///
/// Returns [`Error::Spec`] with every problem found in the spec, or the first error met while
/// reading the settings or rendering the templates.
pub fn generate(options: &Options) -> Result<Vec<GeneratedFile>, Error> {
    generate_sdk(options).map(|sdk| sdk.files)
}

/// A generated SDK: the IR it was emitted from and its files.
#[derive(Debug, Clone)]
pub struct Sdk {
    /// The resolved spec.
    pub api: ir::Api,
    /// Every file of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
}

/// Generates the SDK crate described by `options`, keeping the IR for callers that report on
/// it.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_sdk(options: &Options) -> Result<Sdk, Error> {
    generate_timed(options).map(|(sdk, _)| sdk)
}

/// Generates as [`generate_sdk`] does, and measures each stage.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_timed(options: &Options) -> Result<(Sdk, StageTimings), Error> {
    on_large_stack(options, || {
        let clock = Instant::now();
        let document = load::load_spec(&options.spec, &options.spec_label)?;
        generate_document(document, options, clock)
    })
}

/// Generates the SDK crate from spec text held in memory, as [`generate_sdk`] does from the
/// file at `options.spec`, which is not read. Messages name the spec by `options.spec_label`.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_text(text: &str, options: &Options) -> Result<Sdk, Error> {
    on_large_stack(options, || {
        let clock = Instant::now();
        let document = load::parse_spec(text, Path::new(&options.spec_label))?;
        generate_document(document, options, clock).map(|(sdk, _)| sdk)
    })
}

/// Stack size of the thread that runs a generation. Parsing, resolving, formatting and the
/// docs recurse once or more per level of the spec's nesting, which the parsers bound at
/// [`MAX_NESTING`] levels. In a debug build, deserializing 120 levels of `items` into
/// `openapiv3` types alone overflows the 2 MiB stack of a test thread.
pub(crate) const GENERATION_STACK_BYTES: usize = 64 << 20;

/// Runs `generation` on a thread with a stack of [`GENERATION_STACK_BYTES`], and passes on its
/// result or its panic.
fn on_large_stack<T: Send>(
    options: &Options,
    generation: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("generator".to_owned())
            .stack_size(GENERATION_STACK_BYTES)
            .spawn_scoped(scope, generation)
            .map_err(|source| Error::Io {
                path: options.spec.clone(),
                action: "starting the thread of the generation",
                source,
            })?;
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Drops `value` on a thread of its own, so that freeing a large tree overlaps the stage that
/// follows. When no thread starts, the value is dropped on this thread.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
}

/// Runs every stage after parsing; `clock` started when the load stage did.
fn generate_document(
    document: load::Document,
    options: &Options,
    mut clock: Instant,
) -> Result<(Sdk, StageTimings), Error> {
    let mut timings = StageTimings::default();
    let mut lap = |stage: &mut Duration| {
        *stage = clock.elapsed();
        clock = Instant::now();
    };

    let settings = settings::load_settings(options.settings.as_deref(), &document)?;
    lap(&mut timings.load);

    let api = Arc::new(resolve::resolve_api(&document, &settings)?);
    drop_in_background(document);
    lap(&mut timings.resolve);

    let files = generate_files(&api, options, &mut timings)?;
    lap(&mut timings.files);
    // NOTE: the renderer of the pages, which shared the IR, is dropped by the time the files
    // are done, so the IR is taken back without a copy.
    let api = Arc::try_unwrap(api).unwrap_or_else(|shared| ir::Api::clone(&shared));
    Ok((Sdk { api, files }, timings))
}

/// Emits, formats and renders every file of the crate from `api`, sorted by path.
fn generate_files(
    api: &Arc<ir::Api>,
    options: &Options,
    timings: &mut StageTimings,
) -> Result<Vec<GeneratedFile>, Error> {
    let origin = format::Origin {
        spec_label: &options.spec_label,
        title: &api.title,
        version: &api.version,
    };
    let rust_files = emit::rust_files(api);
    let pages = docs::pages(api);
    let plain = emit::plain_files(api);
    let planned = plain
        .iter()
        .map(|file| (file.path.clone(), "a file copied into every SDK".to_owned()))
        .chain(
            rust_files
                .iter()
                .map(|file| (file.path.clone(), file.describe(api))),
        )
        .chain(pages.iter().map(|page| page.describe(api)));
    outputs::check_unique_paths(planned)?;

    let rust = rust_files.into_iter().map(jobs::Job::Rust);
    let pages = pages.into_iter().map(jobs::Job::Page);
    let jobs: Vec<jobs::Job> = rust.chain(pages).collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let inputs = jobs::Inputs {
        api,
        templates: &options.templates,
        origin,
    };
    let output = jobs::run(&inputs, &jobs, threads)?;
    timings.emit += output.emit;
    timings.format += output.format;
    timings.docs += output.docs;

    let mut files = plain;
    for file in &mut files {
        file.contents = format::with_header(&file.path, &file.contents, &origin);
    }
    files.extend(output.files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
