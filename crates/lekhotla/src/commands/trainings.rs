//! `lekhotla trainings import FILE.csv` and `lekhotla trainings list`: trainings from a spreadsheet of one row
//! per group of participants (the rows of one training share its reference in the `training` column), checked
//! row by row (every problem named by row and field) and written all together or not at all.

use std::collections::HashMap;

use anyhow::{Context, bail};
use lekhotla_domain::{
    DomainError, Gender, Geography, Organisation, ParticipantGroup, Training, TrainingId, TrainingInput, TrainingRole,
};
use lekhotla_storage::{Action, PreventionFilter, PreventionRecords};
use time::{Date, Month};

use super::sheet::{self, Orgs, Problems, Sheet, needed};
use crate::cli::TrainingsCommand;
use crate::db::{self, Create};
use crate::output::say;
use crate::progress;

/// The training's own columns: given on its first row; a later row of the same training leaves them blank or
/// repeats them.
pub const TRAINING_COLUMNS: [&str; 13] = [
    "training",
    "title",
    "organisation",
    "country",
    "district",
    "town",
    "started_on",
    "ended_on",
    "curriculum",
    "trainers",
    "of_trainers",
    "trained_by",
    "cost",
];

/// A group's columns, on every row.
pub const GROUP_COLUMNS: [&str; 6] =
    ["role", "sex", "participant_organisation", "participant_district", "people", "certified"];

const NEEDED: [&str; 7] = ["training", "title", "organisation", "started_on", "role", "sex", "people"];

pub async fn run(url: &str, command: TrainingsCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        TrainingsCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let geography = db::geography(&*store).await?;
            let orgs = store.list_organisations().await.context("reading organisations")?;
            let stored = store
                .list_prevention::<Training>(&PreventionFilter { limit: 5_000, ..PreventionFilter::default() })
                .await
                .context("reading trainings")?;
            let trainings = match parse(&text, &orgs, &geography, &stored, super::today()) {
                Ok(t) if t.is_empty() => {
                    bail!("{} has a header row but no training: nothing was imported", file.display())
                }
                Ok(t) => t,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    bail!("{} problem(s) in {}: nothing was imported", problems.len(), file.display());
                }
            };
            let bar = progress::bar(trainings.len() as u64, "writing trainings");
            let note = db::cli_entry(Action::Import)
                .record("trainings")
                .fields([format!("trainings:{}", trainings.len()), format!("file:{}", file.display())]);
            store.import_prevention(&trainings, note).await.context("writing the trainings")?;
            bar.inc(trainings.len() as u64);
            bar.finish_and_clear();
            let people: u64 = trainings.iter().map(|t| t.details.people()).sum();
            say!("imported {} trainings ({people} people trained) from {}", trainings.len(), file.display());
            Ok(())
        }
        TrainingsCommand::List { year } => {
            let mut filter = PreventionFilter { limit: 5_000, ..PreventionFilter::default() };
            if let Some(y) = year {
                filter.from = Some(Date::from_calendar_date(y, Month::April, 1).context("--year")?);
                filter.to = Some(Date::from_calendar_date(y + 1, Month::March, 31).context("--year")?);
            }
            for t in store.list_prevention::<Training>(&filter).await.context("reading trainings")? {
                let d = &t.details;
                let kind = if d.of_trainers { "trainers" } else { "-" };
                say!(
                    "{}\t{}\t{}\t{}\t{}\t{kind}\t{}",
                    t.id,
                    d.started_on,
                    d.place(),
                    d.people(),
                    d.certified(),
                    d.title
                );
            }
            Ok(())
        }
    }
}

/// A sex as a spreadsheet writes it: the vocabulary's code, or F, M, female, male.
fn sex(text: &str) -> Result<Gender, String> {
    match text.to_lowercase().as_str() {
        "f" | "female" => Ok(Gender::Feminine),
        "m" | "male" => Ok(Gender::Masculine),
        _ => text.parse::<Gender>().map_err(|e| e.to_string()),
    }
}

/// A training being read: its first row, its details so far and the reference of its trainers' training.
struct Draft {
    first_row: usize,
    input: Option<TrainingInput>,
    trained_by: String,
}

