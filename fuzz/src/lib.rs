//! Checks shared by the fuzz targets: a spec goes through the whole generator in memory, and
//! whatever comes out must be either a spec error or Rust that parses.

pub mod mutate;

use std::path::{Path, PathBuf};

use generator::{Error, Options};

/// Name of the spec in the generator's messages.
const SPEC_LABEL: &str = "fuzz-input.yaml";

/// Options that generate from text in memory with the workspace's templates and the settings
/// derived from the spec's title.
pub fn options() -> Options {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
    Options {
        spec: PathBuf::from(SPEC_LABEL),
        spec_label: SPEC_LABEL.to_owned(),
        settings: None,
        templates,
    }
}

/// Generates an SDK from `text` and panics on anything but success or a spec error: an
/// emitted Rust file that does not parse, a template that fails, or a spec error without a
/// JSON pointer.
pub fn check_spec(text: &str) {
    let sdk = match generator::generate_from_text(text, &options()) {
        Ok(sdk) => sdk,
        Err(Error::Spec(errors)) => {
            for error in &errors {
                assert!(
                    error.pointer.starts_with('#'),
                    "spec error without a JSON pointer: {error}"
                );
            }
            return;
        }
        Err(other) => panic!("generation failed with a non-spec error: {other}"),
    };
    for file in sdk.files.iter().filter(|file| file.path.ends_with(".rs")) {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse as Rust: {error}", file.path);
        }
    }
}
