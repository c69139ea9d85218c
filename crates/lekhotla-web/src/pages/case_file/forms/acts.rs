//! Each form of the case file: its fields (members of the API's input type), the stored record it edits,
//! and the save, through the API handler's function or `change_case` with the domain method.

use lekhotla_domain::{
    Case, CaseLinkKind, CaseStatus, CaseUpdate, CommentInput, ConsentGiver, ConsentInput, ConsentPurpose,
    DetectionSource, EventInput, EventType, Gender, PersonId, SupportPlanInput, SupportPlanType, SuspectInput,
    VictimInput, Vocabulary, WitnessInput,
};
use lekhotla_identity::Act;
use serde_json::{Value, json};

use crate::actor::Actor;
use crate::api::people::{child_protection, find, victim_deeds, warn_missed};
use crate::error::ApiError;
use crate::extract::decode;
use crate::i18n::Tr;
use crate::mutate::{change_case, only};
use crate::pages::case_file::form::{Def, Kind};
use crate::state::AppState;

/// The forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    EditCase,
    CloseCase,
    ReopenCase,
    TransferCase,
    RecordEvent,
    RecordSupportPlan,
    RecordConsent,
    Comment,
    LinkCase,
    Victim,
    Suspect,
    Witness,
}

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

fn person_id(pid: Option<&str>, what: &str) -> Result<PersonId, ApiError> {
    crate::mutate::parse_id(pid.unwrap_or_default(), what)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(ApiError::internal)
}

fn input<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, ApiError> {
    decode(&serde_json::to_vec(v).map_err(ApiError::internal)?)
}

impl Which {
    /// The act a form performs (people's edits: recording people).
    pub fn act(self) -> Act {
        match self {
            Which::EditCase => Act::EditCase,
            Which::CloseCase => Act::CloseCase,
            Which::ReopenCase => Act::ReopenCase,
            Which::TransferCase => Act::TransferCase,
            Which::RecordEvent => Act::RecordEvent,
            Which::RecordSupportPlan => Act::RecordSupportPlan,
            Which::RecordConsent => Act::RecordConsent,
            Which::Comment => Act::Comment,
            Which::LinkCase => Act::LinkCase,
            Which::Victim | Which::Suspect | Which::Witness => Act::RecordPerson,
        }
    }

