//! Referrals between organisations and their state machine:
//! sent → accepted → service delivered → closed, or sent → declined (with a reason) → closed.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{OrgId, PersonId, ReferralId, UserRef};
use crate::person::not_found;
use crate::vocabulary::{ReferralReason, ReferralState, ServiceType, Vocabulary};

/// A referral of a victim (or of the case) from one organisation to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    pub id: ReferralId,
    pub version: i64,
    /// The victim referred; none when the case itself is referred (e.g. to the police).
    pub victim: Option<PersonId>,
    /// `cas_ReferringOrganisation`.
    pub from_org: OrgId,
    /// `cas_ReferredOrganisation`.
    pub to_org: OrgId,
    /// `cas_ReferringPrimaryCaseWorker`, as written (the form imported data carries).
    #[serde(default)]
    pub referring_case_worker: Option<String>,
    /// The referring primary case worker's user account, when known.
    #[serde(default)]
    pub referring_case_worker_user: Option<UserRef>,
    /// `cas_ReferredPrimaryCaseWorker`, as written (the form imported data carries).
    #[serde(default)]
    pub referred_case_worker: Option<String>,
    /// The referred primary case worker's user account, when known.
    #[serde(default)]
    pub referred_case_worker_user: Option<UserRef>,
    pub service: ServiceType,
    /// `cas_ReasonForOutgoingReferral`.
    pub reason: ReferralReason,
    /// `cas_OutgoingReferralDetails`.
    pub details: Option<String>,
    /// Made by the system (children are referred automatically).
    pub automatic: bool,
    pub state: ReferralState,
    /// `cas_OutgoingReferralDate`.
    pub sent_on: Date,
    /// When it was accepted or declined.
    pub responded_on: Option<Date>,
    pub decline_reason: Option<String>,
    pub delivered_on: Option<Date>,
    pub delivery_note: Option<String>,
    pub closed_on: Option<Date>,
}

/// What a user supplies to send a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReferral {
    #[serde(default)]
    pub victim: Option<PersonId>,
    pub from_org: OrgId,
    pub to_org: OrgId,
    /// `cas_ReferringPrimaryCaseWorker`, as written (the form imported data carries).
    #[serde(default)]
    pub referring_case_worker: Option<String>,
    /// The referring primary case worker's user account, when known.
    #[serde(default)]
    pub referring_case_worker_user: Option<UserRef>,
    /// `cas_ReferredPrimaryCaseWorker`, as written (the form imported data carries).
    #[serde(default)]
    pub referred_case_worker: Option<String>,
    /// The referred primary case worker's user account, when known.
    #[serde(default)]
    pub referred_case_worker_user: Option<UserRef>,
    pub service: ServiceType,
    pub reason: ReferralReason,
    #[serde(default)]
    pub details: Option<String>,
    pub sent_on: Date,
}

/// A move of a referral along its state machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReferralAction {
    Accept {
        on: Date,
    },
    Decline {
        on: Date,
        reason: String,
    },
    Deliver {
        on: Date,
        #[serde(default)]
        note: Option<String>,
    },
    Close {
        on: Date,
    },
}

impl ReferralAction {
    fn on(&self) -> Date {
        match self {
            Self::Accept { on } | Self::Decline { on, .. } | Self::Deliver { on, .. } | Self::Close { on } => *on,
        }
    }
    fn name(&self) -> &'static str {
        match self {
            Self::Accept { .. } => "accept",
            Self::Decline { .. } => "decline",
            Self::Deliver { .. } => "deliver",
            Self::Close { .. } => "close",
        }
    }
}

impl Referral {
    pub(crate) fn automatic_child_referral(victim: PersonId, from: OrgId, to: OrgId, on: Date) -> Self {
        Self {
            id: ReferralId::new(),
            version: 1,
            victim: Some(victim),
            from_org: from,
            to_org: to,
            referring_case_worker: None,
            referring_case_worker_user: None,
            referred_case_worker: None,
            referred_case_worker_user: None,
            service: ServiceType::ChildProtection,
            reason: ReferralReason::AdditionalServicesRequired,
            details: Some("Automatic referral: the victim was under 18 when identified.".into()),
            automatic: true,
            state: ReferralState::Sent,
            sent_on: on,
            responded_on: None,
            decline_reason: None,
            delivered_on: None,
            delivery_note: None,
            closed_on: None,
        }
    }

