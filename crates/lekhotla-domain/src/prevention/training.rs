//! A training: its topic and curriculum, who gave it, where and when, and who took part, counted by
//! organisation, role, sex and district (the figures' groups; no participant is named). A training of trainers
//! is marked as such, and a training its graduates gave next names it (`trained_by`), so the cascade can be
//! followed.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{MAX_COST, check_place, place_key};
use crate::error::{Checker, DomainError};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::{OrgId, TrainingId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{Gender, TrainingRole};

/// The most people one group of participants may count.
pub const MAX_PEOPLE: u32 = 100_000;
/// The most groups of participants one training may list.
pub const MAX_GROUPS: usize = 200;

/// A recorded training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Training {
    pub id: TrainingId,
    pub version: i64,
    #[serde(flatten)]
    pub details: TrainingInput,
}

/// People who took part, counted together: those of one organisation, role, sex and district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantGroup {
    /// Their organisation, when it is one Lekhotla knows (none for, say, chiefs or teachers).
    #[serde(default)]
    pub organisation: Option<OrgId>,
    pub role: TrainingRole,
    pub sex: Gender,
    /// The district they work in (none for those who work nationally or abroad).
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// How many took part (at least one).
    pub people: u32,
    /// How many of them received a certificate.
    #[serde(default)]
    pub certified: u32,
}

impl ParticipantGroup {
    fn same_group(&self, other: &Self) -> bool {
        self.organisation == other.organisation
            && self.role == other.role
            && self.sex == other.sex
            && self.district == other.district
    }
}

/// What a user supplies to record or change a training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingInput {
    /// The topic, in a line.
    pub title: String,
    /// The organisation that gave it (it, and the national coordinator, may change the record).
    pub organisation: OrgId,
    /// Where: `LS`, or the country abroad.
    pub country: CountryCode,
    /// The district, for a training in Lesotho (none abroad).
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// The town or venue.
    #[serde(default)]
    pub town: Option<String>,
    pub started_on: Date,
    /// The last day; none for a one-day training.
    #[serde(default)]
    pub ended_on: Option<Date>,
    /// The curriculum or standard operating procedure taught.
    #[serde(default)]
    pub curriculum: Option<String>,
    /// Who trained (people or organisations).
    #[serde(default)]
    pub trainers: Option<String>,
    /// A training of trainers: those trained here go on to train others.
    #[serde(default)]
    pub of_trainers: bool,
    /// The training of trainers whose graduates gave this one.
    #[serde(default)]
    pub trained_by: Option<TrainingId>,
    /// Who took part, in groups (at least one).
    pub participants: Vec<ParticipantGroup>,
    /// What it cost, in maloti.
    #[serde(default)]
    pub cost: Option<u64>,
}

impl TrainingInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits =
        &[("title", 200), ("town", super::TOWN_MAX), ("curriculum", 500), ("trainers", 500)];

    /// Every bad field, or nothing. `today` bounds the days: a training is recorded once it has happened.
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("title", &self.title, max!("title"));
        check_place(&mut c, "training", &self.country, self.district.as_ref(), &self.town);
        c.past("started_on", self.started_on, today);
        c.opt_past("ended_on", self.ended_on, today);
        c.order("ended_on", Some(self.started_on), self.ended_on, "the first day");
        c.opt_text("curriculum", &self.curriculum, max!("curriculum"));
        c.opt_text("trainers", &self.trainers, max!("trainers"));
        if self.participants.is_empty() {
            c.fail("participants", "must count at least one group of people who took part");
        }
        if self.participants.len() > MAX_GROUPS {
            c.fail("participants", format!("must be at most {MAX_GROUPS} groups"));
        }
        for (i, g) in self.participants.iter().enumerate() {
            let at = |f: &str| format!("participants[{i}].{f}");
            if g.people == 0 || g.people > MAX_PEOPLE {
                c.fail(at("people"), format!("must be from 1 to {MAX_PEOPLE}"));
            }
            if g.certified > g.people {
                c.fail(at("certified"), format!("must not be more than the people who took part ({})", g.people));
            }
            if self.participants[..i].iter().any(|h| h.same_group(g)) {
                c.fail(at("role"), "repeats a group above (same organisation, role, sex and district): add them up");
            }
        }
        if self.cost.is_some_and(|v| v > MAX_COST) {
            c.fail("cost", format!("must be at most {MAX_COST} maloti"));
        }
        c.finish()
    }

    /// Where it took place, as the figures group it: the district in Lesotho, else the country.
    pub fn place(&self) -> String {
        place_key(&self.country, self.district.as_ref())
    }

    /// Everyone who took part.
    pub fn people(&self) -> u64 {
        self.participants.iter().map(|g| u64::from(g.people)).sum()
    }

    /// Everyone who received a certificate.
    pub fn certified(&self) -> u64 {
        self.participants.iter().map(|g| u64::from(g.certified)).sum()
    }
}

impl Training {
    pub fn new(details: TrainingInput, today: Date) -> Result<Self, DomainError> {
        details.validate(today)?;
        Ok(Self { id: TrainingId::new(), version: 1, details })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn group(role: TrainingRole, sex: Gender, people: u32) -> ParticipantGroup {
        ParticipantGroup {
            organisation: None,
            role,
            sex,
            district: Some(UnitCode::parse("LS-C").unwrap()),
            people,
            certified: people,
        }
    }

    fn leribe() -> TrainingInput {
        TrainingInput {
            title: "Identifying and referring victims".into(),
            organisation: OrgId::new(),
            country: CountryCode::parse("LS").unwrap(),
            district: Some(UnitCode::parse("LS-C").unwrap()),
            town: Some("Hlotse".into()),
            started_on: date!(2025 - 10 - 06),
            ended_on: Some(date!(2025 - 10 - 08)),
            curriculum: Some("National referral mechanism SOP".into()),
            trainers: None,
            of_trainers: true,
            trained_by: None,
            participants: vec![
                group(TrainingRole::Police, Gender::Feminine, 9),
                group(TrainingRole::Police, Gender::Masculine, 14),
            ],
            cost: Some(30_000),
        }
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_training_counts_its_participants() {
        let t = Training::new(leribe(), date!(2026 - 01 - 01)).unwrap();
        assert_eq!(t.details.people(), 23);
        assert_eq!(t.details.place(), "LS-C");
    }

    #[test]
    fn every_bad_group_is_named_by_its_place_in_the_list() {
        let mut x = leribe();
        x.participants[1].people = 0;
        x.participants[1].certified = 0;
        x.participants.push(group(TrainingRole::Police, Gender::Feminine, 3));
        x.participants[2].certified = 4;
        x.district = None;
        assert_eq!(
            fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()),
            ["district", "participants[1].people", "participants[2].certified", "participants[2].role"]
        );
        x.participants.clear();
        x.district = Some(UnitCode::parse("LS-C").unwrap());
        assert_eq!(fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()), ["participants"]);
    }

    #[test]
    fn a_training_is_recorded_once_it_has_happened() {
        let mut x = leribe();
        x.started_on = date!(2026 - 02 - 01);
        x.ended_on = Some(date!(2026 - 01 - 31));
        assert_eq!(fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()), ["started_on", "ended_on", "ended_on"]);
    }
}
