use super::*;

fn surface(files: &[(&str, &str)]) -> ApiSurface {
    let files: Vec<_> = files
        .iter()
        .map(|(path, contents)| GeneratedFile {
            path: (*path).to_owned(),
            contents: (*contents).to_owned(),
        })
        .collect();
    ApiSurface::extract(&files).expect("the sources parse")
}

fn report(before: &[(&str, &str)], after: &[(&str, &str)]) -> ChangeReport {
    diff(&surface(before), &surface(after))
}

const LIB: &str = "
pub mod models;
#[cfg(feature = \"auth\")]
pub mod auth;
mod client;
pub use client::{Gram};
pub use reqwest;
#[cfg(doctest)]
#[doc = include_str!(\"../README.md\")]
pub struct ReadmeDocs;
";

const CLIENT: &str = "
pub struct Gram { url: String }
impl Gram {
    pub fn builder() -> GramBuilder { todo!() }
    pub(crate) fn call(&self) {}
}
pub struct Hidden;
";

const AUTH: &str = "
pub struct Auth<'a> { client: &'a crate::Gram }
impl<'a> Auth<'a> {
    pub fn info(
        &self,
        request: InfoRequest,
    ) -> impl std::future::Future<Output = Result<InfoResponse, crate::Error>,> + Send + 'a {
        let mut call = self.client.call(reqwest::Method::GET, \"/rpc/auth.info\");
        call.authorize_from_client(&[&[(crate::security::SchemeId::Session, &[])]]);
        call.send_then(|received| match received.status.as_u16() {
            200 => { Ok(InfoResponse { status: received.status }) }
            _ => Err(received.into_unexpected()),
        })
    }
}
#[non_exhaustive]
pub struct InfoRequest { pub gram_session: Option<String> }
";

/// The same operation as an `async fn`, as earlier versions of the generator wrote it.
const AUTH_ASYNC_FN: &str = "
pub struct Auth<'a> { client: &'a crate::Gram }
impl<'a> Auth<'a> {
    pub async fn info(&self, request: InfoRequest) -> Result<InfoResponse, crate::Error> {
        let mut call = self.client.call(reqwest::Method::GET, \"/rpc/auth.info\");
        call.authorize(&[&[crate::security::SchemeId::Session]], None, self.client.security())?;
        let received = call.send().await?;
        match received.status.as_u16() {
            200 => { Ok(InfoResponse { status: received.status }) }
            _ => Err(received.into_unexpected()),
        }
    }
}
#[non_exhaustive]
pub struct InfoRequest { pub gram_session: Option<String> }
";

const MODELS: &str = "
#[derive(Debug, Clone, Copy)]
pub enum Status { Active, Gone }
#[derive(Debug, Clone)]
pub struct Project { pub project_id: String, pub name: Option<String> }
";

fn crate_files<'a>(auth: &'a str, models: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("src/lib.rs", LIB),
        ("src/client.rs", CLIENT),
        ("src/auth.rs", auth),
        ("src/models.rs", models),
        ("README.md", "not Rust"),
    ]
}

fn find<'a>(report: &'a ChangeReport, kind: ItemKind, path: &str) -> &'a ApiChange {
    report
        .changes
        .iter()
        .find(|change| change.kind == kind && change.path == path)
        .unwrap_or_else(|| panic!("no change of {kind:?} {path} in {report:#?}"))
}

#[test]
fn extract_lists_public_items() {
    let api = surface(&crate_files(AUTH, MODELS));
    let keys: Vec<String> = api
        .items
        .keys()
        .map(|(kind, path)| format!("{kind:?} {path}"))
        .collect();
    let expected = [
        "Service auth",
        "Module models",
        "Type Gram",
        "Function Gram::builder",
        "Type auth::Auth",
        "Operation auth::Auth::info",
        "Endpoint auth::Auth::info",
        "Security auth::Auth::info",
        "Responses auth::Auth::info",
        "Field auth::InfoRequest::gram_session",
        "Variant models::Status::Gone",
        "TraitImpl models::Status: Copy",
        "Field models::Project::name",
        "Reexport reqwest",
    ];
    for key in expected {
        assert!(
            keys.iter().any(|found| found == key),
            "{key} missing from {keys:#?}"
        );
    }
    for hidden in [
        "Function Gram::call",
        "Type Hidden",
        "Type ReadmeDocs",
        "Field Gram::url",
    ] {
        assert!(
            !keys.iter().any(|found| found == hidden),
            "{hidden} is not public"
        );
    }
}

