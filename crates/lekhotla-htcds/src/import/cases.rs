//! Reading cases.csv, comments.csv and case_links.csv.

use lekhotla_domain::error::Checker;
use lekhotla_domain::{
    Case, CaseId, CaseLink, CaseLinkKind, CaseNumber, CaseStatus, Comment, CommentId, DetectionSource,
    IncomingReferral, IncomingReferralReason, NewCase, OrgId, UserRef,
};

use super::Import;
use super::registry::Seen;
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{CASE_ID, VERSION, cases as c, comments as cm, links as l};

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let (mut ids, mut numbers) = (Seen::default(), Seen::default());
    st.file(reader, c::FILE, c::COLUMNS, |st, r| case(st, &mut ids, &mut numbers, r));
}

pub(crate) fn read_comments_and_links(reader: &mut Reader<'_>, st: &mut Import) {
    let mut ids = Seen::default();
    st.file(reader, cm::FILE, cm::COLUMNS, |st, r| comment(st, &mut ids, r));
    let mut pairs = Seen::default();
    st.file(reader, l::FILE, l::COLUMNS, |st, r| link(st, &mut pairs, r));
}

fn case(st: &mut Import, ids: &mut Seen<CaseId>, numbers: &mut Seen<CaseNumber>, r: &mut Row<'_>) {
    let id = r.req(CASE_ID, cell::id::<CaseId>);
    let number = r.req(c::NUMBER, cell::case_number);
    let version = r.req(VERSION, cell::version);
    let status = r.req(c::STATUS, cell::code::<CaseStatus>);
    let closure_reason = r.opt_text(c::CLOSURE_REASON);
    let owner = r.opt_text(c::OWNER);
    let owner_user = r.opt(c::OWNER_USER, cell::id::<UserRef>);
    let organisation = r.req(c::ORG_ID, cell::id::<OrgId>);
    let district = r.req(c::DISTRICT, cell::unit);
    let detection_source = r.req(c::DETECTION_SOURCE, cell::code::<DetectionSource>);
    let detected_on = r.req(c::DETECTED_ON, cell::parse_date);
    let port_of_entry = r.opt(c::PORT_OF_ENTRY, cell::unit);
    let summary = r.opt_text(c::SUMMARY);
    let incoming_referral = incoming(st, r);
    let created_at = r.req(c::CREATED_AT, cell::parse_timestamp);
    let updated_at = r.req(c::UPDATED_AT, cell::parse_timestamp);
    st.reg.org(r, c::ORG_ID, organisation);
    let new_id = id.filter(|id| ids.unique(r, CASE_ID, *id, format_args!("case {id}")));
    if let Some(n) = number {
        numbers.unique(r, c::NUMBER, n, format_args!("case number {n}"));
    }
    let (
        Some(id),
        Some(number),
        Some(version),
        Some(status),
        Some(organisation),
        Some(district),
        Some(detection_source),
        Some(detected_on),
        Some(port_of_entry),
        Some(owner_user),
        Some(incoming_referral),
        Some(created_at),
        Some(updated_at),
    ) = (
        id,
        number,
        version,
        status,
        organisation,
        district,
        detection_source,
        detected_on,
        port_of_entry,
        owner_user,
        incoming_referral,
        created_at,
        updated_at,
    )
    else {
        if let Some(id) = new_id {
            st.reg.cases.insert(id, None);
        }
        return;
    };
    let input = NewCase {
        organisation,
        district,
        detection_source,
        detected_on,
        port_of_entry,
        owner,
        owner_user,
        incoming_referral,
        summary,
    };
    r.domain(input.validate(st.today), |field| match field {
        "detected_on" => Some(c::DETECTED_ON),
        "owner" => Some(c::OWNER),
        "summary" => Some(c::SUMMARY),
        "received_on" => Some(c::INCOMING_ON),
        "details" => Some(c::INCOMING_DETAILS),
        "case_worker" => Some(c::REFERRING_WORKER),
        _ => None,
    });
    let mut check = Checker::new();
    check.opt_text(c::CLOSURE_REASON, &closure_reason, 4000);
    if matches!(status, CaseStatus::Closed | CaseStatus::ClosedReferred) && closure_reason.is_none() {
        check.fail(c::CLOSURE_REASON, format!("is needed for a case that is {status}"));
    }
    if updated_at < created_at {
        check.fail(c::UPDATED_AT, format!("must not be before {}", c::CREATED_AT));
    }
    r.check(check);
    let slot = (!r.failed()).then(|| {
        st.cases.push(Case {
            id,
            number,
            version,
            status,
            closure_reason,
            owner: input.owner,
            owner_user: input.owner_user,
            organisation: input.organisation,
            incoming_referral: input.incoming_referral,
            district: input.district,
            detection_source: input.detection_source,
            detected_on: input.detected_on,
            port_of_entry: input.port_of_entry,
            summary: input.summary,
            created_at,
            updated_at,
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
        });
        st.cases.len() - 1
    });
    if let Some(id) = new_id {
        st.reg.cases.insert(id, slot);
    }
}

