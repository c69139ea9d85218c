//! Cases: registration with a national number, whole-case reads and saves, links, lists.

mod encode;
/// The tables of a case's records (`deferred_indexes` checks its list against them).
#[cfg(test)]
pub(crate) use encode::CHILD_TABLES;
mod figures;
mod justice_lists;
mod list;
mod read;
mod referrals;
mod scope;
mod search;
mod statistics;
mod victim_keys;
mod work;
mod write;

pub use figures::figures;
pub use justice_lists::{hearings as list_hearings, list as list_justice};
pub use list::{count, counts, ids_after, list};
pub use read::{CHUNK, load, load_by_number};
pub use referrals::list as list_referrals;
pub use scope::facts as scope_facts;
pub use search::{cases_by_name, duplicates};
pub use statistics::statistics;
pub use victim_keys::by_victim as victim_numbers;
pub use work::{child_referrals, hearings};
pub use write::{
    ChildRows, ReadyRows, check_references, create, delete_children, insert_ready, link, save, write_children,
};
