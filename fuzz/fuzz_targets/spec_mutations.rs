//! Feeds real specs, mutated node by node, to the generator.

#![no_main]

use libfuzzer_sys::fuzz_target;

use generator_fuzz::mutate::Plan;

fuzz_target!(|plan: Plan| {
    let text = plan.apply();
    if std::env::var_os("GENERATOR_FUZZ_PRINT").is_some() {
        eprintln!("{text}");
    }
    generator_fuzz::check_spec(&text);
});
