//! Each form of the case file: its fields (members of the API's input type), the stored record it edits,
//! and the save, through the API handler's function or `change_case` with the domain method.

use lekhotla_domain::{
    Case, CaseUpdate, CommentInput, ConsentId, ConsentInput, EventId, EventInput, PersonId, SupportPlanId,
    SupportPlanInput, SuspectInput, VictimInput, WitnessInput,
};
use lekhotla_identity::Act;
use serde_json::{Value, json};

use crate::actor::Actor;
use crate::api::people::{child_protection, find, victim_deeds, warn_missed};
use crate::error::ApiError;
use crate::extract::decode;
use crate::i18n::Tr;
use crate::mutate::{change_case, only};
use crate::pages::case_file::form::Def;
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
    /// A trafficking event's edit (`/cases/{number}/events/{id}/edit`).
    Event,
    /// A support plan's edit (`/cases/{number}/support-plans/{id}/edit`).
    SupportPlan,
    /// A consent's withdrawal (`/cases/{number}/consents/{id}/withdraw`).
    Withdraw,
}

fn person_id(pid: Option<&str>, what: &str) -> Result<PersonId, ApiError> {
    crate::mutate::parse_id(pid.unwrap_or_default(), what)
}

fn record_id<T: std::str::FromStr>(pid: Option<&str>, what: &str) -> Result<T, ApiError> {
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
            Which::RecordEvent | Which::Event => Act::RecordEvent,
            Which::RecordSupportPlan | Which::SupportPlan => Act::RecordSupportPlan,
            Which::RecordConsent | Which::Withdraw => Act::RecordConsent,
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
            Which::Event => "file-edit-event",
            Which::SupportPlan => "file-edit-support-plan",
            Which::Withdraw => "file-withdraw-consent",
        }
    }

    /// What the form is about beyond its title: the consent a withdrawal ends (its purpose and date; no
    /// sealed value).
    pub fn intro(self, case: &Case, pid: Option<&str>, tr: Tr) -> Option<String> {
        let Which::Withdraw = self else { return None };
        let id: ConsentId = record_id(pid, "consent").ok()?;
        let x = case.consents.iter().find(|x| x.id == id)?;
        let purpose = crate::pages::case_file::timeline::vocab(tr, x.purpose);
        Some(tr.args("file-withdraw-intro", &[("purpose", purpose), ("date", tr.date(x.recorded_on))]))
    }

    /// Where the form posts.
    pub fn address(self, case: &Case, pid: Option<&str>) -> String {
        let pid = pid.unwrap_or_default();
        match self {
            Which::Victim => format!("/cases/{}/victims/{pid}/edit", case.number),
            Which::Suspect => format!("/cases/{}/suspects/{pid}/edit", case.number),
            Which::Witness => format!("/cases/{}/witnesses/{pid}/edit", case.number),
            Which::Event => format!("/cases/{}/events/{pid}/edit", case.number),
            Which::SupportPlan => format!("/cases/{}/support-plans/{pid}/edit", case.number),
            Which::Withdraw => format!("/cases/{}/consents/{pid}/withdraw", case.number),
            _ => format!("/cases/{}/{}", case.number, self.act().as_str()),
        }
    }

    /// The form's fields.
    pub async fn defs(self, state: &AppState, case: &Case, pid: Option<&str>, tr: Tr) -> Result<Vec<Def>, ApiError> {
        super::defs::of(self, state, case, pid, tr).await
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
            Which::Event => {
                let id: EventId = record_id(pid, "event")?;
                crate::sealed::reveal_part(state, actor, &mut case, &format!("event/{id}")).await?;
                let e = find(&case.events, |e| e.id == id, "event", &id.to_string())?;
                Some((e.version, to_json(&e.details)?))
            }
            Which::SupportPlan => {
                let id: SupportPlanId = record_id(pid, "support plan")?;
                crate::sealed::reveal_part(state, actor, &mut case, &format!("support_plan/{id}")).await?;
                let p = find(&case.support_plans, |p| p.id == id, "support plan", &id.to_string())?;
                Some((p.version, to_json(&p.details)?))
            }
            Which::Withdraw => {
                // What the form shows of the consent: when it was withdrawn (none yet, unless someone did).
                let id: ConsentId = record_id(pid, "consent")?;
                let x = find(&case.consents, |x| x.id == id, "consent", &id.to_string())?;
                Some((x.version, json!({ "on": x.withdrawn_on.map(|d| d.to_string()) })))
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
            // A record's whole stored input, so that what the form does not show (a map position) stays.
            Which::Event => {
                let id: EventId = record_id(pid, "event")?;
                to_json(&find(&case.events, |e| e.id == id, "event", &id.to_string())?.details)?
            }
            Which::SupportPlan => {
                let id: SupportPlanId = record_id(pid, "support plan")?;
                to_json(&find(&case.support_plans, |p| p.id == id, "support plan", &id.to_string())?.details)?
            }
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
                // The case's own fields keep a value once given (as the API's merge patch says).
                let cleared: Vec<lekhotla_domain::FieldError> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, v)| v.is_null())
                    .map(|(k, _)| {
                        lekhotla_domain::FieldError::new(k.as_str(), "cannot be emptied: type the value it should have")
                    })
                    .collect();
                if !cleared.is_empty() {
                    return Err(ApiError::Invalid(cleared));
                }
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
            Which::Event => {
                let eid: EventId = record_id(pid, "event")?;
                let e: EventInput = input(&value)?;
                crate::api::records::check_places(state, &e)?;
                change_case(state, actor, id, only(Act::RecordEvent), |c, today| {
                    Ok(c.update_event(eid, version, e.clone(), today)?)
                })
                .await?;
            }
            Which::SupportPlan => {
                let sid: SupportPlanId = record_id(pid, "support plan")?;
                let p: SupportPlanInput = input(&value)?;
                change_case(state, actor, id, only(Act::RecordSupportPlan), |c, today| {
                    Ok(c.update_support_plan(sid, version, p.clone(), today)?)
                })
                .await?;
            }
            Which::Withdraw => {
                // Withdrawing consent to services also ends the referrals that needed it, as the API does.
                let cid: ConsentId = record_id(pid, "consent")?;
                let w: crate::api::records::Withdrawal = input(&value)?;
                change_case(state, actor, id, only(Act::RecordConsent), |c, today| {
                    Ok(c.withdraw_consent(cid, version, w.on, today)?)
                })
                .await?;
            }
        }
        Ok(())
    }
}
