//! Feeds arbitrary bytes to the generator as YAML or JSON spec text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        generator_fuzz::check_spec(text);
    }
});