/// The trainings of a CSV text, or every problem in it, each as `row N (line L), field: reason`. `stored` are
/// the trainings already recorded (a `trained_by` may name one of them by id).
pub fn parse(
    text: &str,
    orgs: &[Organisation],
    geo: &Geography,
    stored: &[Training],
    today: Date,
) -> Result<Vec<Training>, Vec<String>> {
    let columns: Vec<&str> = TRAINING_COLUMNS.iter().chain(&GROUP_COLUMNS).copied().collect();
    let sheet = Sheet::read(text, &columns, &NEEDED)?;
    let orgs = Orgs::new(orgs);
    let mut p = Problems::default();
    let mut order: Vec<String> = Vec::new();
    let mut drafts: HashMap<String, Draft> = HashMap::new();
    for (row, record) in &sheet.rows {
        let row = *row;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                p.unreadable(row, e);
                continue;
            }
        };
        let get = |name: &str| sheet.get(record, name);
        let reference = get("training").to_owned();
        if reference.is_empty() {
            p.add(row, "training", "is needed: the reference that groups the rows of one training (e.g. T1)");
            continue;
        }
        // The group of this row.
        let role = p.ok(row, "role", get("role").parse::<TrainingRole>().map_err(|e| e.to_string()));
        let sex = p.ok(row, "sex", sex(get("sex")));
        let organisation = match get("participant_organisation") {
            "" => Some(None),
            given => p.ok(row, "participant_organisation", orgs.find(given)).map(Some),
        };
        let district = p.ok(row, "participant_district", sheet::district(geo, get("participant_district")));
        let small = |r: Result<Option<u64>, String>| {
            r.and_then(|v| u32::try_from(v.unwrap_or(0)).map_err(|_| "is too large".to_owned()))
        };
        let people = p.ok(row, "people", needed(sheet::whole(get("people"))).and_then(|v| small(Ok(Some(v)))));
        let certified = p.ok(row, "certified", small(sheet::whole(get("certified"))));
        let group = match (role, sex, organisation, district, people, certified) {
            (Some(role), Some(sex), Some(organisation), Some(district), Some(people), Some(certified)) => {
                Some(ParticipantGroup { organisation, role, sex, district, people, certified })
            }
            _ => None,
        };
        // The training's own columns, on its first row.
        if let Some(draft) = drafts.get_mut(&reference) {
            for column in &TRAINING_COLUMNS[1..] {
                let again = get(column);
                let first = sheet
                    .rows
                    .iter()
                    .find(|(r, _)| *r == draft.first_row)
                    .and_then(|(_, rec)| rec.as_ref().ok())
                    .map(|rec| sheet.get(rec, column))
                    .unwrap_or("");
                if !again.is_empty() && again != first {
                    p.add(
                        row,
                        column,
                        format!(
                            "differs from row {} of training {reference} (leave it blank or repeat it)",
                            draft.first_row
                        ),
                    );
                }
            }
            if let (Some(input), Some(g)) = (draft.input.as_mut(), group) {
                input.participants.push(g);
            }
            continue;
        }
        let opt = |name: &str| Some(get(name).to_owned()).filter(|s| !s.is_empty());
        let organisation = p.ok(row, "organisation", orgs.find(get("organisation")));
        let country = p.ok(row, "country", sheet::country(get("country")));
        let district = p.ok(row, "district", sheet::district(geo, get("district")));
        let started_on = p.ok(row, "started_on", needed(sheet::day(get("started_on"))));
        let ended_on = p.ok(row, "ended_on", sheet::day(get("ended_on")));
        let of_trainers = p.ok(row, "of_trainers", sheet::yes(get("of_trainers")));
        let cost = p.ok(row, "cost", sheet::whole(get("cost")));
        let input = match (organisation, country, district, started_on, ended_on, of_trainers, cost) {
            (
                Some(organisation),
                Some(country),
                Some(district),
                Some(started_on),
                Some(ended_on),
                Some(t),
                Some(cost),
            ) => Some(TrainingInput {
                title: get("title").to_owned(),
                organisation,
                country,
                district,
                town: opt("town"),
                started_on,
                ended_on,
                curriculum: opt("curriculum"),
                trainers: opt("trainers"),
                of_trainers: t,
                trained_by: None,
                participants: group.into_iter().collect(),
                cost,
            }),
            _ => None,
        };
        order.push(reference.clone());
        drafts.insert(reference, Draft { first_row: row, input, trained_by: get("trained_by").to_owned() });
    }
    // Every training gets its id, then each `trained_by` is resolved: a reference in this file, or a stored
    // training's id; either must be a training of trainers.
    let ids: HashMap<&str, TrainingId> = order.iter().map(|r| (r.as_str(), TrainingId::new())).collect();
    let mut out = Vec::new();
    for reference in &order {
        let draft = &drafts[reference];
        let Some(mut input) = draft.input.clone() else { continue };
        let by = draft.trained_by.as_str();
        if !by.is_empty() {
            let found = match ids.get(by) {
                Some(id) => Some((*id, drafts[by].input.as_ref().is_none_or(|i| i.of_trainers))),
                None => by
                    .parse::<TrainingId>()
                    .ok()
                    .and_then(|id| stored.iter().find(|t| t.id == id))
                    .map(|t| (t.id, t.details.of_trainers)),
            };
            match found {
                Some((id, true)) if by != reference => input.trained_by = Some(id),
                Some((_, true)) => p.add(draft.first_row, "trained_by", "cannot be the training itself"),
                Some((_, false)) => p.add(draft.first_row, "trained_by", format!("{by} is not a training of trainers")),
                None => p.add(
                    draft.first_row,
                    "trained_by",
                    format!("{by} is neither a training of this file nor a recorded training's id"),
                ),
            }
        }
        match input.validate(today) {
            Ok(()) => out.push(Training { id: ids[reference.as_str()], version: 1, details: input }),
            Err(DomainError::Invalid(fields)) => {
                for f in fields {
                    p.add(draft.first_row, &format!("training {reference}, {}", f.field), f.reason);
                }
            }
            Err(e) => p.add(draft.first_row, "training", e),
        }
    }
    if p.is_empty() { Ok(out) } else { Err(p.0) }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::CountryCode;
    use time::macros::date;

    use super::*;

    fn orgs() -> Vec<Organisation> {
        let input = lekhotla_domain::OrganisationInput {
            name: "Lesotho Mounted Police Service".into(),
            org_type: lekhotla_domain::OrgType::LawEnforcement,
            district: None,
            services: vec![],
            phone: None,
            street: None,
            city: None,
            postal_code: None,
            latitude: None,
            longitude: None,
            country: CountryCode::parse("LS").unwrap(),
        };
        vec![Organisation::new(input).unwrap()]
    }

    fn geo() -> Geography {
        Geography::from_csv(include_str!("../../../../data/geography/LS.csv")).unwrap()
    }

    const HEADER: &str =
        "training,title,organisation,district,started_on,of_trainers,trained_by,role,sex,people,certified\n";

    #[test]
    fn rows_of_one_training_are_its_groups_and_a_cascade_is_followed() {
        let text = format!(
            "{HEADER}\
             T1,Trainers on the SOP,Lesotho Mounted Police Service,LS-A,2025-05-05,yes,,Police,F,6,6\n\
             T1,,,,,,,Police,M,9,8\n\
             T2,The SOP in Leribe,Lesotho Mounted Police Service,LS-C,2025-07-01,,T1,Police,M,\"1,200\",\n"
        );
        let got = parse(&text, &orgs(), &geo(), &[], date!(2026 - 01 - 01)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].details.people(), 15);
        assert_eq!(got[0].details.certified(), 14);
        assert!(got[0].details.of_trainers);
        assert_eq!(got[1].details.trained_by, Some(got[0].id));
        assert_eq!(got[1].details.participants[0].people, 1_200);
    }

    #[test]
    fn every_problem_is_named_by_row_and_field() {
        let text = format!(
            "{HEADER}\
             T1,Trainers,Nobody,LS-Z,2025-05-05,perhaps,,Police,F,6,7\n\
             T1,Other title,,,,,,Sheriffs,X,none,\n\
             T2,Follow-up,Lesotho Mounted Police Service,LS-C,2025-07-01,,T3,Police,M,4,\n"
        );
        let joined = parse(&text, &orgs(), &geo(), &[], date!(2026 - 01 - 01)).unwrap_err().join("\n");
        for expected in [
            "row 1 (line 2), organisation: no organisation is named \"Nobody\"",
            "row 1 (line 2), district: LS-Z is not a district",
            "row 1 (line 2), of_trainers: \"perhaps\" is not yes or no",
            "row 2 (line 3), role:",
            "row 2 (line 3), sex:",
            "row 2 (line 3), people: \"none\" is not a whole number",
            "row 2 (line 3), title: differs from row 1 of training T1",
            "row 3 (line 4), trained_by: T3 is neither a training of this file nor a recorded training's id",
        ] {
            assert!(joined.contains(expected), "{expected} not in:\n{joined}");
        }
    }

    #[test]
    fn the_domains_rules_are_named_with_the_training() {
        let text = format!("{HEADER}T1,Trainers,Lesotho Mounted Police Service,LS-A,2025-05-05,,,Police,F,6,7\n");
        let joined = parse(&text, &orgs(), &geo(), &[], date!(2026 - 01 - 01)).unwrap_err().join("\n");
        assert!(
            joined.contains("row 1 (line 2), training T1, participants[0].certified: must not be more"),
            "{joined}"
        );
    }
}
