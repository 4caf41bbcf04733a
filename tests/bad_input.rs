//! Specs that cannot be generated from: each fails with the file, the JSON pointer and the
//! reason, from the library and from `cargo xtask codegen`, without a panic.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{fixture, options_for, workspace_root};
use generator::ir::{ModelKind, TypeRef};

/// Generates from the invalid fixture `name` and returns the error message.
fn error_for(name: &str) -> String {
    let spec = fixture(&format!("invalid/{name}"));
    match generator::generate(&options_for(&spec)) {
        Ok(_) => panic!("{name} generated without an error"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn invalid_yaml_names_line() {
    let message = error_for("invalid-yaml.yaml");
    assert!(
        message.starts_with("tests/fixtures/invalid/invalid-yaml.yaml: #: "),
        "{message}"
    );
    assert!(message.contains("invalid YAML or JSON"), "{message}");
    assert!(message.contains("line 8 column 1"), "{message}");
}

#[test]
fn non_utf8_spec_names_byte() {
    let message = error_for("not-utf8.yaml");
    assert!(
        message.starts_with("tests/fixtures/invalid/not-utf8.yaml: #: "),
        "{message}"
    );
    assert!(message.contains("the file is not UTF-8"), "{message}");
    assert!(
        message.contains("byte 0xFF at offset 83 (line 3, column 16)"),
        "{message}"
    );
    assert!(message.contains("save the file as UTF-8"), "{message}");
}

#[test]
fn non_token_header_names_are_rejected() {
    let message = error_for("invalid-header-names.yaml");
    let lines: Vec<&str> = message.lines().collect();
    let expected = [
        "#/paths/~1thing/get/parameters/0/name: header parameter name \"bad header name\" is not a valid HTTP token: it contains \" \"",
        "#/paths/~1thing/get/parameters/1/name: cookie parameter name \"weird cookie\"",
        "#/paths/~1thing/get/parameters/2/$ref: header parameter name \"X-Trace:Id\" is not a valid HTTP token: it contains \":\"",
        "#/paths/~1thing/get/parameters/4/name: query parameter name is empty",
        "#/components/securitySchemes/odd name!/name: apiKey header name \"X Bad Header\"",
        "#/components/securitySchemes/session/name: apiKey cookie name \"sess;ion\"",
    ];
    for part in expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert_eq!(lines.len(), expected.len(), "{message}");
    assert!(message.contains("such as \"bad-header-name\""), "{message}");
}

#[test]
fn swagger_2_is_rejected() {
    let message = error_for("swagger-2.yaml");
    assert!(message.contains("swagger-2.yaml: #/swagger: "), "{message}");
    assert!(message.contains("not OpenAPI 3.0"), "{message}");
    assert!(message.contains("`openapi: 3.0.3`"), "{message}");
}

#[test]
fn openapi_3_1_is_rejected() {
    let message = error_for("openapi-3-1.yaml");
    assert!(
        message.contains("openapi-3-1.yaml: #/openapi: "),
        "{message}"
    );
    assert!(
        message.contains("unsupported OpenAPI version \"3.1.0\""),
        "{message}"
    );
}

#[test]
fn unresolved_refs_are_all_reported() {
    let message = error_for("unresolved-ref.yaml");
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 2, "{message}");
    let in_response =
        "#/paths/~1rpc~1auth.info/get/responses/200/content/application~1json/schema/$ref";
    assert!(message.contains(in_response), "{message}");
    assert!(
        message.contains("#/components/schemas/Present/properties/other/$ref"),
        "{message}"
    );
    assert!(
        message.contains("no component named \"Missing\""),
        "{message}"
    );
    assert!(
        message.contains("define the schema under #/components/schemas"),
        "{message}"
    );
}

/// A union with `type: object` beside it resolves its members like any other union, so a
/// `$ref` that names no schema fails.
#[test]
fn object_union_unresolved_ref_is_rejected() {
    let message = error_for("object-union-ref.yaml");
    let file = "tests/fixtures/invalid/object-union-ref.yaml";
    let expected = [
        format!(
            "{file}: #/components/schemas/Pet/oneOf/0/$ref: unresolved $ref \
             \"#/components/schemas/Missing\""
        ),
        format!(
            "{file}: #/components/schemas/Animal/anyOf/1/$ref: unresolved $ref \
             \"#/components/schemas/Gone\""
        ),
    ];
    for part in &expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

#[test]
fn duplicate_yaml_path_is_rejected() {
    let message = error_for("duplicate-path.yaml");
    let expected = "tests/fixtures/invalid/duplicate-path.yaml: #/paths: \
                    duplicate key \"/pets\" at line 10, so one entry would silently replace \
                    the other; remove one of the two entries, or merge them into one";
    assert_eq!(message, expected);
}

#[test]
fn duplicate_json_property_is_rejected() {
    let message = error_for("duplicate-property.json");
    let expected = "tests/fixtures/invalid/duplicate-property.json: \
                    #/components/schemas/Pet/properties: duplicate key \"name\" at line 11";
    assert!(message.starts_with(expected), "{message}");
}

#[test]
fn number_beyond_f64_names_keyword() {
    let message = error_for("number-out-of-range.yaml");
    let expected = "tests/fixtures/invalid/number-out-of-range.yaml: \
                    #/paths/~1n/get/parameters/0/schema/maximum: maximum 1.0e+400 is outside \
                    the range of an f64; write a number between -1.7976931348623157e308 and \
                    1.7976931348623157e308, or remove `maximum`";
    assert_eq!(message, expected);
}

#[test]
fn json_number_beyond_f64_names_line() {
    let message = error_for("number-out-of-range.json");
    let expected = "tests/fixtures/invalid/number-out-of-range.json: #: invalid JSON: number out \
                    of range at line 3 column 48; write a number between \
                    -1.7976931348623157e308 and 1.7976931348623157e308";
    assert_eq!(message, expected);
}

#[test]
fn wrong_shape_points_at_value() {
    let message = error_for("wrong-shape.yaml");
    assert!(
        message.contains("#/paths/~1pets/get/responses/200/content: "),
        "{message}"
    );
    assert!(
        message.contains("`content` takes a mapping, not the string \"not-a-map\""),
        "{message}"
    );
}

#[test]
fn unquoted_version_says_to_quote() {
    let message = error_for("unquoted-version.yaml");
    assert!(
        message.starts_with("tests/fixtures/invalid/unquoted-version.yaml: #/info/version: "),
        "{message}"
    );
    assert!(
        message.contains("invalid type: floating point `1.0`, expected a string"),
        "{message}"
    );
    assert!(
        message.contains("quote the value as written, such as `version: \"1.0\"`"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn retry_status_out_of_range_is_rejected() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let settings = folder.path().join("generator.toml");
    let text = "sdk_name = \"Gram\"\ncrate_name = \"gram-sdk\"\nenv_prefix = \"GRAM\"\n\
                [retries]\nstatuses = [503, 1000]\n";
    std::fs::write(&settings, text).expect("writing the settings");
    let options = generator::Options {
        settings: Some(settings),
        ..options_for(&workspace_root().join("spec/openapi.yaml"))
    };

    let error = generator::generate(&options).expect_err("1000 is not an HTTP status");
    let message = error.to_string();
    assert!(message.contains("generator.toml"), "{message}");
    assert!(
        message.contains("retries.statuses contains 1000"),
        "{message}"
    );
    assert!(message.contains("use codes from 100 to 599"), "{message}");
}

#[test]
fn title_without_letters_is_rejected() {
    let message = error_for("title-without-letters.yaml");
    let expected = "tests/fixtures/invalid/title-without-letters.yaml: #/info/title: \
                    the title \"★ — ★\" has no letter or digit, even transliterated to ASCII, \
                    so no SDK name can be derived from it; set `sdk_name`, `crate_name` and \
                    `env_prefix` in a `generator.toml` beside the spec";
    assert_eq!(message, expected);
}

#[test]
fn missing_file_names_path() {
    let spec = fixture("invalid/does-not-exist.yaml");
    let error = generator::generate(&options_for(&spec)).expect_err("a missing spec must fail");
    let message = error.to_string();
    assert!(message.contains("does-not-exist.yaml"), "{message}");
    assert!(message.contains("reading the spec failed"), "{message}");
}

/// Runs `cargo xtask codegen --spec SPEC --out OUT` from the workspace root.
fn run_codegen(spec: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    run_codegen_with(spec, out, &[])
}

/// Runs `cargo xtask codegen --spec SPEC --out OUT` with the flags `extra`.
fn run_codegen_with(
    spec: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "codegen",
            "--spec",
        ])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("cargo runs")
}

/// Writes a spec with `count` unions whose members may decode the same object, each of which
/// gives a warning with the same fix.
fn spec_with_overlapping_unions(folder: &std::path::Path, count: usize) -> std::path::PathBuf {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Overlaps, version: '1'}\n\
         servers: [{url: 'http://127.0.0.1:9'}]\npaths: {}\ncomponents:\n  schemas:\n    \
         Loose: {type: object, properties: {a: {type: string}}}\n    \
         Other: {type: object, properties: {b: {type: string}}}\n",
    );
    for index in 0..count {
        text.push_str(&format!(
            "    Union{index}: {{oneOf: [{{$ref: '#/components/schemas/Loose'}}, \
             {{$ref: '#/components/schemas/Other'}}]}}\n"
        ));
    }
    let spec = folder.join("overlaps.yaml");
    std::fs::write(&spec, text).expect("writing the spec");
    spec
}

/// Lines of `stderr` that are overlap warnings of the spec written by
/// [`spec_with_overlapping_unions`].
fn overlap_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("warning: ") && line.contains("may decode the same object"))
        .collect()
}

