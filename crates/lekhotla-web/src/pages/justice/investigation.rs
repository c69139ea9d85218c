//! The investigation's forms: open it, change it (officer, docket number, closure), move its docket.
//! The docket's custodian is a sealed note: the form shows `[sealed]` for the one on record.

use lekhotla_domain::{Case, CountryCode, DocketTransferInput, InvestigationInput, InvestigationUnit, Vocabulary};
use lekhotla_identity::Act;

use super::form::{Field, Form, Reader, Values, iso, vocab};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::mutate::{change_case, only};
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The fields (and version, and what is on record) of `act`'s form.
pub fn fill(form: &mut Form, actor: &Actor, case: &Case, act: Act, today: time::Date) {
    let c = &form.c;
    let inv = case.investigation.as_ref();
    if let Some(i) = inv {
        form.version = Some(i.version);
        form.facts = vec![
            (c.t("justice-unit"), c.vocab(i.unit)),
            (c.t("justice-investigator"), i.investigator.clone()),
            (c.t("justice-opened-on"), iso(i.opened_on)),
            (c.t("justice-docket-number"), i.docket_number.clone().unwrap_or_default()),
            (c.t("justice-custodian"), i.docket_custodian.as_ref().map(|_| c.t("sealed")).unwrap_or_default()),
        ];
    }
    form.fields = match act {
        Act::OpenInvestigation => vec![
            Field::select("unit", c.t("justice-unit"), vocab::<InvestigationUnit>(c)).required(),
            Field::text("investigator", c.t("justice-investigator")).required().value(actor.username.to_string()),
            Field::date("opened_on", c.t("justice-opened-on")).required().value(iso(today)),
            Field::text("docket_number", c.t("justice-docket-number")),
            Field::text("docket_custodian", c.t("justice-custodian")).hint(c.t("justice-sealed-hint")),
            Field::text("cooperating_countries", c.t("justice-countries")).hint(c.t("justice-countries-hint")),
        ],
        Act::UpdateInvestigation => vec![
            Field::text("investigator", c.t("justice-investigator"))
                .value(inv.map(|i| i.investigator.clone()).unwrap_or_default()),
            Field::text("docket_number", c.t("justice-docket-number"))
                .value(inv.and_then(|i| i.docket_number.clone()).unwrap_or_default()),
            Field::text("cooperating_countries", c.t("justice-countries")).hint(c.t("justice-countries-hint")).value(
                inv.map(|i| i.cooperating_countries.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default(),
            ),
            Field::date("closed_on", c.t("justice-closed-on")).hint(c.t("justice-close-hint")),
            Field::area("closure_reason", c.t("justice-closure-reason")).hint(c.t("justice-sealed-hint")),
        ],
        _ => vec![
            Field::text("to_custodian", c.t("justice-to-custodian")).required().hint(c.t("justice-sealed-hint")),
            Field::date("on", c.t("justice-on")).required().value(iso(today)),
            Field::area("reason", c.t("justice-docket-reason")).hint(c.t("justice-sealed-hint")),
        ],
    };
}

/// The countries typed as `ZA, MZ`.
fn countries(r: &mut Reader<'_>, name: &str) -> Option<Vec<CountryCode>> {
    let text = r.values.get(name)?;
    let mut out = Vec::new();
    for part in text.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        match CountryCode::parse(&part.to_uppercase()) {
            Ok(code) => out.push(code),
            Err(_) => {
                r.errors.push(lekhotla_domain::FieldError::new(name, r.c.t("justice-error-country")));
                return None;
            }
        }
    }
    Some(out)
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
    match act {
        Act::OpenInvestigation => {
            let unit = r.code::<InvestigationUnit>("unit");
            let input = InvestigationInput {
                unit: unit.unwrap_or(InvestigationUnit::ALL[0]),
                organisation: actor.organisation,
                investigator: r.text("investigator"),
                opened_on: r.req_date("opened_on"),
                docket_number: values.opt_text("docket_number"),
                docket_custodian: values.opt_text("docket_custodian"),
                cooperating_countries: countries(&mut r, "cooperating_countries").unwrap_or_default(),
            };
            let input = r.finish(unit.map(|_| input))?;
            crate::api::require_org(state, input.organisation, "organisation").await?;
            change_case(state, actor, case.id, only(Act::OpenInvestigation), |case, today| {
                Ok(case.open_investigation(input.clone(), today)?)
            })
            .await?;
        }
        Act::UpdateInvestigation => {
            let version = values.version()?;
            let input = lekhotla_domain::InvestigationUpdate {
                investigator: values.opt_text("investigator"),
                docket_number: values.opt_text("docket_number"),
                cooperating_countries: countries(&mut r, "cooperating_countries"),
                closed_on: r.date("closed_on"),
                closure_reason: values.opt_text("closure_reason"),
            };
            let input = r.finish(Some(input))?;
            change_case(state, actor, case.id, only(Act::UpdateInvestigation), |case, today| {
                Ok(case.update_investigation(version, input.clone(), today)?)
            })
            .await?;
        }
        _ => {
            let version = values.version()?;
            let input = DocketTransferInput {
                to_custodian: r.text("to_custodian"),
                on: r.req_date("on"),
                reason: values.opt_text("reason"),
            };
            let input = r.finish(Some(input))?;
            change_case(state, actor, case.id, only(Act::MoveDocket), |case, today| {
                Ok(case.transfer_docket(version, input.clone(), today)?)
            })
            .await?;
        }
    }
    Ok(())
}
