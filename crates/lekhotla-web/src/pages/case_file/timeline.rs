//! The case's story in time order: every dated thing recorded in the `Case` aggregate (detection, events,
//! identification, referrals and their answers, support plans, consents, investigation and docket moves,
//! the DPP's decision, summons, charges, hearings, verdicts, sentences, compensation, comments). The case
//! is read blanked or revealed before it comes here; sealed notes read `[sealed]` already.

use std::collections::HashMap;

use lekhotla_domain::{Case, OrgId, PersonId, SuspectIdentity};
use time::{Date, OffsetDateTime};

use crate::i18n::{MASERU, Tr};

/// One line of the story.
#[derive(Debug, Clone)]
pub struct Entry {
    /// When, for sorting (a day, and minutes into it for what has a time).
    pub key: (Date, u16, usize),
    /// `YYYY-MM-DD` (for `<time datetime>`).
    pub datetime: String,
    /// As shown (a day, or a day and a time in Maseru).
    pub when: String,
    /// What happened, in the person's language.
    pub what: String,
    /// Further detail (free text as recorded, the sealed placeholder when blanked); may be empty.
    pub detail: String,
    /// A form that changes what this line tells (its address, its words), when the reader is offered it.
    pub link: Option<(String, String)>,
}

/// Which of the story's records the reader may change from it (acts on offer), and the case's number.
#[derive(Debug, Default)]
pub struct Edits {
    pub number: String,
    pub events: bool,
    pub plans: bool,
    pub consents: bool,
}

/// Names of the case's people and of organisations, for the story's sentences.
pub struct Names<'a> {
    pub orgs: &'a HashMap<OrgId, String>,
    /// The loaded geography's country: (code, name).
    pub home: (String, String),
    pub people: HashMap<PersonId, String>,
    pub tr: Tr,
}

impl Names<'_> {
    pub fn org(&self, id: OrgId) -> String {
        self.orgs.get(&id).cloned().unwrap_or_else(|| self.tr.t("unknown"))
    }
    /// A country's name when it is the loaded geography's, else its code.
    pub fn country(&self, code: &str) -> String {
        if code == self.home.0 { self.home.1.clone() } else { code.to_owned() }
    }
    pub fn person(&self, id: Option<PersonId>) -> String {
        id.and_then(|p| self.people.get(&p).cloned()).unwrap_or_default()
    }
}

/// A person's name as recorded (or `[sealed]` when the case was blanked).
pub fn name_of(p: &lekhotla_domain::PersonDetails) -> String {
    [Some(p.first_name.as_str()), p.middle_name.as_deref(), p.second_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every person of the case by id, with their name; a sealed name with the person's place in the case
/// (`Victim 2 [sealed]`), so that a blanked story still tells its people apart.
pub fn people_names(case: &Case, tr: Tr) -> HashMap<PersonId, String> {
    let mut out = HashMap::new();
    let mut put = |id: PersonId, name: String, kind: &str, n: usize| {
        let name = if name == crate::sealed::SEALED {
            tr.args("file-person-ref", &[("kind", tr.t(kind)), ("n", (n + 1).to_string()), ("name", name)])
        } else {
            name
        };
        out.insert(id, name);
    };
    for (n, v) in case.victims.iter().enumerate() {
        put(v.id, name_of(&v.person), "person-victim", n);
    }
    for (n, s) in case.suspects.iter().enumerate() {
        let name = match &s.details.identity {
            SuspectIdentity::Individual(p) => name_of(p),
            SuspectIdentity::Business(b) => b.name.clone(),
        };
        put(s.id, name, "person-suspect", n);
    }
    for (n, w) in case.witnesses.iter().enumerate() {
        put(w.id, name_of(&w.details.person), "person-witness", n);
    }
    out
}

struct Story<'a> {
    out: Vec<Entry>,
    tr: Tr,
    names: &'a Names<'a>,
}

impl Story<'_> {
    fn day(&mut self, on: Date, what: String, detail: Option<&str>) {
        let n = self.out.len();
        self.out.push(Entry {
            key: (on, 0, n),
            datetime: on.to_string(),
            when: self.tr.date(on),
            what,
            detail: detail.unwrap_or_default().to_owned(),
            link: None,
        });
    }
    /// A form for the line just told.
    fn link(&mut self, href: String, label: &str) {
        let label = self.tr.t(label);
        if let Some(last) = self.out.last_mut() {
            last.link = Some((href, label));
        }
    }
    fn moment(&mut self, at: OffsetDateTime, what: String, detail: Option<&str>) {
        let local = at.to_offset(MASERU);
        let minutes = u16::from(local.hour()) * 60 + u16::from(local.minute());
        let n = self.out.len();
        self.out.push(Entry {
            key: (local.date(), minutes + 1, n),
            datetime: local.date().to_string(),
            when: self.tr.time(at),
            what,
            detail: detail.unwrap_or_default().to_owned(),
            link: None,
        });
    }
    fn say(&self, id: &str, args: &[(&str, String)]) -> String {
        self.tr.args(id, args)
    }
}