#[test]
fn xtask_summarizes_repeated_warnings() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let spec = spec_with_overlapping_unions(folder.path(), 10);
    let output = run_codegen(&spec, &folder.path().join("out"));
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(overlap_lines(&stderr).len(), 3, "{stderr}");
    let summary = "warning: 7 more warnings with the fix \"add to each member a `required` \
                   property";
    assert!(
        stderr.contains(summary),
        "{summary} is missing from:\n{stderr}"
    );
    assert!(stderr.contains("--all-warnings"), "{stderr}");
    assert_eq!(
        stderr.matches("more warnings with the fix").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn xtask_prints_all_warnings_on_request() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let spec = spec_with_overlapping_unions(folder.path(), 10);
    let output = run_codegen_with(&spec, &folder.path().join("out"), &["--all-warnings"]);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(overlap_lines(&stderr).len(), 10, "{stderr}");
    assert!(!stderr.contains("more warnings with the fix"), "{stderr}");
}

#[test]
fn xtask_exits_nonzero_on_bad_spec() {
    let spec = fixture("invalid/unresolved-ref.yaml");
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = run_codegen(&spec, out.path());
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("tests/fixtures/invalid/unresolved-ref.yaml: #/"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let written = std::fs::read_dir(out.path())
        .expect("the folder lists")
        .count();
    assert_eq!(written, 0, "a failed generation wrote files");
}

#[test]
fn external_ref_gives_one_fix() {
    let message = error_for("external-ref.yaml");
    let expected = "tests/fixtures/invalid/external-ref.yaml: #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: \
                    external $ref \"other.yaml#/X\" is not supported; \
                    define the schema under #/components/schemas or correct the $ref";
    assert_eq!(message, expected);
}

#[test]
fn xtask_names_spec_in_warnings() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let spec = folder.path().join("path-template-mismatch.yaml");
    std::fs::copy(fixture("path-template-mismatch.yaml"), &spec).expect("copying the fixture");
    let out = folder.path().join("out");
    let output = run_codegen(&spec, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let named = format!(
        "warning: {}: #/paths/~1files~1{{name}}/get: ",
        spec.display()
    );
    assert!(
        stderr.contains(&named),
        "{named} is missing from:\n{stderr}"
    );
}

#[test]
fn xtask_names_spec_outside_workspace() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let spec = folder.path().join("external-ref.yaml");
    std::fs::copy(fixture("invalid/external-ref.yaml"), &spec).expect("copying the fixture");
    let out = folder.path().join("out");
    let output = run_codegen(&spec, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let named = format!("{}: #/paths/", spec.display());
    assert!(
        stderr.contains(&named),
        "{named} is missing from:\n{stderr}"
    );
}

#[test]
fn unusable_server_urls_are_rejected() {
    let message = error_for("unusable-server-url.yaml");
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 2, "{message}");
    assert!(
        message.contains("unusable-server-url.yaml: #/servers/0/url: "),
        "{message}"
    );
    assert!(message.contains("has a query string"), "{message}");
    assert!(
        message.contains("remove the `?` and what follows it"),
        "{message}"
    );
    assert!(
        message.contains("#/paths/~1thing/get/servers/0/url: "),
        "{message}"
    );
    assert!(message.contains("has scheme \"ftp\""), "{message}");
}

#[test]
fn unusable_servers_are_skipped_beside_usable() {
    let spec = fixture("skipped-servers.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("a usable server remains");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/servers/0/url: server URL \"http://127.0.0.1:8080/api#v1\" has a fragment",
        "#/servers/1/url: server URL \"ftp://127.0.0.1/x\" has scheme \"ftp\"",
        "#/servers/2/url: server URL \"/relative/v1\" is relative",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let urls: Vec<&str> = sdk.api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["/relative/v1", "http://127.0.0.1:8080/api"]);
}

/// Writes a spec without `servers` into `folder`, with `settings` as the generator.toml beside
/// it when given, and returns the options that generate from it.
fn spec_without_servers(folder: &std::path::Path, settings: Option<&str>) -> generator::Options {
    let spec = folder.join("no-servers.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    \
                get:\n      responses: {'204': {description: Done.}}\n";
    std::fs::write(&spec, text).expect("writing the spec");
    if let Some(settings) = settings {
        std::fs::write(folder.join("generator.toml"), settings).expect("writing the settings");
    }
    options_for(&spec)
}

#[test]
fn missing_servers_are_warned() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let options = spec_without_servers(folder.path(), None);
    let sdk = generator::generate_sdk(&options).expect("a spec without servers generates");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();

    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let expected = "no-servers.yaml: #/servers: the spec lists no servers, so the base URL is `/`";
    assert!(warnings[0].contains(expected), "{warnings:#?}");
    assert_eq!(sdk.api.default_server_url, "/");
}

#[test]
fn server_url_setting_silences_missing_servers() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let settings = "sdk_name = \"Pets\"\ncrate_name = \"pets-sdk\"\nenv_prefix = \"PETS\"\n\
                    server_url = \"https://pets.example.com\"\n";
    let options = spec_without_servers(folder.path(), Some(settings));
    let sdk = generator::generate_sdk(&options).expect("the settings give the server");

    assert!(sdk.api.warnings.is_empty(), "{:#?}", sdk.api.warnings);
    assert_eq!(sdk.api.default_server_url, "https://pets.example.com");
}

