//! The one conformance suite every Lekhotla store must pass, whatever its database.
//!
//! Each `pub async fn` here checks one behaviour of a [`Store`](lekhotla_storage::Store), panicking
//! on failure; [`conformance_suite!`] turns them into one `#[tokio::test]` each for a store factory:
//!
//! ```ignore
//! async fn store() -> Option<lekhotla_storage_tests::Fresh> { /* a fresh, empty store */ }
//! lekhotla_storage_tests::conformance_suite!(store);
//! ```
//!
//! The factory must return a **fresh, empty** store with [`fixtures::geography`] loaded, a fresh
//! [`fixtures::keyring`] in use (no wrapped key stored) and nothing else. The functions assert only
//! what the `Store` trait promises, nothing of one database.
#![allow(clippy::unwrap_used)] // a test suite: a panic is how it reports a failure

pub mod fixtures;

mod account_admin;
mod audit_safeguards;
mod break_glass;
mod cases;
mod classification;
mod committee;
mod concurrency;
mod deadlines;
mod duplicates;
mod figures;
mod frozen;
mod import;
mod justice;
mod lists;
mod plan;
mod plan_files;
mod prevention;
mod provision;
mod reference;
mod referral_counts;
mod releases;
mod report;
mod scope;
mod sealed_at_rest;
mod sealing;
mod security;
mod statistics;
mod upgrade;

pub use account_admin::*;
pub use audit_safeguards::*;
pub use break_glass::*;
pub use cases::*;
pub use classification::*;
pub use committee::*;
pub use concurrency::*;
pub use deadlines::*;
pub use duplicates::*;
pub use figures::*;
pub use frozen::*;
pub use import::*;
pub use justice::*;
pub use lists::*;
pub use plan::*;
pub use plan_files::*;
pub use prevention::*;
pub use provision::*;
pub use reference::*;
pub use referral_counts::*;
pub use releases::*;
pub use report::*;
pub use scope::*;
pub use sealed_at_rest::*;
pub use sealing::*;
pub use security::*;
pub use statistics::*;
pub use upgrade::*;

/// A fresh store for one test, and whatever must live as long as it (a temporary directory).
#[allow(missing_debug_implementations)]
pub struct Fresh {
    pub store: std::sync::Arc<dyn lekhotla_storage::Store>,
    pub keep: Box<dyn std::any::Any + Send + Sync>,
}

/// Expands to one `#[tokio::test]` per suite function, each calling `$factory().await` for a fresh
/// store (`async fn() -> Option<Fresh>`; `None` skips the test with a notice, for a server
/// that is not configured). Every test runs on a two-thread runtime so the concurrency tests race.
#[macro_export]
macro_rules! conformance_suite {
    ($factory:path) => {
        $crate::conformance_suite!(@each $factory;
            health_answers,
            operations_status_is_reported,
            geography_reads_back_and_reloads,
            organisations_are_versioned,
            organisation_names_are_unique_per_district,
            case_numbers_are_sequential_and_never_reused,
            full_case_round_trips,
            stale_save_is_a_conflict_and_changes_nothing,
            failed_save_leaves_nothing_behind,
            save_replaces_the_records_of_the_case,
            list_cases_filters_and_pages,
            case_counts_agree_with_the_list,
            case_ids_after_walks_every_id_once,
            links_go_both_ways_once,
            import_inserts_and_reimport_duplicates_nothing,
            import_number_clash_writes_nothing,
            an_import_older_than_the_stored_case_is_refused,
            a_bulk_load_sets_indexes_aside_and_builds_them_again,
            a_large_import_is_written_whole_or_not_at_all,
            concurrent_saves_lose_no_update,
            concurrent_creates_get_distinct_numbers,
            every_write_is_audited_once_and_chained,
            concurrent_writers_keep_one_chain,
            audit_search_filters,
            an_entry_s_fields_read_back_as_written,
            users_are_stored_and_unique,
            sessions_follow_the_account,
            a_replaced_second_factor_ends_the_old_one,
            a_session_steps_up_with_a_fresh_factor,
            account_access_changes_with_its_version,
            a_second_factor_is_cleared_and_enrolled_once,
            api_tokens_are_scoped_and_revocable,
            break_glass_grants_are_rated_bound_and_revocable,
            keys_and_checkpoints_read_back,
            lists_return_exactly_the_cases_in_scope,
            a_revoked_or_undelivered_referral_ends_the_receivers_access,
            scope_facts_agree_with_the_rule,
            cases_that_missed_a_child_referral_are_listed,
            keys_rotate_and_every_value_is_resealed,
            persons_are_found_by_their_name_index,
            figures_and_work_lists_agree_with_the_cases,
            possible_duplicates_and_name_search_keep_to_the_scope,
            justice_lists_agree_with_the_cases_in_scope,
            statistics_agree_with_the_cases,
            concurrent_reports_all_answer,
            referral_counts_take_each_victim_once,
            campaigns_are_versioned_listed_and_counted,
            trainings_keep_their_participants_and_are_counted,
            inspections_link_the_cases_they_opened,
            screenings_at_ports_are_versioned_linked_and_counted,
            provider_years_are_versioned_and_stays_read,
            the_action_plan_is_one_versioned_document,
            plan_files_are_sealed_and_read_back,
            frozen_reports_are_kept_once_and_read_back,
            committee_meetings_are_versioned_and_listed,
            referral_deadlines_escalate_and_reach_the_digest,
            the_report_of_generated_cases_is_protected,
        );
    };
    (@each $factory:path; $($name:ident),* $(,)?) => {
        $(
            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                match $factory().await {
                    Some(fresh) => {
                        $crate::$name(fresh.store.clone()).await;
                        drop(fresh);
                    }
                    None => eprintln!("skipped {}: no database configured", stringify!($name)),
                }
            }
        )*
    };
}