#[test]
fn operation_forms_same_api() {
    let report = report(
        &crate_files(AUTH_ASYNC_FN, MODELS),
        &crate_files(AUTH, MODELS),
    );

    assert!(report.changes.is_empty(), "{report:#?}");
}

/// Models with their impls written out.
const MODELS_WRITTEN: &str = "
pub struct Pet { pub id: String }
impl Pet {
    const PROPERTIES: crate::fields::Properties = crate::fields::Properties {
        name: \"Pet\", keys: &[\"id\"], required: &[true],
    };
}
impl serde::Serialize for Pet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { todo!() }
}
impl<'de> serde::Deserialize<'de> for Pet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { todo!() }
}
pub enum Color { Red, Unknown(String) }
impl Color {
    #[inline]
    pub fn as_str(&self) -> &str { todo!() }
}
impl std::fmt::Display for Color {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { todo!() }
}
impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { todo!() }
}
impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { todo!() }
}
pub enum Level { Low, Unknown(i64) }
impl Level {
    #[inline]
    pub fn value(&self) -> i64 { todo!() }
}
impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { todo!() }
}
impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { todo!() }
}
impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { todo!() }
}
";

/// The same models with their impls written by the runtime's table macros.
const MODELS_TABLES: &str = "
pub struct Pet { pub id: String }
#[cfg(feature = \"auth\")]
crate::fields::impl_serde! { Pet { id: \"id\" required } }
pub enum Color { Red, Unknown(String) }
crate::fields::impl_string_enum! { Color { Red = \"red\" } }
pub enum Level { Low, Unknown(i64) }
crate::fields::impl_integer_enum! { Level: i64 { Low = -1 } }
";

#[test]
fn table_macros_form_same_api() {
    let report = report(
        &crate_files(AUTH, MODELS_WRITTEN),
        &crate_files(AUTH, MODELS_TABLES),
    );
    assert!(report.changes.is_empty(), "{report:#?}");

    let api = surface(&crate_files(AUTH, MODELS_TABLES));
    let item = |kind, path: &str| &api.items[&(kind, path.to_owned())].signature;
    assert_eq!(
        item(ItemKind::Function, "models::Level::value"),
        "fn value(&self) -> i64"
    );
    assert_eq!(
        item(ItemKind::TraitImpl, "models::Pet: serde::Deserialize"),
        "serde::Deserialize"
    );

    let derived = MODELS_TABLES.replace(
        "pub struct Pet",
        "#[derive(serde::Serialize, serde::Deserialize)] pub struct Pet",
    );
    let derived = derived.replace(
        "crate::fields::impl_serde! { Pet { id: \"id\" required } }",
        "",
    );
    let from_derives = diff(
        &surface(&crate_files(AUTH, &derived)),
        &surface(&crate_files(AUTH, MODELS_TABLES)),
    );
    assert!(from_derives.changes.is_empty(), "{from_derives:#?}");
}

#[test]
fn string_enum_to_integer_breaks() {
    let integer = MODELS_TABLES.replace(
        "crate::fields::impl_string_enum! { Color { Red = \"red\" } }",
        "crate::fields::impl_integer_enum! { Color: u64 { Red = 1 } }",
    );
    let report = report(
        &crate_files(AUTH, MODELS_TABLES),
        &crate_files(AUTH, &integer),
    );
    assert!(find(&report, ItemKind::Function, "models::Color::as_str").breaking);
    find(&report, ItemKind::Function, "models::Color::value");
}

#[test]
fn extract_normalizes_signatures() {
    let api = surface(&crate_files(AUTH, MODELS));
    let item = |kind, path: &str| &api.items[&(kind, path.to_owned())].signature;
    assert_eq!(
        item(ItemKind::Operation, "auth::Auth::info"),
        "async fn info(&self, request: InfoRequest) -> Result<InfoResponse, crate::Error>"
    );
    assert_eq!(
        item(ItemKind::Field, "models::Project::name"),
        "Option<String>"
    );
    assert_eq!(
        item(ItemKind::Endpoint, "auth::Auth::info"),
        "GET /rpc/auth.info"
    );
    assert_eq!(item(ItemKind::Security, "auth::Auth::info"), "Session");
    assert_eq!(
        item(ItemKind::Responses, "auth::Auth::info"),
        "200 Ok, _ Err(Error::UnexpectedStatus)"
    );
}

#[test]
fn same_sources_report_nothing() {
    let files = crate_files(AUTH, MODELS);
    let report = report(&files, &files);
    assert!(report.changes.is_empty(), "{report:#?}");
    assert_eq!(report.bump(), Bump::None);
}

#[test]
fn added_struct_is_compatible_and_listed_once() {
    let models = format!("{MODELS}\n#[derive(Debug)]\npub struct Trial {{ pub days: i64 }}");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models));
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    let change = find(&report, ItemKind::Type, "models::Trial");
    assert!(!change.breaking);
    assert_eq!(report.bump(), Bump::Minor);
}

#[test]
fn field_added_to_exhaustive_struct_breaks() {
    let models = MODELS.replace("pub name:", "pub slug: String, pub name:");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models));
    assert!(find(&report, ItemKind::Field, "models::Project::slug").breaking);
    assert_eq!(report.bump(), Bump::Major);
}

