//! Lekhotla's domain: the case registry of a national response to trafficking in persons.
//!
//! A [`Case`] is an aggregate: its victims, suspects, witnesses, trafficking events, referrals,
//! consents, support plans, comments, links, investigation and prosecution are changed only through
//! its methods, which validate their input ([`DomainError::Invalid`] names each bad field), check the
//! version the caller last saw ([`DomainError::Stale`]) and refuse impossible moves
//! ([`DomainError::Refused`]). On an error nothing is changed.
//!
//! The rules that cross records live with the record they guard: a referral asks for a service the
//! receiving organisation offers and, naming a victim, needs the victim's consents in force (what each
//! consent purpose makes possible is written on [`ConsentPurpose`]); court steps need the DPP's decision
//! to prosecute; a victim presumed a child (under 18 when identified, or of unknown age) is referred to
//! child protection, or shows in [`Case::missed_child_referrals`]; [`CaseStage`] is derived from the
//! justice path and stored with the case.
//!
//! Vocabularies follow HTCDS 2.0 (IOM, CC BY 4.0): field and value names are kept verbatim.
//! This crate knows nothing of HTTP or SQL.

pub mod case;
pub mod case_number;
pub mod committee;
pub mod consent;
pub mod contact;
pub mod deadline;
pub mod error;
pub mod event;
pub mod geography;
pub mod ids;
pub mod justice;
pub mod limits;
pub mod organisation;
pub mod person;
pub mod place;
pub mod plan;
pub mod prevention;
pub mod provision;
pub mod referral;
pub mod statistics;
pub mod support_plan;
pub mod vocabulary;

pub use case::{Case, CaseLink, CaseStage, CaseSummary, CaseUpdate, Comment, CommentInput, IncomingReferral, NewCase};
pub use case_number::{CaseNumber, CaseNumberError};
pub use committee::{ActionItem, ActionStatus, Attendance, Committee, Meeting, MeetingInput, References};
pub use consent::{Consent, ConsentInput, ConsentStatus};
pub use contact::{EmailAddress, EmailError};
pub use deadline::{Escalation, ResponseDeadlines, ServiceDeadline};
pub use error::{DomainError, FieldError};
pub use event::{EventInput, TraffickingEvent};
pub use geography::{CountryCode, Geography, OrgUnit, UnitCode, UnitKind};
pub use ids::*;
pub use justice::*;
pub use organisation::{Organisation, OrganisationInput};
pub use person::{
    BusinessDetails, ChildReferral, MAX_PEOPLE, PersonDetails, PublicOfficial, SEALED_PLACEHOLDER, Suspect,
    SuspectIdentity, SuspectInput, Victim, VictimContext, VictimInput, Witness, WitnessInput,
};
pub use place::{PlaceCode, PlaceCodeError};
pub use plan::{
    ActionPlan, Activity, ActivityStatus, Benchmark, Coverage, Evidence, EvidenceKind, Indicator, IndicatorSource,
    IndicatorUnit, IndicatorValue, LiveIndicator, Objective, Outcome, Pillar, PlanCode, PlanFlag, PlanInput, PlanItem,
    PlanLevel, Quarter, Recommendation, RecommendationCategory, RecommendationKey, RecommendationPriority,
    RecommendationStatus, Recommendations, SheetProblem, TypedValue, ValueSource,
};
pub use prevention::{
    Campaign, CampaignInput, Inspection, InspectionInput, ParticipantGroup, Screening, ScreeningInput, Training,
    TrainingInput, TravellerGroups,
};
pub use provision::{Funding, Occupancy, ProviderYear, ProviderYearInput};
pub use referral::{NewReferral, Referral, ReferralAction, ReferralSide};
pub use support_plan::{SupportPlan, SupportPlanInput};
pub use vocabulary::{
    BusinessKind, CampaignAudience, CampaignChannel, CaseLinkKind, CaseStatus, ConsentGiver, ConsentPurpose,
    DecisionMakingOrg, DetectionSource, DppDecisionKind, EducationLevel, EventType, ExploitationType,
    ExploitationWebsite, ForcedLabourIndustry, Gender, HearingKind, IncomingReferralReason, InspectionAgency,
    InvestigationUnit, MaritalStatus, MethodOfControl, MethodOfRecruitment, Offence, OrgType, PerpetratorRole,
    RecruitmentWebsite, ReferralReason, ReferralState, RelationshipToTrafficker, ScreeningIndicator, ServiceType,
    SexExploitationType, SupportPlanType, TraffickingStatus, TrainingRole, TravelDirection, VerdictOutcome, Vocabulary,
    Vulnerability,
};
