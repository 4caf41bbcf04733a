//! Generates from specs that put odd names in every place that becomes a Rust name. The names
//! have leading digits, keywords, non-ASCII text or only punctuation. The places are tags,
//! operation ids, parameters, schemas, properties, enum values, response headers, security
//! schemes, server variables and the title. Each spec must generate without a panic, and
//! every name in the IR must be a valid identifier. A title with no letter or digit must fail
//! at `#/info/title`, and the spec is then generated again with a title that has letters.

use serde_json::{Value, json};

use crate::ir::{Api, ModelKind};
use crate::resolve::names::is_ascii_ident;
use crate::{Error, Options, Settings, generate_from_text};

const ODD_NAMES: &[&str] = &[
    "",
    "123",
    "9lives",
    "_2fa_verify",
    "2",
    "_",
    "__",
    "-",
    "$$",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "fn",
    "async",
    "r#type",
    "default",
    "std",
    "core",
    "None",
    "Some",
    "Option",
    "Result",
    "Error",
    "new",
    "builder",
    "client",
    "models",
    "lib",
    "ServiceDocs",
    "Request",
    "授权",
    "😀",
    "café",
    "Größe",
    "a b",
    "1.5",
    "V123",
    "v123",
    "_123",
    "x_",
];

/// Returns whether `name` is a token of RFC 9110, so that it may name a header or a cookie.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Escapes `name` as one JSON pointer token of a `$ref`.
fn ref_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Builds a spec that uses `name` in every place that becomes a Rust name.
fn spec_with(name: &str) -> Value {
    let mut parameters =
        vec![json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})];
    // An empty query parameter name is an error of its own.
    if !name.is_empty() {
        parameters.push(json!({"name": name, "in": "query", "schema": {"type": "integer"}}));
    }
    if is_token(name) {
        parameters.push(json!({"name": name, "in": "header", "schema": {"type": "string"}}));
        parameters.push(json!({"name": name, "in": "cookie", "schema": {"type": "string"}}));
    }
    let model_ref = format!("#/components/schemas/{}", ref_token(name));
    let header_name = if is_token(name) { name } else { "X-Odd" };
    json!({
        "openapi": "3.0.3",
        "info": {"title": name, "version": "1.0.0"},
        "servers": [{
            "url": format!("https://example.com/{{{name}}}"),
            "variables": {name: {"default": "v1", "enum": ["v1", name]}},
        }],
        "tags": [{"name": name, "description": "A tag."}],
        "security": [{name: []}],
        "paths": {
            format!("/things/{{{name}}}"): {
                "post": {
                    "tags": [name],
                    "operationId": name,
                    "parameters": parameters,
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": model_ref}}},
                    },
                    "responses": {
                        "200": {
                            "description": "OK.",
                            "headers": {name: {"schema": {"type": "string"}}},
                            "content": {"application/json": {"schema": {"$ref": model_ref}}},
                        },
                    },
                },
            },
            "/plain": {
                "get": {
                    "tags": [name, "other"],
                    "responses": {"204": {"description": "Done."}},
                },
            },
        },
        "components": {
            "schemas": {
                name: {
                    "type": "object",
                    "properties": {
                        name: {"type": "string"},
                        "kind": {"type": "string", "enum": [name, "plain"]},
                        "inline": {
                            "type": "object",
                            "properties": {name: {"type": "boolean"}},
                        },
                    },
                },
            },
            "securitySchemes": {
                name: {"type": "apiKey", "in": "header", "name": header_name},
            },
        },
    })
}

/// Lists every name of `api` that the emitted code uses as an identifier.
fn identifiers(api: &Api) -> Vec<String> {
    let mut names = vec![api.sdk_name.clone(), api.crate_ident.clone()];
    for service in &api.services {
        names.push(service.module.clone());
        names.push(service.handle.clone());
        for operation in &service.operations {
            names.push(operation.method_name.clone());
            names.push(operation.type_prefix.clone());
            names.extend(operation.parameters.iter().map(|p| p.rust_name.clone()));
            for response in &operation.responses {
                names.extend(response.headers.iter().map(|h| h.rust_name.clone()));
            }
        }
    }
    for model in &api.models {
        names.push(model.rust_name.clone());
        match &model.kind {
            ModelKind::Struct { fields } => {
                names.extend(fields.iter().map(|field| field.rust_name.clone()));
            }
            ModelKind::Enum { variants } => {
                names.extend(variants.iter().map(|variant| variant.rust_name.clone()));
            }
            ModelKind::IntegerEnum { variants, .. } => {
                names.extend(variants.iter().map(|variant| variant.rust_name.clone()));
            }
            ModelKind::OneOf { variants, .. } => {
                names.extend(variants.iter().map(|variant| variant.rust_name.clone()));
            }
            ModelKind::Alias { .. } => {}
        }
    }
    names.extend(api.security_schemes.iter().map(|s| s.rust_name.clone()));
    for variable in &api.server_variables {
        names.push(variable.setter.clone());
        names.extend(variable.enum_type.clone());
        names.extend(variable.variants.iter().map(|v| v.rust_name.clone()));
    }
    names
}