#[test]
fn field_added_to_non_exhaustive_struct_is_compatible() {
    let auth = AUTH.replace("pub gram_session:", "pub code: String, pub gram_session:");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    assert!(!find(&report, ItemKind::Field, "auth::InfoRequest::code").breaking);
}

#[test]
fn variant_added_to_exhaustive_enum_breaks() {
    let models = MODELS.replace("Active, Gone", "Active, Gone, Banned");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models));
    assert!(find(&report, ItemKind::Variant, "models::Status::Banned").breaking);
}

#[test]
fn variant_field_doc_change_is_no_change() {
    let before = format!("{MODELS}\npub enum Failure {{ Header {{ /// Name.\n name: String }} }}");
    let after = before.replace("/// Name.", "/// Name, in lowercase.");
    let report = report(&crate_files(AUTH, &before), &crate_files(AUTH, &after));
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

#[test]
fn field_type_change_breaks() {
    let models = MODELS.replace("pub project_id: String", "pub project_id: i64");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models));
    let change = find(&report, ItemKind::Field, "models::Project::project_id");
    assert!(change.breaking);
    assert_eq!(
        change.change,
        Change::Changed {
            before: "String".into(),
            after: "i64".into()
        }
    );
}

#[test]
fn removed_derive_breaks() {
    let models = MODELS.replace("Clone, Copy", "Clone");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models));
    assert!(find(&report, ItemKind::TraitImpl, "models::Status: Copy").breaking);
}

#[test]
fn renamed_operation_is_one_change() {
    let auth = AUTH.replace("fn info", "fn session_info");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    let change = find(&report, ItemKind::Operation, "auth::Auth::session_info");
    assert!(change.breaking);
    assert!(
        matches!(&change.change, Change::Renamed { from, .. } if from == "auth::Auth::info"),
        "{report:#?}"
    );
    assert_eq!(report.changes.len(), 1, "{report:#?}");
}

#[test]
fn renamed_operation_keeps_aspect_changes() {
    let auth = AUTH.replace("fn info", "fn session_info").replace(
        "_ => Err(received.into_unexpected())",
        "401 => Err(received.into_api_error()), _ => Err(received.into_unexpected())",
    );
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    let change = find(&report, ItemKind::Responses, "auth::Auth::session_info");
    assert!(change.breaking);
    assert_eq!(report.changes.len(), 2, "{report:#?}");
}

#[test]
fn removed_operation_breaks_once() {
    let auth = AUTH.replace("info", "whoami");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    assert!(find(&report, ItemKind::Operation, "auth::Auth::info").breaking);
    assert!(!find(&report, ItemKind::Operation, "auth::Auth::whoami").breaking);
    let aspects = report.changes.iter().filter(|change| {
        matches!(
            change.kind,
            ItemKind::Endpoint | ItemKind::Security | ItemKind::Responses
        )
    });
    assert_eq!(aspects.count(), 0, "{report:#?}");
}

#[test]
fn endpoint_change_is_compatible() {
    let auth = AUTH.replace("Method::GET", "Method::POST");
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    let change = find(&report, ItemKind::Endpoint, "auth::Auth::info");
    assert!(!change.breaking);
    assert_eq!(
        change.change,
        Change::Changed {
            before: "GET /rpc/auth.info".into(),
            after: "POST /rpc/auth.info".into()
        }
    );
}

#[test]
fn markdown_quotes_paths_with_backticks() {
    let report = ChangeReport {
        changes: vec![ApiChange {
            kind: ItemKind::Endpoint,
            path: "notes::Notes::list".into(),
            change: Change::Changed {
                before: "GET /notes/`all`".into(),
                after: "GET /notes".into(),
            },
            breaking: false,
        }],
    };
    let markdown = report.to_markdown("notes-sdk");
    assert!(
        markdown.contains(
            "- changed HTTP endpoint of `notes::Notes::list`: `` GET /notes/`all` `` became \
             `GET /notes`"
        ),
        "{markdown}"
    );
}

