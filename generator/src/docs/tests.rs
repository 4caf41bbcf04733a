//! Tests of the docs stage on a hand-built IR of the Gram auth service.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::links::heading_anchor;
use super::{MODEL_TEMPLATE, README_TEMPLATE, SERVICE_TEMPLATE, render_docs};
use crate::ir::{
    Api, BodyEncoding, EnumVariant, Field, Model, ModelKind, Operation, Parameter,
    ParameterLocation, ParameterStyle, Response, ResponseBody, ResponseHeader, SchemeKind,
    SecurityRequirement, SecurityScheme, Server, Service, StatusMatch, TypeRef,
};
use crate::{Error, GeneratedFile};

fn templates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates")
}

fn string_field(name: &str) -> Field {
    Field {
        example: None,
        default: None,
        wire_name: name.to_owned(),
        rust_name: name.to_owned(),
        ty: TypeRef::String,
        required: true,
        nullable: false,
        boxed: false,
        additional: false,
        secret: false,
        description: None,
    }
}

fn model(name: &str, doc_file: &str, fields: Vec<Field>) -> Model {
    Model {
        example: None,
        default: None,
        name: name.to_owned(),
        rust_name: name.to_owned(),
        doc_file: doc_file.to_owned(),
        description: None,
        pointer: format!("#/components/schemas/{name}"),
        kind: ModelKind::Struct { fields },
    }
}

fn array_of(model: &str) -> TypeRef {
    TypeRef::Array(Box::new(TypeRef::Model(model.to_owned())))
}

fn header_scheme(name: &str, rust_name: &str, header: &str, description: &str) -> SecurityScheme {
    SecurityScheme {
        name: name.to_owned(),
        rust_name: rust_name.to_owned(),
        env_var: format!("GRAM_{}", rust_name.to_uppercase()),
        description: Some(description.to_owned()),
        kind: SchemeKind::ApiKey {
            location: ParameterLocation::Header,
            parameter_name: header.to_owned(),
        },
    }
}

fn parameter(wire_name: &str, rust_name: &str, location: ParameterLocation) -> Parameter {
    Parameter {
        example: None,
        default: None,
        wire_name: wire_name.to_owned(),
        rust_name: rust_name.to_owned(),
        location,
        required: false,
        ty: TypeRef::String,
        style: ParameterStyle::Form,
        explode: true,
        description: None,
        secret: false,
    }
}

fn session_parameter() -> Parameter {
    Parameter {
        description: Some("Session header".to_owned()),
        ..parameter("Gram-Session", "gram_session", ParameterLocation::Header)
    }
}

fn header(wire_name: &str, rust_name: &str, description: &str) -> ResponseHeader {
    ResponseHeader {
        wire_name: wire_name.to_owned(),
        rust_name: rust_name.to_owned(),
        ty: TypeRef::String,
        required: false,
        secret: false,
        description: Some(description.to_owned()),
    }
}

fn response(status: u16, description: &str, headers: Vec<ResponseHeader>) -> Response {
    Response {
        status: StatusMatch::Code(status),
        description: description.to_owned(),
        body: None,
        headers,
    }
}

fn operation(id: &str, method: &str, method_name: &str, prefix: &str) -> Operation {
    Operation {
        operation_id: Some(format!("auth#{id}")),
        method: method.to_owned(),
        path: format!("/rpc/auth.{id}"),
        method_name: method_name.to_owned(),
        renamed_from: None,
        type_prefix: prefix.to_owned(),
        summary: Some(format!("{id} auth")),
        description: None,
        deprecated: false,
        pointer: format!("#/paths/~1rpc~1auth.{id}/{}", method.to_lowercase()),
        parameters: Vec::new(),
        request_body: None,
        responses: Vec::new(),
        security: Some(vec![SecurityRequirement {
            schemes: vec!["session_header_Gram-Session".to_owned()],
            scopes: vec![Vec::new()],
        }]),
        servers: Vec::new(),
    }
}

