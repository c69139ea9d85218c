//! Reading referrals.csv, with the states a referral can be in checked against its dates.

use lekhotla_domain::error::Checker;
use lekhotla_domain::limits;
use lekhotla_domain::referral::{NewReferral, ReferralAction};
use lekhotla_domain::{OrgId, PersonId, Referral, ReferralId, ReferralReason, ReferralState, ServiceType, UserRef};

use super::super::Import;
use super::super::registry::Seen;
use super::super::row::Row;
use super::super::table::Reader;
use super::victim_of;
use crate::cell;
use crate::schema::{VERSION, VICTIM_ID, referrals as rf};

pub(super) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let mut ids = Seen::default();
    st.file(reader, rf::FILE, rf::COLUMNS, |st, r| referral(st, &mut ids, r));
}

fn referral(st: &mut Import, ids: &mut Seen<ReferralId>, r: &mut Row<'_>) {
    let id = r.req(rf::ID, cell::id::<ReferralId>);
    let version = r.req(VERSION, cell::version);
    let victim = r.opt(VICTIM_ID, cell::id::<PersonId>);
    let from_org = r.req(rf::FROM_ORG, cell::id::<OrgId>);
    let to_org = r.req(rf::TO_ORG, cell::id::<OrgId>);
    let referring_case_worker = r.opt_text(rf::REFERRING_WORKER);
    let referring_case_worker_user = r.opt(rf::REFERRING_WORKER_USER, cell::id::<UserRef>);
    let referred_case_worker = r.opt_text(rf::REFERRED_WORKER);
    let referred_case_worker_user = r.opt(rf::REFERRED_WORKER_USER, cell::id::<UserRef>);
    let service = r.req(rf::SERVICE, cell::code::<ServiceType>);
    let reason = r.req(rf::REASON, cell::code::<ReferralReason>);
    let details = r.opt_text(rf::DETAILS);
    let automatic = r.req(rf::AUTOMATIC, cell::parse_flag);
    let state = r.req(rf::STATE, cell::code::<ReferralState>);
    let sent_on = r.req(rf::SENT_ON, cell::parse_date);
    let responded_on = r.opt(rf::RESPONDED_ON, cell::parse_date);
    let decline_reason = r.opt_text(rf::DECLINE_REASON);
    let delivered_on = r.opt(rf::DELIVERED_ON, cell::parse_date);
    let delivery_note = r.opt_text(rf::DELIVERY_NOTE);
    let closed_on = r.opt(rf::CLOSED_ON, cell::parse_date);
    let end_reason = r.opt_text(rf::END_REASON);
    let (_, slot) = victim_of(st, r, victim);
    st.reg.org(r, rf::FROM_ORG, from_org);
    st.reg.org(r, rf::TO_ORG, to_org);
    if let Some(id) = id {
        ids.unique(r, rf::ID, id, format_args!("referral {id}"));
    }
    let (
        Some(id),
        Some(version),
        Some(victim),
        Some(from_org),
        Some(to_org),
        Some(referring_case_worker_user),
        Some(referred_case_worker_user),
        Some(service),
        Some(reason),
        Some(automatic),
        Some(state),
        Some(sent_on),
        Some(responded_on),
        Some(delivered_on),
        Some(closed_on),
    ) = (
        id,
        version,
        victim,
        from_org,
        to_org,
        referring_case_worker_user,
        referred_case_worker_user,
        service,
        reason,
        automatic,
        state,
        sent_on,
        responded_on,
        delivered_on,
        closed_on,
    )
    else {
        return;
    };
    let referral = Referral {
        id,
        version,
        victim,
        from_org,
        to_org,
        referring_case_worker,
        referring_case_worker_user,
        referred_case_worker,
        referred_case_worker_user,
        service,
        reason,
        details,
        automatic,
        state,
        sent_on,
        responded_on,
        decline_reason,
        delivered_on,
        delivery_note,
        closed_on,
        end_reason,
    };
    r.check(check(&referral, st.today));
    if let Some(detected) = st.case_mut(r, slot).map(|c| c.detected_on)
        && referral.sent_on < detected
    {
        r.fail(rf::SENT_ON, format!("must not be before the case's detection ({detected})"));
    }
    if let Some(case) = st.case_mut(r, slot) {
        case.referrals.push(referral);
    }
}

