//! Referrals between organisations and their state machine:
//! sent → accepted → service delivered → closed, or sent → declined (with a reason) → closed;
//! a sent or accepted referral can be revoked by its sender (with a reason), and an accepted one closed by
//! its receiver as not delivered (with a reason). Revoked, not delivered and closed are final, and end the
//! receiving organisation's access to the case.
//!
//! The service asked for must be one the receiving organisation offers, and a referral that names a victim
//! needs the victim's consents in force (see [`ConsentPurpose`]).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{OrgId, PersonId, ReferralId, UserRef};
use crate::limits::{TextLimits, max};
use crate::organisation::Organisation;
use crate::person::not_found;
use crate::vocabulary::{ConsentPurpose, ReferralReason, ReferralState, ServiceType, Vocabulary};

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
    /// When it was closed, revoked or closed as not delivered.
    pub closed_on: Option<Date>,
    /// Why it was revoked or closed as not delivered (a note, sealed at rest like the decline reason).
    pub end_reason: Option<String>,
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

impl NewReferral {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits =
        &[("details", 4000), ("referring_case_worker", 100), ("referred_case_worker", 100)];
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
    /// The sender withdraws a referral that is sent or accepted.
    Revoke {
        on: Date,
        reason: String,
    },
    /// The receiver closes an accepted referral whose service was never delivered.
    CloseNotDelivered {
        on: Date,
        reason: String,
    },
}

/// Which organisation of a referral performs a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferralSide {
    /// The referring organisation (`from_org`).
    Sending,
    /// The referred organisation (`to_org`).
    Receiving,
    /// Either of them.
    Either,
}

impl ReferralAction {
    /// The most characters of each free-text member, in whichever move has it.
    pub const TEXT_LIMITS: TextLimits = &[("reason", 2000), ("note", 2000)];

    pub fn on(&self) -> Date {
        match self {
            Self::Accept { on }
            | Self::Decline { on, .. }
            | Self::Deliver { on, .. }
            | Self::Close { on }
            | Self::Revoke { on, .. }
            | Self::CloseNotDelivered { on, .. } => *on,
        }
    }
    /// The action's name as the JSON API spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Accept { .. } => "accept",
            Self::Decline { .. } => "decline",
            Self::Deliver { .. } => "deliver",
            Self::Close { .. } => "close",
            Self::Revoke { .. } => "revoke",
            Self::CloseNotDelivered { .. } => "close_not_delivered",
        }
    }
    /// Who performs this move: the receiver answers, delivers or reports a service not delivered; the
    /// sender revokes; either closes.
    pub fn side(&self) -> ReferralSide {
        match self {
            Self::Accept { .. } | Self::Decline { .. } | Self::Deliver { .. } | Self::CloseNotDelivered { .. } => {
                ReferralSide::Receiving
            }
            Self::Revoke { .. } => ReferralSide::Sending,
            Self::Close { .. } => ReferralSide::Either,
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
            details: Some(
                "Automatic referral: the victim was under 18 when identified, or their age is not known.".into(),
            ),
            automatic: true,
            state: ReferralState::Sent,
            sent_on: on,
            responded_on: None,
            decline_reason: None,
            delivered_on: None,
            delivery_note: None,
            closed_on: None,
            end_reason: None,
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
                c.text("reason", reason, max!(ReferralAction::TEXT_LIMITS, "reason"));
                c.finish()?;
                self.state = S::Declined;
                self.responded_on = Some(on);
                self.decline_reason = Some(reason.clone());
            }
            (ReferralAction::Deliver { note, .. }, S::Accepted) => {
                let mut c = Checker::new();
                c.opt_text("note", note, max!(ReferralAction::TEXT_LIMITS, "note"));
                c.finish()?;
                self.state = S::ServiceDelivered;
                self.delivered_on = Some(on);
                self.delivery_note = note.clone();
            }
            (ReferralAction::Close { .. }, S::ServiceDelivered | S::Declined) => {
                self.state = S::Closed;
                self.closed_on = Some(on);
            }
            (ReferralAction::Revoke { reason, .. }, S::Sent | S::Accepted)
            | (ReferralAction::CloseNotDelivered { reason, .. }, S::Accepted) => {
                let mut c = Checker::new();
                c.text("reason", reason, max!(ReferralAction::TEXT_LIMITS, "reason"));
                c.finish()?;
                self.state = if matches!(action, ReferralAction::Revoke { .. }) { S::Revoked } else { S::NotDelivered };
                self.closed_on = Some(on);
                self.end_reason = Some(reason.clone());
            }
            (_, s) => return Err(refused(s)),
        }
        self.version += 1;
        Ok(())
    }
}

/// What the services the organisation offers are, in words (for refusals).
fn offered(to: &Organisation) -> String {
    if to.details.services.is_empty() {
        format!("{} offers no service for referrals", to.details.name)
    } else {
        let list: Vec<&str> = to.details.services.iter().map(|s| s.code()).collect();
        format!("{} offers {}", to.details.name, list.join(", "))
    }
}

impl Case {
    /// Sends a referral to `to`, the organisation `input.to_org` names. The service must be one `to`
    /// offers; a referral naming a victim needs the victim's consent to services (but for child
    /// protection and investigation) and, to an organisation in another country, to cross-border sharing.
    pub fn send_referral(
        &mut self,
        input: NewReferral,
        to: &Organisation,
        today: Date,
    ) -> Result<ReferralId, DomainError> {
        let mut c = Checker::new();
        c.opt_text("details", &input.details, max!(NewReferral::TEXT_LIMITS, "details"));
        c.opt_text(
            "referring_case_worker",
            &input.referring_case_worker,
            max!(NewReferral::TEXT_LIMITS, "referring_case_worker"),
        );
        c.opt_text(
            "referred_case_worker",
            &input.referred_case_worker,
            max!(NewReferral::TEXT_LIMITS, "referred_case_worker"),
        );
        c.past("sent_on", input.sent_on, today);
        c.order("sent_on", Some(self.detected_on), Some(input.sent_on), "the case's detection");
        if input.from_org == input.to_org {
            c.fail("to_org", "must differ from from_org");
        }
        if to.id != input.to_org {
            c.fail("to_org", format!("names {}, not the organisation {} given to check it", input.to_org, to.id));
        } else if !to.details.services.contains(&input.service) {
            c.fail(
                "service",
                format!("{} is not a service the receiving organisation offers: {}", input.service, offered(to)),
            );
        }
        c.finish()?;
        self.check_victim_ref(input.victim, "victim")?;
        if let Some(v) = input.victim {
            if !matches!(input.service, ServiceType::ChildProtection | ServiceType::Investigation) {
                self.consent_for_referral(v, ConsentPurpose::Services, input.sent_on, || {
                    format!(
                        "a referral for {} that names victim {v} needs the victim's consent to services in force \
                         (record it first, or refer the case without naming the victim)",
                        input.service
                    )
                })?;
            }
            if to.details.country != self.number.country() {
                self.consent_for_referral(v, ConsentPurpose::CrossBorderSharing, input.sent_on, || {
                    format!(
                        "{} is in {}, not in {}: a referral that names victim {v} needs the victim's consent to \
                         cross-border sharing in force",
                        to.details.name,
                        to.details.country.as_str(),
                        self.number.country().as_str()
                    )
                })?;
            }
        }
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
            end_reason: None,
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
        let mut c = Checker::new();
        c.past("on", action.on(), today);
        c.finish()?;
        let r = self.referrals.iter_mut().find(|r| r.id == id).ok_or_else(|| not_found("referral", id))?;
        check_version("referral", expected_version, r.version)?;
        r.apply(action)
    }
}