/// Builds the IR of the Gram auth service as the resolver would.
fn gram_api() -> Api {
    let session = || header("Gram-Session", "gram_session", "Session header");
    let cookie = || header("Set-Cookie", "set_cookie", "The authentication session");

    let callback = Operation {
        description: Some("Handles the authentication callback.".to_owned()),
        parameters: vec![Parameter {
            required: true,
            description: Some(
                "The shared token for authentication from the speakeasy system".to_owned(),
            ),
            ..parameter("shared_token", "shared_token", ParameterLocation::Query)
        }],
        responses: vec![response(
            307,
            "Temporary Redirect response.",
            vec![
                session(),
                header(
                    "Location",
                    "location",
                    "The URL to redirect to after authentication",
                ),
                cookie(),
            ],
        )],
        security: None,
        ..operation("callback", "GET", "callback", "Callback")
    };
    let info = Operation {
        description: Some(
            "Provides information about the current authentication status.".to_owned(),
        ),
        parameters: vec![session_parameter()],
        responses: vec![Response {
            body: Some(ResponseBody {
                content_type: "application/json".to_owned(),
                encoding: BodyEncoding::Json,
                ty: TypeRef::Model("InfoResponseBody".to_owned()),
                nullable: false,
                secret: false,
                negotiated: false,
            }),
            ..response(200, "OK response.", vec![session(), cookie()])
        }],
        ..operation("info", "GET", "info", "Info")
    };
    let logout = Operation {
        description: Some("Logs out the current user by clearing their session.".to_owned()),
        parameters: vec![session_parameter()],
        responses: vec![response(
            200,
            "OK response.",
            vec![header(
                "Set-Cookie",
                "set_cookie",
                "Empty string to clear the session",
            )],
        )],
        ..operation("logout", "GET", "logout", "Logout")
    };
    let switch_scopes = Operation {
        description: Some(
            "Switches the authentication scope to a different organization.".to_owned(),
        ),
        parameters: vec![
            Parameter {
                description: Some("The organization slug to switch scopes".to_owned()),
                ..parameter(
                    "organization_id",
                    "organization_id",
                    ParameterLocation::Query,
                )
            },
            Parameter {
                description: Some("The project id to switch scopes too".to_owned()),
                ..parameter("project_id", "project_id", ParameterLocation::Query)
            },
            session_parameter(),
        ],
        responses: vec![response(200, "OK response.", vec![session(), cookie()])],
        ..operation("switchScopes", "POST", "switch_scopes", "SwitchScopes")
    };

    let info_body = model(
        "InfoResponseBody",
        "info_response_body.md",
        vec![
            string_field("active_organization_id"),
            Field {
                ty: array_of("Organization"),
                ..string_field("organizations")
            },
            string_field("user_email"),
            string_field("user_id"),
        ],
    );
    let organization = model(
        "Organization",
        "organization.md",
        vec![
            string_field("account_type"),
            string_field("organization_id"),
            string_field("organization_name"),
            string_field("organization_slug"),
            Field {
                ty: array_of("Project"),
                ..string_field("projects")
            },
        ],
    );
    let project = model(
        "Project",
        "project.md",
        vec![
            string_field("project_id"),
            string_field("project_name"),
            string_field("project_slug"),
        ],
    );

    Api {
        title: "Gram API Description".to_owned(),
        version: "0.0.1".to_owned(),
        description: Some("Gram is the tools platform for AI agents".to_owned()),
        sdk_name: "Gram".to_owned(),
        crate_name: "gram-sdk".to_owned(),
        crate_ident: "gram_sdk".to_owned(),
        env_prefix: "GRAM".to_owned(),
        default_server_url: "http://localhost:80".to_owned(),
        retry_statuses: vec![429, 500, 502, 503, 504],
        servers: vec![Server {
            url: "http://localhost:80".to_owned(),
            template: "http://localhost:80".to_owned(),
            description: Some("Default server for gram".to_owned()),
            variables: Vec::new(),
        }],
        server_variables: Vec::new(),
        models: vec![info_body, organization, project],
        services: vec![Service {
            tag: "auth".to_owned(),
            description: Some("Managed auth for gram producers and dashboard.".to_owned()),
            module: "auth".to_owned(),
            handle: "Auth".to_owned(),
            operations: vec![callback, info, logout, switch_scopes],
        }],
        security_schemes: vec![
            header_scheme(
                "apikey_header_Gram-Key",
                "apikey_header_gram_key",
                "Gram-Key",
                "key based auth.",
            ),
            header_scheme(
                "project_slug_header_Gram-Project",
                "project_slug_header_gram_project",
                "Gram-Project",
                "project slug header auth.",
            ),
            header_scheme(
                "session_header_Gram-Session",
                "session_header_gram_session",
                "Gram-Session",
                "Session based auth. By cookie or header.",
            ),
        ],
        security: Vec::new(),
        error_bodies: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Adds what the auth spec lacks so every branch of the templates runs: a required body with a
/// nested model, an enum, an alias, error statuses and alternative security requirements.
fn extended_api() -> Api {
    let mut api = gram_api();
    api.models.push(Model {
        description: Some("Kind of account.\nShown on the | billing page.".to_owned()),
        kind: ModelKind::Enum {
            variants: vec![
                EnumVariant {
                    wire_value: "free".to_owned(),
                    rust_name: "Free".to_owned(),
                },
                EnumVariant {
                    wire_value: "pro".to_owned(),
                    rust_name: "Pro".to_owned(),
                },
            ],
        },
        ..model("AccountType", "accounttype.md", Vec::new())
    });
    api.models.push(Model {
        kind: ModelKind::Alias {
            ty: TypeRef::Map(Box::new(array_of("Project"))),
        },
        ..model("ProjectIndex", "projectindex.md", Vec::new())
    });
    api.models.push(model(
        "CreateProject",
        "createproject.md",
        vec![
            string_field("name"),
            Field {
                ty: TypeRef::Model("AccountType".to_owned()),
                ..string_field("account_type")
            },
            Field {
                ty: TypeRef::Model("Project".to_owned()),
                required: false,
                ..string_field("template")
            },
            Field {
                ty: TypeRef::Any,
                required: false,
                ..string_field("metadata")
            },
        ],
    ));

    let create = Operation {
        parameters: vec![Parameter {
            required: true,
            ty: TypeRef::I64,
            ..parameter("limit", "limit", ParameterLocation::Query)
        }],
        request_body: Some(crate::ir::RequestBody {
            example: None,
            content_type: "application/json".to_owned(),
            encoding: crate::ir::BodyEncoding::Json,
            ty: TypeRef::Model("CreateProject".to_owned()),
            required: true,
            description: Some("The project to create.".to_owned()),
            part_types: Vec::new(),
        }),
        responses: vec![
            Response {
                body: Some(ResponseBody {
                    content_type: "application/json".to_owned(),
                    encoding: BodyEncoding::Json,
                    ty: TypeRef::Model("Project".to_owned()),
                    nullable: false,
                    secret: false,
                    negotiated: false,
                }),
                ..response(201, "Created.", Vec::new())
            },
            response(204, "Already exists.", Vec::new()),
            Response {
                status: StatusMatch::Range(4),
                ..response(0, "Client error.", Vec::new())
            },
        ],
        security: Some(vec![
            SecurityRequirement {
                schemes: vec!["apikey_header_Gram-Key".to_owned()],
                scopes: vec![Vec::new()],
            },
            SecurityRequirement {
                schemes: vec![
                    "session_header_Gram-Session".to_owned(),
                    "project_slug_header_Gram-Project".to_owned(),
                ],
                scopes: vec![Vec::new(), Vec::new()],
            },
        ]),
        deprecated: true,
        ..operation("createProject", "POST", "create_project", "CreateProject")
    };
    let project_body = || {
        Some(ResponseBody {
            content_type: "application/json".to_owned(),
            encoding: BodyEncoding::Json,
            ty: TypeRef::Model("Project".to_owned()),
            nullable: false,
            secret: false,
            negotiated: false,
        })
    };
    let list = Operation {
        responses: vec![Response {
            status: StatusMatch::Default,
            body: project_body(),
            ..response(0, "Any answer.", Vec::new())
        }],
        security: None,
        ..operation("listProjects", "GET", "list_projects", "ListProjects")
    };
    let get = Operation {
        responses: vec![
            Response {
                body: project_body(),
                ..response(200, "Found.", Vec::new())
            },
            Response {
                body: Some(ResponseBody {
                    content_type: "application/json".to_owned(),
                    encoding: BodyEncoding::Json,
                    ty: TypeRef::Model("Organization".to_owned()),
                    nullable: false,
                    secret: false,
                    negotiated: false,
                }),
                ..response(202, "Moved to an organization.", Vec::new())
            },
        ],
        security: Some(Vec::new()),
        ..operation("getProject", "GET", "get_project", "GetProject")
    };
    api.services.push(Service {
        tag: "projects".to_owned(),
        description: None,
        module: "projects".to_owned(),
        handle: "Projects".to_owned(),
        operations: vec![create, list, get],
    });
    api
}

fn render(api: &Api) -> Vec<GeneratedFile> {
    render_docs(&Arc::new(api.clone()), &templates()).expect("the templates render")
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    let found = files.iter().find(|file| file.path == path);
    &found
        .unwrap_or_else(|| panic!("{path} is not generated"))
        .contents
}

/// Returns the lines of `markdown` outside fenced code blocks.
fn prose_lines(markdown: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            lines.push(line);
        }
    }
    lines
}