/// What the state machine guarantees: sent → accepted → service delivered → closed, or sent → declined →
/// closed, sent or accepted → revoked, accepted → not delivered, each step dated no earlier than the one
/// before and none in the future; a revoked or not-delivered referral has its reason (`lk_EndReason`),
/// which a closed one may carry too (when the victim's withdrawal of consent closed it).
fn check(x: &Referral, today: time::Date) -> Checker {
    use ReferralState as S;
    let mut c = Checker::new();
    c.opt_text(rf::DETAILS, &x.details, const { limits::of(NewReferral::TEXT_LIMITS, "details") });
    c.opt_text(rf::DECLINE_REASON, &x.decline_reason, const { limits::of(ReferralAction::TEXT_LIMITS, "reason") });
    c.opt_text(rf::DELIVERY_NOTE, &x.delivery_note, const { limits::of(ReferralAction::TEXT_LIMITS, "note") });
    c.opt_text(rf::END_REASON, &x.end_reason, const { limits::of(ReferralAction::TEXT_LIMITS, "reason") });
    c.opt_text(
        rf::REFERRING_WORKER,
        &x.referring_case_worker,
        const { limits::of(NewReferral::TEXT_LIMITS, "referring_case_worker") },
    );
    c.opt_text(
        rf::REFERRED_WORKER,
        &x.referred_case_worker,
        const { limits::of(NewReferral::TEXT_LIMITS, "referred_case_worker") },
    );
    if x.from_org == x.to_org {
        c.fail(rf::TO_ORG, format!("must differ from {}", rf::FROM_ORG));
    }
    let dates = [
        (rf::SENT_ON, Some(x.sent_on)),
        (rf::RESPONDED_ON, x.responded_on),
        (rf::DELIVERED_ON, x.delivered_on),
        (rf::CLOSED_ON, x.closed_on),
    ];
    let mut previous: Option<(&str, time::Date)> = None;
    for (column, date) in dates {
        let Some(d) = date else { continue };
        c.past(column, d, today);
        if let Some((before, p)) = previous {
            c.order(column, Some(p), Some(d), before);
        }
        previous = Some((column, d));
    }
    let declined = x.decline_reason.is_some();
    let delivered = x.delivered_on.is_some();
    // The steps each state has been through: responded, delivered, declined, closed.
    let wanted = match x.state {
        S::Sent => [false, false, false, false],
        S::Accepted => [true, false, false, false],
        S::Declined => [true, false, true, false],
        S::ServiceDelivered => [true, true, false, false],
        // Closed after a delivery or a refusal: exactly one of the two, checked below.
        S::Closed => [true, delivered, declined, true],
        // Revoked while sent (no answer yet) or once accepted.
        S::Revoked => [x.responded_on.is_some(), false, false, true],
        S::NotDelivered => [true, false, false, true],
    };
    let present = [x.responded_on.is_some(), delivered, declined, x.closed_on.is_some()];
    let columns = [rf::RESPONDED_ON, rf::DELIVERED_ON, rf::DECLINE_REASON, rf::CLOSED_ON];
    for ((column, want), has) in columns.into_iter().zip(wanted).zip(present) {
        if has && !want {
            c.fail(column, format!("must be empty for a referral that is {}", x.state));
        } else if want && !has {
            c.fail(column, format!("is needed for a referral that is {}", x.state));
        }
    }
    if x.state == S::Closed && delivered == declined {
        let reason = if delivered {
            "a closed referral was either delivered or declined, not both"
        } else {
            "a closed referral was delivered or declined: one of lk_DeliveredOn and lk_DeclineReason is needed"
        };
        c.fail(rf::DECLINE_REASON, reason);
    }
    let ended = matches!(x.state, S::Revoked | S::NotDelivered);
    if ended && x.end_reason.is_none() {
        c.fail(rf::END_REASON, format!("is needed for a referral that is {}", x.state));
    } else if x.end_reason.is_some() && !ended && x.state != S::Closed {
        c.fail(rf::END_REASON, format!("must be empty for a referral that is {}", x.state));
    }
    if x.delivery_note.is_some() && !delivered {
        c.fail(rf::DELIVERY_NOTE, format!("is only for a delivered service: {} is empty", rf::DELIVERED_ON));
    }
    c
}
