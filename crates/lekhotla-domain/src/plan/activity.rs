//! An activity of the plan: who is responsible, where and when, its budget and what was spent, where it stands
//! and the evidence of it (documents uploaded, records of the registry linked).

use serde::{Deserialize, Serialize};

use super::code::{Coverage, PlanCode, Quarter};
use super::indicator::Indicator;
use crate::case_number::CaseNumber;
use crate::error::Checker;
use crate::limits::{TextLimits, max};
use crate::vocabulary::vocabulary;

/// The largest budget or expenditure, in maloti, one activity may record.
pub const MAX_MALOTI: u64 = 100_000_000_000;
/// The most evidence items one activity may list.
pub const MAX_EVIDENCE: usize = 100;
/// The kinds of registry record evidence may link to, written `kind:identifier`: a case by its number
/// (`case:LS-2025-000123`), the others by their id (`training:0190f0c2-...`).
pub const RECORD_KINDS: &[&str] = &["case", "referral", "campaign", "training", "inspection", "prosecution"];

vocabulary! {
    /// Where an activity stands.
    ActivityStatus, "lk_PlanActivityStatus" {
        NotStarted = "not_started", "Not started";
        InProgress = "in_progress", "In progress";
        Done = "done", "Done";
        Delayed = "delayed", "Delayed";
        Dropped = "dropped", "Dropped";
    }
}

vocabulary! {
    /// What a piece of evidence is.
    EvidenceKind, "lk_PlanEvidenceKind" {
        Document = "document", "Document (uploaded)";
        Record = "record", "Record of the registry (linked)";
    }
}

/// A piece of evidence that an activity was carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// What it shows, in a line ("Signed SOPs", "Training of Leribe prosecutors").
    pub label: String,
    pub kind: EvidenceKind,
    /// A document's stored name or id; a record as `kind:identifier` (see [`RECORD_KINDS`]).
    pub reference: String,
}

impl Evidence {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("label", 200), ("reference", 300)];

    pub(crate) fn check(&self, c: &mut Checker) {
        c.text("label", &self.label, max!("label"));
        c.text("reference", &self.reference, max!("reference"));
        if self.kind == EvidenceKind::Record && !is_record_reference(&self.reference) {
            c.fail(
                "reference",
                format!(
                    "a record is linked as kind:identifier, the kind one of {}: a case by its number \
                     (case:LS-2025-000123), the others by their id",
                    RECORD_KINDS.join("|")
                ),
            );
        }
    }
}

/// Whether `s` links a record: `case:` and a case number, or another of [`RECORD_KINDS`], `:` and its id.
pub fn is_record_reference(s: &str) -> bool {
    match s.split_once(':') {
        Some(("case", number)) => CaseNumber::parse(number).is_ok(),
        Some((kind, id)) => RECORD_KINDS.contains(&kind) && uuid::Uuid::parse_str(id).is_ok(),
        None => false,
    }
}

/// An activity: the third level of the plan (`1.3.2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub code: PlanCode,
    pub title: String,
    /// The ministry or organisation responsible, as the plan names it (text: the plan names ministries that need
    /// not be organisations of the registry). Partners may follow the lead, separated by `;`.
    pub responsible: String,
    pub districts: Coverage,
    /// The quarter it starts in, and the one it ends in (the same for a one-quarter activity).
    pub start: Quarter,
    pub end: Quarter,
    /// In maloti; none when not costed.
    #[serde(default)]
    pub budget: Option<u64>,
    /// Spent so far, in maloti. It may exceed the budget: [`Activity::overspent`] says by how much.
    #[serde(default)]
    pub expenditure: Option<u64>,
    pub status: ActivityStatus,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

