//! The case: the spine every agency shares, from report to verdict, and the changes to its own fields.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::case_number::CaseNumber;
use crate::consent::Consent;
use crate::error::{Checker, DomainError, check_version};
use crate::event::TraffickingEvent;
use crate::geography::UnitCode;
use crate::ids::{CaseId, CommentId, OrgId, PersonId, UserRef};
use crate::justice::{Investigation, Prosecution};
use crate::limits::{TextLimits, max};
use crate::person::{Suspect, Victim, Witness};
use crate::referral::Referral;
use crate::support_plan::SupportPlan;
use crate::vocabulary::{CaseLinkKind, CaseStatus, DetectionSource, DppDecisionKind};

mod incoming;

pub use incoming::IncomingReferral;

/// A case with everything recorded in it. Its JSON also carries what is derived from it:
/// `missed_child_referrals`, the victims presumed a child with no child-protection referral
/// ([`Case::missed_child_referrals`]); it is ignored when a case is read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: CaseId,
    /// The national case number.
    pub number: CaseNumber,
    /// Increases by one with every saved change to the case or anything in it.
    pub version: i64,
    /// `cas_Status`.
    pub status: CaseStatus,
    /// `cas_ReasonForCaseClosure`.
    pub closure_reason: Option<String>,
    /// `cas_CaseOwner`: the user who owns the case, as written (the form imported data carries).
    pub owner: Option<String>,
    /// The owner's user account, when known (`lk_CaseOwnerUserId`).
    #[serde(default)]
    pub owner_user: Option<UserRef>,
    /// The organisation that registered and owns the case.
    pub organisation: OrgId,
    /// Where the case came from, when another organisation referred it here.
    #[serde(default)]
    pub incoming_referral: Option<IncomingReferral>,
    /// The district the case belongs to.
    pub district: UnitCode,
    pub detection_source: DetectionSource,
    pub detected_on: Date,
    /// The port of entry where the case was detected, for border cases.
    pub port_of_entry: Option<UnitCode>,
    /// A short description of the case.
    pub summary: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub victims: Vec<Victim>,
    pub suspects: Vec<Suspect>,
    pub witnesses: Vec<Witness>,
    pub events: Vec<TraffickingEvent>,
    pub referrals: Vec<Referral>,
    pub consents: Vec<Consent>,
    pub support_plans: Vec<SupportPlan>,
    pub comments: Vec<Comment>,
    pub links: Vec<CaseLink>,
    pub investigation: Option<Investigation>,
    pub prosecution: Option<Prosecution>,
}

impl Serialize for Case {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The case's own fields (the derived, `remote = "Self"` serializer), then the derived ones.
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten, serialize_with = "own_fields")]
            case: &'a Case,
            missed_child_referrals: Vec<PersonId>,
        }
        fn own_fields<S: serde::Serializer>(case: &&Case, serializer: S) -> Result<S::Ok, S::Error> {
            Case::serialize(case, serializer)
        }
        Shown { case: self, missed_child_referrals: self.missed_child_referrals() }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Case::deserialize(deserializer)
    }
}

/// What a user supplies to register a case. The number is assigned by the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    pub organisation: OrgId,
    pub district: UnitCode,
    pub detection_source: DetectionSource,
    pub detected_on: Date,
    #[serde(default)]
    pub port_of_entry: Option<UnitCode>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub owner_user: Option<UserRef>,
    #[serde(default)]
    pub incoming_referral: Option<IncomingReferral>,
    #[serde(default)]
    pub summary: Option<String>,
}

impl NewCase {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("owner", 100), ("summary", 4000)];

    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.past("detected_on", self.detected_on, today);
        c.opt_text("owner", &self.owner, max!("owner"));
        if let Some(r) = &self.incoming_referral {
            r.check(&mut c, "incoming_referral", today);
        }
        c.opt_text("summary", &self.summary, max!("summary"));
        c.finish()
    }
}

/// A change to the case's own fields; absent fields stay as they are. The owning organisation changes
/// only by a transfer ([`Case::transfer`]), with its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseUpdate {
    #[serde(default)]
    pub status: Option<CaseStatus>,
    /// Needed when the status becomes Closed or ClosedReferred.
    #[serde(default)]
    pub closure_reason: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub owner_user: Option<UserRef>,
    #[serde(default)]
    pub incoming_referral: Option<IncomingReferral>,
    #[serde(default)]
    pub district: Option<UnitCode>,
    #[serde(default)]
    pub detection_source: Option<DetectionSource>,
    #[serde(default)]
    pub summary: Option<String>,
}