#[test]
fn declared_error_status_breaks() {
    let auth = AUTH.replace(
        "_ => Err(received.into_unexpected())",
        "401 => Err(received.into_api_error()), _ => Err(received.into_unexpected())",
    );
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    let change = find(&report, ItemKind::Responses, "auth::Auth::info");
    assert!(change.breaking);
    assert_eq!(
        describe(change, str::to_owned),
        "changed responses of auth::Auth::info: 401 from Err(Error::UnexpectedStatus) to \
         Err(Error::Api)"
    );
}

#[test]
fn new_success_status_is_compatible() {
    let auth = AUTH.replace("200 =>", "200 | 201 =>").replace(
        "_ => Err",
        "202 => { Ok(InfoResponse { status: received.status }) } _ => Err",
    );
    let report = report(&crate_files(AUTH, MODELS), &crate_files(&auth, MODELS));
    let change = find(&report, ItemKind::Responses, "auth::Auth::info");
    assert!(!change.breaking, "{report:#?}");
}

/// Returns `AUTH` with a `body` field on `InfoResponse` that status 200 reads by `read`.
fn auth_with_body(field_type: &str, read: &str) -> String {
    let arm = format!(
        "200 => {{ let body = {read}; \
         Ok(InfoResponse {{ body, status: received.status }}) }}"
    );
    let response = format!(
        "#[non_exhaustive]\n\
         pub struct InfoResponse {{ pub body: {field_type} }}\n\
         pub struct InfoRequest"
    );
    AUTH.replace(
        "200 => { Ok(InfoResponse { status: received.status }) }",
        &arm,
    )
    .replace("pub struct InfoRequest", &response)
}

#[test]
fn extract_names_body_reading() {
    for (read, outcome) in [
        ("received.json::<String>()?", "200 Ok(JSON body)"),
        ("received.text()?", "200 Ok(text body)"),
        ("received.body.clone()", "200 Ok(bytes body)"),
    ] {
        let auth = auth_with_body("String", read);
        let api = surface(&crate_files(&auth, MODELS));
        let responses = &api.items[&(ItemKind::Responses, "auth::Auth::info".to_owned())];
        assert_eq!(
            responses.signature,
            format!("{outcome}, _ Err(Error::UnexpectedStatus)"),
            "{read}"
        );
    }
}

#[test]
fn text_body_in_place_of_json_breaks() {
    let json = auth_with_body("String", "received.json::<String>()?");
    let text = auth_with_body("String", "received.text()?");
    let report = report(&crate_files(&json, MODELS), &crate_files(&text, MODELS));
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    let change = find(&report, ItemKind::Responses, "auth::Auth::info");
    assert!(change.breaking);
    assert_eq!(
        describe(change, str::to_owned),
        "changed responses of auth::Auth::info: 200 from Ok(JSON body) to Ok(text body)"
    );
}

#[test]
fn bytes_body_in_place_of_json_breaks() {
    let json = auth_with_body(
        "crate::models::Project",
        "received.json::<crate::models::Project>()?",
    );
    let bytes = auth_with_body("bytes::Bytes", "received.body.clone()");
    let report = report(&crate_files(&json, MODELS), &crate_files(&bytes, MODELS));
    let field = find(&report, ItemKind::Field, "auth::InfoResponse::body");
    assert!(field.breaking);
    assert_eq!(
        field.change,
        Change::Changed {
            before: "crate::models::Project".to_owned(),
            after: "bytes::Bytes".to_owned(),
        }
    );
    let responses = find(&report, ItemKind::Responses, "auth::Auth::info");
    assert!(responses.breaking);
}

#[test]
fn new_bytes_body_is_compatible() {
    let none = AUTH.replace(
        "pub struct InfoRequest",
        "#[non_exhaustive]\npub struct InfoResponse { }\npub struct InfoRequest",
    );
    let bytes = auth_with_body("bytes::Bytes", "received.body.clone()");
    let report = report(&crate_files(&none, MODELS), &crate_files(&bytes, MODELS));
    let field = find(&report, ItemKind::Field, "auth::InfoResponse::body");
    assert_eq!(field.change, Change::Added("bytes::Bytes".to_owned()));
    let responses = find(&report, ItemKind::Responses, "auth::Auth::info");
    assert!(!responses.breaking, "{report:#?}");
    assert_eq!(report.bump(), Bump::Minor, "{report:#?}");
}

