//! Consent records (HTCDS `con_Consent`), one per purpose, with the date given and the date withdrawn, who
//! gave it and, for a child, whether the child assented. What each purpose makes possible, and what its
//! withdrawal undoes, is written on [`ConsentPurpose`].

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{ConsentId, PersonId};
use crate::limits::{TextLimits, max};
use crate::person::not_found;
use crate::referral::ReferralAction;
use crate::vocabulary::{ConsentGiver, ConsentPurpose, ReferralState, ServiceType, Vocabulary};

/// The reason written on the referrals revoked when a victim withdraws consent to services.
pub const SERVICES_WITHDRAWN: &str = "consent to services withdrawn";

/// A victim's consent (or refusal) for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    pub id: ConsentId,
    pub version: i64,
    pub victim: PersonId,
    pub purpose: ConsentPurpose,
    /// `con_Consent`: true when given, false when refused.
    pub given: bool,
    pub recorded_on: Date,
    pub withdrawn_on: Option<Date>,
    /// Who took the consent (a case worker's name or username).
    pub recorded_by: Option<String>,
    /// Who gave (or refused) it: the victim, or for a child a parent or guardian, or a court.
    pub given_by: ConsentGiver,
    /// For a victim presumed a child: whether the child assented. None for an adult.
    pub child_assent: Option<bool>,
}

impl Consent {
    /// Consent is in force: given and not withdrawn.
    pub fn in_force(&self) -> bool {
        self.given && self.withdrawn_on.is_none()
    }
}

/// Where a victim stands on one purpose, after their latest consent record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentStatus {
    /// No consent was recorded for the purpose.
    NotRecorded,
    /// Given and not withdrawn.
    InForce,
    /// Refused when asked.
    Refused,
    /// Given, then withdrawn.
    Withdrawn,
}

/// What a user supplies to record a consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentInput {
    pub victim: PersonId,
    pub purpose: ConsentPurpose,
    pub given: bool,
    pub recorded_on: Date,
    #[serde(default)]
    pub recorded_by: Option<String>,
    /// Who gives it; the victim when absent. For a victim presumed a child, a given consent must be given
    /// by a parent or guardian or by a court.
    #[serde(default)]
    pub given_by: Option<ConsentGiver>,
    /// For a victim presumed a child, whether the child assents: needed when the consent is given.
    #[serde(default)]
    pub child_assent: Option<bool>,
}

impl ConsentInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("recorded_by", 100)];
}

impl Case {
    /// Whether `victim`'s consent for `purpose` is in force.
    pub fn consent_in_force(&self, victim: PersonId, purpose: ConsentPurpose) -> bool {
        self.consents.iter().any(|x| x.victim == victim && x.purpose == purpose && x.in_force())
    }

    /// A referral sent on `sent_on` naming `victim` needs their consent for `purpose` in force, recorded on
    /// or before that day; `refusal` says what is missing when there is none.
    pub(crate) fn consent_for_referral(
        &self,
        victim: PersonId,
        purpose: ConsentPurpose,
        sent_on: Date,
        refusal: impl FnOnce() -> String,
    ) -> Result<(), DomainError> {
        let found = self.consents.iter().find(|x| x.victim == victim && x.purpose == purpose && x.in_force());
        match found {
            None => Err(DomainError::refused(refusal())),
            Some(x) if x.recorded_on > sent_on => Err(DomainError::field(
                "sent_on",
                format!(
                    "is before the victim's consent to {} was recorded ({}): a referral is sent once consent is \
                     given",
                    purpose.label().to_lowercase(),
                    x.recorded_on
                ),
            )),
            Some(_) => Ok(()),
        }
    }

    /// Where `victim` stands on `purpose`: the latest consent record decides.
    pub fn consent_status(&self, victim: PersonId, purpose: ConsentPurpose) -> ConsentStatus {
        match self.consents.iter().rev().find(|x| x.victim == victim && x.purpose == purpose) {
            None => ConsentStatus::NotRecorded,
            Some(x) if x.withdrawn_on.is_some() => ConsentStatus::Withdrawn,
            Some(x) if x.given => ConsentStatus::InForce,
            Some(_) => ConsentStatus::Refused,
        }
    }

    /// The victims that victim-level statistical outputs may count: all but those whose latest statistics
    /// consent was refused or withdrawn (no record counts as consent; see [`ConsentPurpose`]).
    pub fn victims_for_statistics(&self) -> Vec<PersonId> {
        self.victims
            .iter()
            .map(|v| v.id)
            .filter(|v| {
                !matches!(
                    self.consent_status(*v, ConsentPurpose::Statistics),
                    ConsentStatus::Refused | ConsentStatus::Withdrawn
                )
            })
            .collect()
    }

