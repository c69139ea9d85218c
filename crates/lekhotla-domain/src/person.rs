//! People and businesses in a case (HTCDS `prs_`, `vic_`, `per_`): victims, suspects and witnesses.
//!
//! The identity and contact fields of [`PersonDetails`] are the sealed fields of later issues:
//! stored encrypted, shown only to those whose role and relation to the case allow it.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, FieldError, check_version};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::{OrgId, PersonId};
use crate::referral::Referral;
use crate::vocabulary::{
    BusinessKind, ConsentPurpose, DecisionMakingOrg, ExploitationType, ForcedLabourIndustry, Gender, MethodOfControl,
    MethodOfRecruitment, PerpetratorRole, RelationshipToTrafficker, ServiceType, SexExploitationType,
    TraffickingStatus, Vulnerability,
};

/// What a sealed value (a name, a note) reads where its reader may not see it. It is never a value: text
/// sent back with it (a form filled from a blanked read) is refused rather than stored over the real one.
pub const SEALED_PLACEHOLDER: &str = "[sealed]";

/// Who a natural person is (HTCDS `prs_`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDetails {
    /// `prs_FirstName` (sealed).
    pub first_name: String,
    /// `prs_MiddleName` (sealed).
    #[serde(default)]
    pub middle_name: Option<String>,
    /// `prs_SecondName`, the family name (sealed).
    #[serde(default)]
    pub second_name: Option<String>,
    /// `prs_Birthdate` (sealed).
    #[serde(default)]
    pub birthdate: Option<Date>,
    /// Estimated age in years when the birth date is unknown.
    #[serde(default)]
    pub estimated_age: Option<u8>,
    /// `prs_Gender`.
    pub gender: Gender,
    /// `prs_Citizenship`.
    #[serde(default)]
    pub citizenship: Vec<CountryCode>,
    /// `prs_IdentityNumber`: passport or national id (sealed).
    #[serde(default)]
    pub identity_number: Option<String>,
    /// `prs_MobilePhone` (sealed).
    #[serde(default)]
    pub phone: Option<String>,
    /// `prs_Email` (sealed).
    #[serde(default)]
    pub email: Option<String>,
    /// `prs_MailingStreet` (sealed).
    #[serde(default)]
    pub address: Option<String>,
    /// `prs_MailingCity`.
    #[serde(default)]
    pub city: Option<String>,
    /// `prs_MailingState`: the district of residence, when in this country.
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// `prs_MailingCountry`.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// `prs_PrimaryLanguage`: an ISO 639 code (`st`, `en`, `zu`).
    #[serde(default)]
    pub primary_language: Option<String>,
}