#[test]
fn success_outcome_rules() {
    assert!(!outcome_breaks("Ok", "Ok(bytes body)"));
    assert!(!outcome_breaks("Ok(text body)", "Ok"));
    assert!(outcome_breaks("Ok(JSON body)", "Ok(bytes body)"));
    assert!(outcome_breaks("Ok(bytes body)", "Ok(text body)"));
    assert!(!outcome_breaks(UNEXPECTED, "Ok(text body)"));
    assert!(outcome_breaks("Err(Error::Api)", "Ok(JSON body)"));
    assert!(outcome_breaks("Ok(text body)", "Err(Error::Api)"));
}

#[test]
fn security_rules() {
    assert!(security_is_stricter("none", "Session"));
    assert!(security_is_stricter("Session", "Key"));
    assert!(!security_is_stricter("Session", "Session or Key"));
    assert!(!security_is_stricter("Session", "none"));
    assert!(security_is_stricter("Session or Key", "Session"));
    assert!(!security_is_stricter("none", "none or Session"));
    assert!(security_is_stricter("none or Session", "Session"));
}

#[test]
fn markdown_groups_by_breaking() {
    let models = MODELS.replace("pub project_id: String", "pub project_id: i64");
    let models = format!("{models}\npub struct Trial {{ pub days: i64 }}");
    let markdown =
        report(&crate_files(AUTH, MODELS), &crate_files(AUTH, &models)).to_markdown("gram-sdk");
    let expected = "# API changes of `gram-sdk`

Suggested version bump: **major**, because some changes break users of the crate (for a `0.x` \
version, bump the minor number).

## Breaking changes

- changed field `models::Project::project_id`: `String` became `i64`

## Other changes

- added type `models::Trial`: `struct`
";
    assert_eq!(markdown, expected);
}

#[test]
fn unparsable_file_is_named() {
    let files = vec![GeneratedFile {
        path: "src/lib.rs".into(),
        contents: "pub struct {".into(),
    }];
    let failure = ApiSurface::extract(&files).expect_err("the file does not parse");
    assert_eq!(failure.path, "src/lib.rs");
}

/// Extracts the API of the crate generated from a spec whose one operation has the security
/// `requirement`, written as YAML, and returns the operation's security signature.
fn generated_security(requirement: &str) -> String {
    generated_security_of(&format!("security: {requirement}"), "")
}

/// Returns the security signature of the one operation of a spec whose operation has the
/// YAML line `operation_security`, and whose root has the YAML line `root_security`.
fn generated_security_of(operation_security: &str, root_security: &str) -> String {
    let text = format!(
        "openapi: 3.0.3\n\
         info: {{title: Sec, version: '1'}}\n\
         servers: [{{url: 'http://127.0.0.1:9'}}]\n\
         {root_security}\n\
         paths:\n  /ab:\n    get:\n      operationId: getAb\n      {operation_security}\n      \
         responses: {{'204': {{description: Done.}}}}\n\
         components:\n  securitySchemes:\n    \
         a: {{type: apiKey, in: header, name: X-A}}\n    \
         b: {{type: apiKey, in: header, name: X-B}}\n    \
         oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'http://127.0.0.1:9/token', \
         scopes: {{read: Read., admin: Administer.}}}}}}}}\n"
    );
    let options = crate::Options::for_test("sec.yaml");
    let sdk = crate::generate_from_text(&text, &options).expect("the spec generates");
    let api = ApiSurface::extract(&sdk.files).expect("the sources parse");
    let security: Vec<&ApiItem> = api
        .items
        .iter()
        .filter(|((kind, _), _)| *kind == ItemKind::Security)
        .map(|(_, item)| item)
        .collect();
    assert_eq!(security.len(), 1, "{security:#?}");
    security[0].signature.clone()
}

#[test]
fn generated_security_reads_schemes() {
    assert_eq!(generated_security("[{a: [], b: []}]"), "A and B");
    assert_eq!(generated_security("[{a: []}, {b: []}]"), "A or B");
}

#[test]
fn generated_security_reads_scopes() {
    let security = generated_security("[{oauth: [read, admin]}, {a: []}]");
    assert_eq!(security, "Oauth (read, admin) or A");
}

#[test]
fn generated_security_reads_inherited_requirement() {
    let security = generated_security_of("description: Inherits.", "security: [{b: []}]");
    assert_eq!(security, "B");
}

#[test]
fn generated_security_reads_empty_requirement() {
    assert_eq!(generated_security("[{}, {a: []}]"), "none or A");
}