impl CaseUpdate {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("closure_reason", 4000), ("owner", 100), ("summary", 4000)];
}

/// The most characters of a transfer's reason ([`Case::transfer`]).
pub const TRANSFER_TEXT_LIMITS: TextLimits = &[("reason", 2000)];

/// A comment on a case (HTCDS `cco_CaseComment`). Comments are never changed once written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub text: String,
}

/// What a user supplies to comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentInput {
    pub author: String,
    pub text: String,
}

impl CommentInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("author", 100), ("text", 8000)];
}

/// A link from this case to another (a victim case and its criminal case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseLink {
    pub other: CaseId,
    pub kind: CaseLinkKind,
}

/// One line of a case list: what can be shown without opening the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: CaseId,
    pub number: CaseNumber,
    pub version: i64,
    pub status: CaseStatus,
    pub organisation: OrgId,
    pub district: UnitCode,
    pub detection_source: DetectionSource,
    pub detected_on: Date,
    pub victims: u32,
    pub suspects: u32,
    pub stage: CaseStage,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// How far the criminal-justice path of a case has gone. Stored with the case (`stage`) at every save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CaseStage {
    /// No investigation yet.
    Reported,
    /// Under investigation, no prosecution opened.
    UnderInvestigation,
    /// With the DPP: a prosecution is opened with no decision to prosecute yet, or the docket was
    /// returned for further investigation.
    AtDpp,
    /// The DPP declined to prosecute, or the prosecution was withdrawn.
    Declined,
    /// The DPP decided to prosecute and not every accused has a verdict: the case is before the courts.
    BeforeCourt,
    /// Every accused has a verdict.
    Concluded,
}

impl CaseStage {
    /// Every stage, in the order a case goes through them.
    pub const ALL: [Self; 6] =
        [Self::Reported, Self::UnderInvestigation, Self::AtDpp, Self::Declined, Self::BeforeCourt, Self::Concluded];

    pub fn code(self) -> &'static str {
        match self {
            Self::Reported => "reported",
            Self::UnderInvestigation => "under_investigation",
            Self::AtDpp => "at_dpp",
            Self::Declined => "declined",
            Self::BeforeCourt => "before_court",
            Self::Concluded => "concluded",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// A timestamp as the registry keeps it: UTC, whole microseconds (what PostgreSQL stores), so a
/// record reads back identical on every database.
pub fn timestamp(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).unwrap_or(t)
}

impl Case {
    /// Marks the case as changed now (before a save).
    pub fn touch(&mut self, now: OffsetDateTime) {
        self.updated_at = timestamp(now);
    }

    /// Opens a new case with its assigned number. `today` is the date where the registry works (it can
    /// differ from `now`'s UTC date around midnight), against which "not in the future" is judged.
    pub fn open(
        id: CaseId,
        number: CaseNumber,
        input: NewCase,
        now: OffsetDateTime,
        today: Date,
    ) -> Result<Self, DomainError> {
        input.validate(today)?;
        let now = timestamp(now);
        Ok(Self {
            id,
            number,
            version: 1,
            status: CaseStatus::Active,
            closure_reason: None,
            owner: input.owner,
            owner_user: input.owner_user,
            organisation: input.organisation,
            incoming_referral: input.incoming_referral,
            district: input.district,
            detection_source: input.detection_source,
            detected_on: input.detected_on,
            port_of_entry: input.port_of_entry,
            summary: input.summary,
            created_at: now,
            updated_at: now,
            victims: Vec::new(),
            suspects: Vec::new(),
            witnesses: Vec::new(),
            events: Vec::new(),
            referrals: Vec::new(),
            consents: Vec::new(),
            support_plans: Vec::new(),
            comments: Vec::new(),
            links: Vec::new(),
            investigation: None,
            prosecution: None,
        })
    }

    /// Checks that the caller saw the current version of the case.
    pub fn check_version(&self, expected: i64) -> Result<(), DomainError> {
        check_version("case", expected, self.version)
    }

