//! The web crate's tests in one binary: the router with every layer, over a real SQLite file.

#![allow(clippy::unwrap_used)] // a test crate: a failed setup step should stop the test loudly

mod support;

mod access;
mod account_pages;
mod admin_pages;
mod audit_trail;
mod authority;
mod authority_matrix;
mod break_glass;
mod campaigns;
mod case_file_pages;
mod case_path;
mod committees;
mod contents;
mod contract;
mod dashboard_pages;
mod deadlines;
mod errors;
mod hostile;
mod inspections;
mod intake_pages;
mod justice_pages;
mod kept_form;
mod locales;
mod merge_patch;
mod openapi;
mod openapi_valid;
mod operations;
mod org_names;
mod pages;
mod plan;
mod plan_edit;
mod plan_files;
mod plan_progress;
mod probes;
mod referral_pages;
mod registers;
mod report_pages;
mod report_sesotho;
mod scope;
mod screenings;
mod sealed_notes;
mod shelters;
mod signin;
mod signin_origin;
mod subject;
mod tokens;
mod trainings;
mod transport;
mod work_pages;