/// Returns the anchors GitHub gives the headings of `markdown`, numbering repeats as it does.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for line in prose_lines(markdown) {
        let Some(text) = line.strip_prefix('#') else {
            continue;
        };
        let text = text.trim_start_matches('#').trim();
        let plain: String = link_targets(text)
            .iter()
            .fold(text.to_owned(), |text, target| {
                text.replace(&format!("({target})"), "")
            });
        let anchor = heading_anchor(&plain);
        let count = seen.entry(anchor.clone()).or_insert(0);
        anchors.insert(match *count {
            0 => anchor,
            n => format!("{anchor}-{n}"),
        });
        *count += 1;
    }
    anchors
}

/// Returns the targets of the inline links `[text](target)` in `text`.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(')') else {
            break;
        };
        targets.push(after[..end].to_owned());
        rest = &after[end..];
    }
    targets
}

/// Resolves `target`, written on the page at `page`, to a path relative to the crate root.
fn resolve(page: &str, target: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Returns every relative link of `files` that names no generated file or no heading of it.
fn broken_links(files: &[GeneratedFile]) -> Vec<String> {
    let pages: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .map(|file| (file.path.as_str(), anchors(&file.contents)))
        .collect();
    let mut broken = Vec::new();
    for file in files {
        for line in prose_lines(&file.contents) {
            for target in link_targets(line) {
                if target.contains("://") {
                    continue;
                }
                let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let path = if path.is_empty() {
                    file.path.clone()
                } else {
                    resolve(&file.path, path)
                };
                let found = pages
                    .get(path.as_str())
                    .is_some_and(|headings| anchor.is_empty() || headings.contains(anchor));
                if !found {
                    broken.push(format!("{}: {target}", file.path));
                }
            }
        }
    }
    broken
}

#[test]
fn renders_every_page() {
    let files = render(&gram_api());
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "README.md",
            "docs/sdks/auth/README.md",
            "docs/models/info_response_body.md",
            "docs/models/organization.md",
            "docs/models/project.md",
        ]
    );
}

