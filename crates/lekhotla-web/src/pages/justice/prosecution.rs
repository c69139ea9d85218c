//! The prosecution's forms: open it (with a first charge), the DPP's decision, the summons, its own
//! fields and withdrawal, a charge, a hearing, a verdict, a sentence, a compensation order. Each carries
//! the prosecution's version.

use lekhotla_domain::{
    Case, ChargeInput, CompensationInput, DppDecision, DppDecisionKind, HearingInput, HearingKind, Offence, PersonId,
    ProsecutionInput, ProsecutionUpdate, ProsecutionWithdrawal, SentenceInput, VerdictInput, VerdictOutcome,
};
use lekhotla_identity::Act;

use super::acts::{suspects, victims};
use super::form::{Field, Form, Reader, Values, iso, vocab};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::mutate::{change_case, only};
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The fields (and version, and what is on record) of `act`'s form.
pub fn fill(form: &mut Form, actor: &Actor, case: &Case, act: Act, today: time::Date) {
    let c = &form.c;
    let p = case.prosecution.as_ref();
    if let Some(p) = p {
        form.version = Some(p.version);
        form.facts = vec![
            (c.t("justice-prosecutor"), p.prosecutor.clone()),
            (c.t("justice-referred-on"), iso(p.referred_on)),
            (
                c.t("justice-dpp-decision"),
                p.dpp_decision.map(|d| format!("{} ({})", c.vocab(d.decision), iso(d.on))).unwrap_or_default(),
            ),
            (c.t("justice-court"), p.court.clone().unwrap_or_default()),
            (c.t("justice-court-number"), p.court_case_number.clone().unwrap_or_default()),
        ];
    }
    let accused: Vec<PersonId> = p.map(|p| p.accused()).unwrap_or_default();
    let convicted: Vec<PersonId> = accused.iter().copied().filter(|a| p.is_some_and(|p| p.is_convicted(*a))).collect();
    let today = iso(today);
    let charge = |c: &Chrome| {
        vec![
            Field::select("offence", c.t("justice-offence"), vocab::<Offence>(c)),
            Field::text("statute", c.t("justice-statute")),
            Field::number("counts", c.t("justice-counts")).value("1"),
            Field::date("filed_on", c.t("justice-filed-on")).value(today.clone()),
        ]
    };
    form.fields = match act {
        Act::OpenProsecution => {
            let mut f = vec![
                Field::text("prosecutor", c.t("justice-prosecutor")).required().value(actor.username.to_string()),
                Field::date("referred_on", c.t("justice-referred-on")).required().value(today.clone()),
                Field::text("court", c.t("justice-court")),
                Field::text("court_case_number", c.t("justice-court-number")),
                Field::select("accused", c.t("justice-first-charge"), suspects(c, case, None))
                    .hint(c.t("justice-first-charge-hint")),
            ];
            f.extend(charge(c));
            f
        }
        Act::DppDecision => vec![
            Field::select("decision", c.t("justice-dpp-decision"), vocab::<DppDecisionKind>(c)).required(),
            Field::date("on", c.t("justice-on")).required().value(today),
        ],
        Act::IssueSummons => vec![
            Field::date("summons_issued_on", c.t("justice-summons-on")).required().value(today),
            Field::text("court", c.t("justice-court")).value(p.and_then(|p| p.court.clone()).unwrap_or_default()),
            Field::text("court_case_number", c.t("justice-court-number"))
                .value(p.and_then(|p| p.court_case_number.clone()).unwrap_or_default()),
        ],
        Act::UpdateProsecution => vec![
            Field::text("prosecutor", c.t("justice-prosecutor"))
                .value(p.map(|p| p.prosecutor.clone()).unwrap_or_default()),
            Field::text("court", c.t("justice-court")).value(p.and_then(|p| p.court.clone()).unwrap_or_default()),
            Field::text("court_case_number", c.t("justice-court-number"))
                .value(p.and_then(|p| p.court_case_number.clone()).unwrap_or_default()),
            Field::date("withdrawn_on", c.t("justice-withdrawn-on")).hint(c.t("justice-withdraw-hint")),
            Field::area("withdrawal_reason", c.t("justice-withdrawal-reason")).hint(c.t("justice-sealed-hint")),
        ],
        Act::Charge => {
            let mut f = vec![Field::select("accused", c.t("justice-accused"), suspects(c, case, None)).required()];
            f.extend(charge(c).into_iter().map(Field::required));
            f
        }
        Act::RecordHearing => vec![
            Field::date("on", c.t("justice-hearing-on")).required().value(today),
            Field::select("kind", c.t("justice-hearing-kind"), vocab::<HearingKind>(c)).required(),
            Field::check("victim_testified", c.t("justice-victim-testified")),
            Field::area("notes", c.t("justice-notes")).hint(c.t("justice-sealed-hint")),
        ],
        Act::RecordVerdict => vec![
            Field::select("accused", c.t("justice-accused"), suspects(c, case, Some(&accused))).required(),
            Field::select("outcome", c.t("justice-outcome"), vocab::<VerdictOutcome>(c)).required(),
            Field::date("on", c.t("justice-on")).required().value(today),
        ],
        Act::RecordSentence => vec![
            Field::select("accused", c.t("justice-accused"), suspects(c, case, Some(&convicted))).required(),
            Field::date("on", c.t("justice-on")).required().value(today),
            Field::number("imprisonment_months", c.t("justice-months")),
            Field::number("fine_lsl", c.t("justice-fine")),
            Field::check("suspended", c.t("justice-suspended")),
            Field::area("notes", c.t("justice-notes")).hint(c.t("justice-sealed-hint")),
        ],
        _ => vec![
            Field::select("accused", c.t("justice-accused"), suspects(c, case, Some(&convicted))).required(),
            Field::select("victim", c.t("justice-victim"), victims(c, case)).required(),
            Field::number("amount_lsl", c.t("justice-amount")).required(),
            Field::date("on", c.t("justice-on")).required().value(today),
        ],
    };
}

