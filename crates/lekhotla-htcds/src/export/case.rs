//! Rows of organisations.csv, cases.csv, comments.csv and case_links.csv.

use lekhotla_domain::{Case, Organisation};

use super::ExportError;
use super::sink::Sink;
use crate::schema::{CASE_ID, VERSION, cases as c, comments as cm, links as l, organisations as o};

pub(crate) fn organisation(sink: &mut Sink, org: &Organisation) -> Result<(), ExportError> {
    let d = &org.details;
    let mut r = sink.row();
    r.value(o::ID, org.id)
        .value(VERSION, org.version)
        .text(o::NAME, &d.name)
        .code(o::TYPE, d.org_type)
        .opt_value(o::DISTRICT, d.district.as_ref())
        .codes(o::SERVICES, &d.services)
        .opt_text(o::PHONE, d.phone.as_ref())
        .opt_text(o::STREET, d.street.as_ref())
        .opt_text(o::CITY, d.city.as_ref())
        .opt_text(o::POSTAL_CODE, d.postal_code.as_ref())
        .value(o::COUNTRY, d.country)
        .opt_value(o::LATITUDE, d.latitude)
        .opt_value(o::LONGITUDE, d.longitude);
    sink.write(r)
}

pub(crate) fn case(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    let incoming = case.incoming_referral.as_ref();
    let mut r = sink.row();
    r.value(CASE_ID, case.id)
        .value(c::NUMBER, case.number)
        .value(VERSION, case.version)
        .code(c::STATUS, case.status)
        .opt_text(c::CLOSURE_REASON, case.closure_reason.as_ref())
        .opt_text(c::OWNER, case.owner.as_ref())
        .opt_value(c::OWNER_USER, case.owner_user)
        .value(c::ORG_ID, case.organisation)
        .value(c::DISTRICT, &case.district)
        .code(c::DETECTION_SOURCE, case.detection_source)
        .date(c::DETECTED_ON, case.detected_on)
        .opt_value(c::PORT_OF_ENTRY, case.port_of_entry.as_ref())
        .opt_text(c::SUMMARY, case.summary.as_ref())
        .opt_value(c::REFERRING_ORG, incoming.map(|i| i.from_org))
        .opt_date(c::INCOMING_ON, incoming.and_then(|i| i.received_on))
        .opt_code(c::INCOMING_REASON, incoming.and_then(|i| i.reason))
        .opt_text(c::INCOMING_DETAILS, incoming.and_then(|i| i.details.as_ref()))
        .opt_text(c::REFERRING_WORKER, incoming.and_then(|i| i.case_worker.as_ref()))
        .opt_value(c::REFERRING_WORKER_USER, incoming.and_then(|i| i.case_worker_user))
        .timestamp(c::CREATED_AT, case.created_at)
        .timestamp(c::UPDATED_AT, case.updated_at);
    sink.write(r)
}

pub(crate) fn comments(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for comment in &case.comments {
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(cm::ID, comment.id)
            .text(cm::AUTHOR, &comment.author)
            .timestamp(cm::AT, comment.at)
            .text(cm::TEXT, &comment.text);
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn links(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for link in &case.links {
        let mut r = sink.row();
        r.value(CASE_ID, case.id).value(l::OTHER, link.other).code(l::KIND, link.kind);
        sink.write(r)?;
    }
    Ok(())
}
