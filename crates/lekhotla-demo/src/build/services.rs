//! Protection in a demo case: referrals and their outcomes, consents, support plans.
//!
//! Consents are recorded first: a referral naming a victim is sent only while the victim's consent to
//! services is in force. Most referrals are accepted; some are declined with a reason (the only shelter
//! takes female victims only, so a male victim's shelter referral is always declined); a few accepted
//! ones are closed as not delivered, a few pending ones revoked, and a few victims withdraw their consent
//! to services later, which revokes their referrals.

use lekhotla_domain::{
    Case, ConsentGiver, ConsentInput, ConsentPurpose, NewReferral, OrgId, ReferralAction, ReferralId, ReferralReason,
    ReferralState, ServiceType, SupportPlanInput, SupportPlanType,
};
use time::{Date, Duration};

use super::people::VictimInfo;
use super::{Ctx, Kind, Scenario};
use crate::DemoError;
use crate::names;

fn version(case: &Case, id: ReferralId) -> i64 {
    case.referrals.iter().find(|r| r.id == id).map_or(1, |r| r.version)
}

/// Moves a referral: accepted with probability `accept`, declined with `decline` (and `why`), else left pending.
fn respond(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    id: ReferralId,
    sent_on: Date,
    accept: f64,
    decline: f64,
    why: &str,
) -> Result<(), DemoError> {
    let today = cx.today;
    let u = cx.rng.unit();
    let mv = |cx: &mut Ctx<'_>, case: &mut Case, action: ReferralAction| {
        let v = version(case, id);
        cx.step("move_referral", case.move_referral(id, v, action, today))
    };
    if u < accept {
        let d = cx.after(sent_on, 0, 5);
        let Some(on) = cx.happened(d) else { return Ok(()) };
        mv(cx, case, ReferralAction::Accept { on })?;
        if !cx.chance(0.8) {
            if cx.chance(0.3) {
                let d = cx.after(on, 20, 90);
                if let Some(on) = cx.happened(d) {
                    let reason = "The victim could not be reached after two appointments were missed.".to_owned();
                    mv(cx, case, ReferralAction::CloseNotDelivered { on, reason })?;
                }
            }
            return Ok(());
        }
        let d = cx.after(on, 1, 45);
        let Some(on) = cx.happened(d) else { return Ok(()) };
        let note = cx.chance(0.4).then(|| "Seen by the social worker; next review in a month.".to_owned());
        mv(cx, case, ReferralAction::Deliver { on, note })?;
        if cx.chance(0.5) {
            let d = cx.after(on, 30, 200);
            if let Some(on) = cx.happened(d) {
                mv(cx, case, ReferralAction::Close { on })?;
            }
        }
    } else if u < accept + decline {
        let d = cx.after(sent_on, 0, 7);
        let Some(on) = cx.happened(d) else { return Ok(()) };
        mv(cx, case, ReferralAction::Decline { on, reason: why.to_owned() })?;
        if cx.chance(0.6) {
            let d = cx.after(on, 1, 30);
            if let Some(on) = cx.happened(d) {
                mv(cx, case, ReferralAction::Close { on })?;
            }
        }
    } else if cx.chance(0.1) {
        let d = cx.after(sent_on, 1, 20);
        if let Some(on) = cx.happened(d) {
            let reason = "Sent to the wrong district office; sent again to the right one.".to_owned();
            mv(cx, case, ReferralAction::Revoke { on, reason })?;
        }
    }
    Ok(())
}

/// A stay in the shelter ends: most victims leave within four months, and the shelter closes the referral
/// (what `respond` left open).
fn end_stay(cx: &mut Ctx<'_>, case: &mut Case, id: ReferralId) -> Result<(), DemoError> {
    let Some(r) = case.referrals.iter().find(|r| r.id == id) else { return Ok(()) };
    let (ReferralState::ServiceDelivered, Some(from)) = (r.state, r.delivered_on) else { return Ok(()) };
    if !cx.chance(0.9) {
        return Ok(());
    }
    let d = cx.after(from, 7, 120);
    if let Some(on) = cx.happened(d) {
        let (v, today) = (version(case, id), cx.today);
        cx.step("move_referral", case.move_referral(id, v, ReferralAction::Close { on }, today))?;
    }
    Ok(())
}

struct Send<'a> {
    victim: &'a VictimInfo,
    to: OrgId,
    service: ServiceType,
    reason: ReferralReason,
    details: Option<&'a str>,
}

