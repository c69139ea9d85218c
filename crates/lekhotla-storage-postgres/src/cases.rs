//! Cases: registration with a national number, whole-case reads and saves, links, lists.

mod children;
mod encode;
/// The tables of a case's records (`deferred_indexes` checks its list against them).
#[cfg(test)]
pub(crate) use encode::CHILD_TABLES;
mod figures;
mod justice;
mod justice_lists;
mod list;
mod persons;
mod read;
mod referrals;
mod scope;
mod search;
mod statistics;
mod victim_keys;
mod work;
mod write;

pub use encode::case_row;
pub use figures::figures;
pub use justice_lists::{hearings as list_hearings, list as list_justice};
pub use list::{count, counts, ids_after, list};
pub use read::{find_by_number, get_many, get_one};
pub use referrals::list as list_referrals;
pub use scope::facts as scope_facts;
pub use search::{cases_by_name, duplicates};
pub use statistics::statistics;
pub use victim_keys::numbers_apart as victim_numbers_apart;
pub use work::{child_referrals, hearings};
pub use write::{CASE_WRITE, CHUNK, create, link, replace_children_growing, save};
