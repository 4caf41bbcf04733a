//! Checks that the reserved lists of `resolve::names` contain every name that the emitted and
//! runtime files define, import or re-export, so that a name added to them without being
//! reserved fails here rather than in a user's build.

use crate::resolve::names::{
    CLIENT_METHODS, CLIENT_SCOPE_TYPES, CRATE_MODULES, SERVICE_METHODS, is_reserved_client_name,
};
use crate::{GeneratedFile, Options, Sdk};

/// A spec that uses every optional part of the crate: chrono, uuid, base64 and a server
/// variable with an enum.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Probe, version: "1"}
servers:
  - url: "https://{region}.example.com"
    variables:
      region: {default: eu, enum: [eu, us]}
paths:
  /things:
    get:
      tags: [things]
      operationId: listThings
      responses:
        "200":
          description: The things.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string, format: uuid}
        at: {type: string, format: date-time}
        blob: {type: string, format: byte}
"##;

fn probe_sdk() -> Sdk {
    let options = Options::for_test("probe.yaml");
    crate::generate_from_text(SPEC, &options).expect("the probe spec generates")
}

fn parse<'a>(sdk: &'a Sdk, path: &str) -> (syn::File, &'a GeneratedFile) {
    let file = sdk
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    let syntax = syn::parse_file(&file.contents).expect("the file parses");
    (syntax, file)
}

/// Collects the last segment of every name a `use` tree imports.
fn use_leaves(tree: &syn::UseTree, leaves: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, leaves),
        syn::UseTree::Name(name) => leaves.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => leaves.push(rename.rename.to_string()),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_leaves(tree, leaves);
            }
        }
    }
}

/// Returns the names of the functions in the inherent impls of the type named `ty`.
fn inherent_methods(syntax: &syn::File, ty: &str) -> Vec<String> {
    let mut methods = Vec::new();
    for item in &syntax.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(path) = &*block.self_ty else {
            continue;
        };
        let is_type = path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == ty);
        if block.trait_.is_some() || !is_type {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(function) = member {
                methods.push(function.sig.ident.to_string());
            }
        }
    }
    methods
}

#[test]
fn every_module_file_is_reserved() {
    let sdk = probe_sdk();
    let services: Vec<&str> = sdk.api.services.iter().map(|s| s.module.as_str()).collect();
    for file in &sdk.files {
        let Some(stem) = file
            .path
            .strip_prefix("src/")
            .and_then(|p| p.strip_suffix(".rs"))
        else {
            continue;
        };
        if services.contains(&stem) {
            continue;
        }
        assert!(
            CRATE_MODULES.contains(&stem),
            "module {stem} is not reserved"
        );
    }
}

#[test]
fn every_dependency_is_reserved() {
    let sdk = probe_sdk();
    let manifest = &sdk.files.iter().find(|f| f.path == "Cargo.toml").unwrap();
    let manifest: toml::Table = manifest.contents.parse().expect("the manifest parses");
    for table in ["dependencies", "dev-dependencies"] {
        let dependencies = manifest[table].as_table().expect("a dependency table");
        for name in dependencies.keys() {
            let module = name.replace('-', "_");
            assert!(
                CRATE_MODULES.contains(&module.as_str()),
                "crate {module} is not reserved"
            );
        }
    }
}

#[test]
fn every_client_method_is_reserved() {
    let sdk = probe_sdk();
    let (syntax, _) = parse(&sdk, "src/client.rs");
    let accessors: Vec<&str> = sdk.api.services.iter().map(|s| s.module.as_str()).collect();
    let methods = inherent_methods(&syntax, &sdk.api.sdk_name);
    assert!(
        methods.len() > accessors.len(),
        "no client methods in {methods:?}"
    );
    for method in methods {
        if accessors.contains(&method.as_str()) {
            continue;
        }
        assert!(
            CLIENT_METHODS.contains(&method.as_str()),
            "method {method} is not reserved"
        );
    }
}

#[test]
fn every_service_method_is_reserved() {
    let sdk = probe_sdk();
    let service = &sdk.api.services[0];
    let (syntax, _) = parse(&sdk, &format!("src/{}.rs", service.module));
    let operations: Vec<&str> = service
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    let methods = inherent_methods(&syntax, &service.handle);
    assert!(
        methods.len() > operations.len(),
        "no service methods in {methods:?}"
    );
    for method in methods {
        if operations.contains(&method.as_str()) {
            continue;
        }
        assert!(
            SERVICE_METHODS.contains(&method.as_str()),
            "method {method} is not reserved"
        );
    }
}

/// The client's own file and the crate root import, define and re-export only names that a
/// client type may not take, apart from the client, its builder and the variables' enums.
#[test]
fn every_name_beside_the_client_is_reserved() {
    let sdk = probe_sdk();
    let client = sdk.api.sdk_name.clone();
    let mut own = vec![client.clone(), format!("{client}Builder")];
    own.extend(
        sdk.api
            .server_variables
            .iter()
            .filter_map(|v| v.enum_type.clone()),
    );
    assert!(own.len() > 2, "the probe spec has no variable enum");

    let mut names = Vec::new();
    for path in ["src/client.rs", "src/lib.rs"] {
        let (syntax, _) = parse(&sdk, path);
        for item in &syntax.items {
            match item {
                syn::Item::Use(item) => use_leaves(&item.tree, &mut names),
                syn::Item::Struct(item) if path == "src/client.rs" => {
                    names.push(item.ident.to_string());
                }
                syn::Item::Enum(item) => names.push(item.ident.to_string()),
                _ => {}
            }
        }
    }
    for name in names {
        if own.contains(&name) {
            continue;
        }
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            let is_module = CRATE_MODULES.contains(&name.as_str());
            let is_function = name == "same_origin_redirects";
            assert!(is_module || is_function, "{name} is not reserved");
            continue;
        }
        assert!(
            CLIENT_SCOPE_TYPES.contains(&name.as_str()),
            "{name} is not listed"
        );
        assert!(is_reserved_client_name(&name), "{name} is not reserved");
    }
}

/// An operation whose method name the handle's constructor takes gets a numbered name, and its
/// rustdoc names the operationId, which the spec's summary leaves out.
#[test]
fn renamed_method_doc_names_operation_id() {
    let spec = r#"
openapi: 3.0.3
info: {title: Probe, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /users:
    post:
      tags: [users]
      operationId: "users#new"
      summary: Creates a user.
      responses:
        "204": {description: Created.}
"#;
    let options = Options::for_test("probe.yaml");
    let sdk = crate::generate_from_text(spec, &options).expect("the spec generates");
    let (syntax, file) = parse(&sdk, "src/users.rs");

    assert!(inherent_methods(&syntax, "Users").contains(&"new2".to_owned()));
    let expected = "/// The operationId `users#new` gives the name `new`, which another method of \
                    this service has, so this method is `new2`.";
    assert!(file.contents.contains(expected), "{}", file.contents);
}
