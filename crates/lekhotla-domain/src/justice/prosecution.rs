//! Prosecution: the DPP's decision, charges per accused, summons, hearings, verdicts, sentences, compensation.
//!
//! The moves that make no sense are refused here: a prosecution without an investigation, a charge
//! against someone who is not a suspect, a hearing, verdict, sentence or compensation order without the
//! DPP's decision to prosecute (or after the prosecution was withdrawn), a verdict for a person not charged
//! or judged twice, a sentence without a conviction, a DPP decision to decline or to investigate further
//! once a summons is issued or a hearing recorded.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{ChargeId, CompensationId, HearingId, PersonId, ProsecutionId, SentenceId, VerdictId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{ConsentPurpose, DppDecisionKind, HearingKind, Offence, VerdictOutcome, Vocabulary};

/// A prosecution. A case has at most one; it has one or more accused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prosecution {
    pub id: ProsecutionId,
    pub version: i64,
    /// The prosecutor in charge.
    pub prosecutor: String,
    /// When the docket reached the DPP.
    pub referred_on: Date,
    pub dpp_decision: Option<DppDecision>,
    pub summons_issued_on: Option<Date>,
    pub court: Option<String>,
    pub court_case_number: Option<String>,
    /// When the prosecution was withdrawn as a whole (nolle prosequi), after a decision to prosecute and
    /// before any verdict. A withdrawn prosecution takes no further step. (Charges withdrawn against one
    /// accused are that accused's verdict, `Withdrawal`.)
    pub withdrawn_on: Option<Date>,
    /// Why it was withdrawn.
    pub withdrawal_reason: Option<String>,
    pub charges: Vec<Charge>,
    pub hearings: Vec<Hearing>,
    pub verdicts: Vec<Verdict>,
    pub sentences: Vec<Sentence>,
    pub compensation_orders: Vec<CompensationOrder>,
}

/// The withdrawal of a whole prosecution: when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProsecutionWithdrawal {
    pub on: Date,
    pub reason: String,
}

impl ProsecutionWithdrawal {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("reason", 2000)];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DppDecision {
    pub decision: DppDecisionKind,
    pub on: Date,
}

/// A charge against one accused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Charge {
    pub id: ChargeId,
    #[serde(flatten)]
    pub details: ChargeInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargeInput {
    /// The suspect charged.
    pub accused: PersonId,
    pub offence: Offence,
    /// The section of the Act, as written on the charge sheet.
    #[serde(default)]
    pub statute: Option<String>,
    #[serde(default = "one")]
    pub counts: u32,
    pub filed_on: Date,
}

impl ChargeInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("statute", 200)];
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hearing {
    pub id: HearingId,
    #[serde(flatten)]
    pub details: HearingInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingInput {
    pub on: Date,
    pub kind: HearingKind,
    /// The victim gave evidence at this hearing.
    #[serde(default)]
    pub victim_testified: bool,
    #[serde(default)]
    pub notes: Option<String>,
}

impl HearingInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("notes", 4000)];
}

/// The outcome for one accused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    pub id: VerdictId,
    #[serde(flatten)]
    pub details: VerdictInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerdictInput {
    pub accused: PersonId,
    pub outcome: VerdictOutcome,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sentence {
    pub id: SentenceId,
    #[serde(flatten)]
    pub details: SentenceInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentenceInput {
    pub accused: PersonId,
    pub on: Date,
    #[serde(default)]
    pub imprisonment_months: Option<u32>,
    /// Fine in maloti (LSL).
    #[serde(default)]
    pub fine_lsl: Option<u64>,
    #[serde(default)]
    pub suspended: bool,
    #[serde(default)]
    pub notes: Option<String>,
}

impl SentenceInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("notes", 4000)];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationOrder {
    pub id: CompensationId,
    #[serde(flatten)]
    pub details: CompensationInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationInput {
    pub accused: PersonId,
    pub victim: PersonId,
    /// Amount in maloti (LSL).
    pub amount_lsl: u64,
    pub on: Date,
}

/// What a user supplies to open a prosecution: the prosecutor, when the docket reached the DPP, and the charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProsecutionInput {
    pub prosecutor: String,
    pub referred_on: Date,
    #[serde(default)]
    pub court: Option<String>,
    #[serde(default)]
    pub court_case_number: Option<String>,
    #[serde(default)]
    pub charges: Vec<ChargeInput>,
}

impl ProsecutionInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("prosecutor", 200), ("court", 200), ("court_case_number", 60)];
}

