//! The HTCDS files end to end: lossless round trips, and every kind of bad file reported line by line.

#![allow(clippy::unwrap_used)] // a test file

// `cfg(test)` marks the helpers as test code, where the workspace lints allow `unwrap`.
#[cfg(test)]
mod htcds {
    pub mod support;

    mod broken_files;
    mod coverage;
    mod duplicates;
    mod formula;
    mod malformed;
    mod purpose;
    mod references;
    mod round_trip;
}