fn send(cx: &mut Ctx<'_>, case: &mut Case, s: Send<'_>) -> Result<Option<(ReferralId, Date)>, DemoError> {
    let from = case.organisation;
    // The victim's consent to services decides whether a referral naming them can be sent, and from when.
    let consented = case
        .consents
        .iter()
        .find(|c| c.victim == s.victim.id && c.purpose == ConsentPurpose::Services && c.in_force())
        .map(|c| c.recorded_on);
    let (Some(consented), false) = (consented, from == s.to) else { return Ok(None) };
    let Some(to) = cx.g.orgs.iter().find(|o| o.id == s.to) else { return Ok(None) };
    let d = cx.after(s.victim.identified_on, 0, 10).max(consented);
    let Some(sent_on) = cx.happened(d) else { return Ok(None) };
    let input = NewReferral {
        victim: Some(s.victim.id),
        from_org: from,
        to_org: s.to,
        referring_case_worker: cx.chance(0.6).then(|| names::official_name(&mut cx.rng, "Ms")),
        referring_case_worker_user: None,
        referred_case_worker: cx.chance(0.3).then(|| names::official_name(&mut cx.rng, "Mr")),
        referred_case_worker_user: None,
        service: s.service,
        reason: s.reason,
        details: s.details.map(str::to_owned),
        sent_on,
    };
    let id = cx.step("send_referral", case.send_referral(input, to, cx.today))?;
    Ok(Some((id, sent_on)))
}

/// Referrals for each victim: the automatic child-protection referral's outcome, shelter, counselling,
/// medical care, legal aid and, for victims found abroad, repatriation with IOM.
pub(crate) fn referrals(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    sc: &Scenario,
    victims: &[VictimInfo],
) -> Result<(), DemoError> {
    let dir = cx.g.dir.clone();
    for v in victims {
        let auto = case.referrals.iter().find(|r| r.automatic && r.victim == Some(v.id)).map(|r| (r.id, r.sent_on));
        if let Some((id, sent_on)) = auto {
            respond(
                cx,
                case,
                id,
                sent_on,
                0.92,
                0.03,
                "The child is back in the care of a parent; the district social worker follows up at home.",
            )?;
        }
        if v.not_a_victim {
            continue;
        }
        let extra = ReferralReason::AdditionalServicesRequired;
        if cx.chance(0.55) {
            let s = Send {
                victim: v,
                to: dir.shelter,
                service: ServiceType::Shelter,
                reason: extra,
                details: Some("Needs a safe place to stay, away from the recruiter."),
            };
            if let Some((id, on)) = send(cx, case, s)? {
                if v.female {
                    respond(
                        cx,
                        case,
                        id,
                        on,
                        0.87,
                        0.08,
                        "No bed was free on the day; placed in a place of safety arranged by the district social worker.",
                    )?;
                    end_stay(cx, case, id)?;
                } else {
                    respond(
                        cx,
                        case,
                        id,
                        on,
                        0.0,
                        1.0,
                        "The shelter takes female victims only; referred to the district office for another placement.",
                    )?;
                }
            }
        }
        if cx.chance(0.4) {
            let to = if v.female { dir.shelter } else { dir.social[sc.district] };
            let s = Send { victim: v, to, service: ServiceType::Counselling, reason: extra, details: None };
            if let Some((id, on)) = send(cx, case, s)? {
                respond(cx, case, id, on, 0.9, 0.05, "The victim declined counselling for now.")?;
            }
        }
        if cx.chance(0.35) {
            let s = Send {
                victim: v,
                to: dir.health,
                service: ServiceType::Medical,
                reason: extra,
                details: Some("Medical examination, HIV and pregnancy testing, a medical report for the docket."),
            };
            if let Some((id, on)) = send(cx, case, s)? {
                respond(cx, case, id, on, 0.95, 0.02, "The victim did not come to the appointment.")?;
            }
        }
        if cx.chance(0.15) {
            let s = Send { victim: v, to: dir.legal_aid, service: ServiceType::LegalAid, reason: extra, details: None };
            if let Some((id, on)) = send(cx, case, s)? {
                respond(
                    cx,
                    case,
                    id,
                    on,
                    0.85,
                    0.1,
                    "Outside the directorate's mandate; referred to a lawyers' federation.",
                )?;
            }
        }
        if sc.abroad && !sc.intercepted && cx.chance(0.35) {
            let s = Send {
                victim: v,
                to: dir.iom,
                service: ServiceType::Repatriation,
                reason: ReferralReason::MigrationOrChangeOfLocation,
                details: Some("Return from South Africa and reintegration support."),
            };
            if let Some((id, on)) = send(cx, case, s)? {
                respond(cx, case, id, on, 0.9, 0.05, "The victim chose to stay in South Africa with relatives.")?;
            }
        }
    }
    Ok(())
}