/// A change to a prosecution's own fields: DPP decision, summons, court, or its withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProsecutionUpdate {
    #[serde(default)]
    pub prosecutor: Option<String>,
    #[serde(default)]
    pub dpp_decision: Option<DppDecision>,
    #[serde(default)]
    pub summons_issued_on: Option<Date>,
    #[serde(default)]
    pub court: Option<String>,
    #[serde(default)]
    pub court_case_number: Option<String>,
    /// Withdraws the whole prosecution (after a decision to prosecute, before any verdict); final.
    #[serde(default)]
    pub withdrawal: Option<ProsecutionWithdrawal>,
}

impl ProsecutionUpdate {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("prosecutor", 200), ("court", 200), ("court_case_number", 60)];
}

fn not_future(c: &mut Checker, field: &str, d: Date, today: Date) {
    c.past(field, d, today);
}

impl Prosecution {
    /// The accused: every suspect with at least one charge, in the order first charged.
    pub fn accused(&self) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = Vec::new();
        for c in &self.charges {
            if !out.contains(&c.details.accused) {
                out.push(c.details.accused);
            }
        }
        out
    }

    pub fn verdict_for(&self, accused: PersonId) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.details.accused == accused)
    }

    /// The DPP decided to prosecute (the decision in force is `Prosecute`) and the prosecution was not
    /// withdrawn: the case is before the court.
    pub fn is_before_court(&self) -> bool {
        self.withdrawn_on.is_none() && self.dpp_decision.is_some_and(|d| d.decision == DppDecisionKind::Prosecute)
    }

    /// Refuses `what` unless the prosecution is before the court.
    fn check_before_court(&self, what: &str) -> Result<(), DomainError> {
        if let Some(on) = self.withdrawn_on {
            return Err(DomainError::refused(format!("{what}: the prosecution was withdrawn on {on}")));
        }
        match self.dpp_decision {
            Some(d) if d.decision == DppDecisionKind::Prosecute => Ok(()),
            Some(d) => Err(DomainError::refused(format!(
                "{what} needs the DPP's decision to prosecute; the decision is '{}' ({})",
                d.decision.label(),
                d.on
            ))),
            None => {
                Err(DomainError::refused(format!("{what} needs the DPP's decision to prosecute; there is none yet")))
            }
        }
    }

    pub fn is_convicted(&self, accused: PersonId) -> bool {
        self.verdict_for(accused).is_some_and(|v| v.details.outcome == VerdictOutcome::Conviction)
    }

    /// Concluded: every accused has a verdict.
    pub fn concluded_on(&self) -> Option<Date> {
        let accused = self.accused();
        if accused.is_empty() || accused.iter().any(|a| self.verdict_for(*a).is_none()) {
            return None;
        }
        self.verdicts.iter().map(|v| v.details.on).max()
    }
}

impl Case {
    fn check_charge(&self, c: &mut Checker, prefix: &str, charge: &ChargeInput, referred_on: Date, today: Date) {
        if !self.suspects.iter().any(|s| s.id == charge.accused) {
            c.fail(format!("{prefix}accused"), format!("{} is not a suspect of this case", charge.accused));
        }
        if charge.counts == 0 {
            c.fail(format!("{prefix}counts"), "must be at least 1");
        }
        c.opt_text(&format!("{prefix}statute"), &charge.statute, max!(ChargeInput::TEXT_LIMITS, "statute"));
        not_future(c, &format!("{prefix}filed_on"), charge.filed_on, today);
        c.order(&format!("{prefix}filed_on"), Some(referred_on), Some(charge.filed_on), "the referral to the DPP");
    }

