//! The fields of each form of the case file: members of the API's input types, with their labels and
//! choices (vocabularies in the person's language, the case's victims by number, organisations, districts).

use lekhotla_domain::{
    Case, CaseLinkKind, CaseStatus, ConsentGiver, ConsentPurpose, DetectionSource, EventType, Gender, SupportPlanType,
    Vocabulary,
};

use super::Which;
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::pages::case_file::form::{Def, Kind};
use crate::state::AppState;

/// A vocabulary's values as choices, in the person's language; an empty choice first when optional.
fn opts<V: Vocabulary>(tr: Tr, optional: bool, only: impl Fn(V) -> bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = if optional { vec![(String::new(), tr.t("file-choose"))] } else { Vec::new() };
    out.extend(
        V::ALL
            .iter()
            .copied()
            .filter(|v| only(*v))
            .map(|v| (v.code().to_owned(), tr.label(V::NAME, v.code(), v.label()))),
    );
    out
}

fn any<V>(_: V) -> bool {
    true
}

fn victims(case: &Case, tr: Tr, optional: bool) -> Vec<(String, String)> {
    let mut blanked = case.clone();
    crate::sealed::blank(&mut blanked);
    let mut out: Vec<(String, String)> = if optional { vec![(String::new(), tr.t("file-choose"))] } else { Vec::new() };
    for (n, v) in blanked.victims.iter().enumerate() {
        // Names are sealed: a victim is chosen by number and identification date.
        let label =
            tr.args("file-victim-choice", &[("n", (n + 1).to_string()), ("date", tr.date(v.context.identified_on))]);
        out.push((v.id.to_string(), label));
    }
    out
}

fn is_closed(s: CaseStatus) -> bool {
    matches!(s, CaseStatus::Closed | CaseStatus::ClosedReferred)
}

