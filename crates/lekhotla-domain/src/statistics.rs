//! A case as victim-level statistics may see it: without the victims who refused or withdrew their
//! consent to statistics, and with no sealed value (names, birth date, contact, address, notes, and any place
//! finer than a district: cities, postal codes, map positions).
//!
//! [`Case::for_statistics`] is the rule; `lekhotla export htcds --for statistics` applies it to every case.
//! [`bands`] holds what the figures keep instead of sealed values: the age band at identification and a
//! case's form of exploitation.

pub mod bands;

pub use bands::{AgeBand, ExploitationForm};

use std::collections::HashSet;

use time::Date;

use crate::case::Case;
use crate::ids::PersonId;
use crate::person::{PersonDetails, SuspectIdentity};

impl Case {
    /// The case de-identified for statistics.
    ///
    /// - The victims not in [`Case::victims_for_statistics`] (their latest Statistics consent refused or
    ///   withdrawn) are left out with the records that name them: their consents, support plans, referrals
    ///   and compensation orders. An event or a witness that names such a victim stays, without the link.
    /// - Every sealed field is emptied: the people's names (a first name reads empty), birth date, identity
    ///   number, phones, e-mail, street address, city, postal code and map position, and every sealed note (the
    ///   case's summary, closure reason and incoming-referral details, vulnerability details, a suspect's role
    ///   details, organisation and position in a public body (the body stays), an event's place, description, city, postal code and map
    ///   position, referral notes, support plans' objectives and action plans, comments, the investigation's
    ///   closure reason and docket-transfer reasons, a prosecution's withdrawal reason, hearing and sentence
    ///   notes). Places stay at the district (and country or subdivision) level.
    /// - An age stays: where a birth date is known, `estimated_age` becomes the age in whole years on the
    ///   day a victim was identified (for a suspect or a witness, on the day the case was detected), so a
    ///   child identified as a child still counts as one.
    pub fn for_statistics(&self) -> Case {
        let kept: HashSet<PersonId> = self.victims_for_statistics().into_iter().collect();
        let left_out = |v: &PersonId| !kept.contains(v);
        let mut c = self.clone();
        c.victims.retain(|v| kept.contains(&v.id));
        c.consents.retain(|x| kept.contains(&x.victim));
        c.support_plans.retain(|p| kept.contains(&p.details.victim));
        c.referrals.retain(|r| !r.victim.as_ref().is_some_and(left_out));
        if let Some(p) = &mut c.prosecution {
            p.compensation_orders.retain(|o| kept.contains(&o.details.victim));
        }
        for e in &mut c.events {
            if e.details.victim.as_ref().is_some_and(left_out) {
                e.details.victim = None;
            }
        }
        for w in &mut c.witnesses {
            if w.details.victim.as_ref().is_some_and(left_out) {
                w.details.victim = None;
            }
        }
        c.empty_sealed();
        c.empty_staff_names();
        c
    }

    /// Empties the names of the officials who worked on the case (owner, case workers, who took a
    /// consent, comment authors, investigator, prosecutor, docket custodians): a statistical file names
    /// nobody. Their user-account references (ids) stay.
    fn empty_staff_names(&mut self) {
        self.owner = None;
        if let Some(r) = &mut self.incoming_referral {
            r.case_worker = None;
        }
        for r in &mut self.referrals {
            r.referring_case_worker = None;
            r.referred_case_worker = None;
        }
        for x in &mut self.consents {
            x.recorded_by = None;
        }
        for x in &mut self.comments {
            x.author = String::new();
        }
        if let Some(i) = &mut self.investigation {
            i.investigator = String::new();
            i.docket_custodian = None;
            for t in &mut i.docket_transfers {
                t.from_custodian = None;
                t.to_custodian = String::new();
            }
        }
        if let Some(p) = &mut self.prosecution {
            p.prosecutor = String::new();
        }
    }

    /// Empties every sealed field and note, keeping an age where a birth date was known.
    fn empty_sealed(&mut self) {
        let detected = self.detected_on;
        for v in &mut self.victims {
            anonymise(&mut v.person, v.context.identified_on);
            v.context.vulnerability_details = None;
        }
        for s in &mut self.suspects {
            if let SuspectIdentity::Individual(p) = &mut s.details.identity {
                anonymise(p, detected);
            }
            s.details.role_details = None;
            s.details.organisation = None;
            // The public body stays (an institution, counted for official complicity); the position goes.
            if let Some(o) = &mut s.details.official {
                o.position = None;
            }
        }
        for w in &mut self.witnesses {
            anonymise(&mut w.details.person, detected);
        }
        self.summary = None;
        self.closure_reason = None;
        if let Some(r) = &mut self.incoming_referral {
            r.details = None;
        }
        for e in &mut self.events {
            e.details.place = None;
            e.details.description = None;
            e.details.city = None;
            e.details.postal_code = None;
            e.details.latitude = None;
            e.details.longitude = None;
        }
        for r in &mut self.referrals {
            r.details = None;
            r.decline_reason = None;
            r.delivery_note = None;
            r.end_reason = None;
        }
        for p in &mut self.support_plans {
            p.details.objectives = String::new();
            p.details.action_plan = None;
        }
        for x in &mut self.comments {
            x.text = String::new();
        }
        self.empty_justice_notes();
    }

    /// Empties the investigation's and the prosecution's sealed notes.
    fn empty_justice_notes(&mut self) {
        if let Some(i) = &mut self.investigation {
            i.closure_reason = None;
            for t in &mut i.docket_transfers {
                t.reason = None;
            }
        }
        if let Some(p) = &mut self.prosecution {
            p.withdrawal_reason = None;
            for h in &mut p.hearings {
                h.details.notes = None;
            }
            for s in &mut p.sentences {
                s.details.notes = None;
            }
        }
    }
}

/// Empties a person's sealed fields; a known birth date leaves the age on `day` in `estimated_age`.
fn anonymise(p: &mut PersonDetails, day: Date) {
    if p.birthdate.is_some() {
        p.estimated_age = p.age_on(day);
    }
    p.first_name = String::new();
    p.middle_name = None;
    p.second_name = None;
    p.birthdate = None;
    p.identity_number = None;
    p.phone = None;
    p.home_phone = None;
    p.email = None;
    p.address = None;
    p.postal_code = None;
    p.city = None;
    p.latitude = None;
    p.longitude = None;
}
