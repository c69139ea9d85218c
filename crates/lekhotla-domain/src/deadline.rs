//! How soon a referral must be answered: each service has a response deadline in days, shorter for a child
//! (or a victim whose age is not known, as the child rule treats them). A referral still `Sent` past its
//! deadline is overdue and escalates to the hub's focal point; past twice its deadline, to the national
//! coordinator as well.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::error::{Checker, DomainError};
use crate::vocabulary::{ServiceType, Vocabulary};

/// The longest deadline that may be set, in days.
pub const MAX_DAYS: u32 = 90;

/// The deadlines of every service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseDeadlines {
    pub version: i64,
    /// One per service, in the vocabulary's order.
    pub services: Vec<ServiceDeadline>,
}

/// One service's deadline, in whole days after the day it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDeadline {
    pub service: ServiceType,
    /// For an adult.
    pub adult_days: u32,
    /// For a child, or a victim whose age is not known: at most the adult's.
    pub child_days: u32,
}

impl Default for ResponseDeadlines {
    /// The deadlines a new registry starts with: a safe place and care within a day or two, child protection
    /// within a day, the rest within a week or two.
    fn default() -> Self {
        let days = |s: ServiceType| match s {
            ServiceType::Shelter | ServiceType::ChildProtection => (2, 1),
            ServiceType::Medical => (2, 1),
            ServiceType::Investigation => (3, 2),
            ServiceType::Counselling => (5, 3),
            ServiceType::LegalAid => (7, 5),
            ServiceType::Repatriation | ServiceType::Reintegration => (14, 7),
            _ => (7, 5),
        };
        let services = ServiceType::ALL
            .iter()
            .map(|&service| {
                let (adult_days, child_days) = days(service);
                ServiceDeadline { service, adult_days, child_days }
            })
            .collect();
        Self { version: 0, services }
    }
}

/// How far past its deadline a referral is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Escalation {
    /// Not yet due.
    OnTime,
    /// Past its deadline: the receiving organisation and the hub's focal point are told.
    Overdue,
    /// Past twice its deadline: the national coordinator is told as well.
    Escalated,
}

impl ResponseDeadlines {
    /// Every bad value, or nothing: each service once, each deadline from 1 to [`MAX_DAYS`], a child's no
    /// longer than an adult's.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut c = Checker::new();
        for (i, d) in self.services.iter().enumerate() {
            let at = |x: &str| format!("services[{i}].{x}");
            if self.services[..i].iter().any(|e| e.service == d.service) {
                c.fail(at("service"), format!("names {} twice", d.service.code()));
            }
            for (x, v) in [("adult_days", d.adult_days), ("child_days", d.child_days)] {
                if !(1..=MAX_DAYS).contains(&v) {
                    c.fail(at(x), format!("must be from 1 to {MAX_DAYS} days"));
                }
            }
            if d.child_days > d.adult_days {
                c.fail(at("child_days"), "must not be longer than the adult's: a child's referral is answered first");
            }
        }
        c.finish()
    }

    /// The deadline of `service` in days (the default's for a service not listed).
    pub fn days(&self, service: ServiceType, child: bool) -> u32 {
        let of = |list: &[ServiceDeadline]| list.iter().find(|d| d.service == service).copied();
        let d = of(&self.services).or_else(|| of(&Self::default().services)).unwrap_or(ServiceDeadline {
            service,
            adult_days: 7,
            child_days: 5,
        });
        if child { d.child_days } else { d.adult_days }
    }

    /// The day a referral sent on `sent_on` must be answered by.
    pub fn due(&self, service: ServiceType, child: bool, sent_on: Date) -> Date {
        sent_on + Duration::days(i64::from(self.days(service, child)))
    }

    /// Where an unanswered referral stands on `today`.
    pub fn escalation(&self, service: ServiceType, child: bool, sent_on: Date, today: Date) -> Escalation {
        let days = i64::from(self.days(service, child));
        if today > sent_on + Duration::days(2 * days) {
            Escalation::Escalated
        } else if today > sent_on + Duration::days(days) {
            Escalation::Overdue
        } else {
            Escalation::OnTime
        }
    }

    /// The last day a referral of `service` may have been sent on and be at `level` on `today` (sent on or
    /// before it: overdue, or escalated).
    pub fn sent_by(&self, service: ServiceType, child: bool, level: Escalation, today: Date) -> Date {
        let days = i64::from(self.days(service, child));
        let times = if level == Escalation::Escalated { 2 } else { 1 };
        today - Duration::days(times * days + 1)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    #[test]
    fn a_shelter_referral_escalates_after_its_deadline_and_again_after_twice_it() {
        let d = ResponseDeadlines::default();
        let sent = date!(2026 - 11 - 20);
        assert_eq!(d.due(ServiceType::Shelter, false, sent), date!(2026 - 11 - 22));
        assert_eq!(d.escalation(ServiceType::Shelter, false, sent, date!(2026 - 11 - 22)), Escalation::OnTime);
        assert_eq!(d.escalation(ServiceType::Shelter, false, sent, date!(2026 - 11 - 23)), Escalation::Overdue);
        assert_eq!(d.escalation(ServiceType::Shelter, false, sent, date!(2026 - 11 - 25)), Escalation::Escalated);
        // A child's is shorter.
        assert_eq!(d.escalation(ServiceType::Shelter, true, sent, date!(2026 - 11 - 22)), Escalation::Escalated);
        // `sent_by` agrees with `escalation` at the edges.
        for level in [Escalation::Overdue, Escalation::Escalated] {
            for child in [false, true] {
                let today = date!(2026 - 12 - 01);
                let last = d.sent_by(ServiceType::Counselling, child, level, today);
                assert!(d.escalation(ServiceType::Counselling, child, last, today) >= level);
                let next = last + Duration::days(1);
                assert!(d.escalation(ServiceType::Counselling, child, next, today) < level);
            }
        }
    }

    #[test]
    fn every_bad_deadline_is_named() {
        let mut d = ResponseDeadlines::default();
        assert_eq!(d.validate(), Ok(()));
        d.services[0].child_days = d.services[0].adult_days + 1;
        d.services[1].adult_days = 0;
        d.services[2].service = d.services[3].service;
        let fields: Vec<String> = match d.validate().unwrap_err() {
            DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
            other => panic!("{other}"),
        };
        assert_eq!(
            fields,
            ["services[0].child_days", "services[1].adult_days", "services[1].child_days", "services[3].service"]
        );
    }
}
