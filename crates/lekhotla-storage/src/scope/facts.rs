//! The facts of one case that need-to-know turns on ([`ScopeFacts`]), read by a light query (the case
//! row, its investigation, prosecution and referrals; no person, no note, no key) so that a request can
//! be judged against the actor's [`Scope`](super::Scope) before, and without, loading the whole case.

use std::collections::BTreeSet;

use lekhotla_domain::{Case, CaseId, CaseNumber, OrgId, ReferralState, UnitCode, UserRef, Vocabulary};

use super::ACTIVE_REFERRAL_STATES;
use crate::DbError;

/// A case named by its id or by its national number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKey {
    Id(CaseId),
    Number(CaseNumber),
}

impl CaseKey {
    /// A path's case key: an id, else a national number; `None` for anything else.
    pub fn parse(text: &str) -> Option<CaseKey> {
        match text.parse::<CaseId>() {
            Ok(id) => Some(CaseKey::Id(id)),
            Err(_) => CaseNumber::parse(text).ok().map(CaseKey::Number),
        }
    }
}

/// What [`Scope::admits`](super::Scope::admits) looks at in a case, and nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeFacts {
    pub id: CaseId,
    pub organisation: OrgId,
    pub district: UnitCode,
    pub owner_user: Option<UserRef>,
    /// The organisations the case is referred to by a referral that is active
    /// ([`ACTIVE_REFERRAL_STATES`]).
    pub receivers: BTreeSet<OrgId>,
    /// The investigating organisation and the investigator's username, when there is an investigation.
    pub investigation: Option<(OrgId, String)>,
    /// The prosecutor's username, when there is a prosecution.
    pub prosecutor: Option<String>,
}

impl ScopeFacts {
    /// The facts of a whole case, as the light query reads them from its stored form.
    pub fn of(case: &Case) -> ScopeFacts {
        ScopeFacts {
            id: case.id,
            organisation: case.organisation,
            district: case.district.clone(),
            owner_user: case.owner_user,
            receivers: case
                .referrals
                .iter()
                .filter(|r| ACTIVE_REFERRAL_STATES.contains(&r.state))
                .map(|r| r.to_org)
                .collect(),
            investigation: case.investigation.as_ref().map(|i| (i.organisation, i.investigator.clone())),
            prosecutor: case.prosecution.as_ref().map(|p| p.prosecutor.clone()),
        }
    }

    /// Folds the rows of [`sql::HEAD`] (one per referral, or one with no referral) into the facts;
    /// `None` when there is no row (no such case).
    pub fn from_rows(rows: Vec<ScopeRow>) -> Result<Option<ScopeFacts>, DbError> {
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else { return Ok(None) };
        let district = UnitCode::parse(&first.district)
            .map_err(|e| DbError::Other(format!("cases.district {:?}: {e}", first.district).into()))?;
        let mut facts = ScopeFacts {
            id: first.id,
            organisation: first.organisation,
            district,
            owner_user: first.owner_user,
            receivers: BTreeSet::new(),
            investigation: first.investigating_org.zip(first.investigator.clone()),
            prosecutor: first.prosecutor.clone(),
        };
        for row in std::iter::once(first).chain(rows) {
            let (Some(to), Some(state)) = (row.to_org, row.referral_state) else { continue };
            let state = ReferralState::from_code(&state)
                .ok_or_else(|| DbError::Other(format!("referrals.state {state:?} is not a state").into()))?;
            if ACTIVE_REFERRAL_STATES.contains(&state) {
                facts.receivers.insert(to);
            }
        }
        Ok(Some(facts))
    }
}

/// One row of the light query, as a backend decodes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeRow {
    pub id: CaseId,
    pub organisation: OrgId,
    pub district: String,
    pub owner_user: Option<UserRef>,
    pub investigating_org: Option<OrgId>,
    pub investigator: Option<String>,
    pub prosecutor: Option<String>,
    pub to_org: Option<OrgId>,
    pub referral_state: Option<String>,
}

/// The light query both stores run (only the binds' types differ): [`HEAD`](sql::HEAD), then
/// [`BY_ID`](sql::BY_ID) or [`BY_NUMBER`](sql::BY_NUMBER) and the bind.
pub mod sql {
    /// The case row with its investigation, prosecution and referrals (one row per referral).
    pub const HEAD: &str = "SELECT c.id, c.organisation_id, c.district, c.owner_user, \
        i.organisation_id AS investigating_org, i.investigator, p.prosecutor, r.to_org, r.state AS referral_state \
        FROM cases c \
        LEFT JOIN investigations i ON i.case_id = c.id \
        LEFT JOIN prosecutions p ON p.case_id = c.id \
        LEFT JOIN referrals r ON r.case_id = c.id";
    /// The case of an id; the id bind follows.
    pub const BY_ID: &str = " WHERE c.id = ";
    /// The case of a national number; the number bind follows.
    pub const BY_NUMBER: &str = " WHERE c.number = ";
}
