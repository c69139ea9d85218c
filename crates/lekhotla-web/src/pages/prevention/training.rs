//! One training's form: recording a new one and changing one, through the API's handlers. The participants
//! are entered as groups (organisation, role, sex, district, how many, how many certified), a row each; a
//! blank row is ignored, and "More rows" gives three more without saving.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{Gender, Training, TrainingRole, Vocabulary};
use lekhotla_storage::{PreventionFilter, PreventionRecords};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::form::{RegisterForm, Shown, in_a_line};
use super::{ABROAD, number, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::admin::{Errs, districts};
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The rules of the training's own whose reasons have their own messages.
const OWN: [(&str, &str); 3] = [
    ("is needed for a training in Lesotho", "training-error-district-needed"),
    ("is only for a training in Lesotho (abroad, give the town)", "training-error-district-abroad"),
    ("is needed for a training abroad (e.g. Welkom)", "training-error-town-needed"),
];

/// The training form as posted: everything as typed, so a refused form comes back as it was. The groups'
/// fields come as lists, one value per row.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrainingForm {
    title: String,
    organisation: String,
    country: String,
    district: String,
    town: String,
    started_on: String,
    ended_on: String,
    curriculum: String,
    trainers: String,
    of_trainers: String,
    trained_by: String,
    cost: String,
    g_organisation: Vec<String>,
    g_role: Vec<String>,
    g_sex: Vec<String>,
    g_district: Vec<String>,
    g_people: Vec<String>,
    g_certified: Vec<String>,
    /// "More rows" was pressed: show the form again with more blank rows, saving nothing.
    more: String,
    version: i64,
}

/// One group of participants as typed.
#[derive(Debug, Default, Clone)]
struct Group {
    organisation: String,
    role: String,
    sex: String,
    district: String,
    people: String,
    certified: String,
}

impl Group {
    fn is_blank(&self) -> bool {
        [&self.role, &self.sex, &self.people, &self.certified, &self.organisation, &self.district]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

impl TrainingForm {
    /// The groups typed, blank rows left out (so that the n-th group is the API's `participants[n]`).
    fn groups(&self) -> Vec<Group> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let n = [&self.g_role, &self.g_sex, &self.g_people, &self.g_certified, &self.g_organisation, &self.g_district]
            .iter()
            .map(|v| v.len())
            .max()
            .unwrap_or(0);
        (0..n)
            .map(|i| Group {
                organisation: at(&self.g_organisation, i),
                role: at(&self.g_role, i),
                sex: at(&self.g_sex, i),
                district: at(&self.g_district, i),
                people: at(&self.g_people, i),
                certified: at(&self.g_certified, i),
            })
            .filter(|g| !g.is_blank())
            .collect()
    }
}

/// A row of the participants' table as the page shows it, with its own problems.
#[derive(Debug)]
struct GroupRow {
    n: usize,
    g: Group,
    errors: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "training_form.html")]
