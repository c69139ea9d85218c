//! Cases: registration with a national number, whole-case reads and saves, links, lists.

mod encode;
mod figures;
mod justice;
mod list;
mod persons;
mod read;
mod referrals;
mod scope;
mod work;
mod search;
mod write;

pub use encode::case_row;
pub use figures::figures;
pub use list::{count, counts, ids_after, list};
pub use read::{find_by_number, get_many};
pub use referrals::list as list_referrals;
pub use scope::facts as scope_facts;
pub use work::{child_referrals, hearings};
pub use search::{cases_by_name, duplicates};
pub use write::{CHUNK, create, link, replace_children, save};