    fn prosecution_mut(&mut self, expected_version: i64) -> Result<&mut Prosecution, DomainError> {
        let p = self.prosecution.as_mut().ok_or_else(|| DomainError::refused("this case has no prosecution"))?;
        check_version("prosecution", expected_version, p.version)?;
        Ok(p)
    }

    pub fn open_prosecution(&mut self, input: ProsecutionInput, today: Date) -> Result<ProsecutionId, DomainError> {
        let Some(inv) = &self.investigation else {
            return Err(DomainError::refused("a prosecution needs an investigation first"));
        };
        if self.prosecution.is_some() {
            return Err(DomainError::refused("this case already has a prosecution"));
        }
        let mut c = Checker::new();
        c.text("prosecutor", &input.prosecutor, max!(ProsecutionInput::TEXT_LIMITS, "prosecutor"));
        c.opt_text("court", &input.court, max!(ProsecutionInput::TEXT_LIMITS, "court"));
        c.opt_text(
            "court_case_number",
            &input.court_case_number,
            max!(ProsecutionInput::TEXT_LIMITS, "court_case_number"),
        );
        not_future(&mut c, "referred_on", input.referred_on, today);
        c.order("referred_on", Some(inv.opened_on), Some(input.referred_on), "the investigation's opening");
        for (i, ch) in input.charges.iter().enumerate() {
            self.check_charge(&mut c, &format!("charges[{i}]."), ch, input.referred_on, today);
        }
        c.finish()?;
        let p = Prosecution {
            id: ProsecutionId::new(),
            version: 1,
            prosecutor: input.prosecutor,
            referred_on: input.referred_on,
            dpp_decision: None,
            summons_issued_on: None,
            court: input.court,
            court_case_number: input.court_case_number,
            withdrawn_on: None,
            withdrawal_reason: None,
            charges: input.charges.into_iter().map(|details| Charge { id: ChargeId::new(), details }).collect(),
            hearings: Vec::new(),
            verdicts: Vec::new(),
            sentences: Vec::new(),
            compensation_orders: Vec::new(),
        };
        let id = p.id;
        self.prosecution = Some(p);
        Ok(id)
    }

