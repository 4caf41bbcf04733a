//! Hostile specs end in bounded time and memory: with a generated SDK whose Rust parses, or
//! with a spec error that names the pointer and the limit. The sizes here suit a debug build;
//! `cargo xtask hostile` runs the full sizes in a release build and prints time and memory.

mod common;

#[path = "common/hostile.rs"]
mod hostile;

use generator::{Error, MAX_ENUM_VALUES, MAX_NAME_BYTES, MAX_SPEC_BYTES, Sdk, SpecError};
use hostile::{Inheritance, Nesting};

use common::workspace_root;

fn options() -> generator::Options {
    generator::Options {
        spec: "hostile.json".into(),
        spec_label: "hostile.json".to_owned(),
        settings: None,
        templates: workspace_root().join("templates"),
    }
}

/// Generates from `text` and checks that every Rust file parses.
fn generate_ok(text: &str) -> Sdk {
    let sdk = match generator::generate_from_text(text, &options()) {
        Ok(sdk) => sdk,
        Err(error) => panic!("generation failed:\n{error}"),
    };
    // syn recurses once or more per level of a nested type, which a test thread's 2 MiB stack
    // does not hold for types nested a hundred deep in a debug build.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(scope, || check_rust_parses(&sdk))
            .expect("the checking thread starts")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    });
    sdk
}

fn check_rust_parses(sdk: &Sdk) {
    for file in sdk.files.iter().filter(|file| file.path.ends_with(".rs")) {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("{} does not parse: {error}", file.path);
        }
    }
}

/// Generates from `text`, which must fail with spec errors, and returns them.
fn spec_errors(text: &str) -> Vec<SpecError> {
    match generator::generate_from_text(text, &options()) {
        Ok(_) => panic!("generation succeeded"),
        Err(Error::Spec(errors)) => errors,
        Err(other) => panic!("not a spec error: {other}"),
    }
}

/// Returns the only spec error of `text`.
fn only_error(text: &str) -> SpecError {
    let mut errors = spec_errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn spec_over_size_limit_rejected() {
    let error = only_error(&hostile::huge_spec(MAX_SPEC_BYTES + 1));
    assert_eq!(error.pointer, "#");
    assert!(
        error.reason.contains("over the limit of 33554432 bytes"),
        "{error}"
    );
    assert!(
        error.to_string().starts_with("hostile.json: #: "),
        "{error}"
    );
}

#[test]
fn spec_file_over_size_limit_rejected() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).expect("the spec is created");
    file.set_len(MAX_SPEC_BYTES as u64 + 1)
        .expect("the spec grows");
    let options = generator::Options {
        spec: path,
        ..options()
    };
    let Err(Error::Spec(errors)) = generator::generate(&options) else {
        panic!("a file over the limit is not a spec error");
    };
    assert!(errors[0].reason.contains("over the limit"), "{}", errors[0]);
}

/// A FIFO reports no size, so only a bounded read keeps the limit: the writer offers twice the
/// limit and finds the reader gone after about the limit.
#[cfg(unix)]
#[test]
fn spec_fifo_over_size_limit_rejected() {
    use std::io::Write;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("spec.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed: {status}");
    let offered = 2 * MAX_SPEC_BYTES;
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut fifo = std::fs::File::create(&writer_path).expect("the FIFO opens for writing");
        let chunk = vec![b' '; 1 << 16];
        let mut written = 0;
        while written < offered {
            match fifo.write(&chunk) {
                Ok(count) => written += count,
                Err(_) => break,
            }
        }
        written
    });
    let options = generator::Options {
        spec: path,
        ..options()
    };
    let result = generator::generate(&options);
    let written = writer.join().expect("the writer ends");
    let Err(Error::Spec(errors)) = result else {
        panic!("a FIFO over the limit is not a spec error");
    };
    assert!(
        errors[0]
            .reason
            .contains("over the limit of 33554432 bytes"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].reason.contains("reading stopped"),
        "{}",
        errors[0]
    );
    assert!(written < offered, "the generator read all {written} bytes");
}

#[test]
fn large_spec_under_limit_generates() {
    let sdk = generate_ok(&hostile::huge_spec(300_000));
    assert!(
        sdk.api.models.len() > 100,
        "{} models",
        sdk.api.models.len()
    );
}

#[test]
fn deep_json_items_rejected() {
    let error = only_error(&hostile::nested_json(10_000, Nesting::Items));
    assert_eq!(error.pointer, "#");
    assert!(error.reason.contains("more than 128 levels"), "{error}");
    assert!(error.fix.contains("$ref"), "{error}");
}

#[test]
fn deep_json_properties_rejected() {
    let error = only_error(&hostile::nested_json(10_000, Nesting::Properties));
    assert!(error.reason.contains("more than 128 levels"), "{error}");
}

#[test]
fn deep_yaml_rejected() {
    let error = only_error(&hostile::nested_yaml(10_000));
    assert!(error.reason.contains("more than 128 levels"), "{error}");
}

/// Nesting just under the parsers' limit reaches every later stage, on a test thread's stack.
#[test]
fn nesting_under_limit_generates() {
    generate_ok(&hostile::nested_json(123, Nesting::Items));
    let sdk = generate_ok(&hostile::nested_json(60, Nesting::Properties));
    let longest = sdk.files.iter().map(|file| file_name_len(&file.path)).max();
    assert!(
        longest <= Some(255),
        "a file name is {longest:?} bytes long"
    );
}

fn file_name_len(path: &str) -> usize {
    path.rsplit('/').next().map_or(0, str::len)
}