    /// The referral is still open (sent, accepted or delivered but not closed or declined).
    pub fn is_active(&self) -> bool {
        matches!(self.state, ReferralState::Sent | ReferralState::Accepted | ReferralState::ServiceDelivered)
    }

    /// Applies an action, or refuses it when the state machine has no such move.
    pub fn apply(&mut self, action: ReferralAction) -> Result<(), DomainError> {
        use ReferralState as S;
        let on = action.on();
        let latest = [Some(self.sent_on), self.responded_on, self.delivered_on].into_iter().flatten().max();
        if let Some(l) = latest.filter(|l| on < *l) {
            return Err(DomainError::field("on", format!("must not be before the referral's last step ({l})")));
        }
        let refused = |s: S| {
            DomainError::refused(format!(
                "a referral that is {} cannot be moved by '{}'",
                s.label().to_lowercase(),
                action.name()
            ))
        };
        match (&action, self.state) {
            (ReferralAction::Accept { .. }, S::Sent) => {
                self.state = S::Accepted;
                self.responded_on = Some(on);
            }
            (ReferralAction::Decline { reason, .. }, S::Sent) => {
                let mut c = Checker::new();
                c.text("reason", reason, 2000);
                c.finish()?;
                self.state = S::Declined;
                self.responded_on = Some(on);
                self.decline_reason = Some(reason.clone());
            }
            (ReferralAction::Deliver { note, .. }, S::Accepted) => {
                let mut c = Checker::new();
                c.opt_text("note", note, 2000);
                c.finish()?;
                self.state = S::ServiceDelivered;
                self.delivered_on = Some(on);
                self.delivery_note = note.clone();
            }
            (ReferralAction::Close { .. }, S::ServiceDelivered | S::Declined) => {
                self.state = S::Closed;
                self.closed_on = Some(on);
            }
            (_, s) => return Err(refused(s)),
        }
        self.version += 1;
        Ok(())
    }
}

impl Case {
    pub fn send_referral(&mut self, input: NewReferral, today: Date) -> Result<ReferralId, DomainError> {
        let mut c = Checker::new();
        c.opt_text("details", &input.details, 4000);
        c.opt_text("referring_case_worker", &input.referring_case_worker, 100);
        c.opt_text("referred_case_worker", &input.referred_case_worker, 100);
        if input.sent_on > today {
            c.fail("sent_on", "must not be in the future");
        }
        if input.from_org == input.to_org {
            c.fail("to_org", "must differ from from_org");
        }
        c.finish()?;
        self.check_victim_ref(input.victim, "victim")?;
        let r = Referral {
            id: ReferralId::new(),
            version: 1,
            victim: input.victim,
            from_org: input.from_org,
            to_org: input.to_org,
            referring_case_worker: input.referring_case_worker,
            referring_case_worker_user: input.referring_case_worker_user,
            referred_case_worker: input.referred_case_worker,
            referred_case_worker_user: input.referred_case_worker_user,
            service: input.service,
            reason: input.reason,
            details: input.details,
            automatic: false,
            state: ReferralState::Sent,
            sent_on: input.sent_on,
            responded_on: None,
            decline_reason: None,
            delivered_on: None,
            delivery_note: None,
            closed_on: None,
        };
        let id = r.id;
        self.referrals.push(r);
        Ok(id)
    }

    pub fn move_referral(
        &mut self,
        id: ReferralId,
        expected_version: i64,
        action: ReferralAction,
        today: Date,
    ) -> Result<(), DomainError> {
        if action.on() > today {
            return Err(DomainError::field("on", "must not be in the future"));
        }
        let r = self.referrals.iter_mut().find(|r| r.id == id).ok_or_else(|| not_found("referral", id))?;
        check_version("referral", expected_version, r.version)?;
        r.apply(action)
    }
}