impl PersonDetails {
    pub fn check(&self, c: &mut Checker, prefix: &str, today: Date) {
        let f = |n: &str| format!("{prefix}.{n}");
        c.text(&f("first_name"), &self.first_name, 100);
        c.opt_text(&f("middle_name"), &self.middle_name, 100);
        c.opt_text(&f("second_name"), &self.second_name, 100);
        c.opt_text(&f("identity_number"), &self.identity_number, 40);
        c.opt_text(&f("address"), &self.address, 300);
        c.opt_text(&f("city"), &self.city, 100);
        if let Some(b) = self.birthdate {
            if b > today {
                c.fail(f("birthdate"), "must not be in the future");
            } else if today.year() - b.year() > 120 {
                c.fail(f("birthdate"), "is more than 120 years ago");
            }
        }
        if self.estimated_age.is_some_and(|a| a > 120) {
            c.fail(f("estimated_age"), "must be at most 120");
        }
        if let Some(p) = &self.phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=16).contains(&digits) || !p.chars().all(|ch| ch.is_ascii_digit() || " +-()".contains(ch)) {
                c.fail(f("phone"), "must be a phone number of 6 to 16 digits (spaces, +, - and brackets allowed)");
            }
        }
        if let Some(e) = &self.email {
            let ok = e.len() <= 254 && e.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.'));
            if !ok {
                c.fail(f("email"), "must be an e-mail address");
            }
        }
        if let Some(l) = &self.primary_language
            && (!(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            c.fail(f("primary_language"), "must be an ISO 639 code of 2 or 3 lower-case letters (st, en)");
        }
    }

    /// Age in whole years on `day`: from the birth date when known, otherwise the estimate.
    pub fn age_on(&self, day: Date) -> Option<u8> {
        match self.birthdate {
            Some(b) => {
                let mut age = day.year() - b.year();
                if (day.month() as u8, day.day()) < (b.month() as u8, b.day()) {
                    age -= 1;
                }
                Some(age.clamp(0, 255) as u8)
            }
            None => self.estimated_age,
        }
    }

    /// The name as it is shown: first, middle and family names.
    pub fn full_name(&self) -> String {
        [Some(&self.first_name), self.middle_name.as_ref(), self.second_name.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The victim context (HTCDS `vic_`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VictimContext {
    /// `vic_TraffickingStatus`.
    pub trafficking_status: TraffickingStatus,
    /// `vic_TraffickingStatusDecisionMakingOrg`: the kind of body that decided.
    #[serde(default)]
    pub status_decided_by: Option<DecisionMakingOrg>,
    /// The organisation that decided, when it is registered here.
    #[serde(default)]
    pub status_decided_by_org: Option<OrgId>,
    /// When the status was decided.
    #[serde(default)]
    pub status_decided_on: Option<Date>,
    /// When the person was identified (screened); a person under 18 on this day is a child.
    pub identified_on: Date,
    /// `vic_AgeWhenTrafficked`.
    #[serde(default)]
    pub age_when_trafficked: Option<u8>,
    /// `vic_TypeOfExploitation`.
    #[serde(default)]
    pub exploitation_types: Vec<ExploitationType>,
    /// `vic_ForcedLabourIndustry`.
    #[serde(default)]
    pub forced_labour_industry: Option<ForcedLabourIndustry>,
    /// `vic_TypeOfSexExploitation`.
    #[serde(default)]
    pub sex_exploitation_types: Vec<SexExploitationType>,
    /// `vic_MethodsOfControl`.
    #[serde(default)]
    pub methods_of_control: Vec<MethodOfControl>,
    /// `vic_MethodOfRecruitment`.
    #[serde(default)]
    pub recruitment_methods: Vec<MethodOfRecruitment>,
    /// `vic_RelationshipToTrafficker`.
    #[serde(default)]
    pub relationship_to_trafficker: Option<RelationshipToTrafficker>,
    /// `vic_Vulnerabilities`.
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
    /// `vic_DetailsOfVulnerabilities`.
    #[serde(default)]
    pub vulnerability_details: Option<String>,
}

impl VictimContext {
    fn check(&self, c: &mut Checker, prefix: &str, today: Date) {
        let f = |n: &str| format!("{prefix}.{n}");
        if self.identified_on > today {
            c.fail(f("identified_on"), "must not be in the future");
        }
        if self.status_decided_on.is_some_and(|d| d > today) {
            c.fail(f("status_decided_on"), "must not be in the future");
        }
        c.order(&f("status_decided_on"), Some(self.identified_on), self.status_decided_on, "identified_on");
        if self.age_when_trafficked.is_some_and(|a| a > 120) {
            c.fail(f("age_when_trafficked"), "must be at most 120");
        }
        if self.forced_labour_industry.is_some() && !self.exploitation_types.contains(&ExploitationType::ForcedLabour) {
            c.fail(f("forced_labour_industry"), "is only for forced labour: add ForcedLabour to exploitation_types");
        }
        if !self.sex_exploitation_types.is_empty()
            && !self.exploitation_types.contains(&ExploitationType::SexualExploitation)
        {
            c.fail(
                f("sex_exploitation_types"),
                "is only for sexual exploitation: add SexualExploitation to exploitation_types",
            );
        }
        c.opt_text(&f("vulnerability_details"), &self.vulnerability_details, 4000);
    }
}

/// A victim (or presumed victim) in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Victim {
    pub id: PersonId,
    pub version: i64,
    pub person: PersonDetails,
    pub context: VictimContext,
}

impl Victim {
    /// Under 18 on the day of identification (from the birth date, or the estimated age).
    pub fn is_child(&self) -> bool {
        self.person.age_on(self.context.identified_on).is_some_and(|a| a < 18)
    }

    /// Treated as a child: under 18 when identified, or of unknown age (no birth date and no estimated
    /// age) until the age is established.
    pub fn presumed_child(&self) -> bool {
        self.is_child() || (self.person.birthdate.is_none() && self.person.estimated_age.is_none())
    }
}

/// What a user supplies to record or change a victim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VictimInput {
    pub person: PersonDetails,
    pub context: VictimContext,
}

impl VictimInput {
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        self.person.check(&mut c, "person", today);
        self.context.check(&mut c, "context", today);
        c.finish()
    }
}

