//! The cost of a call through the generated auth SDK next to a hand-written reqwest call that
//! does the same work, against the same stand-in server on 127.0.0.1: `cargo bench -p
//! sdk-tests --bench request_overhead`. The calls module lists the work both sides do.

mod calls;
#[path = "../support/mod.rs"]
#[allow(dead_code)]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use support::AuthServer;

fn request_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let server = runtime.block_on(AuthServer::start());
    let url = server.url();
    let gram = calls::sdk_client(url);
    let http = calls::reqwest_client();

    let mut get = c.benchmark_group("GET auth.info");
    get.bench_function("generated SDK", |b| {
        b.to_async(&runtime).iter(|| calls::sdk_info(&gram))
    });
    get.bench_function("hand-written reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| calls::reqwest_info(&http, url))
    });
    get.finish();

    let mut post = c.benchmark_group("POST auth.switchScopes");
    post.bench_function("generated SDK", |b| {
        b.to_async(&runtime)
            .iter(|| calls::sdk_switch_scopes(&gram))
    });
    post.bench_function("hand-written reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| calls::reqwest_switch_scopes(&http, url))
    });
    post.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);
