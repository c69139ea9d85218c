//! The role → act table: the one place that says which role may perform which act on a case, and the
//! organisation rule that applies (a referral is accepted by the organisation it was sent to, an
//! investigation is updated by the unit that investigates). The README's role table is this table.

use crate::act::Act::{self, *};
use crate::role::Role;

/// On which cases (or referrals) a role may perform an act. The actor's need-to-know scope applies
/// first in every case: a case the actor may not see answers 404 whatever the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Any case the actor may see.
    InScope,
    /// A case registered to (owned by) the actor's organisation; for registering, a new case of it.
    OwnOrganisation,
    /// A case the actor's organisation works on: it owns the case, receives an active referral of it,
    /// or is the investigating unit.
    Working,
    /// The referral's receiving organisation.
    Receiver,
    /// The referral's sending organisation.
    Sender,
    /// The referral's sending or receiving organisation.
    SenderOrReceiver,
    /// The investigating unit: the organisation named on the case's investigation.
    InvestigatingUnit,
    /// The national coordinator correcting a record that is another agency's to keep: any case, with a
    /// reason that goes into the audit entry.
    Correction,
}

impl Rule {
    /// The stable identifier, e.g. `receiver`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::InScope => "in-scope",
            Rule::OwnOrganisation => "own-organisation",
            Rule::Working => "working",
            Rule::Receiver => "receiver",
            Rule::Sender => "sender",
            Rule::SenderOrReceiver => "sender-or-receiver",
            Rule::InvestigatingUnit => "investigating-unit",
            Rule::Correction => "correction",
        }
    }

    /// How the README says it.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Rule::InScope => "any case they see",
            Rule::OwnOrganisation => "their organisation's cases",
            Rule::Working => "cases their organisation owns, receives a referral of, or investigates",
            Rule::Receiver => "referrals sent to their organisation",
            Rule::Sender => "referrals their organisation sent",
            Rule::SenderOrReceiver => "referrals their organisation sent or received",
            Rule::InvestigatingUnit => "cases their unit investigates",
            Rule::Correction => "any case, as a correction with a reason",
        }
    }
}

use Rule::{Correction, InScope, InvestigatingUnit, OwnOrganisation, Receiver, Sender, SenderOrReceiver, Working};

/// The referral moves every organisation makes on the referrals it sends and receives.
macro_rules! referral_moves {
    () => {
        [
            (AcceptReferral, Receiver),
            (DeclineReferral, Receiver),
            (DeliverReferral, Receiver),
            (CloseReferralNotDelivered, Receiver),
            (RevokeReferral, Sender),
            (CloseReferral, SenderOrReceiver),
        ]
    };
}

/// National coordinator: registers, edits, closes, transfers and links any case and comments on it;
/// everything that is another agency's to record only as a correction with a reason.
const NATIONAL_COORDINATOR: &[(Act, Rule)] = &[
    (RegisterCase, InScope),
    (EditCase, InScope),
    (CloseCase, InScope),
    (ReopenCase, InScope),
    (TransferCase, InScope),
    (RecordPerson, Correction),
    (DecideStatus, Correction),
    (RecordEvent, Correction),
    (SendReferral, InScope),
    (AcceptReferral, Correction),
    (DeclineReferral, Correction),
    (DeliverReferral, Correction),
    (CloseReferralNotDelivered, Correction),
    (RevokeReferral, Correction),
    (CloseReferral, Correction),
    (RecordSupportPlan, Correction),
    (RecordConsent, Correction),
    (Comment, InScope),
    (LinkCase, InScope),
    (OpenInvestigation, Correction),
    (UpdateInvestigation, Correction),
    (MoveDocket, Correction),
    (OpenProsecution, Correction),
    (DppDecision, Correction),
    (IssueSummons, Correction),
    (UpdateProsecution, Correction),
    (Charge, Correction),
    (RecordHearing, Correction),
    (RecordVerdict, Correction),
    (RecordSentence, Correction),
    (OrderCompensation, Correction),
];

/// District focal point: coordinates every case of its hub's districts (screening, people, referrals,
/// support, consent), but takes no police or prosecution step.
const FOCAL_POINT: &[(Act, Rule)] = &{
    let moves = referral_moves!();
    [
        (RegisterCase, OwnOrganisation),
        (EditCase, InScope),
        (CloseCase, InScope),
        (ReopenCase, InScope),
        (TransferCase, InScope),
        (RecordPerson, InScope),
        (DecideStatus, InScope),
        (RecordEvent, InScope),
        (SendReferral, InScope),
        moves[0],
        moves[1],
        moves[2],
        moves[3],
        moves[4],
        moves[5],
        (RecordSupportPlan, InScope),
        (RecordConsent, InScope),
        (Comment, InScope),
        (LinkCase, InScope),
    ]
};

/// Police investigator: their organisation's cases, the people and events they find, and the
/// investigation of their own unit.
const INVESTIGATOR: &[(Act, Rule)] = &{
    let moves = referral_moves!();
    [
        (RegisterCase, OwnOrganisation),
        (EditCase, OwnOrganisation),
        (CloseCase, OwnOrganisation),
        (ReopenCase, OwnOrganisation),
        (TransferCase, OwnOrganisation),
        (RecordPerson, Working),
        (DecideStatus, Working),
        (RecordEvent, Working),
        (SendReferral, Working),
        moves[0],
        moves[1],
        moves[2],
        moves[3],
        moves[4],
        moves[5],
        (RecordConsent, Working),
        (Comment, InScope),
        (LinkCase, Working),
        (OpenInvestigation, Working),
        (UpdateInvestigation, InvestigatingUnit),
        (MoveDocket, InvestigatingUnit),
    ]
};