/// A charge from the form (`accused` given).
fn charge(r: &mut Reader<'_>, accused: PersonId) -> Option<ChargeInput> {
    let offence = r.code::<Offence>("offence");
    let counts = r.number::<u32>("counts").unwrap_or(1);
    let filed_on = r.req_date("filed_on");
    let statute = r.values.opt_text("statute");
    offence.map(|offence| ChargeInput { accused, offence, statute, counts, filed_on })
}

/// Records `change` (which returns the new record's id, or nothing) on the prosecution.
macro_rules! step {
    ($state:expr, $actor:expr, $case:expr, $act:expr, $version:expr, $input:expr, $method:ident) => {{
        let input = $input;
        let version = $version;
        change_case($state, $actor, $case.id, only($act), |case, today| {
            case.$method(version, input.clone(), today)?;
            Ok(())
        })
        .await?;
    }};
}

/// Reads the form of `act` and records it on the case.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    c: &Chrome,
    case: &Case,
    act: Act,
    values: &Values,
) -> Result<(), ApiError> {
    let mut r = Reader::new(values, c);
    if act == Act::OpenProsecution {
        let mut input = ProsecutionInput {
            prosecutor: r.text("prosecutor"),
            referred_on: r.req_date("referred_on"),
            court: values.opt_text("court"),
            court_case_number: values.opt_text("court_case_number"),
            charges: Vec::new(),
        };
        if values.get("accused").is_some() {
            let accused = r.id::<PersonId>("accused");
            if let Some(ch) = accused.and_then(|a| charge(&mut r, a)) {
                input.charges.push(ch);
            }
        }
        let input = r.finish(Some(input))?;
        change_case(state, actor, case.id, only(Act::OpenProsecution), |case, today| {
            Ok(case.open_prosecution(input.clone(), today)?)
        })
        .await?;
        return Ok(());
    }
    let version = values.version()?;
    match act {
        Act::DppDecision | Act::IssueSummons | Act::UpdateProsecution => {
            let mut input = ProsecutionUpdate {
                prosecutor: None,
                dpp_decision: None,
                summons_issued_on: None,
                court: values.opt_text("court"),
                court_case_number: values.opt_text("court_case_number"),
                withdrawal: None,
            };
            match act {
                Act::DppDecision => {
                    let decision = r.code::<DppDecisionKind>("decision");
                    let on = r.req_date("on");
                    input.dpp_decision = decision.map(|decision| DppDecision { decision, on });
                }
                Act::IssueSummons => input.summons_issued_on = Some(r.req_date("summons_issued_on")),
                _ => {
                    input.prosecutor = values.opt_text("prosecutor");
                    if let Some(on) = r.date("withdrawn_on") {
                        let reason = r.text("withdrawal_reason");
                        input.withdrawal = Some(ProsecutionWithdrawal { on, reason });
                    }
                }
            }
            let input = r.finish(Some(input))?;
            let deeds = |_: &Case| crate::api::prosecution::prosecution_deeds(&input);
            change_case(state, actor, case.id, deeds, |case, today| {
                Ok(case.update_prosecution(version, input.clone(), today)?)
            })
            .await?;
        }
        Act::Charge => {
            let accused = r.id::<PersonId>("accused");
            let ch = accused.and_then(|a| charge(&mut r, a));
            step!(state, actor, case, Act::Charge, version, r.finish(ch)?, add_charge);
        }
        Act::RecordHearing => {
            let kind = r.code::<HearingKind>("kind");
            let on = r.req_date("on");
            let input = kind.map(|kind| HearingInput {
                on,
                kind,
                victim_testified: values.flag("victim_testified"),
                notes: values.opt_text("notes"),
            });
            step!(state, actor, case, Act::RecordHearing, version, r.finish(input)?, add_hearing);
        }
        Act::RecordVerdict => {
            let accused = r.id::<PersonId>("accused");
            let outcome = r.code::<VerdictOutcome>("outcome");
            let on = r.req_date("on");
            let input = accused.zip(outcome).map(|(accused, outcome)| VerdictInput { accused, outcome, on });
            step!(state, actor, case, Act::RecordVerdict, version, r.finish(input)?, record_verdict);
        }
        Act::RecordSentence => {
            let accused = r.id::<PersonId>("accused");
            let on = r.req_date("on");
            let imprisonment_months = r.number("imprisonment_months");
            let fine_lsl = r.number("fine_lsl");
            let input = accused.map(|accused| SentenceInput {
                accused,
                on,
                imprisonment_months,
                fine_lsl,
                suspended: values.flag("suspended"),
                notes: values.opt_text("notes"),
            });
            step!(state, actor, case, Act::RecordSentence, version, r.finish(input)?, record_sentence);
        }
        _ => {
            let accused = r.id::<PersonId>("accused");
            let victim = r.id::<PersonId>("victim");
            let amount = r.number::<u64>("amount_lsl");
            if values.get("amount_lsl").is_none() {
                r.errors.push(lekhotla_domain::FieldError::new("amount_lsl", c.t("justice-error-required")));
            }
            let on = r.req_date("on");
            let input = accused.zip(victim).zip(amount).map(|((accused, victim), amount_lsl)| CompensationInput {
                accused,
                victim,
                amount_lsl,
                on,
            });
            step!(state, actor, case, Act::OrderCompensation, version, r.finish(input)?, order_compensation);
        }
    }
    Ok(())
}
