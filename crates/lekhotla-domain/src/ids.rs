//! Record identifiers: UUIDv7 newtypes, one per kind of record, so an event id cannot be passed as a case id.
//!
//! Identifiers are not secrets and grant nothing (ASVS 11.5.1): access is checked on every use.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// A case.
    CaseId);
id_type!(/// An organisation.
    OrgId);
id_type!(/// A person or business in a case (victim, suspect or witness).
    PersonId);
id_type!(/// A trafficking event.
    EventId);
id_type!(/// A referral between organisations.
    ReferralId);
id_type!(/// A consent record.
    ConsentId);
id_type!(/// A support plan.
    SupportPlanId);
id_type!(/// A case comment.
    CommentId);
id_type!(/// An investigation.
    InvestigationId);
id_type!(/// A prosecution.
    ProsecutionId);
id_type!(/// A charge against one accused.
    ChargeId);
id_type!(/// A court hearing.
    HearingId);
id_type!(/// A verdict for one accused.
    VerdictId);
id_type!(/// A sentence for one convicted accused.
    SentenceId);
id_type!(/// A compensation order.
    CompensationId);
id_type!(/// A movement of a docket from one custodian to another.
    DocketTransferId);