/// Consents per victim: to services (most give it), to prosecution when there is an investigation,
/// to statistics, and to cross-border sharing in cross-border cases; a few prosecution consents are withdrawn.
pub(crate) fn consents(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    sc: &Scenario,
    victims: &[VictimInfo],
    investigated: bool,
) -> Result<(), DemoError> {
    for v in victims {
        if v.not_a_victim {
            continue;
        }
        let mut purposes = vec![(ConsentPurpose::Services, 0.92), (ConsentPurpose::Statistics, 0.75)];
        if investigated {
            purposes.push((ConsentPurpose::Prosecution, 0.55));
        }
        if sc.abroad && cx.chance(0.4) {
            purposes.push((ConsentPurpose::CrossBorderSharing, 0.8));
        }
        for (purpose, p_given) in purposes {
            let recorded_on = cx.after(v.identified_on, 0, 2).min(cx.today);
            let given = cx.chance(p_given);
            let recorded_by = cx.chance(0.7).then(|| names::official_name(&mut cx.rng, "Ms"));
            // A child's consent is given by a parent or guardian (rarely a court), with the child's assent.
            let child = case.victims.iter().any(|x| x.id == v.id && x.presumed_child());
            let (given_by, child_assent) = if child && given {
                let by = if cx.chance(0.9) { ConsentGiver::ParentOrGuardian } else { ConsentGiver::Court };
                (Some(by), Some(cx.chance(0.9)))
            } else {
                (None, None)
            };
            let input = ConsentInput { victim: v.id, purpose, given, recorded_on, recorded_by, given_by, child_assent };
            let id = cx.step("record_consent", case.record_consent(input, cx.today))?;
            if purpose == ConsentPurpose::Prosecution && given && cx.chance(0.05) {
                let d = cx.after(recorded_on, 10, 200);
                if let Some(on) = cx.happened(d) {
                    cx.step("withdraw_consent", case.withdraw_consent(id, 1, on, cx.today))?;
                }
            }
        }
    }
    Ok(())
}

/// A few victims withdraw their consent to services after the referrals: their active referrals are
/// revoked by the domain (all but a child's child-protection referral).
pub(crate) fn withdrawals(cx: &mut Ctx<'_>, case: &mut Case, victims: &[VictimInfo]) -> Result<(), DemoError> {
    for v in victims {
        let Some(c) = case
            .consents
            .iter()
            .find(|c| c.victim == v.id && c.purpose == ConsentPurpose::Services && c.in_force())
            .map(|c| (c.id, c.version, c.recorded_on))
        else {
            continue;
        };
        if !cx.chance(0.04) {
            continue;
        }
        let last = case
            .referrals
            .iter()
            .filter(|r| r.victim == Some(v.id))
            .flat_map(|r| [Some(r.sent_on), r.responded_on, r.delivered_on, r.closed_on])
            .flatten()
            .max()
            .unwrap_or(c.2);
        let d = cx.after(last.max(c.2), 5, 120);
        if let Some(on) = cx.happened(d) {
            cx.step("withdraw_consent", case.withdraw_consent(c.0, c.1, on, cx.today))?;
        }
    }
    Ok(())
}

/// Support plans for victims whose shelter, counselling or child-protection referral was accepted.
pub(crate) fn support_plans(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    sc: &Scenario,
    victims: &[VictimInfo],
) -> Result<(), DemoError> {
    for v in victims {
        let accepted = case
            .referrals
            .iter()
            .filter(|r| r.victim == Some(v.id))
            .filter(|r| {
                matches!(r.service, ServiceType::Shelter | ServiceType::Counselling | ServiceType::ChildProtection)
            })
            .find(|r| {
                matches!(r.state, ReferralState::Accepted | ReferralState::ServiceDelivered | ReferralState::Closed)
            })
            .and_then(|r| r.responded_on.map(|d| (r.to_org, d)));
        let Some((provider, responded)) = accepted else { continue };
        if !cx.chance(0.6) {
            continue;
        }
        let plan_type = match sc.kind {
            _ if v.child => *cx.rng.pick(&[SupportPlanType::Education, SupportPlanType::SocialCare]),
            Kind::Sexual | Kind::Mixed => SupportPlanType::SexualExploitationRehabilitation,
            Kind::Labour => SupportPlanType::LabourExploitationRehabilitation,
            _ => *cx.rng.pick(&[SupportPlanType::SocialCare, SupportPlanType::Livelihood, SupportPlanType::Health]),
        };
        let d = cx.after(responded, 0, 14);
        let Some(started_on) = cx.happened(d) else { continue };
        let planned_end = started_on + Duration::days(cx.rng.range(90, 365));
        let actual_end = if cx.chance(0.7) { cx.happened(planned_end) } else { None };
        let input = SupportPlanInput {
            victim: v.id,
            plan_type,
            provider: Some(provider),
            objectives: (*cx.rng.pick(&[
                "Safety, trauma counselling and a return to school.",
                "Stabilise; reunite with family in the home district; start a small business (poultry).",
                "Medical follow-up, counselling, and skills training: sewing or hairdressing.",
            ]))
            .to_owned(),
            action_plan: cx.chance(0.5).then(|| {
                "1. Weekly counselling.\n2. Family visit, with consent.\n3. Review at three months.".to_owned()
            }),
            started_on,
            planned_end: Some(planned_end),
            actual_end,
        };
        cx.step("add_support_plan", case.add_support_plan(input, cx.today))?;
    }
    Ok(())
}