/// The incoming referral's columns: all empty, or a referring organisation and what goes with it.
/// `None` when a cell is bad (the problem is recorded).
fn incoming(st: &Import, r: &mut Row<'_>) -> Option<Option<IncomingReferral>> {
    let from_org = r.opt(c::REFERRING_ORG, cell::id::<OrgId>);
    let received_on = r.opt(c::INCOMING_ON, cell::parse_date);
    let reason = r.opt(c::INCOMING_REASON, cell::code::<IncomingReferralReason>);
    let details = r.opt_text(c::INCOMING_DETAILS);
    let case_worker = r.opt_text(c::REFERRING_WORKER);
    let case_worker_user = r.opt(c::REFERRING_WORKER_USER, cell::id::<UserRef>);
    let from_org = from_org?;
    let Some(from_org) = from_org else {
        r.unused(&c::INCOMING[1..], &format!("when {} is empty", c::REFERRING_ORG));
        return Some(None);
    };
    st.reg.org(r, c::REFERRING_ORG, Some(from_org));
    Some(Some(IncomingReferral {
        from_org,
        received_on: received_on?,
        reason: reason?,
        details,
        case_worker,
        case_worker_user: case_worker_user?,
    }))
}

fn comment(st: &mut Import, ids: &mut Seen<CommentId>, r: &mut Row<'_>) {
    let case_id = r.req(CASE_ID, cell::id::<CaseId>);
    let id = r.req(cm::ID, cell::id::<CommentId>);
    let author = r.text(cm::AUTHOR);
    let at = r.req(cm::AT, cell::parse_timestamp);
    let text = r.text(cm::TEXT);
    let slot = st.reg.case(r, CASE_ID, case_id);
    if let Some(id) = id {
        ids.unique(r, cm::ID, id, format_args!("comment {id}"));
    }
    let (Some(id), Some(author), Some(at), Some(text)) = (id, author, at, text) else { return };
    let mut check = Checker::new();
    check.text(cm::AUTHOR, &author, 100);
    check.text(cm::TEXT, &text, 8000);
    r.check(check);
    if let Some(case) = st.case_mut(r, slot) {
        case.comments.push(Comment { id, author, at, text });
    }
}

fn link(st: &mut Import, pairs: &mut Seen<(CaseId, CaseId)>, r: &mut Row<'_>) {
    let case_id = r.req(CASE_ID, cell::id::<CaseId>);
    let other = r.req(l::OTHER, cell::id::<CaseId>);
    let kind = r.req(l::KIND, cell::code::<CaseLinkKind>);
    let slot = st.reg.case(r, CASE_ID, case_id);
    if let Some(o) = other {
        st.reg.case(r, l::OTHER, Some(o));
    }
    let (Some(case_id), Some(other), Some(kind)) = (case_id, other, kind) else { return };
    if case_id == other {
        r.fail(l::OTHER, "a case cannot be linked to itself");
    }
    pairs.unique(r, l::OTHER, (case_id, other), format_args!("the link from case {case_id} to case {other}"));
    if let Some(case) = st.case_mut(r, slot) {
        case.links.push(CaseLink { other, kind });
    }
}