    /// Changes the case's own fields; `today` is the latest day a date in them may have.
    pub fn update(&mut self, input: CaseUpdate, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        if let Some(r) = &input.incoming_referral {
            r.check(&mut c, "incoming_referral", today);
        }
        c.opt_text("owner", &input.owner, max!(CaseUpdate::TEXT_LIMITS, "owner"));
        c.opt_text("summary", &input.summary, max!(CaseUpdate::TEXT_LIMITS, "summary"));
        c.opt_text("closure_reason", &input.closure_reason, max!(CaseUpdate::TEXT_LIMITS, "closure_reason"));
        let closing = matches!(input.status, Some(CaseStatus::Closed | CaseStatus::ClosedReferred));
        if closing && input.closure_reason.is_none() && self.closure_reason.is_none() {
            c.fail("closure_reason", "is needed to close a case");
        }
        c.finish()?;
        if let Some(s) = input.status {
            self.status = s;
            if !closing {
                self.closure_reason = None;
            }
        }
        if input.closure_reason.is_some() {
            self.closure_reason = input.closure_reason;
        }
        if input.owner.is_some() {
            self.owner = input.owner;
        }
        if input.owner_user.is_some() {
            self.owner_user = input.owner_user;
        }
        if input.incoming_referral.is_some() {
            self.incoming_referral = input.incoming_referral;
        }
        if let Some(d) = input.district {
            self.district = d;
        }
        if let Some(d) = input.detection_source {
            self.detection_source = d;
        }
        if input.summary.is_some() {
            self.summary = input.summary;
        }
        Ok(())
    }

    /// Hands the case over to organisation `to`, with a reason; returns the organisation that held it.
    /// A case changes hands only this way (never by an update), so the move is its own audited act.
    pub fn transfer(&mut self, to: OrgId, reason: &str) -> Result<OrgId, DomainError> {
        let mut c = Checker::new();
        c.text("reason", reason, max!(TRANSFER_TEXT_LIMITS, "reason"));
        if to == self.organisation {
            c.fail("to_org", "is already the organisation that holds the case");
        }
        c.finish()?;
        Ok(std::mem::replace(&mut self.organisation, to))
    }

    pub fn add_comment(&mut self, input: CommentInput, now: OffsetDateTime) -> Result<CommentId, DomainError> {
        let mut c = Checker::new();
        c.text("author", &input.author, max!(CommentInput::TEXT_LIMITS, "author"));
        c.text("text", &input.text, max!(CommentInput::TEXT_LIMITS, "text"));
        c.finish()?;
        let comment = Comment { id: CommentId::new(), author: input.author, at: timestamp(now), text: input.text };
        let id = comment.id;
        self.comments.push(comment);
        Ok(id)
    }

    /// Records a link to another case. The registry records the inverse link on the other case.
    pub fn link(&mut self, other: CaseId, kind: CaseLinkKind) -> Result<(), DomainError> {
        if other == self.id {
            return Err(DomainError::field("other", "a case cannot be linked to itself"));
        }
        if self.links.iter().any(|l| l.other == other) {
            return Err(DomainError::refused("the cases are already linked"));
        }
        self.links.push(CaseLink { other, kind });
        Ok(())
    }

    /// How far the criminal-justice path has gone (see [`CaseStage`]). The storage migration that
    /// recomputes stored stages in SQL (`0006_case_rules.sql`) follows this rule.
    pub fn stage(&self) -> CaseStage {
        match (&self.investigation, &self.prosecution) {
            (_, Some(p)) if p.withdrawn_on.is_some() => CaseStage::Declined,
            (_, Some(p)) => match p.dpp_decision.map(|d| d.decision) {
                None | Some(DppDecisionKind::FurtherInvestigation) => CaseStage::AtDpp,
                Some(DppDecisionKind::Decline) => CaseStage::Declined,
                Some(DppDecisionKind::Prosecute) if p.concluded_on().is_some() => CaseStage::Concluded,
                Some(DppDecisionKind::Prosecute) => CaseStage::BeforeCourt,
            },
            (Some(_), None) => CaseStage::UnderInvestigation,
            (None, None) => CaseStage::Reported,
        }
    }

    pub fn summary_line(&self) -> CaseSummary {
        CaseSummary {
            id: self.id,
            number: self.number,
            version: self.version,
            status: self.status,
            organisation: self.organisation,
            district: self.district.clone(),
            detection_source: self.detection_source,
            detected_on: self.detected_on,
            victims: self.victims.len() as u32,
            suspects: self.suspects.len() as u32,
            stage: self.stage(),
            updated_at: self.updated_at,
        }
    }
}
