//! The web crate's tests in one binary: the router with every layer, over a real SQLite file.

#![allow(clippy::unwrap_used)] // a test crate: a failed setup step should stop the test loudly

mod support;

mod access;
mod authority;
mod authority_matrix;
mod break_glass;
mod case_path;
mod errors;
mod openapi;
mod pages;
mod scope;
mod signin;
mod tokens;