/// A business that is a suspect (recruitment agency, employer, transport operator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessDetails {
    pub name: String,
    pub kind: BusinessKind,
    #[serde(default)]
    pub registration_number: Option<String>,
    #[serde(default)]
    pub country: Option<CountryCode>,
    #[serde(default)]
    pub district: Option<UnitCode>,
}

/// Who a suspect is: a natural person or a business.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "details", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SuspectIdentity {
    Individual(PersonDetails),
    Business(BusinessDetails),
}

/// A public official implicated as a suspect (complicity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicOfficial {
    /// The public body the official serves in (police, immigration, a ministry).
    pub public_body: String,
    #[serde(default)]
    pub position: Option<String>,
}

/// A suspected perpetrator (HTCDS `per_`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suspect {
    pub id: PersonId,
    pub version: i64,
    #[serde(flatten)]
    pub details: SuspectInput,
}

impl Suspect {
    pub fn display_name(&self) -> String {
        match &self.details.identity {
            SuspectIdentity::Individual(p) => p.full_name(),
            SuspectIdentity::Business(b) => b.name.clone(),
        }
    }
}

/// What a user supplies to record or change a suspect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuspectInput {
    pub identity: SuspectIdentity,
    /// `per_RoleInProcess`.
    #[serde(default)]
    pub roles: Vec<PerpetratorRole>,
    /// `per_RoleDetails`.
    #[serde(default)]
    pub role_details: Option<String>,
    /// Set when the suspect is a public official.
    #[serde(default)]
    pub official: Option<PublicOfficial>,
    #[serde(default)]
    pub arrested_on: Option<Date>,
}

impl SuspectInput {
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        match &self.identity {
            SuspectIdentity::Individual(p) => p.check(&mut c, "identity.details", today),
            SuspectIdentity::Business(b) => {
                c.text("identity.details.name", &b.name, 200);
                c.opt_text("identity.details.registration_number", &b.registration_number, 60);
            }
        }
        c.opt_text("role_details", &self.role_details, 4000);
        if let Some(o) = &self.official {
            c.text("official.public_body", &o.public_body, 200);
            c.opt_text("official.position", &o.position, 200);
        }
        if self.arrested_on.is_some_and(|d| d > today) {
            c.fail("arrested_on", "must not be in the future");
        }
        c.finish()
    }
}

/// A witness; a victim who testifies is also recorded here, linked to the victim record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Witness {
    pub id: PersonId,
    pub version: i64,
    #[serde(flatten)]
    pub details: WitnessInput,
}

/// What a user supplies to record or change a witness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WitnessInput {
    pub person: PersonDetails,
    /// The victim record of this case when the witness is the victim.
    #[serde(default)]
    pub victim: Option<PersonId>,
    #[serde(default)]
    pub statement_taken_on: Option<Date>,
    /// The testimony was preserved (deposition, recording) so it survives repatriation.
    #[serde(default)]
    pub testimony_preserved: bool,
}

impl WitnessInput {
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        self.person.check(&mut c, "person", today);
        if self.statement_taken_on.is_some_and(|d| d > today) {
            c.fail("statement_taken_on", "must not be in the future");
        }
        c.finish()
    }
}

/// The organisation that receives automatic referrals of children, and when.
#[derive(Debug, Clone, Copy)]
pub struct ChildReferral {
    pub from: OrgId,
    pub to: OrgId,
}

impl Case {
    /// Records a victim. A victim presumed a child (under 18 at identification, or of unknown age) is
    /// referred at once to `child_referral.to` when one is given; without one the miss shows in
    /// [`Case::missed_child_referrals`].
    pub fn add_victim(
        &mut self,
        input: VictimInput,
        today: Date,
        child_referral: Option<ChildReferral>,
    ) -> Result<PersonId, DomainError> {
        input.validate(today)?;
        let victim = Victim { id: PersonId::new(), version: 1, person: input.person, context: input.context };
        let id = victim.id;
        let on = victim.context.identified_on;
        self.victims.push(victim);
        self.refer_child(id, child_referral, on);
        Ok(id)
    }

    /// Changes a victim. When the age, birth date or identification date changes and the victim is now
    /// presumed a child with no child-protection referral yet, they are referred at once (dated `today`)
    /// to `child_referral.to` when one is given.
    pub fn update_victim(
        &mut self,
        id: PersonId,
        expected_version: i64,
        input: VictimInput,
        today: Date,
        child_referral: Option<ChildReferral>,
    ) -> Result<(), DomainError> {
        input.validate(today)?;
        let v = self.victims.iter_mut().find(|v| v.id == id).ok_or_else(|| not_found("victim", id))?;
        check_version("victim", expected_version, v.version)?;
        let age_changed = v.person.birthdate != input.person.birthdate
            || v.person.estimated_age != input.person.estimated_age
            || v.context.identified_on != input.context.identified_on;
        v.person = input.person;
        v.context = input.context;
        v.version += 1;
        if age_changed {
            self.refer_child(id, child_referral, today);
        }
        Ok(())
    }

