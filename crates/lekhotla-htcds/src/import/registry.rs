//! What has been read so far, for checking references and duplicates: every id that appeared, even on a
//! row with other problems, so that one bad cell is reported once and not again by every row naming it.
//!
//! The sets and maps hash with foldhash (seeded per process), not the standard library's SipHash: every row
//! looks several ids up, and SipHash was a sixth of reading a 100,000-case export (BENCHMARKS.md,
//! twenty-fifth pass).

use foldhash::{HashMap, HashMapExt, HashSet};
use std::fmt::Display;
use std::hash::Hash;

use lekhotla_domain::{CaseId, OrgId, PersonId, VerdictOutcome};

use super::row::Row;
use crate::schema::{cases, organisations, persons};

/// The role of a person row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Victim,
    Suspect,
    Witness,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Self::Victim => persons::ROLE_VICTIM,
            Self::Suspect => persons::ROLE_SUSPECT,
            Self::Witness => persons::ROLE_WITNESS,
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        [Self::Victim, Self::Suspect, Self::Witness]
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| format!("unknown role {s:?}; expected one of victim|suspect|witness"))
    }
}

/// Ids seen so far, and the files that could not be read whole.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    /// Files whose rows were not read (missing, or a column missing): references into them are not checked.
    pub unread: HashSet<&'static str>,
    pub orgs: HashSet<OrgId>,
    /// Every case id in cases.csv, with the index of its built case when its row was good.
    pub cases: HashMap<CaseId, Option<usize>>,
    pub persons: HashMap<PersonId, (CaseId, Role)>,
    pub investigations: HashSet<CaseId>,
    pub prosecutions: HashSet<CaseId>,
    pub charged: HashSet<(CaseId, PersonId)>,
    /// The verdict for each accused; `None` when its outcome cell was bad.
    pub verdicts: HashMap<(CaseId, PersonId), Option<VerdictOutcome>>,
}

impl Registry {
    /// Checks that `id` names an organisation of organisations.csv.
    pub fn org(&self, r: &mut Row<'_>, column: &str, id: Option<OrgId>) {
        if let Some(id) = id
            && !self.unread.contains(organisations::FILE)
            && !self.orgs.contains(&id)
        {
            r.fail(column, format!("no organisation with id {id} in {}", organisations::FILE));
        }
    }

    /// The case a record belongs to: the index of the built case, or `None` when it cannot be attached
    /// (an unknown id is reported; a case whose own row was bad has been reported already).
    pub fn case(&self, r: &mut Row<'_>, column: &str, id: Option<CaseId>) -> Option<usize> {
        let id = id?;
        match self.cases.get(&id) {
            Some(slot) => *slot,
            None => {
                if !self.unread.contains(cases::FILE) {
                    r.fail(column, format!("no case with id {id} in {}", cases::FILE));
                }
                None
            }
        }
    }

    /// Checks that `person` is a person of case `case` in the given role.
    pub fn person(&self, r: &mut Row<'_>, column: &str, case: Option<CaseId>, person: Option<PersonId>, role: Role) {
        let (Some(case), Some(person)) = (case, person) else { return };
        if self.unread.contains(persons::FILE) {
            return;
        }
        match self.persons.get(&person) {
            None => r.fail(column, format!("no {} with id {person} in {}", role.code(), persons::FILE)),
            Some((c, _)) if *c != case => {
                r.fail(column, format!("{person} is a person of case {c}, not of case {case}"));
            }
            Some((_, found)) if *found != role => {
                r.fail(column, format!("{person} is a {} of this case, not a {}", found.code(), role.code()));
            }
            Some(_) => {}
        }
    }
}

/// Where each key was first seen, to report duplicates.
#[derive(Debug)]
pub(crate) struct Seen<K> {
    first: HashMap<K, u64>,
}

impl<K> Default for Seen<K> {
    fn default() -> Self {
        Self { first: HashMap::new() }
    }
}

impl<K: Eq + Hash> Seen<K> {
    /// Notes `key` on this row; reports it when an earlier row had it. True when it is new.
    pub fn unique(&mut self, r: &mut Row<'_>, column: &str, key: K, what: impl Display) -> bool {
        match self.first.get(&key) {
            Some(line) => {
                r.fail(column, format!("{what} is already on line {line}"));
                false
            }
            None => {
                self.first.insert(key, r.line);
                true
            }
        }
    }
}
