//! The cost of a call through the generated auth SDK next to a hand-written reqwest call that
//! does the same work, against the same stand-in server on 127.0.0.1: `cargo bench -p
//! sdk-tests --bench request_overhead`. Both sides send the session header, check the status,
//! and decode the JSON body or read the response headers. The SDK's retries stay off, because
//! the hand-written call has none.

#[path = "../support/mod.rs"]
#[allow(dead_code)]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use gram_sdk::auth::{InfoRequest, InfoSecurity, SwitchScopesRequest, SwitchScopesSecurity};
use gram_sdk::models::InfoResponseBody;
use gram_sdk::{Gram, Security, reqwest};
use support::AuthServer;

const SESSION: &str = "session-1";

fn sdk_client(server: &AuthServer) -> Gram {
    Gram::builder()
        .server_url(server.url())
        .security(Security::new())
        .no_retries()
        .build()
        .expect("a client for the stand-in server")
}

async fn sdk_info(gram: &Gram) -> InfoResponseBody {
    let request = InfoRequest::new().security(InfoSecurity::new(SESSION));
    let response = gram.auth().info(request).await.expect("info succeeds");
    response.body
}

async fn reqwest_info(http: &reqwest::Client, url: &str) -> InfoResponseBody {
    let response = http
        .get(url)
        .header("Gram-Session", SESSION)
        .send()
        .await
        .expect("the server answers");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("the body arrives");
    serde_json::from_slice(&body).expect("the body decodes")
}

async fn sdk_switch_scopes(gram: &Gram) -> Option<String> {
    let request = SwitchScopesRequest::new()
        .organization_id("org-1")
        .project_id("project-1")
        .security(SwitchScopesSecurity::new(SESSION));
    let response = gram
        .auth()
        .switch_scopes(request)
        .await
        .expect("switchScopes succeeds");
    response.gram_session
}

async fn reqwest_switch_scopes(http: &reqwest::Client, url: &str) -> Option<String> {
    let response = http
        .post(url)
        .header("Gram-Session", SESSION)
        .send()
        .await
        .expect("the server answers");
    assert!(response.status().is_success());
    let session = response
        .headers()
        .get("gram-session")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    response.bytes().await.expect("the body arrives");
    session
}

fn request_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let server = runtime.block_on(AuthServer::start());
    let gram = sdk_client(&server);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client");
    let info_url = format!("{}/rpc/auth.info", server.url());
    // The hand-written call gets its query string ready-made, while the SDK encodes its own.
    let switch_url = format!(
        "{}/rpc/auth.switchScopes?organization_id=org-1&project_id=project-1",
        server.url()
    );

    let mut get = c.benchmark_group("GET auth.info");
    get.bench_function("generated SDK", |b| {
        b.to_async(&runtime).iter(|| sdk_info(&gram))
    });
    get.bench_function("hand-written reqwest", |b| {
        b.to_async(&runtime).iter(|| reqwest_info(&http, &info_url))
    });
    get.finish();

    let mut post = c.benchmark_group("POST auth.switchScopes");
    post.bench_function("generated SDK", |b| {
        b.to_async(&runtime).iter(|| sdk_switch_scopes(&gram))
    });
    post.bench_function("hand-written reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| reqwest_switch_scopes(&http, &switch_url))
    });
    post.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);