#[test]
fn relative_links_resolve() {
    for api in [gram_api(), extended_api()] {
        let files = render(&api);
        assert_eq!(broken_links(&files), Vec::<String>::new());
    }
}

#[test]
fn link_check_catches_broken_links() {
    let mut files = render(&gram_api());
    files[0]
        .contents
        .push_str("\n[gone](docs/models/gone.md) [lost](#no-such-heading)\n");
    assert_eq!(
        broken_links(&files),
        [
            "README.md: docs/models/gone.md",
            "README.md: #no-such-heading"
        ]
    );
}

#[test]
fn empty_api_renders_readme_only() {
    let api = Api {
        services: Vec::new(),
        models: Vec::new(),
        security_schemes: Vec::new(),
        servers: Vec::new(),
        description: None,
        ..gram_api()
    };
    let files = render(&api);
    assert_eq!(files.len(), 1);
    let readme = file(&files, "README.md");
    assert!(readme.contains("The spec declares no security schemes"));
    assert!(readme.contains("The spec declares no operations."));
    assert!(readme.contains("The spec declares no models."));
    assert!(!readme.contains("Security"), "{readme}");
    assert_eq!(broken_links(&files), Vec::<String>::new());
}

#[test]
fn examples_without_schemes_skip_security() {
    let mut api = gram_api();
    api.security_schemes.clear();
    for operation in &mut api.services[0].operations {
        operation.security = None;
    }
    let files = render(&api);
    let page = file(&files, "docs/sdks/auth/README.md");
    assert!(page.contains("    let gram = Gram::builder().build()?;\n"));
    assert!(page.contains("use gram_sdk::Gram;\n"));
    assert!(!page.contains("Security::from_env()"));
    assert!(!page.contains("InfoSecurity"));
}

#[test]
fn rendering_is_deterministic() {
    for api in [gram_api(), extended_api()] {
        assert_eq!(render(&api), render(&api));
    }
}

#[test]
fn readme_covers_every_section() {
    let files = render(&gram_api());
    let readme = file(&files, "README.md");
    for heading in [
        "## Installation",
        "## Example usage",
        "## Authentication",
        "## Available services and operations",
        "## Retries",
        "## Timeouts",
        "## Hooks",
        "## Error handling",
        "## Server selection",
        "## Custom HTTP client",
        "## Blocking use",
        "## Debugging",
        "## Models",
    ] {
        assert!(
            readme.contains(&format!("\n{heading}\n")),
            "{heading} is missing"
        );
    }
    assert!(readme.contains("gram-sdk = { path = \"../gram-sdk\" }"));
    assert!(readme.contains("Each service is a Cargo feature named after its module\n(`auth`)"));
    assert!(readme.contains(
        "| `session_header_Gram-Session` | API key | header `Gram-Session` | \
         `session_header_gram_session(credential)` | `GRAM_SESSION_HEADER_GRAM_SESSION` | \
         Session based auth. By cookie or header. |"
    ));
    assert!(readme.contains("redirect(reqwest::redirect::Policy::none())"));
    assert!(readme.contains("- [`info`](docs/sdks/auth/README.md#info): `GET /rpc/auth.info`"));
    assert!(readme.contains("- [`Project`](docs/models/project.md)"));
    assert!(readme.contains("Err(Error::UnexpectedStatus(content)) =>"));
    assert!(readme.contains("Err(other) =>"));
}

#[test]
fn readme_lists_retry_statuses_of_settings() {
    let mut api = gram_api();
    api.retry_statuses = vec![503, 429];
    let files = render(&api);
    let readme = file(&files, "README.md");
    assert!(readme.contains("| `statuses` | 503, 429 |"), "{readme}");
    assert!(
        readme.contains("one of the retry statuses, 503, 429."),
        "{readme}"
    );

    api.retry_statuses.clear();
    let files = render(&api);
    let readme = file(&files, "README.md");
    assert!(readme.contains("| `statuses` | none |"), "{readme}");
}