#[test]
fn server_url_setting_with_query_is_rejected() {
    for url in [
        "http://127.0.0.1:8080/api?x=1",
        "http://127.0.0.1:8080/api#f",
    ] {
        let text = format!(
            "sdk_name = \"T\"\ncrate_name = \"t-sdk\"\nenv_prefix = \"T\"\nserver_url = {url:?}\n"
        );
        let message = settings_error(&text);
        assert!(
            message.contains(&format!("server_url {url:?} has a")),
            "{message}"
        );
    }
}

#[test]
fn duplicate_enum_values_are_warned() {
    let spec = fixture("duplicate-enum-values.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("repeats are left out");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/servers/0/variables/version/enum/2: enum value \"v1\" is listed more than once",
        "#/components/schemas/Color/enum/2: enum value \"red\" is listed more than once",
        "#/components/schemas/Color/enum/3: enum value \"red\"",
        "#/components/schemas/Level/enum/1: enum value 1 is listed more than once",
        "#/components/schemas/Thing/properties/size/enum/2: enum value \"s\"",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let mut enums = BTreeMap::new();
    for model in &sdk.api.models {
        let values: Vec<String> = match &model.kind {
            ModelKind::Enum { variants } => variants.iter().map(|v| v.wire_value.clone()).collect(),
            ModelKind::IntegerEnum { variants, .. } => {
                variants.iter().map(|v| v.value.to_string()).collect()
            }
            _ => continue,
        };
        enums.insert(model.rust_name.as_str(), values);
    }
    assert_eq!(enums["Color"], ["red", "green"]);
    assert_eq!(enums["Level"], ["1", "2"]);
    assert_eq!(enums["ThingSize"], ["s", "m"]);
    let versions = &sdk.api.server_variables[0].variants;
    let version_values: Vec<&str> = versions.iter().map(|v| v.wire_value.as_str()).collect();
    assert_eq!(version_values, ["v1", "v2"]);
}

#[test]
fn all_of_property_conflict_is_warned() {
    let spec = fixture("all-of-conflict.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the first type is kept");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let expected = "all-of-conflict.yaml: #/components/schemas/Keyed/properties/id: property \
                    \"id\" has type integer here but type string at \
                    #/components/schemas/Conflict/allOf/0/properties/id";
    assert!(warnings[0].contains(expected), "{warnings:#?}");
    assert!(
        warnings[0].contains("give the property the same type in every `allOf` member"),
        "{warnings:#?}"
    );

    let conflict = sdk.api.models.iter().find(|model| model.name == "Conflict");
    let Some(ModelKind::Struct { fields }) = conflict.map(|model| &model.kind) else {
        panic!("Conflict is not a struct");
    };
    assert_eq!(fields[0].ty, TypeRef::String);
}

/// Returns the fields of the struct `name` among the models of `api`.
fn struct_fields<'a>(api: &'a generator::ir::Api, name: &str) -> &'a [generator::ir::Field] {
    let model = api.models.iter().find(|model| model.name == name);
    match model.map(|model| &model.kind) {
        Some(ModelKind::Struct { fields }) => fields,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

#[test]
fn all_of_required_and_types_warn() {
    let spec = fixture("all-of-required.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let schemas = "all-of-required.yaml: #/components/schemas";
    let expected = [
        format!(
            "{schemas}/Tightened/allOf/1/required/1: `required` lists \"nope\", which is not a \
             property of the `allOf` at #/components/schemas/Tightened or of its members"
        ),
        format!(
            "{schemas}/Child/required/1: `required` lists \"nope\", which is not a property of \
             the `allOf` at #/components/schemas/Child or of its members"
        ),
        format!(
            "{schemas}/Mixed/allOf/1: `allOf` member has type string but the member at \
             #/components/schemas/Mixed/allOf/0 has type integer"
        ),
        format!(
            "{schemas}/Holder/properties/mixed/allOf/1: `allOf` member has type string but the \
             member at #/components/schemas/Holder/properties/mixed/allOf/0 has type object"
        ),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    for name in ["Tightened", "Child"] {
        let fields = struct_fields(&sdk.api, name);
        let required: Vec<&str> = fields
            .iter()
            .filter(|field| field.required)
            .map(|field| field.wire_name.as_str())
            .collect();
        assert_eq!(required, ["name"], "{name}: {fields:#?}");
    }
    let holder = struct_fields(&sdk.api, "Holder");
    assert_eq!(holder[0].ty, TypeRef::Any);
}

/// Returns the type of the alias `name` among the models of `api`.
fn alias_type<'a>(api: &'a generator::ir::Api, name: &str) -> &'a TypeRef {
    let model = api.models.iter().find(|model| model.name == name);
    match model.map(|model| &model.kind) {
        Some(ModelKind::Alias { ty }) => ty,
        other => panic!("{name} is not an alias: {other:?}"),
    }
}

/// An `allOf` whose members but one only list `required` names or annotate takes the type of
/// that member when it is not an object, and warns at each `required` member, whose names
/// require nothing there.
#[test]
fn required_beside_non_object_is_ignored() {
    let spec = fixture("required-beside-non-object.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");

    let model = |name: &str| TypeRef::Model(name.to_owned());
    assert_eq!(alias_type(&sdk.api, "TightTone"), &model("Tone"));
    let names = TypeRef::Array(Box::new(TypeRef::String));
    assert_eq!(alias_type(&sdk.api, "Names"), &names);
    assert_eq!(alias_type(&sdk.api, "TightEither"), &model("Either"));
    let holder = struct_fields(&sdk.api, "Holder");
    assert_eq!(holder[0].ty, model("Tone"));
    assert!(holder[0].nullable);
    assert_eq!(holder[0].description.as_deref(), Some("The tone, or null."));
    assert_eq!(holder[1].ty, model("HolderMood"));
    let mood = sdk
        .api
        .models
        .iter()
        .find(|model| model.name == "HolderMood");
    let mood_kind = mood.map(|model| &model.kind);
    assert!(
        matches!(mood_kind, Some(ModelKind::Enum { .. })),
        "{mood_kind:?}"
    );
    let names_model = sdk.api.models.iter().find(|model| model.name == "Names");
    let description = names_model.and_then(|model| model.description.as_deref());
    assert_eq!(description, Some("Names in order."));

    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let schemas = "required-beside-non-object.yaml: #/components/schemas";
    let ignored = "`required` is ignored because the schema is not an object";
    let expected = [
        format!("{schemas}/TightTone/allOf/1: {ignored}"),
        format!("{schemas}/Names/allOf/1: {ignored}"),
        format!("{schemas}/TightEither/allOf/0: {ignored}"),
        format!("{schemas}/Holder/properties/tone/allOf/1: {ignored}"),
        format!("{schemas}/Holder/properties/mood/allOf/1: {ignored}"),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

#[test]
fn duplicate_parameters_are_warned() {
    let spec = fixture("duplicate-parameters.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the later one is kept");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/paths/~1things/parameters/1: header parameter \"x-trace\" is declared twice in this list, also at #/paths/~1things/parameters/0",
        "#/paths/~1things/get/parameters/1: query parameter \"limit\" is declared twice in this list, also at #/paths/~1things/get/parameters/0",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let operation = &sdk.api.services[0].operations[0];
    let parameters: Vec<(&str, &str)> = operation
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
        .collect();
    assert_eq!(
        parameters,
        [
            ("x-trace", "x_trace"),
            ("limit", "limit"),
            ("limit", "limit2"),
            ("region", "region")
        ]
    );
}

#[test]
fn percent_encoded_refs_resolve() {
    let spec = fixture("percent-encoded-refs.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("every $ref resolves");
    let models: Vec<(&str, &str)> = sdk
        .api
        .models
        .iter()
        .map(|model| (model.name.as_str(), model.rust_name.as_str()))
        .collect();
    assert_eq!(
        models,
        [
            ("With Space", "WithSpace"),
            ("Größe", "Grosse"),
            ("a/b", "AB")
        ]
    );
    let Some(ModelKind::Struct { fields }) = sdk.api.models.first().map(|model| &model.kind) else {
        panic!("WithSpace is not a struct");
    };
    let types: Vec<String> = fields
        .iter()
        .map(|field| format!("{:?}", field.ty))
        .collect();
    assert_eq!(types, ["Model(\"Grosse\")", "Model(\"AB\")"]);
}

#[test]
fn path_template_mismatch_is_warned() {
    let spec = fixture("path-template-mismatch.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("a mismatch is worked around");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let operation = &sdk.api.services[0].operations[0];
    let path_parameters: Vec<&str> = operation
        .parameters
        .iter()
        .map(|parameter| parameter.wire_name.as_str())
        .collect();

    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("#/paths/~1files~1{name}/get: "),
        "{warnings:#?}"
    );
    assert!(
        warnings[0].contains("placeholder {name} but no path parameter"),
        "{warnings:#?}"
    );
    assert_eq!(path_parameters, ["name"]);
}

/// A brace without its partner would reach the server as a literal part of the path.
#[test]
fn unbalanced_path_templates_are_rejected() {
    let message = error_for("bad-path-templates.yaml");
    let file = "tests/fixtures/invalid/bad-path-templates.yaml";
    let expected = [
        format!(
            "{file}: #/paths/~1a~1{{id: path template \"/a/{{id\" has a `{{` at byte 3 \
             without a closing `}}`, so the method would request the literal path \"/a/{{id\""
        ),
        format!("{file}: #/paths/~1b~1id}}: path template \"/b/id}}\" has a `}}` at byte 5"),
        format!(
            "{file}: #/paths/~1c~1{{a{{b}}}}: path template \"/c/{{a{{b}}}}\" has a `{{` at byte 5"
        ),
    ];
    for part in &expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert!(message.contains("percent-encode"), "{message}");
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

#[test]
fn unplaced_path_parameter_is_warned_and_left_out() {
    let spec = fixture("unplaced-path-parameter.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the parameters are left out");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/paths/~1files~1{name}/parameters/0: path parameter \"version\" has no {version} placeholder",
        "#/paths/~1files~1{name}/get/parameters/0: path parameter \"id\" has no {id} placeholder",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    for operation in &sdk.api.services[0].operations {
        let names: Vec<&str> = operation
            .parameters
            .iter()
            .map(|parameter| parameter.wire_name.as_str())
            .collect();
        assert_eq!(names, ["name"], "{}", operation.method_name);
    }
}

#[test]
fn security_problems_are_all_reported() {
    let message = error_for("bad-security.yaml");
    let expected = [
        "#/security/0/missing_global: security requirement names an undefined scheme \"missing_global\"",
        "#/paths/~1thing/get/security/0/missing~1here~0: security requirement names an undefined scheme \"missing/here~\"",
        "#/components/securitySchemes/referenced: a security scheme given as a $ref is not supported",
        "#/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl: invalid tokenUrl \"\"",
        "#/paths/~1both/get/security/1: security requirement combines schemes \"bearer\" and \"auth_key\", which both send header \"authorization\"",
        "#/components/securitySchemes/spaced/scheme: HTTP authentication scheme \"bad scheme\" is not a valid HTTP token",
        "#/components/securitySchemes/blank/scheme: HTTP authentication scheme is empty",
    ];
    for part in expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

#[test]
fn colliding_env_vars_are_warned() {
    let spec = fixture("env-collisions.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/components/securitySchemes/x_username: scheme \"x_username\" reads the environment \
         variable ENV_COLLISIONS_X_USERNAME, which scheme \"x\" also reads",
        "#/components/securitySchemes/y_client_secret: scheme \"y_client_secret\" reads the \
         environment variable ENV_COLLISIONS_Y_CLIENT_SECRET, which scheme \"y\" also reads",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    // The check compares the names that `from_env` in the generated crate reads.
    let security = sdk
        .files
        .iter()
        .find(|file| file.path == "src/security.rs")
        .expect("the crate has src/security.rs");
    for scheme in &sdk.api.security_schemes {
        for var in generator::ir::operation::env_var_names(scheme) {
            let read = format!("\"{var}\"");
            assert!(security.contents.contains(&read), "{read} is not read");
        }
    }
}

#[test]
fn unsupported_styles_are_warned() {
    let spec = fixture("unsupported-styles.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the styles are worked around");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let pointer = "#/paths/~1things~1{id}/get/parameters";
    let expected = [
        format!("{pointer}/1: `style: deepObject` applies to objects"),
        format!("{pointer}/2: `style: deepObject` with `explode: false` is undefined"),
        format!("{pointer}/3: `style: pipeDelimited` applies to arrays and objects"),
        format!("{pointer}/4: `allowReserved: true` is not supported"),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

#[test]
fn unknown_style_is_rejected() {
    let message = error_for("unknown-style.yaml");
    assert!(
        message.contains("unknown-style.yaml: #/paths/~1things/get/parameters/0"),
        "{message}"
    );
    assert!(message.contains("commaSeparated"), "{message}");
}

#[test]
fn server_default_outside_enum_is_rejected() {
    let message = error_for("bad-server-variable.yaml");
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 3, "{message}");
    assert!(
        message.contains("#/servers/0/variables/version/default: "),
        "{message}"
    );
    assert!(
        message.contains("#/paths/~1thing/get/servers/0/variables/port/default: "),
        "{message}"
    );
    assert!(
        message.contains("#/paths/~1shared/servers/0/variables/region/default: "),
        "{message}"
    );
    assert!(message.contains("\"v3\""), "{message}");
    assert!(
        message.contains("make the default one of the enum values"),
        "{message}"
    );
}

#[test]
fn self_reaching_union_is_rejected() {
    let message = error_for("union-cycle.yaml");
    assert!(
        message.contains("union-cycle.yaml: #/components/schemas/A: "),
        "{message}"
    );
    assert!(message.contains("(A -> B -> A)"), "{message}");
    assert!(!message.contains("Tree"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn overlapping_union_members_are_warned() {
    let spec = fixture("unions.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the unions generate");
    let warnings: Vec<String> = sdk
        .api
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|warning| !warning.contains("#/servers"))
        .collect();
    let expected = "tests/fixtures/unions.yaml: #/components/schemas/Patch: members anyOf/0, \
                    anyOf/1 and anyOf/2 may decode the same object, because anyOf/0 and anyOf/1 \
                    require no property and the anyOf has no discriminator";
    assert!(
        warnings.iter().any(|warning| warning.starts_with(expected)),
        "{expected} is missing from:\n{warnings:#?}"
    );
    let nested = "tests/fixtures/unions.yaml: #/components/schemas/Entry: members oneOf/0 and \
                  oneOf/1 may decode the same object, because oneOf/0 requires no property and \
                  the oneOf has no discriminator, so an object whose keys no single member \
                  declares, nor a single member of the nested union oneOf/1, decodes as the \
                  first member that accepts it";
    assert!(
        warnings.iter().any(|warning| warning.starts_with(nested)),
        "{nested} is missing from:\n{warnings:#?}"
    );
    let map = "tests/fixtures/unions.yaml: #/components/schemas/MemoOrMap: members oneOf/0 and \
               oneOf/1 may decode the same object, because oneOf/1 requires no property";
    assert!(
        warnings.iter().any(|warning| warning.starts_with(map)),
        "{map} is missing from:\n{warnings:#?}"
    );
    assert!(
        warnings[0].contains("add to each member a `required` property"),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

#[test]
fn properties_beside_union_are_warned() {
    let spec = fixture("object-unions.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the unions generate");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = "tests/fixtures/object-unions.yaml: #/components/schemas/Named: `properties` \
                    written beside `oneOf` are not part of the generated enum";
    assert!(
        warnings.iter().any(|warning| warning.starts_with(expected)),
        "{expected} is missing from:\n{warnings:#?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let named = sdk.api.models.iter().find(|model| model.name == "Named");
    let kind = named.map(|model| &model.kind);
    assert!(matches!(kind, Some(ModelKind::OneOf { .. })), "{kind:?}");
}

#[test]
fn empty_composition_is_rejected() {
    let message = error_for("empty-composition.yaml");
    let expected = [
        "empty-composition.yaml: #/paths/~1things/get/responses/200/content/application~1json/schema/items/anyOf: `anyOf` lists no schemas",
        "empty-composition.yaml: #/components/schemas/NoChoice/oneOf: `oneOf` lists no schemas",
        "empty-composition.yaml: #/components/schemas/Holder/properties/merged/allOf: `allOf` lists no schemas",
    ];
    for part in expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

#[test]
fn invalid_keys_are_rejected() {
    let message = error_for("bad-keys.yaml");
    let expected = [
        "bad-keys.yaml: #/paths/things: path \"things\" does not start with `/`; write the path as \"/things\"",
        "bad-keys.yaml: #/paths/~1things~1{id}/get/responses/abc: response key \"abc\" is not an HTTP status",
        "bad-keys.yaml: #/paths/~1things~1{id}/get/responses/999: response key \"999\" is not an HTTP status",
        "bad-keys.yaml: #/paths/~1things~1{id}/get/callbacks/onChange/{$request.query.hook}/post/responses/20: response key \"20\" is not an HTTP status",
    ];
    for part in expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert!(
        message.contains("use `default`, a status code from 100 to 599"),
        "{message}"
    );
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

#[test]
fn control_characters_are_escaped_and_rejected() {
    let message = error_for("control-characters.yaml");
    let pointer = r"control-characters.yaml: #/paths/~1a\u{1b}[31mRED\nfake: line: ";
    assert!(message.contains(pointer), "{message}");
    assert!(
        message.contains(r#"contains the control character '\u{1b}', which a URL cannot contain"#),
        "{message}"
    );
    assert!(message.contains("percent-encoded as %1B"), "{message}");
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(!message.contains('\r'), "{message:?}");
    assert_eq!(message.lines().count(), 1, "{message:?}");
}

#[test]
fn duplicate_operation_id_is_warned() {
    let spec = fixture("duplicate-operation-id.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the methods are renamed");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let methods: Vec<&str> = sdk
        .api
        .services
        .iter()
        .flat_map(|service| &service.operations)
        .map(|operation| operation.method_name.as_str())
        .collect();

    let first = "duplicate operationId \"fetch\", also used by #/paths/~1a/get,";
    let expected = [
        format!("#/paths/~1b/get/operationId: {first}"),
        format!("#/paths/~1c/get/operationId: {first}"),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    assert_eq!(methods, ["fetch", "fetch2", "fetch"]);
}

#[test]
fn bodiless_response_content_is_warned() {
    let spec = fixture("bodiless-responses.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the content is ignored");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let problem = "the response \"#/components/responses/Problem\" declares `content`";
    let expected = [
        "#/paths/~1rows/head/responses/200/content: this response declares `content`, which the \
         SDK ignores because a response to a HEAD request never carries a body"
            .to_owned(),
        format!(
            "#/paths/~1rows/head/responses/404/$ref: {problem}, which the SDK ignores because a \
             response to a HEAD request never carries a body"
        ),
        "#/paths/~1rows/put/responses/205/content: this response declares `content`, which \
         the SDK ignores because a 205 Reset Content response never carries a body"
            .to_owned(),
        "#/paths/~1rows/delete/responses/204/content: this response declares `content`, which \
         the SDK ignores because a 204 No Content response never carries a body"
            .to_owned(),
        format!(
            "#/paths/~1rows/get/responses/304/$ref: {problem}, which the SDK ignores because a \
             304 Not Modified response never carries a body"
        ),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert!(
        warnings
            .iter()
            .all(|warning| warning.contains("remove `content` from the response")),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let bodies: Vec<(String, bool)> = sdk.api.services[0]
        .operations
        .iter()
        .flat_map(|operation| {
            operation.responses.iter().map(move |response| {
                let status = format!("{} {:?}", operation.method, response.status);
                (status, response.body.is_some())
            })
        })
        .collect();
    let expected_bodies = [
        ("GET Code(200)", true),
        ("GET Code(304)", false),
        ("PUT Code(205)", false),
        ("DELETE Code(204)", false),
        ("DELETE Code(200)", true),
        ("HEAD Code(200)", false),
        ("HEAD Code(404)", false),
    ];
    let expected_bodies: Vec<(String, bool)> = expected_bodies
        .iter()
        .map(|(status, body)| ((*status).to_owned(), *body))
        .collect();
    assert_eq!(bodies, expected_bodies);
}

#[test]
fn bad_discriminator_is_rejected() {
    let message = error_for("bad-discriminator.yaml");
    let pet = "bad-discriminator.yaml: #/components/schemas/Pet";
    let expected = [
        format!("{pet}/discriminator/mapping/fish: unresolved $ref \"#/components/schemas/Fish\""),
        format!("{pet}/discriminator/mapping/bird: unresolved $ref \"#/components/schemas/Bird\""),
        format!("{pet}/oneOf/1: union member has no property \"kind\""),
        "bad-discriminator.yaml: #/components/schemas/Single/oneOf/0: union member has no property \"kind\"".to_owned(),
    ];
    for part in &expected {
        assert!(
            message.contains(part.as_str()),
            "{part} is missing from:\n{message}"
        );
    }
    assert_eq!(message.lines().count(), expected.len(), "{message}");
}

/// Returns the variants of the union model `name` of `api`, each with its discriminator values.
fn union_tags(api: &generator::ir::Api, name: &str) -> Vec<(String, Vec<String>)> {
    let model = api.models.iter().find(|model| model.name == name);
    let Some(ModelKind::OneOf { variants, .. }) = model.map(|model| &model.kind) else {
        panic!("{name} is not a union");
    };
    variants
        .iter()
        .map(|variant| (variant.rust_name.clone(), variant.tags.clone()))
        .collect()
}

#[test]
fn discriminator_collisions_are_warned() {
    let spec = fixture("discriminator-collisions.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the spec generates");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "#/components/schemas/Shadowed/discriminator/mapping/Circle: `mapping` gives the \
         discriminator value \"Circle\" to oneOf/1, so it no longer selects oneOf/0, whose \
         schema name it is",
        "#/components/schemas/Repeated/oneOf/1: union member repeats oneOf/0",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let tags = |values: &[&str]| values.iter().map(|value| (*value).to_owned()).collect();
    let shadowed = [
        ("Circle".to_owned(), tags(&[])),
        ("Square".to_owned(), tags(&["Circle"])),
    ];
    assert_eq!(union_tags(&sdk.api, "Shadowed"), shadowed);
    let repeated = [
        ("Circle".to_owned(), tags(&["Circle"])),
        ("Square".to_owned(), tags(&["Square"])),
    ];
    assert_eq!(union_tags(&sdk.api, "Repeated"), repeated);
}

#[test]
fn integer_discriminator_is_warned() {
    let text = "openapi: 3.0.3\n\
                info: {title: Tags, version: '1'}\n\
                servers: [{url: 'http://127.0.0.1:9'}]\n\
                paths: {}\n\
                components:\n  schemas:\n    \
                One: {type: object, required: [k], properties: {k: {type: integer}}}\n    \
                Two: {type: object, required: [k], properties: {k: {type: string}}}\n    \
                Either: {discriminator: {propertyName: k}, oneOf: [{$ref: '#/components/schemas/One'}, {$ref: '#/components/schemas/Two'}]}\n";
    let options = options_for(std::path::Path::new("tags.yaml"));
    let sdk = generator::generate_from_text(text, &options).expect("the spec generates");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = "#/components/schemas/One/properties/k: discriminator property \"k\" has \
                    type integer, but the discriminator at #/components/schemas/Either/discriminator \
                    reads only string values";
    assert!(
        warnings.iter().any(|warning| warning.contains(expected)),
        "{expected} is missing from:\n{warnings:#?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
}

/// Generates from a spec whose component schemas are the YAML lines `schemas`, and returns the
/// API and its warnings.
fn api_with_schemas(schemas: &str) -> (generator::ir::Api, Vec<String>) {
    let text = format!(
        "openapi: 3.0.3\n\
         info: {{title: Unions, version: '1'}}\n\
         servers: [{{url: 'http://127.0.0.1:9'}}]\n\
         paths: {{}}\n\
         components:\n  schemas:\n{schemas}"
    );
    let options = options_for(std::path::Path::new("unions.yaml"));
    let sdk = generator::generate_from_text(&text, &options).expect("the spec generates");
    let warnings = sdk.api.warnings.iter().map(ToString::to_string).collect();
    (sdk.api, warnings)
}

/// Returns the discriminator property of the union model `name` of `api`.
fn union_discriminator(api: &generator::ir::Api, name: &str) -> Option<String> {
    let model = api.models.iter().find(|model| model.name == name);
    let Some(ModelKind::OneOf { discriminator, .. }) = model.map(|model| &model.kind) else {
        panic!("{name} is not a union");
    };
    discriminator.clone()
}

fn assert_warned(warnings: &[String], expected: &[&str]) {
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

const CAT_AND_DOG: &str = "    \
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, lives: {type: integer}}}\n    \
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, bark: {type: string}}}\n";

#[test]
fn inline_discriminator_selects_by_enum() {
    let schemas = format!(
        "{CAT_AND_DOG}    \
        Inline:\n      \
          discriminator: {{propertyName: kind}}\n      \
          oneOf:\n        \
            - {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [x]}}, x: {{type: integer}}}}}}\n        \
            - {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [y]}}, y: {{type: integer}}}}}}\n    \
        Mixed:\n      \
          discriminator: {{propertyName: kind, mapping: {{c: '#/components/schemas/Cat'}}}}\n      \
          oneOf:\n        \
            - {{$ref: '#/components/schemas/Cat'}}\n        \
            - {{$ref: '#/components/schemas/Dog'}}\n        \
            - {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [m, n]}}}}}}\n"
    );
    let (api, warnings) = api_with_schemas(&schemas);
    assert_warned(&warnings, &[]);

    let tags_of = |name: &str| -> Vec<Vec<String>> {
        let tags = union_tags(&api, name).into_iter().map(|(_, tags)| tags);
        tags.collect()
    };
    assert_eq!(tags_of("Inline"), [vec!["x"], vec!["y"]]);
    assert_eq!(union_discriminator(&api, "Inline").as_deref(), Some("kind"));
    assert_eq!(tags_of("Mixed"), [vec!["c"], vec!["Dog"], vec!["m", "n"]]);
    assert_eq!(union_discriminator(&api, "Mixed").as_deref(), Some("kind"));
}

#[test]
fn inline_discriminator_without_enum_is_warned() {
    let schemas = "    \
        Loose:\n      \
          discriminator: {propertyName: kind}\n      \
          oneOf:\n        \
            - {type: object, required: [kind], properties: {kind: {type: string, enum: [x]}, x: {type: integer}}}\n        \
            - {type: object, required: [kind, y], properties: {kind: {type: string}, y: {type: integer}}}\n";
    let (api, warnings) = api_with_schemas(schemas);
    let expected = "#/components/schemas/Loose/discriminator: discriminator is ignored, because \
                    member oneOf/1 is written inline and gives \"kind\" no `enum`";
    assert_warned(&warnings, &[expected]);
    assert_eq!(union_discriminator(&api, "Loose"), None);
}

#[test]
fn inline_discriminator_value_claimed_twice_is_warned() {
    let schemas = "    \
        Twice:\n      \
          discriminator: {propertyName: kind}\n      \
          oneOf:\n        \
            - {type: object, required: [kind], properties: {kind: {type: string, enum: [x]}, x: {type: integer}}}\n        \
            - {type: object, required: [kind], properties: {kind: {type: string, enum: [x, y]}, y: {type: integer}}}\n";
    let (api, warnings) = api_with_schemas(schemas);
    let expected = "#/components/schemas/Twice/oneOf/1/properties/kind/enum: discriminator value \
                    \"x\" also selects oneOf/0, which is listed first, so it no longer selects \
                    oneOf/1";
    assert_warned(&warnings, &[expected]);
    let tags: Vec<Vec<String>> = union_tags(&api, "Twice")
        .into_iter()
        .map(|(_, tags)| tags)
        .collect();
    assert_eq!(tags, [vec!["x"], vec!["y"]]);
}

#[test]
fn repeated_member_without_discriminator_is_warned() {
    let schemas = format!(
        "{CAT_AND_DOG}    \
        Either: {{anyOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Cat'}}]}}\n    \
        Choice: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}, {{$ref: '#/components/schemas/Cat'}}]}}\n    \
        Texts: {{oneOf: [{{type: string}}, {{type: integer}}, {{type: string}}]}}\n"
    );
    let (api, warnings) = api_with_schemas(&schemas);
    let expected = [
        "#/components/schemas/Either/anyOf/1: union member repeats anyOf/0",
        "#/components/schemas/Choice/oneOf/2: union member repeats oneOf/0",
        "#/components/schemas/Texts/oneOf/2: union member repeats oneOf/0",
    ];
    assert_warned(&warnings, &expected);

    let names = |name: &str| -> Vec<String> {
        let variants = union_tags(&api, name).into_iter().map(|(name, _)| name);
        variants.collect()
    };
    assert_eq!(names("Either"), ["Cat"]);
    assert_eq!(names("Choice"), ["Cat", "Dog"]);
    assert_eq!(names("Texts"), ["Text", "Integer"]);
}

#[test]
fn mapping_outside_union_is_warned() {
    let schemas = format!(
        "{CAT_AND_DOG}    \
        Holder: {{type: object, properties: {{kind: {{type: string}}}}}}\n    \
        Pet:\n      \
          discriminator: {{propertyName: kind, mapping: {{h: '#/components/schemas/Holder', d: Holder, c: Cat}}}}\n      \
          oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n"
    );
    let (api, warnings) = api_with_schemas(&schemas);
    let pet = "#/components/schemas/Pet/discriminator/mapping";
    let expected = [
        format!(
            "{pet}/h: `mapping` gives the discriminator value \"h\" to schema \"Holder\", which \
             is not a member of the oneOf"
        ),
        format!("{pet}/d: `mapping` gives the discriminator value \"d\" to schema \"Holder\""),
    ];
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_warned(&warnings, &expected);
    let tags = union_tags(&api, "Pet");
    assert_eq!(tags[0], ("Cat".to_owned(), vec!["c".to_owned()]));
    assert_eq!(tags[1], ("Dog".to_owned(), vec!["Dog".to_owned()]));
}

#[test]
fn invalid_defaults_are_warned_and_dropped() {
    let spec = fixture("bad-defaults.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("bad defaults are left out");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let thing = "#/components/schemas/Thing/properties";
    let parameters = "#/paths/~1things/get/parameters";
    let expected = [
        format!(
            "{parameters}/0/schema/default: default 3000000000 is outside the range of i32, so \
             the docs and examples leave it out"
        ),
        format!(
            "{parameters}/1/schema/default: default \"not a date\" is not an RFC 3339 date-time"
        ),
        format!(
            "{thing}/count/default: default 123456789012345678901234567890 is outside the \
             range of i64, so the docs and examples leave it out"
        ),
        format!("{thing}/half/default: default 2.5 is not an integer"),
        format!("{thing}/wide/default: default 10000000000.0 is outside the range of i32"),
        format!("{thing}/created/default: default \"not a date\" is not an RFC 3339 date-time"),
        format!("{thing}/mode/default: default \"y\" is not one of the `enum` values"),
        format!("{thing}/day/default: default \"2021-02-30\" is not a YYYY-MM-DD date"),
        format!("{thing}/label/default: default 5 does not match the schema's type"),
        "#/components/schemas/Colour/default: default \"blue\" is not one of the `enum` values"
            .to_owned(),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let text: String = sdk
        .files
        .iter()
        .map(|file| file.contents.as_str())
        .collect();
    for dropped in [
        "not a date",
        "3000000000",
        "18446744073709551615",
        "123456789012345678901234567890",
        "10000000000",
        "2021-02-30",
        "1000.0",
        "blue",
    ] {
        assert!(!text.contains(dropped), "{dropped} is still in the output");
    }
    for expected in [
        "2021-06-15T10:00:00Z",
        "Default: `7`",
        "Default: `1000`",
        "Default: `2000`",
    ] {
        assert!(
            text.contains(expected),
            "{expected} is missing from the output"
        );
    }
}

#[test]
fn untyped_integer_enums_are_warned() {
    let spec = fixture("untyped-integer-enums.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the enums are untyped");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let untyped = "so the schema's values decode as untyped JSON (`serde_json::Value`)";
    let expected = [
        format!(
            "#/components/schemas/Spread/enum/2: enum value 18446744073709551615 is above \
             i64::MAX and enum value -1 is negative, which no single Rust integer type represents, \
             {untyped}"
        ),
        format!(
            "#/components/schemas/Fraction/enum/1: enum value 2.5 is not an integer, {untyped}"
        ),
        format!(
            "#/components/schemas/Word/enum/1: enum value \"two\" is not an integer, {untyped}"
        ),
        format!(
            "#/components/schemas/Beyond/enum/1: enum value 99999999999999999999 is outside \
             the range of 64-bit integers, {untyped}"
        ),
        format!(
            "#/components/schemas/Below/enum/0: enum value -99999999999999999999 is outside \
             the range of 64-bit integers, {untyped}"
        ),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let kinds: BTreeMap<&str, &ModelKind> = sdk
        .api
        .models
        .iter()
        .map(|model| (model.rust_name.as_str(), &model.kind))
        .collect();
    for untyped in ["Spread", "Fraction", "Word", "Beyond", "Below"] {
        let kind = kinds[untyped];
        let is_any = matches!(kind, ModelKind::Alias { ty: TypeRef::Any });
        assert!(is_any, "{untyped} is {kind:?}");
    }
    let ModelKind::IntegerEnum { variants, .. } = kinds["Thousand"] else {
        panic!("Thousand is {:?}", kinds["Thousand"]);
    };
    let values: Vec<i128> = variants.iter().map(|variant| variant.value).collect();
    assert_eq!(values, [1, 1000]);
}

#[test]
fn unknown_type_is_warned() {
    let spec = fixture("unknown-type.yaml");
    let sdk =
        generator::generate_sdk(&options_for(&spec)).expect("an unknown type is worked around");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let expected = [
        "tests/fixtures/unknown-type.yaml: #/paths/~1things/get/parameters/0/schema: schema has unknown type \"strng\"",
        "tests/fixtures/unknown-type.yaml: #/components/schemas/Thing/properties/name: schema has unknown type \"strin\"",
        "tests/fixtures/unknown-type.yaml: #/components/schemas/Label: schema has unknown type \"text\"",
    ];
    for part in expected {
        assert!(
            warnings.iter().any(|warning| warning.contains(part)),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    for warning in &warnings {
        assert!(
            warning.contains("use one of the OpenAPI 3.0 types"),
            "{warning}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

#[test]
fn ignored_header_parameters_are_warned() {
    let spec = fixture("ignored-headers.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("the headers are ignored");
    let warnings: Vec<String> = sdk.api.warnings.iter().map(ToString::to_string).collect();
    let pointer = "tests/fixtures/ignored-headers.yaml: #/paths/~1things/post/parameters";
    let expected = [
        format!("{pointer}/0: header parameter \"Accept\" is ignored"),
        format!("{pointer}/1: header parameter \"content-type\" is ignored"),
        format!("{pointer}/2: header parameter \"AUTHORIZATION\" is ignored"),
        format!("{pointer}/3: header parameter \"Content-Length\" is ignored"),
        format!("{pointer}/4: header parameter \"transfer-encoding\" is ignored"),
        format!("{pointer}/5: header parameter \"Host\" is ignored"),
        format!("{pointer}/6: header parameter \"Cookie\" is ignored"),
        "#/paths/~1things/post/responses/204/headers/X Resp: response header name \"X Resp\" is not a valid HTTP token".to_owned(),
        "#/components/securitySchemes/hostKey/name: apiKey header \"host\" is ignored".to_owned(),
    ];
    for part in &expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains(part.as_str())),
            "{part} is missing from:\n{warnings:#?}"
        );
    }
    assert!(
        warnings[1].contains("remove the parameter"),
        "{warnings:#?}"
    );
    assert!(
        warnings[0].contains("such as \"X-Api-Key\", or remove the scheme"),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");

    let operation = &sdk.api.services[0].operations[0];
    let names: Vec<&str> = operation
        .parameters
        .iter()
        .map(|parameter| parameter.wire_name.as_str())
        .collect();
    assert_eq!(names, ["X-Trace"]);

    let schemes: Vec<&str> = sdk
        .api
        .security_schemes
        .iter()
        .map(|scheme| scheme.name.as_str())
        .collect();
    assert_eq!(schemes, ["apiKey"]);
    let requirements: Vec<&[String]> = operation
        .security
        .iter()
        .flatten()
        .map(|requirement| requirement.schemes.as_slice())
        .collect();
    assert_eq!(requirements, [&["apiKey".to_owned()][..], &[]]);
}

/// Generates the auth spec with a settings file of `lines` and returns the error message,
/// which must name the settings file.
fn settings_error(lines: &str) -> String {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let settings = folder.path().join("generator.toml");
    std::fs::write(&settings, lines).expect("writing the settings");
    let options = generator::Options {
        settings: Some(settings),
        ..options_for(&workspace_root().join("spec/openapi.yaml"))
    };
    let error = generator::generate(&options).expect_err("the settings are invalid");
    let message = error.to_string();
    assert!(
        message.contains("generator.toml: invalid settings"),
        "{message}"
    );
    message
}

#[test]
fn settings_missing_crate_name_is_rejected() {
    let message = settings_error("sdk_name = \"Gram\"\nenv_prefix = \"GRAM\"\n");
    assert!(
        message.contains("generator.toml: invalid settings: missing key `crate_name`"),
        "{message}"
    );
    assert!(
        message.contains("add a line such as `crate_name = \"gram-api-description-sdk\"`"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn settings_key_of_wrong_type_is_rejected() {
    let message =
        settings_error("sdk_name = \"Gram\"\ncrate_name = [\"gram\"]\nenv_prefix = \"GRAM\"\n");
    assert!(
        message.contains("invalid settings: `crate_name` is an array, but it must be a string"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn settings_problems_are_all_reported() {
    let text = "sdk_name = \"fn\"\ncrate_name = 5\ncrate = \"gram\"\nserver_url = true\n\
                [retries]\nstatus = [503]\n";
    let message = settings_error(text);
    let expected = [
        "unknown key `crate`; the keys are",
        "unknown key `retries.status`; the `[retries]` table takes only `statuses`",
        "sdk_name \"fn\" is a Rust keyword; choose another, such as \"FnClient\"",
        "`crate_name` is the integer 5, but it must be a string; write it in quotes, such as \
         `crate_name = \"gram-api-description-sdk\"`",
        "missing key `env_prefix`, which is required when a settings file is given; add a line \
         such as `env_prefix = \"GRAM_API_DESCRIPTION\"`",
        "`server_url` is the boolean true, but it must be a string",
    ];
    for part in expected {
        assert!(message.contains(part), "{part} is missing from:\n{message}");
    }
    assert_eq!(message.lines().count(), expected.len(), "{message}");
    for line in message.lines() {
        assert!(
            line.contains("generator.toml: invalid settings: "),
            "{line}"
        );
    }
}

#[test]
fn keyword_sdk_name_is_rejected() {
    for name in ["fn", "self", "crate"] {
        let text = format!("sdk_name = {name:?}\ncrate_name = \"t-sdk\"\nenv_prefix = \"T\"\n");
        let message = settings_error(&text);
        let expected = format!("sdk_name {name:?} is a Rust keyword; choose another");
        assert!(message.contains(&expected), "{message}");
    }
}

#[test]
fn sdk_name_in_client_scope_is_rejected() {
    for name in ["Send", "Arc", "Duration", "Into", "Call", "BTreeMap"] {
        let text = format!("sdk_name = {name:?}\ncrate_name = \"t-sdk\"\nenv_prefix = \"T\"\n");
        let message = settings_error(&text);
        let expected = format!("sdk_name {name:?} clashes with a name of the generated crate");
        assert!(message.contains(&expected), "{message}");
        let fix = format!("such as \"{name}Client\"");
        assert!(message.contains(&fix), "{message}");
    }
}

/// A crate named like one of its own dependencies builds, but its doc tests, and crates that
/// use both, cannot tell the two libraries apart.
#[test]
fn crate_name_of_dependency_is_rejected() {
    for name in [
        "serde",
        "serde-json",
        "percent_encoding",
        "tracing-subscriber",
    ] {
        let text = format!("sdk_name = \"Good\"\ncrate_name = {name:?}\nenv_prefix = \"X\"\n");
        let message = settings_error(&text);
        let library = name.replace('-', "_");
        let expected = format!(
            "generator.toml: invalid settings: crate_name {name:?} names the library \
             `{library}`, which is the name of a dependency of the generated crate"
        );
        assert!(message.contains(&expected), "{message}");
        let fix = format!("choose another, such as \"{name}-sdk\"");
        assert!(message.contains(&fix), "{message}");
    }
}

#[test]
fn server_url_not_http_is_rejected() {
    let text = "sdk_name = \"T\"\ncrate_name = \"t-sdk\"\nenv_prefix = \"T\"\n\
                server_url = \"not a url\"\n";
    let message = settings_error(text);
    assert!(
        message.contains("server_url \"not a url\" is not a valid URL"),
        "{message}"
    );
    assert!(message.contains("use an absolute URL"), "{message}");

    let text = "sdk_name = \"T\"\ncrate_name = \"t-sdk\"\nenv_prefix = \"T\"\n\
                server_url = \"ftp://127.0.0.1/\"\n";
    let message = settings_error(text);
    assert!(message.contains("has scheme \"ftp\""), "{message}");
}

#[test]
fn yaml_alias_bomb_names_aliases() {
    let message = error_for("alias-bomb.yaml");
    assert!(
        message.starts_with("tests/fixtures/invalid/alias-bomb.yaml: #: "),
        "{message}"
    );
    assert!(
        message.contains("aliases expand to too many values"),
        "{message}"
    );
    assert!(message.contains("refer to it with $ref"), "{message}");
}

#[test]
fn yaml_merge_keys_are_applied() {
    let spec = fixture("yaml-merge-keys.yaml");
    let sdk = generator::generate_sdk(&options_for(&spec)).expect("a merge key is read");
    let pet = sdk
        .api
        .models
        .iter()
        .find(|model| model.rust_name == "Pet")
        .expect("a Pet model");
    let ModelKind::Struct { fields } = &pet.kind else {
        panic!("Pet is {:?}", pet.kind);
    };
    let fields: Vec<(&str, &TypeRef, bool)> = fields
        .iter()
        .map(|field| (field.rust_name.as_str(), &field.ty, field.required))
        .collect();
    assert_eq!(fields, [("name", &TypeRef::String, true)]);
}

#[test]
fn dot_segment_server_defaults_are_rejected() {
    let message = error_for("dot-segment-server.yaml");
    assert!(
        message.contains("dot-segment-server.yaml: #/servers/0/url: "),
        "{message}"
    );
    assert!(message.contains("`.` or `..` segment"), "{message}");
    assert!(message.contains("without dot segments"), "{message}");
}

#[test]
fn recursive_map_asks_for_a_property() {
    let message = error_for("recursive-map.yaml");

    assert!(
        message.contains("#/components/schemas/Tree: the schema contains itself only through"),
        "{message}"
    );
    assert!(
        message.contains("at least one entry under `properties`"),
        "{message}"
    );
}