    /// The title's message id.
    pub fn title(self) -> &'static str {
        match self {
            Which::EditCase => "case-act-edit-case",
            Which::CloseCase => "case-act-close-case",
            Which::ReopenCase => "case-act-reopen-case",
            Which::TransferCase => "case-act-transfer-case",
            Which::RecordEvent => "case-act-record-event",
            Which::RecordSupportPlan => "case-act-record-support-plan",
            Which::RecordConsent => "case-act-record-consent",
            Which::Comment => "case-act-comment",
            Which::LinkCase => "case-act-link-case",
            Which::Victim => "person-edit-victim",
            Which::Suspect => "person-edit-suspect",
            Which::Witness => "person-edit-witness",
        }
    }

    /// Where the form posts.
    pub fn address(self, case: &Case, pid: Option<&str>) -> String {
        let pid = pid.unwrap_or_default();
        match self {
            Which::Victim => format!("/cases/{}/victims/{pid}/edit", case.number),
            Which::Suspect => format!("/cases/{}/suspects/{pid}/edit", case.number),
            Which::Witness => format!("/cases/{}/witnesses/{pid}/edit", case.number),
            _ => format!("/cases/{}/{}", case.number, self.act().as_str()),
        }
    }

    /// The form's fields.
    pub async fn defs(self, state: &AppState, case: &Case, pid: Option<&str>, tr: Tr) -> Result<Vec<Def>, ApiError> {
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
        Ok(match self {
            Which::EditCase => vec![
                Def::new("owner", "file-owner", Kind::Text),
                Def::new("district", "file-district", Kind::Select).choices(districts()),
                Def::new("detection_source", "case-source", Kind::Select)
                    .choices(opts::<DetectionSource>(tr, false, any)),
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
            Which::RecordEvent => vec![
                Def::new("event_type", "file-event-type", Kind::Select).choices(opts::<EventType>(tr, false, any)),
                Def::new("date", "file-date", Kind::Date),
                Def::new("country", "file-country", Kind::Text).required(),
                Def::new("district", "file-district", Kind::Select).choices(districts()),
                Def::new("city", "file-city", Kind::Text),
                Def::new("place", "file-place", Kind::Text),
                Def::new("description", "file-description", Kind::Area),
                Def::new("victim", "person-victim", Kind::Select).choices(victims(case, tr, true)),
            ],
            Which::RecordSupportPlan => vec![
                Def::new("victim", "person-victim", Kind::Select).choices(victims(case, tr, false)),
                Def::new("plan_type", "file-plan-type", Kind::Select).choices(opts::<SupportPlanType>(tr, false, any)),
                Def::new("provider", "file-provider", Kind::Select).choices(orgs(None, true).await?),
                Def::new("objectives", "file-objectives", Kind::Area).required(),
                Def::new("action_plan", "file-action-plan", Kind::Area),
                Def::new("started_on", "file-started-on", Kind::Date).required(),
                Def::new("planned_end", "file-planned-end", Kind::Date),
            ],
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

    /// What a new record's form starts with.
    pub fn defaults(self, state: &AppState) -> Value {
        match self {
            Which::RecordEvent => json!({ "country": state.geography.country_code().as_str() }),
            Which::RecordConsent => json!({ "given": true }),
            _ => json!({}),
        }
    }

    /// The stored record an edit form shows (revealed after an audit entry, or blanked) and its version;
    /// `None` for a form that adds a record.
    pub async fn current(
        self,
        state: &AppState,
        actor: &Actor,
        mut case: Case,
        pid: Option<&str>,
    ) -> Result<Option<(i64, Value)>, ApiError> {
        Ok(match self {
            Which::EditCase | Which::CloseCase | Which::ReopenCase => {
                let name = format!("case/{}", case.id);
                crate::sealed::reveal_part(state, actor, &mut case, &name).await?;
                Some((case.version, to_json(&crate::api::cases::as_update(&case))?))
            }
            Which::TransferCase => Some((case.version, json!({}))),
            Which::Victim => {
                let id = person_id(pid, "victim")?;
                crate::sealed::reveal_part(state, actor, &mut case, &format!("victim/{id}")).await?;
                let v = find(&case.victims, |v| v.id == id, "victim", &id.to_string())?;
                Some((v.version, to_json(&VictimInput { person: v.person.clone(), context: v.context.clone() })?))
            }
            Which::Suspect => {
                let id = person_id(pid, "suspect")?;
                crate::sealed::reveal_part(state, actor, &mut case, &format!("suspect/{id}")).await?;
                let s = find(&case.suspects, |s| s.id == id, "suspect", &id.to_string())?;
                Some((s.version, to_json(&s.details)?))
            }
            Which::Witness => {
                let id = person_id(pid, "witness")?;
                crate::sealed::reveal_part(state, actor, &mut case, &format!("witness/{id}")).await?;
                let w = find(&case.witnesses, |w| w.id == id, "witness", &id.to_string())?;
                Some((w.version, to_json(&w.details)?))
            }
            _ => None,
        })
    }

    /// The input the form's fields are written into: a person's whole stored input (so what the form
    /// does not show keeps its value), the case's update (only what changed), or a new record's.
    pub fn base(self, actor: &Actor, case: &Case, pid: Option<&str>) -> Result<Value, ApiError> {
        Ok(match self {
            Which::Victim => {
                let id = person_id(pid, "victim")?;
                let v = find(&case.victims, |v| v.id == id, "victim", &id.to_string())?;
                to_json(&VictimInput { person: v.person.clone(), context: v.context.clone() })?
            }
            Which::Suspect => {
                let id = person_id(pid, "suspect")?;
                to_json(&find(&case.suspects, |s| s.id == id, "suspect", &id.to_string())?.details)?
            }
            Which::Witness => {
                let id = person_id(pid, "witness")?;
                to_json(&find(&case.witnesses, |w| w.id == id, "witness", &id.to_string())?.details)?
            }
            Which::Comment => json!({ "author": actor.username.to_string() }),
            _ => json!({}),
        })
    }

    /// Saves the form's input (`version`: of the record edited, checked again by the domain).
    pub async fn save(
        self,
        state: &AppState,
        actor: &Actor,
        case: Case,
        pid: Option<&str>,
        version: Option<i64>,
        value: Value,
    ) -> Result<(), ApiError> {
        let id = case.id;
        let version = version.unwrap_or(case.version);
        match self {
            Which::EditCase | Which::CloseCase | Which::ReopenCase => {
                let change: CaseUpdate = input(&value)?;
                crate::api::cases::apply_update(state, actor, id, version, change).await?;
            }
            Which::TransferCase => {
                let transfer: crate::api::cases::Transfer = input(&value)?;
                crate::api::cases::apply_transfer(state, actor, id, version, &transfer).await?;
            }
            Which::RecordEvent => {
                let e: EventInput = input(&value)?;
                crate::api::records::check_places(state, &e)?;
                change_case(state, actor, id, only(Act::RecordEvent), |c, today| Ok(c.add_event(e.clone(), today)?))
                    .await?;
            }
            Which::RecordSupportPlan => {
                let p: SupportPlanInput = input(&value)?;
                let deeds = only(Act::RecordSupportPlan);
                change_case(state, actor, id, deeds, |c, today| Ok(c.add_support_plan(p.clone(), today)?)).await?;
            }
            Which::RecordConsent => {
                let x: ConsentInput = input(&value)?;
                let deeds = only(Act::RecordConsent);
                change_case(state, actor, id, deeds, |c, today| Ok(c.record_consent(x.clone(), today)?)).await?;
            }
            Which::Comment => {
                let x: CommentInput = input(&value)?;
                let now = state.clock.now();
                change_case(state, actor, id, only(Act::Comment), |c, _| Ok(c.add_comment(x.clone(), now)?)).await?;
            }
            Which::LinkCase => {
                let link: crate::api::records::LinkInput = input(&value)?;
                crate::api::records::apply_link(state, actor, case, &link).await?;
            }
            Which::Victim => {
                let pid = person_id(pid, "victim")?;
                let v: VictimInput = input(&value)?;
                let orgs = state.store.list_organisations().await?;
                let deeds = |c: &Case| victim_deeds(&v, c.victims.iter().find(|x| x.id == pid));
                let (saved, ()) = change_case(state, actor, id, deeds, |c, today| {
                    let referral = child_protection(c, &orgs);
                    Ok(c.update_victim(pid, version, v.clone(), today, referral)?)
                })
                .await?;
                warn_missed(&saved, pid);
            }
            Which::Suspect => {
                let pid = person_id(pid, "suspect")?;
                let s: SuspectInput = input(&value)?;
                change_case(state, actor, id, only(Act::RecordPerson), |c, today| {
                    Ok(c.update_suspect(pid, version, s.clone(), today)?)
                })
                .await?;
            }
            Which::Witness => {
                let pid = person_id(pid, "witness")?;
                let w: WitnessInput = input(&value)?;
                change_case(state, actor, id, only(Act::RecordPerson), |c, today| {
                    Ok(c.update_witness(pid, version, w.clone(), today)?)
                })
                .await?;
            }
        }
        Ok(())
    }
}