#[test]
fn operation_example_matches_the_api() {
    let files = render(&gram_api());
    let page = file(&files, "docs/sdks/auth/README.md");
    let expected = "```rust,no_run
use gram_sdk::auth::{InfoRequest, InfoSecurity};
use gram_sdk::{Gram, Security};

#[tokio::main]
async fn main() -> Result<(), gram_sdk::Error> {
    let gram = Gram::builder()
        .security(Security::from_env())
        .build()?;

    let request = InfoRequest::new()
        .security(InfoSecurity::new(\"<value>\"));
    let response = gram.auth().info(request).await?;
    println!(\"status: {}\", response.status);
    println!(\"body: {:?}\", response.body);
    println!(\"gram_session: {:?}\", response.gram_session);
    println!(\"set_cookie: {:?}\", response.set_cookie);
    Ok(())
}
```";
    assert!(page.contains(expected), "{page}");
}

#[test]
fn callback_example_passes_required_parameter() {
    let files = render(&gram_api());
    let page = file(&files, "docs/sdks/auth/README.md");
    assert!(page.contains("    let request = CallbackRequest::new(\"<value>\");\n"));
    assert!(page.contains("use gram_sdk::auth::CallbackRequest;\n"));
    assert!(page.contains("println!(\"location: {:?}\", response.location);"));
}

#[test]
fn operation_id_shown_only_when_declared() {
    let mut api = gram_api();
    let operations = &mut api.services[0].operations;
    operations[1].operation_id = None;
    let (first, second) = (operations[0].path.clone(), operations[1].path.clone());
    let files = render(&api);
    let page = file(&files, "docs/sdks/auth/README.md");
    assert!(
        page.contains(&format!("{first}` (operation\n`auth#callback`)")),
        "{page}"
    );
    assert!(page.contains(&format!("{second}` and returns")), "{page}");
}

#[test]
fn service_page_documents_operations() {
    let files = render(&gram_api());
    let page = file(&files, "docs/sdks/auth/README.md");
    for anchor in ["callback", "info", "logout", "switch_scopes"] {
        assert!(page.contains(&format!("- [`{anchor}`](#{anchor})")));
        assert!(page.contains(&format!("\n## {anchor}\n")));
    }
    assert!(page.contains(
        "| `shared_token` | `shared_token` | `String` | query | yes | \
         The shared token for authentication from the speakeasy system |"
    ));
    assert!(
        page.contains(
            "| `body` | [`models::InfoResponseBody`](../../models/info_response_body.md) |"
        )
    );
    assert!(page.contains("| `Location` | `location` | `Option<String>` |"));
    assert!(page.contains("`.security(InfoSecurity::new(session_header_gram_session))`"));
    assert!(page.contains("never follows it"));
    assert!(page.contains("`Error::UnexpectedStatus`"));
    assert!(page.contains("`Error::Transport`"));
}

#[test]
fn summary_heading_escapes_emphasis_at_edges() {
    let mut api = gram_api();
    let summaries = [
        ("*/ pub fn evil() {} /*", "**\\*/ pub fn evil() {} /\\***"),
        ("_private_", "**\\_private\\_**"),
        ("a *b* c", "**a *b* c**"),
        ("**", "**\\*\\***"),
    ];
    for (operation, (summary, _)) in api.services[0].operations.iter_mut().zip(summaries) {
        operation.summary = Some(summary.to_owned());
    }
    let files = render(&api);
    let page = file(&files, "docs/sdks/auth/README.md");
    for (summary, heading) in summaries {
        assert!(
            page.contains(&format!("\n{heading}\n")),
            "{summary:?} gave no line {heading:?}:\n{page}"
        );
    }
}

#[test]
fn readme_without_title_has_no_empty_bold() {
    let mut api = gram_api();
    api.title = String::new();
    let files = render(&api);
    let readme = file(&files, "README.md");
    assert!(!readme.contains("****"), "{readme}");
    assert!(
        readme.contains("the Rust client of an API whose spec gives no title (API version"),
        "{readme}"
    );

    api.title = "*Gram*".to_owned();
    let files = render(&api);
    let readme = file(&files, "README.md");
    assert!(
        readme.contains("the Rust client of **\\*Gram\\***"),
        "{readme}"
    );
}

#[test]
fn switch_scopes_example_sets_query_parameters_only() {
    let files = render(&gram_api());
    let page = file(&files, "docs/sdks/auth/README.md");
    let expected = "    let request = SwitchScopesRequest::new()
        .organization_id(\"<value>\")
        .project_id(\"<value>\")
        .security(SwitchScopesSecurity::new(\"<value>\"));
";
    assert!(page.contains(expected));
    assert!(page.contains("Replaces the credential of `session_header_Gram-Session` when set."));
}

#[test]
fn model_page_lists_fields() {
    let files = render(&gram_api());
    let page = file(&files, "docs/models/organization.md");
    assert!(
        page.contains(
            "| `projects` | `projects` | [`Vec<models::Project>`](project.md) | yes |  |"
        )
    );
    assert!(page.contains("    let value = models::Organization {\n"));
    assert!(page.contains("        projects: Vec::new(),\n"));
    assert!(page.contains("- the model [`InfoResponseBody`](info_response_body.md)"));
}

#[test]
fn extended_pages_cover_bodies_enums_and_aliases() {
    let files = render(&extended_api());
    let service = file(&files, "docs/sdks/projects/README.md");
    let expected = "    let request = CreateProjectRequest::new(
        0,
        models::CreateProject {
            name: \"<value>\".to_owned(),
            account_type: models::AccountType::Free,
            template: Some(models::Project {
                project_id: \"<value>\".to_owned(),
                project_name: \"<value>\".to_owned(),
                project_slug: \"<value>\".to_owned(),
            }),
            metadata: Some(gram_sdk::serde_json::Value::Null),
        },
    )
    .security(CreateProjectSecurity::default().apikey_header_gram_key(\"<value>\"));
";
    assert!(service.contains(expected), "{service}");
    assert!(service.contains("| Status 4XX: Client error. | `Error::Api` |"));
    assert!(service.contains("| `body` | [`Option<models::Project>`](../../models/project.md) |"));
    assert!(service.contains("> **Deprecated.**"));

    assert!(service.contains("| 2XX (`default`) | Any answer. |"));
    assert!(service.contains("| Any other status (`default`): Any answer. | `Error::Api` |"));
    assert!(service.contains("| `body` | `Option<serde_json::Value>` |"));
    assert!(service.contains("declares an empty `security`: it needs no credentials."));

    let enumeration = file(&files, "docs/models/accounttype.md");
    assert!(enumeration.contains("| `pro` | `AccountType::Pro` |"));
    assert!(enumeration.contains("Kind of account.\nShown on the | billing page."));
    let readme = file(&files, "README.md");
    assert!(readme.contains("- [`AccountType`](docs/models/accounttype.md): Kind of account.<br>Shown on the | billing page."), "{readme}");

    let alias = file(&files, "docs/models/projectindex.md");
    assert!(alias.contains("[`BTreeMap<String, Vec<models::Project>>`](project.md)"));
    assert!(alias.contains("let value: models::ProjectIndex = std::collections::BTreeMap::new();"));
}

/// Copies the templates into a temporary folder, replacing `from` by `to` in `name`.
fn edited_templates(name: &str, from: &str, to: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(templates()).expect("the templates folder") {
        let path = entry.expect("a folder entry").path();
        let text = std::fs::read_to_string(&path).expect("a template");
        let file_name = path.file_name().expect("a file name");
        let text = if file_name == name {
            assert!(text.contains(from), "{name} has no {from}");
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(folder.path().join(file_name), text).expect("a written template");
    }
    folder
}

/// Returns the 1-based line of the first `needle` in the template `name`.
fn line_of(name: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(templates().join(name)).expect("a template");
    let index = text.lines().position(|line| line.contains(needle));
    index.expect("the needle is in the template") + 1
}

fn template_failure(folder: &Path) -> (String, Option<usize>, String) {
    match render_docs(&Arc::new(gram_api()), folder) {
        Err(Error::Template {
            folder: failed_folder,
            name,
            line,
            message,
        }) => {
            assert_eq!(failed_folder, folder);
            (name, line, message)
        }
        Ok(files) => panic!("expected a template error, got {} files", files.len()),
        Err(other) => panic!("expected a template error, got {other}"),
    }
}

#[test]
fn misspelled_variable_fails() {
    let cases = [
        (
            README_TEMPLATE,
            "{{ api.title | strong }}",
            "{{ api.titel | strong }}",
        ),
        (
            SERVICE_TEMPLATE,
            "{{ operation.example }}",
            "{{ operation.exampel }}",
        ),
        (MODEL_TEMPLATE, "{{ model.example }}", "{{ modle.example }}"),
        (
            README_TEMPLATE,
            "{{ scheme.description | inline | cell }}",
            "{{ scheme.descriptoin | inline | cell }}",
        ),
    ];
    for (name, from, to) in cases {
        let folder = edited_templates(name, from, to);
        let (failed, line, message) = template_failure(folder.path());
        assert_eq!(failed, name);
        assert_eq!(line, Some(line_of(name, from)));
        assert!(message.contains("undefined"), "{message}");
    }
}

#[test]
fn misspelled_variable_in_macro_names_macro_file() {
    let used = "{% if scheme.kind.type == \"api_key\" -%}";
    let misspelled = "{% if scheme.knd.type == \"api_key\" -%}";
    let folder = edited_templates("macros.jinja", used, misspelled);
    let (failed, line, _) = template_failure(folder.path());
    assert_eq!(failed, "macros.jinja");
    assert_eq!(line, Some(line_of("macros.jinja", used)));
}

#[test]
fn misspelled_macro_argument_names_call_site() {
    let call = "m.body_field(operation.response.body)";
    let misspelled = "m.body_field(operation.response.bdy)";
    let folder = edited_templates(SERVICE_TEMPLATE, call, misspelled);
    let (failed, line, message) = template_failure(folder.path());
    // minijinja reports where the macro uses the undefined value and names the origin in the
    // message.
    assert_eq!(failed, "macros.jinja");
    let used = "{% if body.encoding == \"text\" -%}";
    assert_eq!(line, Some(line_of("macros.jinja", used)));
    let origin = format!(
        "from {SERVICE_TEMPLATE}:{}",
        line_of(SERVICE_TEMPLATE, call)
    );
    assert!(message.contains(&origin), "{message}");
}

#[test]
fn syntax_error_names_template_and_line() {
    let folder = edited_templates(MODEL_TEMPLATE, "{% endif %}", "{% endiff %}");
    let (failed, line, _) = template_failure(folder.path());
    assert_eq!(failed, MODEL_TEMPLATE);
    assert_eq!(line, Some(line_of(MODEL_TEMPLATE, "{% endif %}")));
}

#[test]
fn missing_template_fails() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let (failed, line, message) = template_failure(folder.path());
    assert_eq!(failed, README_TEMPLATE);
    assert_eq!(line, None);
    assert!(message.contains("not found"), "{message}");
}

#[test]
fn template_error_names_given_folder() {
    let folder = edited_templates(MODEL_TEMPLATE, "{% endif %}", "{% endiff %}");
    let error =
        render_docs(&Arc::new(gram_api()), folder.path()).expect_err("the template is broken");
    let expected = format!(
        "{}:{}: ",
        folder.path().join(MODEL_TEMPLATE).display(),
        line_of(MODEL_TEMPLATE, "{% endif %}")
    );
    let message = error.to_string();
    assert!(message.starts_with(&expected), "{message}");
}

#[test]
fn missing_template_message_has_no_line() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let error = render_docs(&Arc::new(gram_api()), folder.path()).expect_err("no template exists");
    let expected = format!("{}: ", folder.path().join(README_TEMPLATE).display());
    let message = error.to_string();
    assert!(message.starts_with(&expected), "{message}");
}

#[test]
fn field_default_is_listed_and_escaped() {
    let mut field = string_field("mode");
    field.required = false;
    field.description = Some("How the tool runs.".to_owned());
    field.default = Some(serde_json::json!("fast|safe"));
    let api = Api {
        models: vec![model("Settings", "settings.md", vec![field])],
        ..gram_api()
    };
    let files = render(&api);
    let page = file(&files, "docs/models/settings.md");
    let row = "| `mode` | `mode` | `Option<String>` | no | How the tool runs.<br>Default: \
               `\"fast\\|safe\"`. |";
    assert!(page.contains(row), "{page}");
}

#[test]
fn relative_server_url_examples_set_one() {
    let api = Api {
        default_server_url: "/".to_owned(),
        servers: Vec::new(),
        ..gram_api()
    };
    let files = render(&api);
    let readme = file(&files, "README.md");
    let page = file(&files, "docs/sdks/auth/README.md");

    let builder = "Gram::builder()\n        .server_url(\"https://api.example.com\")";
    assert!(readme.contains(builder), "{readme}");
    assert!(page.contains(builder), "{page}");
    assert!(!readme.contains(".server_url(\"/\")"), "{readme}");
    assert!(
        readme.contains("`build` fails with `InvalidServerUrl`"),
        "{readme}"
    );
}

#[test]
fn api_value_keys_match_ir() {
    let json = serde_json::to_value(gram_api()).expect("the IR serializes");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("the IR is an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();

    assert_eq!(keys, super::api_value::API_KEYS);
}

#[test]
fn api_value_entries_match_eager_conversion() {
    let api = Arc::new(gram_api());
    let object = minijinja::Value::from_object(super::api_value::ApiObject::new(Arc::clone(&api)));
    let json = serde_json::to_value(&*api).expect("the IR serializes");
    let eager = super::to_value(json);

    for key in super::api_value::API_KEYS {
        let lazy = object.get_attr(key).expect("the entry converts");
        let expected = eager.get_attr(key).expect("the entry exists");
        assert_eq!(lazy, expected, "{key}");
    }
    assert!(
        object
            .get_attr("no_such_entry")
            .expect("lookup")
            .is_undefined()
    );
}

#[test]
fn template_reads_whole_api() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in [MODEL_TEMPLATE, SERVICE_TEMPLATE] {
        std::fs::write(folder.path().join(name), "").expect("the template is written");
    }
    let readme = "{% for key in api %}{{ key }} {% endfor %}\n\
                  {{ api.models | length }} {{ api.services[0].operations | length }}\n";
    std::fs::write(folder.path().join(README_TEMPLATE), readme).expect("the template is written");

    let files = render_docs(&Arc::new(gram_api()), folder.path()).expect("the templates render");
    let readme = files
        .iter()
        .find(|file| file.path == "README.md")
        .expect("the README is rendered");

    let keys = super::api_value::API_KEYS.join(" ");
    let api = gram_api();
    let expected = format!(
        "{keys} {} {}\n",
        api.models.len(),
        api.services[0].operations.len()
    );
    assert_eq!(readme.contents, expected);
}

/// Adds names, values and descriptions that Markdown tables and code spans trip over: pipes,
/// backticks, line breaks and a fenced code block.
fn odd_names_api() -> Api {
    let mut api = gram_api();
    let variant = |wire_value: &str, rust_name: &str| EnumVariant {
        wire_value: wire_value.to_owned(),
        rust_name: rust_name.to_owned(),
    };
    api.models.push(Model {
        kind: ModelKind::Enum {
            variants: vec![
                variant("|", "Pipe"),
                variant("`x`", "Ticked"),
                variant("", "Empty"),
            ],
        },
        ..model("Odd", "odd.md", Vec::new())
    });
    let optional = |name: &str, rust_name: &str| Field {
        rust_name: rust_name.to_owned(),
        required: false,
        ..string_field(name)
    };
    api.models.push(model(
        "Pipes",
        "pipes.md",
        vec![
            Field {
                default: Some(serde_json::json!("a`b")),
                ..optional("a|b", "a_b")
            },
            optional("tick`q", "tick_q"),
            optional("line\nbreak", "line_break"),
            Field {
                description: Some("Shows:\n```rust\nlet a = `b`;\n```".to_owned()),
                default: Some(serde_json::json!("```\nx\n```")),
                ..optional("fenced", "fenced")
            },
        ],
    ));
    let odd = Operation {
        parameters: vec![
            parameter("X-A|B", "x_a_b", ParameterLocation::Header),
            Parameter {
                default: Some(serde_json::json!("a|b")),
                ..parameter("q|r", "q_r", ParameterLocation::Query)
            },
            parameter("tick`q", "tick_q", ParameterLocation::Query),
        ],
        responses: vec![response(
            200,
            "OK | done",
            vec![header("X-R|S", "x_r_s", "")],
        )],
        ..operation("odd", "GET", "odd", "Odd")
    };
    api.services[0].operations.push(odd);
    api
}

/// Returns the rows of the tables in `markdown` whose count of cells differs from the header's.
/// A table splits a row at each `|` that no backslash comes before, in code spans too.
fn uneven_rows(markdown: &str) -> Vec<String> {
    let cells = |row: &str| {
        let bytes = row.as_bytes();
        let pipes = (0..bytes.len())
            .filter(|&at| bytes[at] == b'|' && (at == 0 || bytes[at - 1] != b'\\'))
            .count();
        pipes - 1
    };
    let mut uneven = Vec::new();
    let mut columns = None;
    for line in prose_lines(markdown) {
        if !line.starts_with('|') {
            columns = None;
        } else if let Some(count) = columns {
            if line.starts_with("| ---") {
                continue;
            }
            if cells(line) != count {
                uneven.push(line.to_owned());
            }
        } else {
            columns = Some(cells(line));
        }
    }
    uneven
}

#[test]
fn table_rows_keep_their_cells() {
    for api in [gram_api(), extended_api(), odd_names_api()] {
        for file in render(&api) {
            let uneven = uneven_rows(&file.contents);
            assert_eq!(uneven, Vec::<String>::new(), "{}", file.path);
        }
    }
}

#[test]
fn uneven_rows_finds_split_cells() {
    let markdown = "| A | B |\n| --- | --- |\n| `a|b` | c |\n| `a\\|b` | c |\n";
    assert_eq!(uneven_rows(markdown), ["| `a|b` | c |"]);
}

#[test]
fn enum_values_are_code_spans() {
    let files = render(&odd_names_api());
    let page = file(&files, "docs/models/odd.md");
    assert!(page.contains("| `\\|` | `Odd::Pipe` |"), "{page}");
    assert!(page.contains("| `` `x` `` | `Odd::Ticked` |"), "{page}");
    assert!(page.contains("| `` | `Odd::Empty` |"), "{page}");
}

#[test]
fn field_names_and_defaults_are_code_spans() {
    let files = render(&odd_names_api());
    let page = file(&files, "docs/models/pipes.md");
    let rows = [
        "| `a\\|b` | `a_b` | `Option<String>` | no | Default: ``\"a`b\"``. |",
        "| ``tick`q`` | `tick_q` | `Option<String>` | no |  |",
        "| `line\\nbreak` | `line_break` | `Option<String>` | no |  |",
        "| `fenced` | `fenced` | `Option<String>` | no | Shows:<br>``let a = `b`;``<br>\
         Default: ````\"```\\nx\\n```\"````. |",
    ];
    for row in rows {
        assert!(page.contains(row), "{row}\n{page}");
    }
}

#[test]
fn parameter_and_header_names_are_code_spans() {
    let files = render(&odd_names_api());
    let page = file(&files, "docs/sdks/auth/README.md");
    let rows = [
        "| `X-A\\|B` | `x_a_b` | `String` | header | no |  |",
        "| `q\\|r` | `q_r` | `String` | query | no | Default: `\"a\\|b\"`. |",
        "| ``tick`q`` | `tick_q` | `String` | query | no |  |",
        "| 200 | OK \\| done |",
        "| `X-R\\|S` | `x_r_s` | `Option<String>` | no |  |",
    ];
    for row in rows {
        assert!(page.contains(row), "{row}\n{page}");
    }
}
