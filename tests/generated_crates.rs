//! The generated crates compile without warnings, their docs build without warnings and their
//! Markdown examples compile, and the checked-in `generated/` matches the spec.
//!
//! The builds run `cargo` with the target folder `$CARGO_TARGET_DIR/strict`, or `target/strict`
//! when that variable is unset. They stay apart from the workspace's builds because they deny
//! warnings through `RUSTFLAGS`, which would otherwise rebuild everything.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use common::{
    fixture, generate, options_for, strict_target_dir, strict_target_dir_for, workspace_root,
};

/// Runs `cargo {args}` in `dir` with warnings denied, and fails with its output on an error.
fn cargo_strict(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", strict_target_dir())
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    // A failing test of the crate prints its assertion to stdout, and cargo's errors go to
    // stderr.
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The strict builds go into `strict` inside the target folder that `CARGO_TARGET_DIR` names,
/// so that moving the build output off the repository moves them too.
#[test]
fn strict_target_dir_follows_cargo_target_dir() {
    let root = Path::new("/work/repo");
    let cases = [
        (None, "/work/repo/target/strict"),
        (Some(""), "/work/repo/target/strict"),
        (Some("/scratch/build"), "/scratch/build/strict"),
        (Some("build/out"), "/work/repo/build/out/strict"),
        (Some("../build"), "/work/repo/../build/strict"),
    ];
    for (target_dir, expected) in cases {
        let strict = strict_target_dir_for(target_dir.map(OsStr::new), root);
        assert_eq!(
            strict,
            Path::new(expected),
            "CARGO_TARGET_DIR={target_dir:?}"
        );
    }
}

/// Generates the crate for a fixture spec into a temporary folder that `cargo` can build.
fn generate_crate(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = generate(&fixture(spec));
    generator::write::write_files(dir.path(), &files).expect("the crate is written");

    // The workspace's lock file pins the same dependency versions as the checked-in SDK.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .expect("Cargo.lock is copied");
    dir
}

fn check_fixture_crate(spec: &str) {
    let dir = generate_crate(spec);
    cargo_strict(dir.path(), &["build", "--quiet"]);
    cargo_strict(dir.path(), &["doc", "--quiet", "--no-deps"]);
    cargo_strict(dir.path(), &["test", "--quiet", "--doc"]);
    check_clippy(dir.path(), spec);
    check_each_feature(dir.path(), spec);
}

/// Runs clippy's default lints on the crate, with warnings denied, when the toolchain has
/// clippy; generated code should pass them as hand-written code would.
fn check_clippy(dir: &Path, spec: &str) {
    let available = Command::new(env!("CARGO"))
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !available {
        eprintln!("skipping clippy on the crate of {spec}: `cargo clippy` is not installed");
        return;
    }
    cargo_strict(dir, &["clippy", "--quiet"]);
}

/// Checks the crate with no service feature, then with each one alone when there are several,
/// so that every model's `#[cfg]` names the features of all the services that reach it.
///
/// `cargo check` runs the same name resolution, type checking and lints as `cargo build`,
/// which is what a wrong `#[cfg]` or an unused item would fail.
fn check_each_feature(dir: &Path, spec: &str) {
    let sdk = generator::generate_sdk(&options_for(&fixture(spec))).expect("the spec generates");
    cargo_strict(dir, &["check", "--quiet", "--no-default-features"]);
    if sdk.api.services.len() < 2 {
        return;
    }
    for service in &sdk.api.services {
        let feature = format!("--features={}", service.module);
        cargo_strict(
            dir,
            &["check", "--quiet", "--no-default-features", &feature],
        );
    }
}

#[test]
fn auth_sdk_builds_without_warnings() {
    let root = workspace_root();
    cargo_strict(&root, &["build", "--quiet", "--package", "gram-sdk"]);
    cargo_strict(
        &root,
        &[
            "build",
            "--quiet",
            "--package",
            "gram-sdk",
            "--no-default-features",
        ],
    );
    cargo_strict(
        &root,
        &["doc", "--quiet", "--no-deps", "--package", "gram-sdk"],
    );
}

#[test]
fn petstore_crate_compiles() {
    check_fixture_crate("petstore.yaml");
}

#[test]
fn security_schemes_crate_compiles() {
    check_fixture_crate("security-schemes.yaml");
}

#[test]
fn security_overrides_crate_compiles() {
    check_fixture_crate("security-overrides.yaml");
}

#[test]
fn names_crate_compiles() {
    check_fixture_crate("names.yaml");
}

/// Names derived from a title with accents and an emoji are UpperCamelCase ASCII, so the client
/// type builds with `non_camel_case_types` denied.
#[test]
fn unicode_title_crate_compiles() {
    let spec = fixture("unicode-title.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    assert_eq!(sdk.api.sdk_name, "UnicodeApiRocket");
    assert_eq!(sdk.api.crate_name, "unicode-api-rocket-sdk");
    assert_eq!(sdk.api.env_prefix, "UNICODE_API_ROCKET");
    check_fixture_crate("unicode-title.yaml");
}

/// Autolinks, HTML, and names and values with `|`, backticks or a line break give docs that
/// build with rustdoc's lints denied, `bare_urls` among them.
#[test]
fn doc_escapes_crate_compiles() {
    check_fixture_crate("doc-escapes.yaml");
}

/// Builds a fixture crate with `test_file` from `tests/fixtures` as one of its integration
/// tests, runs that test inside it, and returns the crate's folder.
fn check_fixture_crate_with_test(spec: &str, test_file: &str) -> tempfile::TempDir {
    let dir = generate_crate(spec);
    let tests = dir.path().join("tests");
    std::fs::create_dir_all(&tests).expect("tests/ is created");
    std::fs::copy(fixture(test_file), tests.join(test_file)).expect("the test is copied");
    cargo_strict(dir.path(), &["build", "--quiet"]);
    cargo_strict(dir.path(), &["doc", "--quiet", "--no-deps"]);
    cargo_strict(dir.path(), &["test", "--quiet", "--doc"]);
    check_clippy(dir.path(), spec);
    check_each_feature(dir.path(), spec);
    let name = test_file.trim_end_matches(".rs");
    cargo_strict(dir.path(), &["test", "--quiet", "--test", name]);
    dir
}

/// Each kind of request body reaches a server on 127.0.0.1 with the bytes its media type needs,
/// and each kind of response body from such a server comes back as text, bytes or JSON.
#[test]
fn bodies_crate_sends_and_reads_each_media_type() {
    check_fixture_crate_with_test("bodies.yaml", "bodies_wire.rs");
}

/// Nullable bodies read `null` as `None`, and so do statuses that never carry a body and empty
/// bodies under an optional body. An empty body where a JSON body is required is an
/// `Error::Decode`. Every reply comes from a server on 127.0.0.1.
#[test]
fn response_bodies_crate_reads_null_and_empty() {
    check_fixture_crate_with_test("response-bodies.yaml", "response_bodies_wire.rs");
}

/// The merged `allOf` structs decode and encode the JSON of every member.
#[test]
fn compose_crate_merges_all_of() {
    check_fixture_crate_with_test("compose.yaml", "compose_serde.rs");
}

/// The `oneOf` and `anyOf` enums pick their variant by discriminator or by shape.
#[test]
fn unions_crate_decodes_members() {
    check_fixture_crate_with_test("unions.yaml", "unions_serde.rs");
}

/// Unions with `type: object` beside `oneOf` or `anyOf` decode responses of a server on
/// 127.0.0.1 into their members, picked by the discriminator or by keys.
#[test]
fn object_unions_crate_decodes_members() {
    check_fixture_crate_with_test("object-unions.yaml", "object_unions_wire.rs");
}

/// A schema with a discriminator that other schemas extend with `allOf` decodes responses of
/// a server on 127.0.0.1 into the subtype that the discriminator names, and sends a subtype
/// with its own fields.
#[test]
fn subtypes_crate_decodes_each_subtype() {
    check_fixture_crate_with_test("subtypes.yaml", "subtypes_wire.rs");
}

/// Absent, null and present values stay distinct where the spec makes them distinct.
#[test]
fn nullable_crate_keeps_null_apart() {
    check_fixture_crate_with_test("nullable.yaml", "nullable_serde.rs");
}

/// Query, header, cookie and path parameters reach a server on 127.0.0.1 in their styles.
#[test]
fn params_crate_sends_each_style() {
    check_fixture_crate_with_test("params.yaml", "params_wire.rs");
}

/// Error statuses decode into `ErrorBody` by code, range and `default`, and redirects return.
#[test]
fn errors_crate_types_error_bodies() {
    check_fixture_crate_with_test("errors.yaml", "errors_wire.rs");
}

/// Format-typed values keep their wire form in JSON and in parameters, and the crate's own unit
/// tests, among them those of the base64 adapters, pass.
#[test]
fn formats_crate_keeps_wire_forms() {
    let dir = check_fixture_crate_with_test("formats.yaml", "formats_types.rs");
    cargo_strict(dir.path(), &["test", "--quiet", "--lib"]);
}

/// Keywords, punctuation, non-ASCII and colliding names keep their wire names, and oddly
/// named operations get distinct methods that reach their paths.
#[test]
fn wire_names_crate_round_trips_names() {
    check_fixture_crate_with_test("wire-names.yaml", "wire_names_wire.rs");
}

/// Lists each operation of `sdk` as `module::method`, in the order of the generated code.
fn method_paths(sdk: &generator::Sdk) -> Vec<String> {
    let mut paths = Vec::new();
    for service in &sdk.api.services {
        for operation in &service.operations {
            paths.push(format!("{}::{}", service.module, operation.method_name));
        }
    }
    paths
}

/// An operationId's `service#` prefix is left out of the method name only when it names the
/// operation's own service, so ids that share a method part keep distinct names.
#[test]
fn operation_id_prefixes_name_methods() {
    let spec = fixture("operation-id-prefixes.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    let expected = [
        "auth::callback",
        "auth::oauth_callback",
        "auth::get_session",
        "auth::callback2",
        "auth::auth",
        "users::auth_login",
        "default_service::ping",
        "default_service::auth_health",
    ];
    assert_eq!(method_paths(&sdk), expected);

    let again = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    assert_eq!(method_paths(&again), expected);

    let page = sdk
        .files
        .iter()
        .find(|file| file.path == "docs/sdks/users/README.md")
        .expect("the users page");
    assert!(page.contents.contains("`auth#login`"), "{}", page.contents);

    check_fixture_crate("operation-id-prefixes.yaml");
}

/// Fields that would hold too many models inline are boxed, so the types stay small.
#[test]
fn deep_crate_compiles() {
    check_fixture_crate("deep.yaml");
}

/// A value listed twice in an enum would give a match arm that can never be taken, which the
/// strict build denies as `unreachable_patterns`.
#[test]
fn duplicate_enum_values_crate_compiles() {
    check_fixture_crate("duplicate-enum-values.yaml");
}

#[test]
fn gram_auth_2026_08_crate_compiles() {
    check_fixture_crate("gram-auth-2026-08.yaml");
}

#[test]
fn examples_crate_compiles() {
    check_fixture_crate("examples.yaml");
}

#[test]
fn checked_in_security_sdk_is_up_to_date() {
    let root = workspace_root();
    let files = generate(&fixture("security-schemes.yaml"));
    let changes = generator::write::compare_files(&root.join("tests/sdks/security"), &files)
        .expect("tests/sdks/security/ is readable");
    assert!(
        changes.is_empty(),
        "tests/sdks/security/ is stale in {changes:?}; run `cargo xtask codegen`"
    );
}

/// Server variables, operation servers and typed headers compile, with their docs.
#[test]
fn servers_crate_compiles() {
    check_fixture_crate("servers.yaml");
}

/// Names from the spec that share a prefix or suffix, and a status declared beside its range,
/// pass clippy: `check_clippy` denies `enum_variant_names`, `match_overlapping_arm` and
/// `manual_range_patterns`.
#[test]
fn lint_shapes_crate_compiles() {
    check_fixture_crate("lint-shapes.yaml");
}

#[test]
fn checked_in_servers_sdk_is_up_to_date() {
    let root = workspace_root();
    let files = generate(&fixture("servers.yaml"));
    let changes = generator::write::compare_files(&root.join("tests/sdks/servers"), &files)
        .expect("tests/sdks/servers/ is readable");
    assert!(
        changes.is_empty(),
        "tests/sdks/servers/ is stale in {changes:?}; run `cargo xtask codegen`"
    );
}

#[test]
fn checked_in_sdk_is_up_to_date() {
    let root = workspace_root();
    let files = generate(&root.join("spec/openapi.yaml"));
    let changes = generator::write::compare_files(&root.join("generated"), &files)
        .expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale in {changes:?}; run `cargo xtask codegen`"
    );
}

/// Tags named like the crate's modules, dependencies, features and client methods, or like
/// `main`, operations named like a service's constructor or like `Into::into`, and a title
/// named like a prelude trait get names of their own. The crate is checked without per-feature builds, because its dozens of
/// services reach no model.
#[test]
fn reserved_names_crate_compiles() {
    let dir = generate_crate("reserved-names.yaml");
    cargo_strict(dir.path(), &["build", "--quiet"]);
    cargo_strict(dir.path(), &["doc", "--quiet", "--no-deps"]);
    cargo_strict(dir.path(), &["test", "--quiet", "--doc"]);
    cargo_strict(dir.path(), &["check", "--quiet", "--no-default-features"]);
}

/// Each tag of the reserved-names fixture keeps a file of its own holding its operation.
#[test]
fn reserved_names_keep_every_operation() {
    let spec = fixture("reserved-names.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    assert_eq!(sdk.api.sdk_name, "SendClient");
    assert_eq!(sdk.api.services.len(), 50);
    for service in &sdk.api.services {
        let path = format!("src/{}.rs", service.module);
        let file = sdk
            .files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("no {path} for tag {:?}", service.tag));
        for operation in &service.operations {
            let method = format!("pub fn {}(", operation.method_name);
            assert!(
                file.contents.contains(&method),
                "{path} lacks `{method}` of tag {:?}",
                service.tag
            );
        }
    }
    let items = sdk
        .api
        .services
        .iter()
        .find(|service| service.tag == "items")
        .expect("the items service");
    let method_names: Vec<&str> = items
        .operations
        .iter()
        .map(|operation| operation.method_name.as_str())
        .collect();
    assert_eq!(method_names[0], "new2");
    assert!(method_names.contains(&"into2"), "{method_names:?}");
    assert!(method_names.contains(&"try_into2"), "{method_names:?}");
    let type_prefix = |method: &str| {
        let operation = items
            .operations
            .iter()
            .find(|operation| operation.method_name == method);
        operation.expect("the method exists").type_prefix.clone()
    };
    assert_eq!(type_prefix("self_"), "Self");
    assert_eq!(type_prefix("self2"), "Self2");

    for file in &sdk.files {
        let control = file
            .contents
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t');
        assert_eq!(control, None, "{} contains a control character", file.path);
    }
    let models = sdk.files.iter().find(|file| file.path == "src/models.rs");
    let models = &models.expect("src/models.rs").contents;
    let properties = r#"
        self_: "self" optional,
        inner: "inner" optional,
        a_b: "a\0b" optional,
"#;
    assert!(models.contains(properties), "{models}");
    assert!(models.contains("/// The `a\\0b` property."), "{models}");
}

/// A discriminator value that two members claim selects one of them, so each value has one
/// match arm: the strict build denies a second as `unreachable_patterns`.
#[test]
fn discriminator_collisions_crate_decodes_one_member() {
    check_fixture_crate_with_test(
        "discriminator-collisions.yaml",
        "discriminator_collisions_wire.rs",
    );
}
