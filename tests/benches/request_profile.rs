//! Measures the client side of the calls that `request_overhead` times, apart from the server:
//! `cargo bench -p sdk-tests --bench request_profile -- CASE CALLS`, where CASE is one of
//! `sdk-get`, `reqwest-get`, `sdk-post` and `reqwest-post`.
//!
//! The stand-in server runs on a thread of its own, and the client on the main thread with a
//! current-thread Tokio runtime, which also drives the client's connection. After 100 warm-up
//! calls, the main thread makes CALLS calls and prints the allocations, bytes allocated and
//! wall-clock time per call, and the size of one call's future. Allocation counts do not depend on the machine's load, and
//! neither do instruction counts: under `valgrind --tool=callgrind --separate-threads=yes`, the
//! difference between the main thread's totals for two values of CALLS, divided by the
//! difference in calls, is the client's instructions per call.

mod calls;
#[path = "../support/mod.rs"]
#[allow(dead_code)]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

use gram_sdk::reqwest;
use support::AuthServer;

/// Counts the allocations of each thread, so that the server's do not mix with the client's.
struct CountingAllocator;

/// Allocator calls (`alloc`, `alloc_zeroed` and `realloc`) and bytes requested on this thread.
#[derive(Clone, Copy, Default)]
struct Allocations {
    calls: u64,
    bytes: u64,
}

thread_local! {
    // A const-initialized thread local without a destructor never allocates, so the allocator
    // can use it.
    static ALLOCATIONS: Cell<Allocations> = const {
        Cell::new(Allocations { calls: 0, bytes: 0 })
    };
}

fn count_allocation(size: usize) {
    // `try_with` fails once the thread's locals are gone, at thread exit, which is not counted.
    let _ = ALLOCATIONS.try_with(|cell| {
        let mut allocations = cell.get();
        allocations.calls += 1;
        allocations.bytes += size as u64;
        cell.set(allocations);
    });
}

// SAFETY: every method forwards to `System` with the same arguments.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_allocation(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_allocation(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_allocation(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const WARM_UP_CALLS: u64 = 100;

#[derive(Clone, Copy)]
enum Case {
    SdkGet,
    ReqwestGet,
    SdkPost,
    ReqwestPost,
}

fn parse_args() -> Result<(Case, u64), String> {
    // `cargo bench` adds `--bench`, which this program ignores.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let [case, calls] = args.as_slice() else {
        return Err("expected two arguments: CASE CALLS".to_owned());
    };
    let case = match case.as_str() {
        "sdk-get" => Case::SdkGet,
        "reqwest-get" => Case::ReqwestGet,
        "sdk-post" => Case::SdkPost,
        "reqwest-post" => Case::ReqwestPost,
        other => {
            return Err(format!(
                "unknown case {other:?}: expected sdk-get, reqwest-get, sdk-post or reqwest-post"
            ));
        }
    };
    let calls = match calls.parse::<u64>() {
        Ok(calls) if calls > 0 => calls,
        _ => return Err(format!("CALLS must be a positive integer, got {calls:?}")),
    };
    Ok((case, calls))
}

/// Starts the stand-in server on a thread of its own and returns its base URL.
fn start_server() -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime for the server");
        runtime.block_on(async move {
            let server = AuthServer::start().await;
            sender
                .send(server.url().to_owned())
                .expect("the main thread receives the URL");
            std::future::pending::<()>().await;
        });
    });
    receiver.recv().expect("the server starts")
}

async fn call(case: Case, gram: &gram_sdk::Gram, http: &reqwest::Client, url: &str) {
    match case {
        Case::SdkGet => drop(calls::sdk_info(gram).await),
        Case::ReqwestGet => drop(calls::reqwest_info(http, url).await),
        Case::SdkPost => drop(calls::sdk_switch_scopes(gram).await),
        Case::ReqwestPost => drop(calls::reqwest_switch_scopes(http, url).await),
    }
}

/// Returns the size in bytes of the future of one call, which is moved whole at least once.
fn future_size(case: Case, gram: &gram_sdk::Gram, http: &reqwest::Client, url: &str) -> usize {
    match case {
        Case::SdkGet => std::mem::size_of_val(&calls::sdk_info(gram)),
        Case::ReqwestGet => std::mem::size_of_val(&calls::reqwest_info(http, url)),
        Case::SdkPost => std::mem::size_of_val(&calls::sdk_switch_scopes(gram)),
        Case::ReqwestPost => std::mem::size_of_val(&calls::reqwest_switch_scopes(http, url)),
    }
}

fn main() {
    let (case, calls) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("request_profile: {message}");
            std::process::exit(2);
        }
    };
    let url = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime for the client");
    let gram = calls::sdk_client(&url);
    let http = calls::reqwest_client();

    runtime.block_on(async {
        // Both sides must return the same values, or the comparison times different work.
        assert_eq!(
            calls::sdk_info(&gram).await,
            calls::reqwest_info(&http, &url).await
        );
        assert_eq!(
            calls::sdk_switch_scopes(&gram).await,
            calls::reqwest_switch_scopes(&http, &url).await
        );
        for _ in 0..WARM_UP_CALLS {
            call(case, &gram, &http, &url).await;
        }

        let before = ALLOCATIONS.with(Cell::get);
        let started = Instant::now();
        for _ in 0..calls {
            call(case, &gram, &http, &url).await;
        }
        let elapsed = started.elapsed();
        let after = ALLOCATIONS.with(Cell::get);

        let per_call = |total: u64| total as f64 / calls as f64;
        println!(
            "{} calls: {:.1} allocations, {:.0} bytes allocated, {:.1} µs per call, \
             a future of {} bytes",
            calls,
            per_call(after.calls - before.calls),
            per_call(after.bytes - before.bytes),
            elapsed.as_secs_f64() * 1e6 / calls as f64,
            future_size(case, &gram, &http, &url),
        );
    });
}