struct FormPage {
    c: Chrome,
    id: Option<String>,
    f: TrainingForm,
    groups: Vec<GroupRow>,
    organisations: Vec<(String, String)>,
    all_organisations: Vec<(String, String)>,
    countries: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
    roles: Vec<(&'static str, String)>,
    sexes: Vec<(&'static str, String)>,
    /// The trainings of trainers this one may follow (id, "day, title").
    of_trainers: Vec<(String, String)>,
    /// Problems of the whole list of participants.
    participants_error: Option<String>,
    errs: Errs,
    stale: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    f: TrainingForm,
    shown: Shown,
    blank: usize,
) -> Result<Response, ApiError> {
    let status = shown.status();
    let Shown { id, errs, stale } = shown;
    let orgs = state.store.list_organisations().await?;
    let organisations = super::choosable(actor, &orgs, &f.organisation);
    let all_organisations = orgs.iter().map(|o| (o.id.to_string(), o.details.name.clone())).collect();
    let mut countries = vec![("LS", c.t("country-ls"))];
    countries.extend(ABROAD.iter().map(|code| (*code, c.t(&format!("country-{}", code.to_lowercase())))));
    let roles = TrainingRole::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let sexes = [Gender::Feminine, Gender::Masculine, Gender::NonConforming, Gender::NonSpecifiedUnknown]
        .iter()
        .map(|a| (a.code(), c.vocab(*a)))
        .collect();
    let of_trainers = state
        .store
        .list_prevention::<Training>(&PreventionFilter { limit: 5_000, ..PreventionFilter::default() })
        .await?
        .into_iter()
        .filter(|t| t.details.of_trainers && Some(t.id.to_string()) != id)
        .map(|t| (t.id.to_string(), format!("{}, {}", t.details.started_on, t.details.title)))
        .collect();
    let mut groups: Vec<GroupRow> = f
        .groups()
        .into_iter()
        .enumerate()
        .map(|(i, g)| GroupRow { n: i + 1, g, errors: errs.under(&format!("participants[{i}].")) })
        .collect();
    for _ in 0..blank {
        groups.push(GroupRow { n: groups.len() + 1, g: Group::default(), errors: Vec::new() });
    }
    let participants_error = errs.0.iter().find(|(k, _)| k == "participants").map(|(_, r)| r.clone());
    let districts = districts(state);
    let page = FormPage {
        c,
        id,
        f,
        groups,
        organisations,
        all_organisations,
        countries,
        districts,
        roles,
        sexes,
        of_trainers,
        participants_error,
        errs,
        stale,
    };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

impl RegisterForm for TrainingForm {
    type Record = Training;
    const OWN: &'static [(&'static str, &'static str)] = &OWN;
    const SAVED: &'static str = "/prevention#trainings";

    fn of(training: &Training) -> Self {
        let d = &training.details;
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let g = &d.participants;
        TrainingForm {
            title: d.title.clone(),
            organisation: d.organisation.to_string(),
            country: d.country.to_string(),
            district: d.district.as_ref().map(ToString::to_string).unwrap_or_default(),
            town: s(&d.town),
            started_on: d.started_on.to_string(),
            ended_on: d.ended_on.map(|x| x.to_string()).unwrap_or_default(),
            curriculum: s(&d.curriculum),
            trainers: s(&d.trainers),
            of_trainers: if d.of_trainers { "yes".into() } else { String::new() },
            trained_by: d.trained_by.map(|t| t.to_string()).unwrap_or_default(),
            cost: d.cost.map(|x| x.to_string()).unwrap_or_default(),
            g_organisation: g.iter().map(|x| x.organisation.map(|o| o.to_string()).unwrap_or_default()).collect(),
            g_role: g.iter().map(|x| x.role.code().to_owned()).collect(),
            g_sex: g.iter().map(|x| x.sex.code().to_owned()).collect(),
            g_district: g.iter().map(|x| x.district.as_ref().map(ToString::to_string).unwrap_or_default()).collect(),
            g_people: g.iter().map(|x| x.people.to_string()).collect(),
            g_certified: g.iter().map(|x| x.certified.to_string()).collect(),
            more: String::new(),
            version: training.version,
        }
    }

    /// The form as the API's JSON (blank optional fields `null`), or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let cost = number(c, &mut errs, "cost", &self.cost, false);
        let mut participants = Vec::new();
        for (i, g) in self.groups().iter().enumerate() {
            let people = number(c, &mut errs, &format!("participants[{i}].people"), &g.people, true);
            let certified = number(c, &mut errs, &format!("participants[{i}].certified"), &g.certified, false);
            participants.push(json!({
                "organisation": opt(&g.organisation),
                "role": g.role.trim(),
                "sex": g.sex.trim(),
                "district": opt(&g.district),
                "people": people,
                "certified": if certified.is_null() { json!(0) } else { certified },
            }));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        let country = if self.country.trim().is_empty() { "LS" } else { self.country.trim() };
        let mut v = Map::new();
        v.insert("title".into(), json!(self.title.trim()));
        v.insert("organisation".into(), json!(self.organisation.trim()));
        v.insert("country".into(), json!(country));
        v.insert("district".into(), if country == "LS" { opt(&self.district) } else { Value::Null });
        v.insert("town".into(), opt(&self.town));
        v.insert("started_on".into(), json!(self.started_on.trim()));
        v.insert("ended_on".into(), opt(&self.ended_on));
        v.insert("curriculum".into(), opt(&self.curriculum));
        v.insert("trainers".into(), opt(&self.trainers));
        v.insert("of_trainers".into(), json!(!self.of_trainers.trim().is_empty()));
        v.insert("trained_by".into(), opt(&self.trained_by));
        v.insert("participants".into(), Value::Array(participants));
        v.insert("cost".into(), cost);
        Ok(Value::Object(v))
    }

    fn typed(&self) -> String {
        let people: u64 = self.g_people.iter().filter_map(|p| p.trim().parse::<u64>().ok()).sum();
        let people = if people > 0 { people.to_string() } else { String::new() };
        in_a_line(&[&self.title, &self.town, &self.district, &self.started_on, &people])
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn asks_for_lines(&self) -> bool {
        !self.more.is_empty()
    }

    async fn render(state: &AppState, actor: &Actor, c: Chrome, f: Self, shown: Shown) -> Result<Response, ApiError> {
        // Three blank lines when more were asked for, else one.
        let blank = if f.asks_for_lines() { 3 } else { 1 };
        render(state, actor, c, f, shown, blank).await
    }
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = TrainingForm {
        organisation: actor.organisation.to_string(),
        country: "LS".into(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        ..TrainingForm::default()
    };
    render(&state, &actor, c, f, Shown::new(None), 3).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_left_out_and_the_rest_keep_their_order() {
        let f = TrainingForm {
            g_role: vec!["Police".into(), String::new(), "Labour".into()],
            g_sex: vec!["Feminine".into(), String::new(), "Masculine".into()],
            g_people: vec!["4".into(), String::new(), "2".into()],
            g_certified: vec![String::new(), String::new(), "1".into()],
            g_organisation: vec![String::new(); 3],
            g_district: vec![String::new(); 3],
            ..TrainingForm::default()
        };
        let g = f.groups();
        assert_eq!(g.len(), 2);
        assert_eq!((g[1].role.as_str(), g[1].people.as_str()), ("Labour", "2"));
    }
}
