//! Cases: registration with a national number, whole-case reads and saves, links, lists.

mod encode;
mod figures;
mod list;
mod read;
mod referrals;
mod scope;
mod work;
mod search;
mod write;

pub use encode::case_row;
pub use figures::figures;
pub use list::{count, counts, ids_after, list};
pub use read::load;
pub use referrals::list as list_referrals;
pub use scope::facts as scope_facts;
pub use work::{child_referrals, hearings};
pub use search::{cases_by_name, duplicates};
pub use write::{check_references, create, link, replace_children, save};