    pub fn record_consent(&mut self, input: ConsentInput, today: Date) -> Result<ConsentId, DomainError> {
        let mut c = Checker::new();
        c.past("recorded_on", input.recorded_on, today);
        c.opt_text("recorded_by", &input.recorded_by, max!(ConsentInput::TEXT_LIMITS, "recorded_by"));
        c.finish()?;
        self.check_victim_ref(Some(input.victim), "victim")?;
        let child = self.victims.iter().any(|v| v.id == input.victim && v.presumed_child());
        let given_by = input.given_by.unwrap_or(ConsentGiver::Victim);
        let mut c = Checker::new();
        if child {
            if input.given && given_by == ConsentGiver::Victim {
                c.fail(
                    "given_by",
                    "the victim is presumed a child (under 18 when identified, or of unknown age): consent is given \
                     by a ParentOrGuardian or a Court",
                );
            }
            if input.given && input.child_assent.is_none() {
                c.fail(
                    "child_assent",
                    "the victim is presumed a child: record whether the child assents (true or false)",
                );
            }
        } else {
            if given_by == ConsentGiver::ParentOrGuardian {
                c.fail(
                    "given_by",
                    "the victim is an adult: consent is given by the Victim, or by a Court when they cannot",
                );
            }
            if input.child_assent.is_some() {
                c.fail("child_assent", "is recorded only for a victim presumed a child");
            }
        }
        c.finish()?;
        if self.consent_in_force(input.victim, input.purpose) {
            return Err(DomainError::refused(format!(
                "this victim's consent for {} is already in force; withdraw it before recording a new one",
                input.purpose
            )));
        }
        let consent = Consent {
            id: ConsentId::new(),
            version: 1,
            victim: input.victim,
            purpose: input.purpose,
            given: input.given,
            recorded_on: input.recorded_on,
            withdrawn_on: None,
            recorded_by: input.recorded_by,
            given_by,
            child_assent: input.child_assent,
        };
        let id = consent.id;
        self.consents.push(consent);
        Ok(id)
    }

    /// Withdraws a consent in force. Withdrawing consent to services also ends the victim's active
    /// referrals that needed it (see [`ConsentPurpose`]); the ids of the referrals so ended are returned.
    pub fn withdraw_consent(
        &mut self,
        id: ConsentId,
        expected_version: i64,
        on: Date,
        today: Date,
    ) -> Result<Vec<crate::ids::ReferralId>, DomainError> {
        let x = self.consents.iter().find(|x| x.id == id).ok_or_else(|| not_found("consent", id))?;
        check_version("consent", expected_version, x.version)?;
        if !x.in_force() {
            return Err(DomainError::refused("only a consent that was given and is in force can be withdrawn"));
        }
        if on > today || on < x.recorded_on {
            return Err(DomainError::field("on", format!("must be between {} and today", x.recorded_on)));
        }
        let (victim, purpose) = (x.victim, x.purpose);
        let mut ended = Vec::new();
        if purpose == ConsentPurpose::Services {
            let child = self.victims.iter().any(|v| v.id == victim && v.presumed_child());
            // On a copy, so that nothing changes if a move is refused.
            let mut referrals = self.referrals.clone();
            for r in referrals.iter_mut().filter(|r| r.victim == Some(victim) && r.is_active()) {
                let statutory =
                    r.service == ServiceType::Investigation || (r.service == ServiceType::ChildProtection && child);
                if statutory {
                    continue;
                }
                // Not before the referral's last step, so the state machine accepts the move.
                let last = [Some(r.sent_on), r.responded_on, r.delivered_on].into_iter().flatten().max();
                let when = last.map_or(on, |l| l.max(on));
                let action = if r.state == ReferralState::ServiceDelivered {
                    ReferralAction::Close { on: when }
                } else {
                    ReferralAction::Revoke { on: when, reason: SERVICES_WITHDRAWN.into() }
                };
                r.apply(action)?;
                r.end_reason = Some(SERVICES_WITHDRAWN.into());
                ended.push(r.id);
            }
            self.referrals = referrals;
        }
        let x = self.consents.iter_mut().find(|x| x.id == id).ok_or_else(|| not_found("consent", id))?;
        x.withdrawn_on = Some(on);
        x.version += 1;
        Ok(ended)
    }
}