    /// Refers victim `id` to child protection when presumed a child, not referred for it yet, and an
    /// organisation is given.
    fn refer_child(&mut self, id: PersonId, child_referral: Option<ChildReferral>, on: Date) {
        let presumed = self.victims.iter().any(|v| v.id == id && v.presumed_child());
        if presumed
            && !self.has_child_protection_referral(id)
            && let Some(r) = child_referral
        {
            self.referrals.push(Referral::automatic_child_referral(id, r.from, r.to, on));
        }
    }

    fn has_child_protection_referral(&self, victim: PersonId) -> bool {
        self.referrals.iter().any(|r| r.victim == Some(victim) && r.service == ServiceType::ChildProtection)
    }

    /// Victims presumed a child (under 18 when identified, or of unknown age) with no child-protection
    /// referral (in whatever state): the automatic referral missed them, most often because no
    /// child-protection organisation was registered. Stored with the case as `child_referral_missed`.
    pub fn missed_child_referrals(&self) -> Vec<PersonId> {
        self.victims
            .iter()
            .filter(|v| v.presumed_child() && !self.has_child_protection_referral(v.id))
            .map(|v| v.id)
            .collect()
    }

    pub fn add_suspect(&mut self, input: SuspectInput, today: Date) -> Result<PersonId, DomainError> {
        input.validate(today)?;
        let s = Suspect { id: PersonId::new(), version: 1, details: input };
        let id = s.id;
        self.suspects.push(s);
        Ok(id)
    }

    pub fn update_suspect(
        &mut self,
        id: PersonId,
        expected_version: i64,
        input: SuspectInput,
        today: Date,
    ) -> Result<(), DomainError> {
        input.validate(today)?;
        let s = self.suspects.iter_mut().find(|s| s.id == id).ok_or_else(|| not_found("suspect", id))?;
        check_version("suspect", expected_version, s.version)?;
        s.details = input;
        s.version += 1;
        Ok(())
    }

    pub fn add_witness(&mut self, input: WitnessInput, today: Date) -> Result<PersonId, DomainError> {
        input.validate(today)?;
        self.check_victim_ref(input.victim, "victim")?;
        self.check_testifying_victim(input.victim)?;
        let w = Witness { id: PersonId::new(), version: 1, details: input };
        let id = w.id;
        self.witnesses.push(w);
        Ok(id)
    }

    pub fn update_witness(
        &mut self,
        id: PersonId,
        expected_version: i64,
        input: WitnessInput,
        today: Date,
    ) -> Result<(), DomainError> {
        input.validate(today)?;
        self.check_victim_ref(input.victim, "victim")?;
        let w = self.witnesses.iter().find(|w| w.id == id).ok_or_else(|| not_found("witness", id))?;
        check_version("witness", expected_version, w.version)?;
        // A link kept as it was stands; a new link needs the consent.
        if input.victim != w.details.victim {
            self.check_testifying_victim(input.victim)?;
        }
        let w = self.witnesses.iter_mut().find(|w| w.id == id).ok_or_else(|| not_found("witness", id))?;
        w.details = input;
        w.version += 1;
        Ok(())
    }

    /// A victim who testifies (a witness linked to them) needs their consent to prosecution in force.
    fn check_testifying_victim(&self, victim: Option<PersonId>) -> Result<(), DomainError> {
        match victim {
            Some(v) if !self.consent_in_force(v, ConsentPurpose::Prosecution) => Err(DomainError::refused(format!(
                "victim {v} can be recorded as a witness only while their consent to prosecution is in force"
            ))),
            _ => Ok(()),
        }
    }

    /// A victim reference, when given, must name a victim of this case.
    pub(crate) fn check_victim_ref(&self, victim: Option<PersonId>, field: &str) -> Result<(), DomainError> {
        match victim {
            Some(v) if !self.victims.iter().any(|x| x.id == v) => {
                Err(DomainError::Invalid(vec![FieldError::new(field, format!("{v} is not a victim of this case"))]))
            }
            _ => Ok(()),
        }
    }
}

pub(crate) fn not_found(record: &'static str, id: impl std::fmt::Display) -> DomainError {
    DomainError::NotFound { record, id: id.to_string() }
}