/// Prosecutor (Office of the DPP): the prosecution from the docket's arrival to sentence and
/// compensation; referrals to and from the DPP; comments.
const PROSECUTOR: &[(Act, Rule)] = &{
    let moves = referral_moves!();
    [
        (SendReferral, Working),
        moves[0],
        moves[1],
        moves[2],
        moves[3],
        moves[4],
        moves[5],
        (Comment, InScope),
        (LinkCase, InScope),
        (OpenProsecution, InScope),
        (DppDecision, InScope),
        (IssueSummons, InScope),
        (UpdateProsecution, InScope),
        (Charge, InScope),
        (RecordHearing, InScope),
        (RecordVerdict, InScope),
        (RecordSentence, InScope),
        (OrderCompensation, InScope),
    ]
};

/// Immigration officers and labour inspectors: the cases they detect at the border or at work, screening,
/// referrals and consent.
const DETECTING_OFFICER: &[(Act, Rule)] = &{
    let moves = referral_moves!();
    [
        (RegisterCase, OwnOrganisation),
        (EditCase, OwnOrganisation),
        (CloseCase, OwnOrganisation),
        (ReopenCase, OwnOrganisation),
        (TransferCase, OwnOrganisation),
        (RecordPerson, Working),
        (DecideStatus, Working),
        (RecordEvent, Working),
        (SendReferral, Working),
        moves[0],
        moves[1],
        moves[2],
        moves[3],
        moves[4],
        moves[5],
        (RecordConsent, Working),
        (Comment, InScope),
        (LinkCase, Working),
    ]
};

/// Case workers (shelters and service NGOs): the victims they assist, their support plans, consent and
/// the referrals they send and receive.
const CASE_WORKER: &[(Act, Rule)] = &{
    let moves = referral_moves!();
    [
        (RegisterCase, OwnOrganisation),
        (EditCase, OwnOrganisation),
        (CloseCase, OwnOrganisation),
        (ReopenCase, OwnOrganisation),
        (TransferCase, OwnOrganisation),
        (RecordPerson, Working),
        (DecideStatus, Working),
        (RecordEvent, Working),
        (SendReferral, Working),
        moves[0],
        moves[1],
        moves[2],
        moves[3],
        moves[4],
        moves[5],
        (RecordSupportPlan, Working),
        (RecordConsent, Working),
        (Comment, InScope),
    ]
};

impl Role {
    /// The acts this role may perform, each with its rule, in [`Act`] order.
    #[must_use]
    pub const fn acts(self) -> &'static [(Act, Rule)] {
        match self {
            Role::NationalCoordinator => NATIONAL_COORDINATOR,
            Role::FocalPoint => FOCAL_POINT,
            Role::Investigator => INVESTIGATOR,
            Role::Prosecutor => PROSECUTOR,
            Role::ImmigrationOfficer | Role::LabourInspector => DETECTING_OFFICER,
            Role::CaseWorker => CASE_WORKER,
            Role::DataAnalyst | Role::Auditor | Role::Admin => &[],
        }
    }

    /// The rule under which this role may perform `act`, if it may at all.
    #[must_use]
    pub fn rule_for(self, act: Act) -> Option<Rule> {
        self.acts().iter().find(|(a, _)| *a == act).map(|(_, rule)| *rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Permission;

    #[test]
    fn lists_are_in_act_order_without_repeats() {
        for role in Role::ALL {
            assert!(role.acts().windows(2).all(|w| w[0].0 < w[1].0), "{role}");
        }
    }

    #[test]
    fn only_roles_that_write_cases_perform_acts() {
        for role in Role::ALL {
            assert_eq!(!role.acts().is_empty(), role.allows(Permission::WriteCases), "{role}");
        }
    }

    #[test]
    fn the_coordinator_may_do_everything_and_corrects_what_is_not_theirs() {
        for act in Act::ALL {
            assert!(Role::NationalCoordinator.rule_for(act).is_some(), "{act}");
        }
        assert_eq!(Role::NationalCoordinator.rule_for(RecordVerdict), Some(Correction));
        assert_eq!(Role::NationalCoordinator.rule_for(TransferCase), Some(InScope));
        for role in Role::ALL.into_iter().filter(|r| *r != Role::NationalCoordinator) {
            assert!(role.acts().iter().all(|(_, rule)| *rule != Correction), "{role} cannot correct");
        }
    }

    #[test]
    fn justice_steps_belong_to_their_agencies() {
        for act in [OpenProsecution, DppDecision, IssueSummons, Charge, RecordHearing, RecordVerdict, RecordSentence] {
            for role in Role::ALL.into_iter().filter(|r| *r != Role::NationalCoordinator) {
                assert_eq!(role.rule_for(act).is_some(), role == Role::Prosecutor, "{role} / {act}");
            }
        }
        for act in [UpdateInvestigation, MoveDocket] {
            for role in Role::ALL.into_iter().filter(|r| *r != Role::NationalCoordinator) {
                let expected = (role == Role::Investigator).then_some(InvestigatingUnit);
                assert_eq!(role.rule_for(act), expected, "{role} / {act}");
            }
        }
    }

    #[test]
    fn referral_answers_belong_to_the_receiver_and_revocation_to_the_sender() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::NationalCoordinator) {
            for act in Act::ALL.into_iter().filter(|a| a.is_referral_move()) {
                let expected = match act {
                    RevokeReferral => Sender,
                    CloseReferral => SenderOrReceiver,
                    _ => Receiver,
                };
                if let Some(rule) = role.rule_for(act) {
                    assert_eq!(rule, expected, "{role} / {act}");
                }
            }
        }
    }
}