/// A vocabulary value's label in the person's language.
pub(crate) fn vocab<V: lekhotla_domain::Vocabulary>(tr: Tr, v: V) -> String {
    tr.label(V::NAME, v.code(), v.label())
}

/// The story of `case`, oldest first (undated events are left out: they are in the people's records),
/// with a link to the form of each record `edits` offers; sealed placeholders in the reader's language.
pub fn build(case: &Case, names: &Names<'_>, edits: &Edits) -> Vec<Entry> {
    let number = &edits.number;
    let tr = names.tr;
    let mut s = Story { out: Vec::new(), tr, names };
    s.day(
        case.detected_on,
        s.say("file-detected", &[("source", vocab(tr, case.detection_source))]),
        case.summary.as_deref(),
    );
    s.moment(case.created_at, s.say("file-registered", &[("org", names.org(case.organisation))]), None);
    for e in &case.events {
        if let Some(on) = e.details.date {
            let country = names.country(e.details.country.as_str());
            let place = [e.details.place.as_deref(), e.details.city.as_deref(), Some(country.as_str())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let what = s.say(
                "file-event",
                &[("type", vocab(tr, e.details.event_type)), ("place", place), ("who", names.person(e.details.victim))],
            );
            s.day(on, what, e.details.description.as_deref());
            if edits.events {
                s.link(format!("/cases/{number}/events/{}/edit", e.id), "file-edit-record");
            }
        }
    }
    people(&mut s, case);
    for r in &case.referrals {
        let args = [
            ("service", vocab(tr, r.service)),
            ("from", names.org(r.from_org)),
            ("to", names.org(r.to_org)),
            ("who", names.person(r.victim)),
        ];
        s.day(r.sent_on, s.say("file-referral-sent", &args), r.details.as_deref());
        if let Some(on) = r.responded_on {
            let id = if r.decline_reason.is_some() { "file-referral-declined" } else { "file-referral-accepted" };
            s.day(on, s.say(id, &args), r.decline_reason.as_deref());
        }
        if let Some(on) = r.delivered_on {
            s.day(on, s.say("file-referral-delivered", &args), r.delivery_note.as_deref());
        }
        if let Some(on) = r.closed_on {
            let state = vocab(tr, r.state);
            s.day(
                on,
                s.say("file-referral-closed", &[("service", vocab(tr, r.service)), ("state", state)]),
                r.end_reason.as_deref(),
            );
        }
    }
    for p in &case.support_plans {
        let d = &p.details;
        let args = [("type", vocab(tr, d.plan_type)), ("who", names.person(Some(d.victim)))];
        s.day(d.started_on, s.say("file-plan-started", &args), Some(&d.objectives));
        if edits.plans {
            s.link(format!("/cases/{number}/support-plans/{}/edit", p.id), "file-edit-record");
        }
        if let Some(on) = d.actual_end {
            s.day(on, s.say("file-plan-ended", &args), d.action_plan.as_deref());
        }
    }
    for x in &case.consents {
        let args = [
            ("purpose", vocab(tr, x.purpose)),
            ("who", names.person(Some(x.victim))),
            ("given", tr.t(if x.given { "file-consent-given" } else { "file-consent-refused" })),
        ];
        s.day(x.recorded_on, s.say("file-consent", &args), x.recorded_by.as_deref());
        if edits.consents && x.in_force() {
            s.link(format!("/cases/{number}/consents/{}/withdraw", x.id), "file-withdraw");
        }
        if let Some(on) = x.withdrawn_on {
            s.day(on, s.say("file-consent-withdrawn", &args), None);
        }
    }
    justice(&mut s, case);
    for c in &case.comments {
        s.moment(c.at, s.say("file-comment", &[("author", c.author.clone())]), Some(&c.text));
    }
    let mut out = s.out;
    out.sort_by_key(|e| e.key);
    for e in &mut out {
        e.what = local_sealed(tr, &e.what);
        e.detail = local_sealed(tr, &e.detail);
    }
    out
}

/// A text as shown to the reader, the sealed placeholder in their language (`[e notletsoe]` in Sesotho).
/// Only for display: a form's values keep the API's placeholder, so that writing one back keeps the value.
pub fn local_sealed(tr: Tr, text: &str) -> String {
    if text.contains(crate::sealed::SEALED) {
        text.replace(crate::sealed::SEALED, &tr.t("sealed"))
    } else {
        text.to_owned()
    }
}

/// Identification, status decisions, arrests and statements.
fn people(s: &mut Story<'_>, case: &Case) {
    let tr = s.tr;
    for v in &case.victims {
        let who = s.names.person(Some(v.id));
        s.day(v.context.identified_on, s.say("file-identified", &[("who", who.clone())]), None);
        if let Some(on) = v.context.status_decided_on {
            let status = vocab(tr, v.context.trafficking_status);
            s.day(on, s.say("file-status-decided", &[("who", who), ("status", status)]), None);
        }
    }
    for x in &case.suspects {
        if let Some(on) = x.details.arrested_on {
            s.day(on, s.say("file-arrested", &[("who", s.names.person(Some(x.id)))]), None);
        }
    }
    for w in &case.witnesses {
        if let Some(on) = w.details.statement_taken_on {
            s.day(on, s.say("file-statement", &[("who", s.names.person(Some(w.id)))]), None);
        }
    }
}

/// Investigation, docket, prosecution and the courts.
fn justice(s: &mut Story<'_>, case: &Case) {
    let tr = s.tr;
    if let Some(i) = &case.investigation {
        let args = [("unit", vocab(tr, i.unit)), ("who", i.investigator.clone())];
        s.day(i.opened_on, s.say("file-investigation-opened", &args), i.docket_number.as_deref());
        for t in &i.docket_transfers {
            s.day(t.on, s.say("file-docket-moved", &[("to", t.to_custodian.clone())]), t.reason.as_deref());
        }
        if let Some(on) = i.closed_on {
            s.day(on, s.say("file-investigation-closed", &args), i.closure_reason.as_deref());
        }
    }
    let Some(p) = &case.prosecution else { return };
    s.day(p.referred_on, s.say("file-prosecution-opened", &[("who", p.prosecutor.clone())]), p.court.as_deref());
    if let Some(d) = p.dpp_decision {
        s.day(d.on, s.say("file-dpp-decision", &[("decision", vocab(tr, d.decision))]), None);
    }
    if let Some(on) = p.summons_issued_on {
        s.day(on, tr.t("file-summons"), p.court_case_number.as_deref());
    }
    for c in &p.charges {
        let d = &c.details;
        let args = [("who", s.names.person(Some(d.accused))), ("offence", vocab(tr, d.offence))];
        s.day(d.filed_on, s.say("file-charge", &args), d.statute.as_deref());
    }
    for h in &p.hearings {
        let d = &h.details;
        s.day(d.on, s.say("file-hearing", &[("kind", vocab(tr, d.kind))]), d.notes.as_deref());
    }
    for v in &p.verdicts {
        let d = &v.details;
        let args = [("who", s.names.person(Some(d.accused))), ("outcome", vocab(tr, d.outcome))];
        s.day(d.on, s.say("file-verdict", &args), None);
    }
    for x in &p.sentences {
        let d = &x.details;
        let months = d.imprisonment_months.map(|m| m.to_string()).unwrap_or_else(|| "0".into());
        let fine = d.fine_lsl.map(|m| m.to_string()).unwrap_or_else(|| "0".into());
        let args = [("who", s.names.person(Some(d.accused))), ("months", months), ("fine", fine)];
        s.day(d.on, s.say("file-sentence", &args), d.notes.as_deref());
    }
    for c in &p.compensation_orders {
        let d = &c.details;
        let args = [
            ("who", s.names.person(Some(d.accused))),
            ("victim", s.names.person(Some(d.victim))),
            ("amount", d.amount_lsl.to_string()),
        ];
        s.day(d.on, s.say("file-compensation", &args), None);
    }
    if let Some(on) = p.withdrawn_on {
        s.day(on, tr.t("file-prosecution-withdrawn"), p.withdrawal_reason.as_deref());
    }
}