    pub fn update_prosecution(
        &mut self,
        expected_version: i64,
        input: ProsecutionUpdate,
        today: Date,
    ) -> Result<(), DomainError> {
        let p = self.prosecution_mut(expected_version)?;
        let mut c = Checker::new();
        c.opt_text("prosecutor", &input.prosecutor, max!(ProsecutionUpdate::TEXT_LIMITS, "prosecutor"));
        c.opt_text("court", &input.court, max!(ProsecutionUpdate::TEXT_LIMITS, "court"));
        c.opt_text(
            "court_case_number",
            &input.court_case_number,
            max!(ProsecutionUpdate::TEXT_LIMITS, "court_case_number"),
        );
        if let Some(d) = input.dpp_decision {
            not_future(&mut c, "dpp_decision.on", d.on, today);
            c.order("dpp_decision.on", Some(p.referred_on), Some(d.on), "the referral to the DPP");
        }
        if let Some(d) = input.summons_issued_on {
            not_future(&mut c, "summons_issued_on", d, today);
        }
        if let Some(w) = &input.withdrawal {
            not_future(&mut c, "withdrawal.on", w.on, today);
            c.text("withdrawal.reason", &w.reason, max!(ProsecutionWithdrawal::TEXT_LIMITS, "reason"));
        }
        c.finish()?;
        if let Some(on) = p.withdrawn_on
            && (input.dpp_decision.is_some() || input.summons_issued_on.is_some() || input.withdrawal.is_some())
        {
            return Err(DomainError::refused(format!(
                "the prosecution was withdrawn on {on}: its decision and summons can no longer change"
            )));
        }
        if let Some(d) = input.dpp_decision
            && d.decision != DppDecisionKind::Prosecute
        {
            let step = if let Some(s) = p.summons_issued_on.or(input.summons_issued_on) {
                Some(format!("a summons was issued on {s}"))
            } else {
                p.hearings.first().map(|h| format!("a hearing is recorded on {}", h.details.on))
            };
            if let Some(step) = step {
                return Err(DomainError::refused(format!(
                    "the DPP's decision cannot become '{}' once the case is before the court: {step}; record \
                     the withdrawal of the prosecution instead",
                    d.decision.label()
                )));
            }
        }
        let decision = input.dpp_decision.or(p.dpp_decision);
        if let Some(s) = input.summons_issued_on {
            match decision {
                Some(d) if d.decision == DppDecisionKind::Prosecute => {
                    if s < d.on {
                        return Err(DomainError::field(
                            "summons_issued_on",
                            format!("must not be before the DPP's decision ({})", d.on),
                        ));
                    }
                }
                _ => return Err(DomainError::refused("a summons needs the DPP's decision to prosecute")),
            }
        }
        if input.dpp_decision.is_some() && !p.verdicts.is_empty() {
            return Err(DomainError::refused("the DPP's decision cannot change once a verdict is recorded"));
        }
        if let Some(w) = &input.withdrawal {
            match decision {
                Some(d) if d.decision == DppDecisionKind::Prosecute => {
                    if w.on < d.on {
                        return Err(DomainError::field(
                            "withdrawal.on",
                            format!("must not be before the DPP's decision to prosecute ({})", d.on),
                        ));
                    }
                }
                _ => {
                    return Err(DomainError::refused(
                        "only a prosecution the DPP decided to bring can be withdrawn; record the DPP's decision \
                         to decline instead",
                    ));
                }
            }
            if !p.verdicts.is_empty() {
                return Err(DomainError::refused(
                    "a prosecution with a verdict cannot be withdrawn as a whole; record the withdrawal of the \
                     charges against each remaining accused as their verdict (Withdrawal)",
                ));
            }
        }
        if let Some(v) = input.prosecutor {
            p.prosecutor = v;
        }
        if input.dpp_decision.is_some() {
            p.dpp_decision = input.dpp_decision;
        }
        if input.summons_issued_on.is_some() {
            p.summons_issued_on = input.summons_issued_on;
        }
        if input.court.is_some() {
            p.court = input.court;
        }
        if input.court_case_number.is_some() {
            p.court_case_number = input.court_case_number;
        }
        if let Some(w) = input.withdrawal {
            p.withdrawn_on = Some(w.on);
            p.withdrawal_reason = Some(w.reason);
        }
        p.version += 1;
        Ok(())
    }

    pub fn add_charge(
        &mut self,
        expected_version: i64,
        input: ChargeInput,
        today: Date,
    ) -> Result<ChargeId, DomainError> {
        let referred_on = self.prosecution_mut(expected_version)?.referred_on;
        let mut c = Checker::new();
        self.check_charge(&mut c, "", &input, referred_on, today);
        c.finish()?;
        let p = self.prosecution_mut(expected_version)?;
        if let Some(on) = p.withdrawn_on {
            return Err(DomainError::refused(format!("a charge: the prosecution was withdrawn on {on}")));
        }
        if p.verdict_for(input.accused).is_some() {
            return Err(DomainError::refused("this accused already has a verdict; a new charge needs a new case"));
        }
        let charge = Charge { id: ChargeId::new(), details: input };
        let id = charge.id;
        p.charges.push(charge);
        p.version += 1;
        Ok(id)
    }

