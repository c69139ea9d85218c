//! Finding people across cases while their identity stays sealed, by the keyed blind indexes stored beside
//! the sealed fields (`sealing::PersonIndexes`): the possible duplicates shown before a person is recorded,
//! and the case search by a person's name (exactly, or by its phonetic key). Both keep to a [`Scope`].

use lekhotla_domain::{CaseId, CaseNumber, PersonId};
use time::Date;

use crate::Scope;

/// How a name is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same first and second name, normalised (case, accents and spacing do not matter).
    Exact,
    /// The same phonetic key (`lekhotla_crypto::phonetic_key`: Tšepo, Tsepo and Tshepo alike).
    Phonetic,
}

/// A name searched for: `"{first} {second}"` as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    pub name: String,
    pub how: NameMatch,
}

/// Who is about to be recorded: what possible duplicates are looked for by (any one matching).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonProbe {
    /// `"{first} {second}"`, matched by its blind index and by its phonetic key's.
    pub name: Option<String>,
    pub birthdate: Option<Date>,
    /// E.164 (`+26658001234`; spaces do not matter).
    pub phone: Option<String>,
    /// Where to look: the actor's scope.
    pub scope: Scope,
}

/// What a possible duplicate matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchedOn {
    Name,
    Phonetic,
    Birthdate,
    Phone,
}

impl MatchedOn {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phonetic => "phonetic",
            Self::Birthdate => "birthdate",
            Self::Phone => "phone",
        }
    }
}

/// A person already recorded in a case in scope who may be the one about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleDuplicate {
    pub case: CaseId,
    pub number: CaseNumber,
    pub person: PersonId,
    /// `victim`, `suspect` or `witness`.
    pub role: String,
    /// In [`MatchedOn`] order, never empty.
    pub matched: Vec<MatchedOn>,
}

/// The most possible duplicates one probe lists.
pub const MAX_DUPLICATES: u32 = 50;

/// The flags `(name, phonetic, birthdate, phone)` of a row as matches, in order.
pub fn matched_on(flags: [bool; 4]) -> Vec<MatchedOn> {
    let all = [MatchedOn::Name, MatchedOn::Phonetic, MatchedOn::Birthdate, MatchedOn::Phone];
    all.into_iter().zip(flags).filter(|(_, hit)| *hit).map(|(m, _)| m).collect()
}