/// The fields of form `which` on `case` (`pid`: the person a person's form edits).
pub async fn of(which: Which, state: &AppState, case: &Case, pid: Option<&str>, tr: Tr) -> Result<Vec<Def>, ApiError> {
    let districts = || {
        let mut out = vec![(String::new(), tr.t("file-choose"))];
        out.extend(state.geography.districts().map(|d| (d.code.as_str().to_owned(), d.name.clone())));
        out
    };
    let orgs = |but: Option<lekhotla_domain::OrgId>, optional: bool| async move {
        let mut out = if optional { vec![(String::new(), tr.t("file-choose"))] } else { Vec::new() };
        let list = state.store.list_organisations().await?;
        out.extend(list.into_iter().filter(|o| Some(o.id) != but).map(|o| (o.id.to_string(), o.details.name)));
        Ok::<_, ApiError>(out)
    };
    let person = |prefix: &'static [&'static str; 5]| {
        vec![
            Def::new(prefix[0], "person-first-name", Kind::Text),
            Def::new(prefix[1], "person-second-name", Kind::Text),
            Def::new(prefix[2], "person-birthdate", Kind::Date),
            Def::new(prefix[3], "person-gender", Kind::Select).choices(opts::<Gender>(tr, false, any)),
            Def::new(prefix[4], "person-phone", Kind::Text),
        ]
    };
    Ok(match which {
        Which::EditCase => vec![
            Def::new("owner", "file-owner", Kind::Text),
            Def::new("district", "file-district", Kind::Select).choices(districts()),
            Def::new("detection_source", "case-source", Kind::Select).choices(opts::<DetectionSource>(tr, false, any)),
            Def::new("summary", "file-summary", Kind::Area),
        ],
        Which::CloseCase => vec![
            Def::new("status", "case-status", Kind::Select).choices(opts::<CaseStatus>(tr, false, is_closed)),
            Def::new("closure_reason", "file-closure-reason", Kind::Area).required(),
        ],
        Which::ReopenCase => {
            vec![
                Def::new("status", "case-status", Kind::Select)
                    .choices(opts::<CaseStatus>(tr, false, |s| !is_closed(s))),
            ]
        }
        Which::TransferCase => vec![
            Def::new("to_org", "file-transfer-to", Kind::Select)
                .choices(orgs(Some(case.organisation), true).await?)
                .required(),
            Def::new("reason", "file-reason", Kind::Area).required(),
        ],
        Which::RecordEvent | Which::Event => vec![
            Def::new("event_type", "file-event-type", Kind::Select).choices(opts::<EventType>(tr, false, any)),
            Def::new("date", "file-date", Kind::Date),
            Def::new("country", "file-country", Kind::Text).required(),
            Def::new("district", "file-district", Kind::Select).choices(districts()),
            Def::new("city", "file-city", Kind::Text),
            Def::new("place", "file-place", Kind::Text),
            Def::new("description", "file-description", Kind::Area),
            Def::new("victim", "person-victim", Kind::Select).choices(victims(case, tr, true)),
        ],
        Which::RecordSupportPlan | Which::SupportPlan => {
            let mut out = vec![
                Def::new("victim", "person-victim", Kind::Select).choices(victims(case, tr, false)),
                Def::new("plan_type", "file-plan-type", Kind::Select).choices(opts::<SupportPlanType>(tr, false, any)),
                Def::new("provider", "file-provider", Kind::Select).choices(orgs(None, true).await?),
                Def::new("objectives", "file-objectives", Kind::Area).required(),
                Def::new("action_plan", "file-action-plan", Kind::Area),
                Def::new("started_on", "file-started-on", Kind::Date).required(),
                Def::new("planned_end", "file-planned-end", Kind::Date),
            ];
            if which == Which::SupportPlan {
                out.push(Def::new("actual_end", "file-actual-end", Kind::Date));
            }
            out
        }
        Which::Withdraw => vec![Def::new("on", "file-withdrawn-on", Kind::Date).required()],
        Which::RecordConsent => vec![
            Def::new("victim", "person-victim", Kind::Select).choices(victims(case, tr, false)),
            Def::new("purpose", "file-purpose", Kind::Select).choices(opts::<ConsentPurpose>(tr, false, any)),
            Def::new("given", "file-consent-given-box", Kind::Check),
            Def::new("recorded_on", "file-date", Kind::Date).required(),
            Def::new("recorded_by", "file-recorded-by", Kind::Text),
            Def::new("given_by", "file-given-by", Kind::Select).choices(opts::<ConsentGiver>(tr, true, any)),
        ],
        Which::Comment => vec![Def::new("text", "file-comment-text", Kind::Area).required()],
        Which::LinkCase => vec![
            Def::new("other", "file-other-case", Kind::Text).required(),
            Def::new("kind", "file-link-kind", Kind::Select).choices(opts::<CaseLinkKind>(tr, false, any)),
        ],
        Which::Victim => {
            let mut out = person(&[
                "person.first_name",
                "person.second_name",
                "person.birthdate",
                "person.gender",
                "person.phone",
            ]);
            out.push(Def::new("context.identified_on", "person-identified-on", Kind::Date).required());
            out
        }
        Which::Suspect => {
            let business = case.suspects.iter().any(|s| {
                Some(s.id.to_string().as_str()) == pid
                    && matches!(s.details.identity, lekhotla_domain::SuspectIdentity::Business(_))
            });
            let individual = !business;
            let mut out = if individual {
                person(&[
                    "identity.details.first_name",
                    "identity.details.second_name",
                    "identity.details.birthdate",
                    "identity.details.gender",
                    "identity.details.phone",
                ])
            } else {
                vec![Def::new("identity.details.name", "person-business-name", Kind::Text)]
            };
            out.push(Def::new("arrested_on", "person-arrested-on", Kind::Date));
            out
        }
        Which::Witness => {
            let mut out = person(&[
                "person.first_name",
                "person.second_name",
                "person.birthdate",
                "person.gender",
                "person.phone",
            ]);
            out.push(Def::new("statement_taken_on", "person-statement-on", Kind::Date));
            out.push(Def::new("testimony_preserved", "person-testimony-preserved", Kind::Check));
            out
        }
    })
}
