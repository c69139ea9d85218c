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
use crate::limits::{TextLimits, max};
use crate::place::PlaceCode;
use crate::referral::Referral;
use crate::vocabulary::{
    BusinessKind, ConsentPurpose, DecisionMakingOrg, ExploitationType, ExploitationWebsite, ForcedLabourIndustry,
    MethodOfControl, MethodOfRecruitment, PerpetratorRole, RecruitmentWebsite, RelationshipToTrafficker, ServiceType,
    SexExploitationType, TraffickingStatus, Vulnerability,
};

mod details;

pub use details::{MAX_CHILDREN, PersonDetails};

/// What a sealed value (a name, a note) reads where its reader may not see it. It is never a value: text
/// sent back with it (a form filled from a blanked read) is refused rather than stored over the real one.
pub const SEALED_PLACEHOLDER: &str = "[sealed]";

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
    /// `vic_LocationOfRecruitment`: the country or province where the victim was recruited.
    #[serde(default)]
    pub recruitment_location: Option<PlaceCode>,
    /// `vic_RecruitmentWebsitesAndApps`.
    #[serde(default)]
    pub recruitment_websites: Vec<RecruitmentWebsite>,
    /// `vic_LocationOfExploitation`: the country or province where the victim was exploited.
    #[serde(default)]
    pub exploitation_location: Option<PlaceCode>,
    /// `vic_ExploitationWebsitesAndApps`.
    #[serde(default)]
    pub exploitation_websites: Vec<ExploitationWebsite>,
    /// `vic_RelationshipToTrafficker`.
    #[serde(default)]
    pub relationship_to_trafficker: Option<RelationshipToTrafficker>,
    /// `vic_Vulnerabilities` (deprecated in HTCDS 2.0, kept).
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
    /// `vic_DetailsOfVulnerabilities` (deprecated in HTCDS 2.0, kept; sealed).
    #[serde(default)]
    pub vulnerability_details: Option<String>,
}

impl VictimContext {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("vulnerability_details", 4000)];

    fn check(&self, c: &mut Checker, prefix: &str, today: Date) {
        let f = |n: &str| format!("{prefix}.{n}");
        c.past(&f("identified_on"), self.identified_on, today);
        c.opt_past(&f("status_decided_on"), self.status_decided_on, today);
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
        c.opt_text(&f("vulnerability_details"), &self.vulnerability_details, max!("vulnerability_details"));
    }
}

/// A victim (or presumed victim) in a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

impl BusinessDetails {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("name", 200), ("registration_number", 60)];
}

/// Who a suspect is: a natural person or a business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "details", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A person's details outweigh a business's; a case has a handful of suspects, so boxing buys nothing.
#[allow(clippy::large_enum_variant)]
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

impl PublicOfficial {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("public_body", 200), ("position", 200)];
}

/// A suspected perpetrator (HTCDS `per_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// `per_Organisation`: the organisation (gang, agency, business) the suspect acts for.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Set when the suspect is a public official.
    #[serde(default)]
    pub official: Option<PublicOfficial>,
    #[serde(default)]
    pub arrested_on: Option<Date>,
}

impl SuspectInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("role_details", 4000), ("organisation", 200)];

    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        match &self.identity {
            SuspectIdentity::Individual(p) => p.check(&mut c, "identity.details", today),
            SuspectIdentity::Business(b) => {
                c.text("identity.details.name", &b.name, max!(BusinessDetails::TEXT_LIMITS, "name"));
                c.opt_text(
                    "identity.details.registration_number",
                    &b.registration_number,
                    max!(BusinessDetails::TEXT_LIMITS, "registration_number"),
                );
            }
        }
        c.opt_text("role_details", &self.role_details, max!("role_details"));
        c.opt_text("organisation", &self.organisation, max!("organisation"));
        if let Some(o) = &self.official {
            c.text("official.public_body", &o.public_body, max!(PublicOfficial::TEXT_LIMITS, "public_body"));
            c.opt_text("official.position", &o.position, max!(PublicOfficial::TEXT_LIMITS, "position"));
        }
        c.opt_past("arrested_on", self.arrested_on, today);
        c.finish()
    }
}

/// A witness; a victim who testifies is also recorded here, linked to the victim record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Witness {
    pub id: PersonId,
    pub version: i64,
    #[serde(flatten)]
    pub details: WitnessInput,
}

/// What a user supplies to record or change a witness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        c.opt_past("statement_taken_on", self.statement_taken_on, today);
        c.finish()
    }
}

/// The organisation that receives automatic referrals of children, and when.
#[derive(Debug, Clone, Copy)]
pub struct ChildReferral {
    pub from: OrgId,
    pub to: OrgId,
}

/// The most people (victims, suspects and witnesses together) one case holds. A case is read and written whole,
/// so each change to one costs in proportion to its people (at 2,000 people, 0.6 s for a witness added on the
/// release build, measured in the API contract run). Set far above a case's usual handful of people; beyond
/// it, open a linked case.
pub const MAX_PEOPLE: usize = 1_000;

impl Case {
    /// Refuses a new person when the case already holds [`MAX_PEOPLE`].
    fn check_room_for_a_person(&self) -> Result<(), DomainError> {
        if self.victims.len() + self.suspects.len() + self.witnesses.len() >= MAX_PEOPLE {
            return Err(DomainError::refused(format!(
                "a case holds at most {MAX_PEOPLE} people (victims, suspects and witnesses): open a linked case for the rest"
            )));
        }
        Ok(())
    }

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
        self.check_room_for_a_person()?;
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
        self.check_room_for_a_person()?;
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
        self.check_room_for_a_person()?;
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