#[test]
fn ref_chain_of_100_000_rejected() {
    let error = only_error(&hostile::ref_chain(100_000));
    assert_eq!(error.pointer, "#/components/schemas/Root");
    assert!(error.reason.contains("100001 $refs"), "{error}");
    assert!(error.reason.contains("over the limit of 64"), "{error}");
}

#[test]
fn ref_chain_at_limit_generates() {
    generate_ok(&hostile::ref_chain(63));
    let error = only_error(&hostile::ref_chain(64));
    assert!(error.reason.contains("65 $refs"), "{error}");
}

#[test]
fn ref_cycle_rejected() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "Cycle", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            "C": {"type": "array", "items": {"$ref": "#/components/schemas/C"}}}}}"##;
    let errors = spec_errors(text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].pointer, "#/components/schemas/A");
    assert!(errors[0].reason.contains("A -> B -> A"), "{}", errors[0]);
    assert_eq!(errors[1].pointer, "#/components/schemas/C");
}

#[test]
fn long_property_chain_generates() {
    let sdk = generate_ok(&hostile::property_chain(2_000));
    assert_eq!(sdk.api.models.len(), 2_001);
}

/// Returns the number of fields of the struct `Root`.
fn root_fields(sdk: &Sdk) -> usize {
    let root = sdk.api.models.iter().find(|model| model.name == "Root");
    match root.map(|model| &model.kind) {
        Some(generator::ir::ModelKind::Struct { fields }) => fields.len(),
        other => panic!("Root is not a struct: {other:?}"),
    }
}

#[test]
fn all_of_doubling_of_60_levels_generates() {
    let sdk = generate_ok(&hostile::all_of_levels(60, Inheritance::Doubling));
    assert_eq!(root_fields(&sdk), 61);
}

#[test]
fn all_of_diamond_of_40_levels_generates() {
    let sdk = generate_ok(&hostile::all_of_levels(40, Inheritance::Diamond));
    assert_eq!(root_fields(&sdk), 121);
}

#[test]
fn all_of_past_depth_limit_rejected() {
    let error = only_error(&hostile::all_of_levels(128, Inheritance::Doubling));
    assert_eq!(error.pointer, "#/components/schemas/S1/allOf/0/$ref");
    assert!(
        error.reason.contains("after 128 component schemas"),
        "{error}"
    );
}

#[test]
fn enum_over_limit_rejected() {
    let error = only_error(&hostile::huge_enum(MAX_ENUM_VALUES + 1));
    assert_eq!(error.pointer, "#/components/schemas/Root/enum");
    assert!(error.reason.contains("over the limit of 10000"), "{error}");
}

#[test]
fn enum_at_limit_generates() {
    let sdk = generate_ok(&hostile::huge_enum(MAX_ENUM_VALUES));
    assert!(
        sdk.files
            .iter()
            .any(|file| file.contents.contains("Value9999"))
    );
}

#[test]
fn names_of_100_kb_rejected() {
    let errors = spec_errors(&hostile::long_names(100 * 1024));
    let pointers: Vec<&str> = errors.iter().map(|error| error.pointer.as_str()).collect();
    assert!(pointers.contains(&"#/components/schemas"), "{pointers:?}");
    assert!(
        pointers.contains(&"#/paths/~1long/get/operationId"),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&"#/paths/~1long/get/tags/0"),
        "{pointers:?}"
    );
    for error in &errors {
        assert!(
            error.reason.contains("over the limit of 1024 bytes"),
            "{error}"
        );
        assert!(
            error.reason.len() < 200,
            "the message quotes the whole name: {error}"
        );
    }
}

/// Names at the limit generate, and every file can be written, because long type and module
/// names are cut before they name files. Type names stay short too, because rustdoc writes a
/// page named after each one.
#[test]
fn names_at_limit_generate_and_write() {
    let sdk = generate_ok(&hostile::long_names(MAX_NAME_BYTES));
    let dir = tempfile::tempdir().expect("a temporary folder");
    generator::write::write_files(dir.path(), &sdk.files).expect("every file is written");

    for file in sdk.files.iter().filter(|file| file.path.ends_with(".rs")) {
        for line in file.contents.lines() {
            let declared = ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|keyword| line.trim_start().strip_prefix(keyword));
            let Some(declared) = declared else { continue };
            let name: String = declared
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                name.len() <= MAX_TYPE_NAME_CHARS,
                "{}: a type name of {} characters: {name}",
                file.path,
                name.len()
            );
        }
    }
}

/// Maximum length of a type name, so that rustdoc's page for it, such as `struct.{name}.html`,
/// stays well within the 255 bytes that file systems take.
const MAX_TYPE_NAME_CHARS: usize = 120;

/// A title and version with line breaks stay on one line in every file, so the spec cannot put
/// code into the SDK, keys into its `Cargo.toml` or lines into its docs through them.
#[test]
fn info_line_breaks_stay_on_one_line() {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {
            "title": "two\nlines --> <!--",
            "version": "1)\ncompile_error!(\"from the spec\");\r\n```rust\n// (\u{2028}x",
        },
        "paths": {
            "/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}
        },
    });
    let sdk = generate_ok(&spec.to_string());

    for file in &sdk.files {
        for line in file.contents.lines() {
            assert!(
                !line.trim_start().starts_with("compile_error!"),
                "{} has the spec's code on a line of its own",
                file.path
            );
        }
        let first_line = file.contents.lines().next().unwrap_or_default();
        if file.path.ends_with(".md") && first_line.contains("@generated") {
            assert_eq!(first_line.matches("-->").count(), 1, "{first_line}");
        }
    }
}
