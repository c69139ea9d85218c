//! A committee's meeting as recorded: when and where it was held, who chaired it, its agenda, attendance by
//! organisation, decisions and action items.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{ActionItem, ActionStatus, Committee};
use crate::error::{Checker, DomainError};
use crate::ids::{MeetingId, OrgId};
use crate::limits::{TextLimits, max};
use crate::plan::ActionPlan;

/// The most agenda items, decisions, attendance lines or action items one meeting may have.
pub const MAX_ITEMS: usize = 100;
/// The most people one organisation may have sent.
pub const MAX_PEOPLE: u32 = 1_000;

/// A recorded meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: MeetingId,
    pub version: i64,
    #[serde(flatten)]
    pub details: MeetingInput,
}

/// Who came from one organisation: one of the registry's, or a guest organisation named as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    /// An organisation of the registry.
    #[serde(default)]
    pub organisation: Option<OrgId>,
    /// A guest organisation the registry does not hold (a chief's office, a church, a partner), by its name.
    #[serde(default)]
    pub guest: Option<String>,
    /// How many people it sent (at least one).
    pub people: u32,
}

impl Attendance {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("guest", 200)];
}

/// What a user supplies to record or change a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    /// `MSC`, or the district's code of a district committee.
    pub committee: Committee,
    pub held_on: Date,
    /// Where it was held (a venue, a town).
    pub place: String,
    /// Who chaired it: an office or organisation (e.g. "Principal Secretary, Ministry of Home Affairs").
    pub chair: String,
    /// The agenda, item by item (at least one).
    pub agenda: Vec<String>,
    /// Who attended, by organisation (at least one line).
    pub attendance: Vec<Attendance>,
    #[serde(default)]
    pub decisions: Vec<String>,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
}

/// What the checks compare with, when the caller has it: the stored action plan (an action item's activities
/// must be its activities) and the registry's organisations (owners and attendance must be among them).
#[derive(Debug, Clone, Copy, Default)]
pub struct References<'a> {
    pub plan: Option<&'a ActionPlan>,
    pub organisations: Option<&'a [OrgId]>,
}

impl References<'_> {
    fn knows(&self, org: OrgId) -> bool {
        self.organisations.is_none_or(|list| list.contains(&org))
    }
}

impl MeetingInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("place", 200), ("chair", 200), ("agenda[]", 500), ("decisions[]", 2000)];

    /// Every bad field, or nothing. A meeting is recorded once it has been held (by `today`).
    pub fn validate(&self, today: Date, refs: &References<'_>) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.past("held_on", self.held_on, today);
        c.text("place", &self.place, max!("place"));
        c.text("chair", &self.chair, max!("chair"));
        if self.agenda.is_empty() {
            c.fail("agenda", "must have at least one item");
        }
        lines(&mut c, "agenda", &self.agenda, max!("agenda[]"));
        lines(&mut c, "decisions", &self.decisions, max!("decisions[]"));
        if self.attendance.is_empty() {
            c.fail("attendance", "must count at least one organisation that attended");
        }
        if self.attendance.len() > MAX_ITEMS {
            c.fail("attendance", format!("must be at most {MAX_ITEMS} lines"));
        }
        for (i, a) in self.attendance.iter().enumerate() {
            let at = |f: &str| format!("attendance[{i}].{f}");
            match (&a.organisation, &a.guest) {
                (Some(_), Some(_)) => {
                    c.fail(at("guest"), "is for an organisation the registry does not hold: give one or the other")
                }
                (None, None) => c.fail(at("organisation"), "must be given (or a guest organisation's name)"),
                (Some(org), None) => {
                    if !refs.knows(*org) {
                        c.fail(at("organisation"), format!("no organisation has the id {org}"));
                    } else if self.attendance[..i].iter().any(|b| b.organisation == Some(*org)) {
                        c.fail(at("organisation"), "is counted on a line above: add the people up");
                    }
                }
                (None, Some(name)) => {
                    c.text(&at("guest"), name, max!(Attendance::TEXT_LIMITS, "guest"));
                    let same =
                        |b: &Attendance| b.guest.as_deref().is_some_and(|g| g.trim().eq_ignore_ascii_case(name.trim()));
                    if self.attendance[..i].iter().any(same) {
                        c.fail(at("guest"), "is counted on a line above: add the people up");
                    }
                }
            }
            if a.people == 0 || a.people > MAX_PEOPLE {
                c.fail(at("people"), format!("must be from 1 to {MAX_PEOPLE}"));
            }
        }
        if self.actions.len() > MAX_ITEMS {
            c.fail("actions", format!("must be at most {MAX_ITEMS} items"));
        }
        for (i, item) in self.actions.iter().enumerate() {
            if !refs.knows(item.owner) {
                c.fail(format!("actions[{i}].owner"), format!("no organisation has the id {}", item.owner));
            }
            item.check(&mut c, &format!("actions[{i}]"), self.held_on, refs);
        }
        c.finish()
    }

    /// Everyone who attended.
    pub fn people(&self) -> u64 {
        self.attendance.iter().map(|a| u64::from(a.people)).sum()
    }

    /// The action items still open.
    pub fn open_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.actions.iter().filter(|a| a.status == ActionStatus::Open)
    }
}

/// A list of lines: each one not blank and at most `max` characters, at most [`MAX_ITEMS`] of them.
fn lines(c: &mut Checker, field: &str, items: &[String], max: usize) {
    if items.len() > MAX_ITEMS {
        c.fail(field, format!("must be at most {MAX_ITEMS} items"));
    }
    for (i, item) in items.iter().enumerate() {
        c.text(&format!("{field}[{i}]"), item, max);
    }
}

impl Meeting {
    /// A first record of a meeting (version 1).
    pub fn new(details: MeetingInput, today: Date, refs: &References<'_>) -> Result<Self, DomainError> {
        details.validate(today, refs)?;
        Ok(Self { id: MeetingId::new(), version: 1, details })
    }

    /// The committee's district, for a district committee.
    pub fn district(&self) -> Option<&crate::geography::UnitCode> {
        self.details.committee.district()
    }
}