#[test]
fn odd_names_generate_valid_identifiers() {
    let options = Options::for_test("odd.json");
    let mut failures = Vec::new();
    for name in ODD_NAMES {
        let mut spec = spec_with(name);
        if Settings::from_title(name).is_none() {
            check_title_rejected(&spec, &options, &mut failures);
            spec["info"]["title"] = json!("Odd");
        }
        let text = spec.to_string();
        let sdk = match generate_from_text(&text, &options) {
            Ok(sdk) => sdk,
            Err(error) => {
                failures.push(format!("{name:?} failed to generate: {error}"));
                continue;
            }
        };
        for ident in identifiers(&sdk.api) {
            if !is_ascii_ident(&ident) {
                failures.push(format!("{name:?} gave the name {ident:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Checks that generating from `spec`, whose title derives no name, fails at `#/info/title`.
fn check_title_rejected(spec: &Value, options: &Options, failures: &mut Vec<String>) {
    let title = &spec["info"]["title"];
    match generate_from_text(&spec.to_string(), options) {
        Err(Error::Spec(errors)) if errors.iter().any(|e| e.pointer == "#/info/title") => {}
        Err(other) => failures.push(format!("title {title} failed otherwise: {other}")),
        Ok(_) => failures.push(format!("title {title} generated")),
    }
}

/// A name of punctuation alone is spelled out wherever it becomes a Rust name, so that it
/// does not read as the fallback for a missing name, such as `field` or `Empty`.
#[test]
fn punctuation_names_are_spelled() {
    let mut spec = spec_with("$$");
    spec["info"]["title"] = json!("Odd");
    let sdk = generate_from_text(&spec.to_string(), &Options::for_test("odd.json"))
        .expect("the spec generates");

    // These come from the title, the `other` tag, the `kind` and `inline` properties, the
    // `plain` enum value and the `v1` server variable value.
    let unrelated = [
        "Odd",
        "odd_sdk",
        "get_plain",
        "GetPlain",
        "kind",
        "inline",
        "Plain",
        "V1",
    ];
    for ident in identifiers(&sdk.api) {
        if !unrelated.contains(&ident.as_str()) {
            assert!(ident.to_lowercase().contains("dollar"), "{ident}");
        }
    }
    let service = &sdk.api.services[0];
    assert_eq!(service.module, "dollar_dollar");
    assert_eq!(service.operations[0].method_name, "dollar_dollar");
    let variable = &sdk.api.server_variables[0];
    assert_eq!(variable.enum_type.as_deref(), Some("ServerDollarDollar"));
}

/// Enum values of punctuation alone get names that spell it, and only the empty string is
/// `Empty`.
#[test]
fn punctuation_enum_values_are_spelled() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Odd", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {
            "Mark": {"type": "string", "enum": ["*/", "`", "a b", "#[x]", "\u{7}", ""]},
            "Sign": {"type": "string", "enum": ["-", "+", "-*", "-1", "+1", "1"]},
        }},
    });
    let sdk = generate_from_text(&spec.to_string(), &Options::for_test("odd.json"))
        .expect("the spec generates");
    let variants = |name: &str| -> Vec<String> {
        let model = sdk.api.models.iter().find(|model| model.rust_name == name);
        match &model.expect("the model").kind {
            ModelKind::Enum { variants } => variants.iter().map(|v| v.rust_name.clone()).collect(),
            other => panic!("{name} is {other:?}"),
        }
    };
    assert_eq!(
        variants("Mark"),
        ["AsteriskSlash", "Backtick", "AB", "X", "U0007", "Empty"]
    );
    assert_eq!(
        variants("Sign"),
        ["Minus", "Plus", "MinusAsterisk", "Minus1", "Plus1", "V1"]
    );
}
