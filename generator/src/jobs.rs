//! Runs the work of a generation that is done file by file, emitting and formatting each Rust
//! file and rendering each Markdown page, on as many threads as the machine has cores.
//!
//! Each file is a job. Workers take jobs in list order from a shared counter and stop after a
//! failure. Every job before a failed one has then been taken and runs to its end, so the
//! error returned is the one of the first failing job in the list, whatever the thread count.
//!
//! The first page job builds the renderer that all pages share, so its lookup tables are not
//! held while the largest Rust files, which come first, are parsed.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::docs::{Page, Renderer};
use crate::emit::RustFile;
use crate::format::{Origin, append_part, format_rust, with_header};
use crate::ir::Api;
use crate::{Error, GeneratedFile};

/// One file to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Rust(RustFile),
    Page(Page),
}

/// The files the jobs produced, in job order, with the time the threads spent in each stage.
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub files: Vec<GeneratedFile>,
    pub emit: Duration,
    pub format: Duration,
    pub docs: Duration,
}

/// The inputs that every job reads.
pub(crate) struct Inputs<'a> {
    pub api: &'a Arc<Api>,
    /// The folder of Markdown templates.
    pub templates: &'a Path,
    pub origin: Origin<'a>,
}

/// The state that every job reads: the inputs, and the renderer once a page job has built it.
struct Shared<'i, 'a> {
    inputs: &'i Inputs<'a>,
    renderer: OnceLock<Renderer<'a>>,
}

/// Runs `jobs` on up to `threads` threads and adds each file's header.
///
/// # Errors
///
/// Returns the error of the first job in `jobs` that fails.
pub(crate) fn run(inputs: &Inputs<'_>, jobs: &[Job], threads: usize) -> Result<Output, Error> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = threads.clamp(1, jobs.len().max(1));
    let shared = Shared {
        inputs,
        renderer: OnceLock::new(),
    };

    let worker = || {
        let mut done = Worker::default();
        while !failed.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            let result = done.run(&shared, job);
            failed.fetch_or(result.is_err(), Ordering::Relaxed);
            done.results.push((index, result));
        }
        done
    };
    let workers: Vec<Worker> = std::thread::scope(|scope| {
        // NOTE: workers format and render as deeply as the spec nests, so they get the stack of
        // the generation's own thread. A worker that cannot start leaves its jobs to the others.
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("generator-worker".to_owned())
                    .stack_size(crate::GENERATION_STACK_BYTES)
                    .spawn_scoped(scope, worker)
                    .ok()
            })
            .collect();
        let mut workers = vec![worker()];
        for handle in handles {
            workers.push(match handle.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            });
        }
        workers
    });

    let mut output = Output::default();
    let mut results = Vec::with_capacity(jobs.len());
    for worker in workers {
        output.emit += worker.emit;
        output.format += worker.format;
        output.docs += worker.docs;
        results.extend(worker.results);
    }
    results.sort_by_key(|(index, _)| *index);
    for (_, result) in results {
        output.files.push(result?);
    }
    Ok(output)
}

/// The jobs one thread ran, and the time it spent in each stage.
#[derive(Default)]
struct Worker {
    /// Each job's file, by the job's index.
    results: Vec<(usize, Result<GeneratedFile, Error>)>,
    emit: Duration,
    format: Duration,
    docs: Duration,
}

impl Worker {
    fn run(&mut self, shared: &Shared<'_, '_>, job: &Job) -> Result<GeneratedFile, Error> {
        let inputs = shared.inputs;
        let started = Instant::now();
        let mut file = match job {
            Job::Rust(file) => {
                let mut contents = String::new();
                let mut part_started = started;
                for tokens in file.emit_parts(inputs.api) {
                    let emitted = Instant::now();
                    self.emit += emitted - part_started;
                    let part = format_rust(&file.path, tokens);
                    part_started = Instant::now();
                    self.format += part_started - emitted;
                    append_part(&mut contents, &part?);
                }
                self.emit += part_started.elapsed();
                GeneratedFile {
                    path: file.path.clone(),
                    contents,
                }
            }
            Job::Page(page) => {
                let renderer = shared
                    .renderer
                    .get_or_init(|| Renderer::new(inputs.api, inputs.templates));
                let rendered = renderer.render(*page);
                self.docs += started.elapsed();
                rendered?
            }
        };
        let started = Instant::now();
        file.contents = with_header(&file.path, &file.contents, &inputs.origin);
        self.format += started.elapsed();
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::{emit, load, resolve, settings};

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn files_with_threads(api: &Arc<Api>, threads: usize) -> Vec<GeneratedFile> {
        let templates = workspace().join("templates");
        let rust = emit::rust_files(api).into_iter().map(Job::Rust);
        let pages = crate::docs::pages(api).into_iter().map(Job::Page);
        let jobs: Vec<Job> = rust.chain(pages).collect();
        let inputs = Inputs {
            api,
            templates: &templates,
            origin: Origin {
                spec_label: "spec/openapi.yaml",
                title: &api.title,
                version: &api.version,
            },
        };
        run(&inputs, &jobs, threads).expect("every job runs").files
    }

    #[test]
    fn models_printed_in_parts_equal_models_printed_whole() {
        for fixture in ["formats", "unions", "compose", "petstore"] {
            let spec = workspace().join(format!("tests/fixtures/{fixture}.yaml"));
            let document = load::load_spec(&spec, fixture).expect("the fixture loads");
            let settings = settings::load_settings(None, &document).expect("settings");
            let api = resolve::resolve_api(&document, &settings).expect("the fixture resolves");

            let whole = format_rust("src/models.rs", emit::models::emit_models(&api));
            let mut parts = String::new();
            for tokens in emit::models::emit_model_parts(&api) {
                let part = format_rust("src/models.rs", tokens).expect("a part formats");
                append_part(&mut parts, &part);
            }

            assert!(api.models.len() > 2, "{fixture}");
            assert_eq!(whole.expect("the file formats"), parts, "{fixture}");
        }
    }

    #[test]
    fn thread_count_keeps_output() {
        let spec = workspace().join("spec/openapi.yaml");
        let document = load::load_spec(&spec, "spec/openapi.yaml").expect("the spec loads");
        let settings = settings::load_settings(None, &document).expect("settings");
        let api = resolve::resolve_api(&document, &settings).expect("the spec resolves");
        let api = Arc::new(api);

        let one = files_with_threads(&api, 1);
        let four = files_with_threads(&api, 4);
        let paths: Vec<&str> = one.iter().map(|file| file.path.as_str()).collect();
        assert!(paths.contains(&"src/auth.rs"), "{paths:?}");
        assert!(paths.contains(&"README.md"), "{paths:?}");
        assert_eq!(one, four);
    }
}
