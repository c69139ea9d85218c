//! Acts: the things a person does to a case, one by one (record a detection, accept a referral,
//! record a verdict). Which role may perform which act, and on which cases, is in `acts.rs`.

use std::fmt;

/// One act on a case. The web layer names the act of every case-changing route, checks it against
/// the actor's roles and their organisation's relation to the case, and tells pages and clients which
/// acts the actor may perform on each case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Act {
    /// Register a case (a detection) for one's own organisation.
    RegisterCase,
    /// Change a case's own fields: summary, detection source, district, owner.
    EditCase,
    /// Close a case, with a reason.
    CloseCase,
    /// Reopen a closed case.
    ReopenCase,
    /// Hand a case over to another organisation, with a reason.
    TransferCase,
    /// Record or change a victim, suspect or witness and their details.
    RecordPerson,
    /// Screen a victim and decide the trafficking status (`vic_TraffickingStatus`) and who decided it.
    DecideStatus,
    /// Record or change a trafficking event (recruitment, transit, exploitation).
    RecordEvent,
    /// Send a referral from one's own organisation.
    SendReferral,
    /// Accept a referral sent to one's organisation.
    AcceptReferral,
    /// Decline a referral sent to one's organisation, with a reason.
    DeclineReferral,
    /// Record that the service of a referral to one's organisation was delivered.
    DeliverReferral,
    /// Close an accepted referral to one's organisation as not delivered, with a reason.
    CloseReferralNotDelivered,
    /// Withdraw a referral one's organisation sent, while it is sent or accepted.
    RevokeReferral,
    /// Close a delivered or declined referral, by the sender or the receiver.
    CloseReferral,
    /// Record or change a victim's support plan.
    RecordSupportPlan,
    /// Record or withdraw a victim's consent.
    RecordConsent,
    /// Comment on a case.
    Comment,
    /// Link a case to another.
    LinkCase,
    /// Open the criminal investigation, as one's own unit.
    OpenInvestigation,
    /// Update the investigation (status, investigator, arrests).
    UpdateInvestigation,
    /// Record where the docket moves.
    MoveDocket,
    /// Receive the docket at the Director of Public Prosecutions: open the prosecution.
    OpenProsecution,
    /// Record the DPP's decision: prosecute, decline, return for further investigation.
    DppDecision,
    /// Record that a summons was issued, and the court.
    IssueSummons,
    /// Change the prosecution's own fields: the prosecutor in charge, the court case number.
    UpdateProsecution,
    /// Charge an accused.
    Charge,
    /// Record a hearing.
    RecordHearing,
    /// Record a verdict for one accused.
    RecordVerdict,
    /// Record a sentence.
    RecordSentence,
    /// Record a compensation order.
    OrderCompensation,
}

impl Act {
    /// Every act, in declaration order.
    pub const ALL: [Act; 31] = [
        Act::RegisterCase,
        Act::EditCase,
        Act::CloseCase,
        Act::ReopenCase,
        Act::TransferCase,
        Act::RecordPerson,
        Act::DecideStatus,
        Act::RecordEvent,
        Act::SendReferral,
        Act::AcceptReferral,
        Act::DeclineReferral,
        Act::DeliverReferral,
        Act::CloseReferralNotDelivered,
        Act::RevokeReferral,
        Act::CloseReferral,
        Act::RecordSupportPlan,
        Act::RecordConsent,
        Act::Comment,
        Act::LinkCase,
        Act::OpenInvestigation,
        Act::UpdateInvestigation,
        Act::MoveDocket,
        Act::OpenProsecution,
        Act::DppDecision,
        Act::IssueSummons,
        Act::UpdateProsecution,
        Act::Charge,
        Act::RecordHearing,
        Act::RecordVerdict,
        Act::RecordSentence,
        Act::OrderCompensation,
    ];

    /// The stable kebab-case identifier, e.g. `record-verdict`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Act::RegisterCase => "register-case",
            Act::EditCase => "edit-case",
            Act::CloseCase => "close-case",
            Act::ReopenCase => "reopen-case",
            Act::TransferCase => "transfer-case",
            Act::RecordPerson => "record-person",
            Act::DecideStatus => "decide-status",
            Act::RecordEvent => "record-event",
            Act::SendReferral => "send-referral",
            Act::AcceptReferral => "accept-referral",
            Act::DeclineReferral => "decline-referral",
            Act::DeliverReferral => "deliver-referral",
            Act::CloseReferralNotDelivered => "close-referral-not-delivered",
            Act::RevokeReferral => "revoke-referral",
            Act::CloseReferral => "close-referral",
            Act::RecordSupportPlan => "record-support-plan",
            Act::RecordConsent => "record-consent",
            Act::Comment => "comment",
            Act::LinkCase => "link-case",
            Act::OpenInvestigation => "open-investigation",
            Act::UpdateInvestigation => "update-investigation",
            Act::MoveDocket => "move-docket",
            Act::OpenProsecution => "open-prosecution",
            Act::DppDecision => "dpp-decision",
            Act::IssueSummons => "issue-summons",
            Act::UpdateProsecution => "update-prosecution",
            Act::Charge => "charge",
            Act::RecordHearing => "record-hearing",
            Act::RecordVerdict => "record-verdict",
            Act::RecordSentence => "record-sentence",
            Act::OrderCompensation => "order-compensation",
        }
    }

    /// Whether the act moves one referral (and so is judged against that referral's sender or receiver).
    #[must_use]
    pub const fn is_referral_move(self) -> bool {
        matches!(
            self,
            Act::AcceptReferral
                | Act::DeclineReferral
                | Act::DeliverReferral
                | Act::CloseReferralNotDelivered
                | Act::RevokeReferral
                | Act::CloseReferral
        )
    }
}

impl fmt::Display for Act {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not an act identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown act `{0}`")]
pub struct UnknownAct(pub String);

impl std::str::FromStr for Act {
    type Err = UnknownAct;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Act::ALL.into_iter().find(|a| a.as_str() == s).ok_or_else(|| UnknownAct(s.chars().take(64).collect()))
    }
}

impl serde::Serialize for Act {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn identifiers_are_distinct_kebab_case_and_round_trip() {
        let ids: std::collections::BTreeSet<_> = Act::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(ids.len(), Act::ALL.len());
        for act in Act::ALL {
            assert!(act.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{act}");
            assert_eq!(act.as_str().parse::<Act>().unwrap(), act);
        }
        assert!("verdict".parse::<Act>().is_err());
    }

    #[test]
    fn all_is_in_declaration_order() {
        assert!(Act::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