    pub fn add_hearing(
        &mut self,
        expected_version: i64,
        input: HearingInput,
        today: Date,
    ) -> Result<HearingId, DomainError> {
        let testified_with_consent =
            self.victims.iter().any(|v| self.consent_in_force(v.id, ConsentPurpose::Prosecution));
        let p = self.prosecution_mut(expected_version)?;
        p.check_before_court("a hearing")?;
        if input.victim_testified && !testified_with_consent {
            return Err(DomainError::refused(
                "a hearing at which a victim testified needs a victim of this case with consent to prosecution in \
                 force",
            ));
        }
        let mut c = Checker::new();
        c.opt_text("notes", &input.notes, max!(HearingInput::TEXT_LIMITS, "notes"));
        c.order("on", Some(p.referred_on), Some(input.on), "the referral to the DPP");
        // Hearings may be scheduled ahead, up to two years.
        c.planned("on", input.on, today, time::Duration::days(730));
        c.finish()?;
        let h = Hearing { id: HearingId::new(), details: input };
        let id = h.id;
        p.hearings.push(h);
        p.version += 1;
        Ok(id)
    }

    pub fn record_verdict(
        &mut self,
        expected_version: i64,
        input: VerdictInput,
        today: Date,
    ) -> Result<VerdictId, DomainError> {
        let p = self.prosecution_mut(expected_version)?;
        p.check_before_court("a verdict")?;
        if !p.charges.iter().any(|c| c.details.accused == input.accused) {
            return Err(DomainError::refused("a verdict needs a charge against that person"));
        }
        if p.verdict_for(input.accused).is_some() {
            return Err(DomainError::refused("this accused already has a verdict"));
        }
        let mut c = Checker::new();
        not_future(&mut c, "on", input.on, today);
        let first_charge =
            p.charges.iter().filter(|c| c.details.accused == input.accused).map(|c| c.details.filed_on).min();
        c.order("on", first_charge, Some(input.on), "the first charge");
        c.finish()?;
        let v = Verdict { id: VerdictId::new(), details: input };
        let id = v.id;
        p.verdicts.push(v);
        p.version += 1;
        Ok(id)
    }

    pub fn record_sentence(
        &mut self,
        expected_version: i64,
        input: SentenceInput,
        today: Date,
    ) -> Result<SentenceId, DomainError> {
        let p = self.prosecution_mut(expected_version)?;
        p.check_before_court("a sentence")?;
        let Some(verdict) = p.verdict_for(input.accused).filter(|v| v.details.outcome == VerdictOutcome::Conviction)
        else {
            return Err(DomainError::refused("a sentence needs a conviction of that person"));
        };
        if p.sentences.iter().any(|s| s.details.accused == input.accused) {
            return Err(DomainError::refused("this person is already sentenced"));
        }
        let mut c = Checker::new();
        not_future(&mut c, "on", input.on, today);
        c.order("on", Some(verdict.details.on), Some(input.on), "the conviction");
        c.opt_text("notes", &input.notes, max!(SentenceInput::TEXT_LIMITS, "notes"));
        if input.imprisonment_months.is_none() && input.fine_lsl.is_none() {
            c.fail("imprisonment_months", "a sentence has imprisonment, a fine, or both");
        }
        if input.imprisonment_months.is_some_and(|m| m > 12 * 99) {
            c.fail("imprisonment_months", "must be at most 1188 (99 years); record life imprisonment in notes");
        }
        c.finish()?;
        let s = Sentence { id: SentenceId::new(), details: input };
        let id = s.id;
        p.sentences.push(s);
        p.version += 1;
        Ok(id)
    }

    pub fn order_compensation(
        &mut self,
        expected_version: i64,
        input: CompensationInput,
        today: Date,
    ) -> Result<CompensationId, DomainError> {
        self.check_victim_ref(Some(input.victim), "victim")?;
        let p = self.prosecution_mut(expected_version)?;
        p.check_before_court("a compensation order")?;
        if !p.is_convicted(input.accused) {
            return Err(DomainError::refused("a compensation order needs a conviction of that person"));
        }
        let mut c = Checker::new();
        not_future(&mut c, "on", input.on, today);
        if input.amount_lsl == 0 {
            c.fail("amount_lsl", "must be more than zero");
        }
        c.finish()?;
        let o = CompensationOrder { id: CompensationId::new(), details: input };
        let id = o.id;
        p.compensation_orders.push(o);
        p.version += 1;
        Ok(id)
    }
}
