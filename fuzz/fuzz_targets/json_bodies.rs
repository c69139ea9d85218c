//! Every JSON body the API takes, decoded as its route decodes it, and the JSON merge patch of every
//! `PATCH` (see `lekhotla_web::fuzz` for the properties). The first byte picks the body type; with its top
//! bit set the rest is a stored record and a patch separated by a NUL byte (which JSON text never holds).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    if kind & 0x80 == 0 {
        lekhotla_web::fuzz::json_body(kind, rest);
    } else {
        let (current, patch) = match rest.iter().position(|b| *b == 0) {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (&b"{}"[..], rest),
        };
        lekhotla_web::fuzz::merge_patch(kind & 0x7f, current, patch);
    }
});