impl Activity {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("title", 300), ("responsible", 300)];

    /// Checks its own fields and evidence (not its indicators); the period is the plan's, which the activity
    /// must lie in.
    pub(crate) fn check(&self, c: &mut Checker, period: (Quarter, Quarter)) {
        self.check_head(c, period);
        for (i, e) in self.evidence.iter().enumerate() {
            let mut ec = Checker::new();
            e.check(&mut ec);
            c.nest(&format!("evidence[{i}]"), ec.into_errors());
        }
    }

    /// Checks its own fields, those of its row in the plan file.
    pub(crate) fn check_head(&self, c: &mut Checker, period: (Quarter, Quarter)) {
        c.text("title", &self.title, max!("title"));
        c.text("responsible", &self.responsible, max!("responsible"));
        if self.end < self.start {
            c.fail("end", format!("must not be before the start ({})", self.start));
        }
        let within = format!("must lie within the plan's period, {} to {}", period.0, period.1);
        if self.start < period.0 || self.start > period.1 {
            c.fail("start", &within);
        }
        if self.end > period.1 {
            c.fail("end", within);
        }
        for (field, v) in [("budget", self.budget), ("expenditure", self.expenditure)] {
            if v.is_some_and(|v| v > MAX_MALOTI) {
                c.fail(field, format!("must be at most {MAX_MALOTI} maloti"));
            }
        }
        if self.evidence.len() > MAX_EVIDENCE {
            c.fail("evidence", format!("must list at most {MAX_EVIDENCE} items"));
        }
    }

    /// How many maloti were spent beyond the budget, when they were.
    pub fn overspent(&self) -> Option<u64> {
        match (self.budget, self.expenditure) {
            (Some(b), Some(e)) if e > b => Some(e - b),
            _ => None,
        }
    }

    /// Whether it should have ended by `today` and is neither done nor dropped.
    pub fn is_late(&self, today: time::Date) -> bool {
        today > self.end.last_day() && !matches!(self.status, ActivityStatus::Done | ActivityStatus::Dropped)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn sops() -> Activity {
        Activity {
            code: PlanCode::parse("3.1.1").unwrap(),
            title: "Finalise SOPs for victim identification and referral".into(),
            responsible: "Ministry of Home Affairs".into(),
            districts: Coverage::National,
            start: Quarter::parse("2022-Q1").unwrap(),
            end: Quarter::parse("2022-Q4").unwrap(),
            budget: Some(150_000),
            expenditure: Some(180_000),
            status: ActivityStatus::InProgress,
            evidence: vec![Evidence {
                label: "Draft SOPs".into(),
                kind: EvidenceKind::Document,
                reference: "sops-draft-v2.pdf".into(),
            }],
            indicators: vec![],
        }
    }

    fn period() -> (Quarter, Quarter) {
        (Quarter::parse("2021-Q1").unwrap(), Quarter::parse("2026-Q4").unwrap())
    }

    fn fields(a: &Activity) -> Vec<String> {
        let mut c = Checker::new();
        a.check(&mut c, period());
        c.into_errors().into_iter().map(|FieldError { field, .. }| field).collect()
    }

    #[test]
    fn overspending_is_allowed_but_flagged() {
        let a = sops();
        assert!(fields(&a).is_empty());
        assert_eq!(a.overspent(), Some(30_000));
        assert!(a.is_late(date!(2023 - 01 - 01)));
        assert!(!a.is_late(date!(2022 - 12 - 31)));
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut a = sops();
        a.title = " ".into();
        a.end = Quarter::parse("2021-Q4").unwrap();
        a.start = Quarter::parse("2020-Q4").unwrap();
        a.budget = Some(MAX_MALOTI + 1);
        a.evidence.push(Evidence { label: "Case".into(), kind: EvidenceKind::Record, reference: "file:12".into() });
        assert_eq!(fields(&a), ["title", "start", "budget", "evidence[1].reference"]);
        a.start = Quarter::parse("2022-Q1").unwrap();
        assert_eq!(fields(&a)[1], "end");
        a.evidence[1].reference = "case:LS-2025-000012".into();
        assert!(!fields(&a).contains(&"evidence[1].reference".to_owned()));
    }
}
