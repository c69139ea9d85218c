//! `lekhotla screenings import FILE.csv` and `lekhotla screenings list`: screening sessions at ports of entry
//! from a spreadsheet of one row per session, checked row by row (every problem named by row and field, a case
//! number that no case has among them) and written all together or not at all.

use anyhow::{Context, bail};
use lekhotla_domain::{
    CaseNumber, Geography, Organisation, Screening, ScreeningIndicator, ScreeningInput, TravelDirection,
    TravellerGroups,
};
use lekhotla_storage::{Action, CaseKey, PreventionRecords};
use time::Date;

use super::sheet::{self, Orgs, Problems, Sheet, list, needed};
use crate::cli::ScreeningsCommand;
use crate::db::{self, Create};
use crate::output::say;
use crate::progress;

/// The file's columns, in any order; lists (indicators, cases) are separated by `|` or `;`.
pub const COLUMNS: [&str; 14] = [
    "port",
    "organisation",
    "started_on",
    "ended_on",
    "direction",
    "travellers",
    "women",
    "men",
    "girls",
    "boys",
    "indicators",
    "referred",
    "cases",
    "note",
];

const NEEDED: [&str; 5] = ["port", "organisation", "started_on", "direction", "travellers"];

/// The breakdown's columns.
const GROUPS: [&str; 4] = ["women", "men", "girls", "boys"];

pub async fn run(url: &str, command: ScreeningsCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        ScreeningsCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let geography = db::geography(&*store).await?;
            let orgs = store.list_organisations().await.context("reading organisations")?;
            let (screenings, mut problems) = match parse(&text, &orgs, &geography, super::today()) {
                Ok(rows) => (rows, Vec::new()),
                Err(problems) => (Vec::new(), problems),
            };
            // Every case named must be on record.
            let bar = progress::bar(screenings.len() as u64, "checking screenings");
            for (row, s) in &screenings {
                for number in &s.details.cases {
                    if store.case_scope_facts(&CaseKey::Number(*number)).await.context("reading cases")?.is_none() {
                        let mut p = Problems::default();
                        p.add(*row, "cases", format!("no case has the number {number}"));
                        problems.extend(p.0);
                    }
                }
                bar.inc(1);
            }
            bar.finish_and_clear();
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("{p}");
                }
                bail!("{} problem(s) in {}: nothing was imported", problems.len(), file.display());
            }
            if screenings.is_empty() {
                bail!("{} has a header row but no screening: nothing was imported", file.display());
            }
            let screenings: Vec<Screening> = screenings.into_iter().map(|(_, s)| s).collect();
            let note = db::cli_entry(Action::Import)
                .record("screenings")
                .fields([format!("screenings:{}", screenings.len()), format!("file:{}", file.display())]);
            store.import_prevention(&screenings, note).await.context("writing the screenings")?;
            say!("imported {} screenings from {}", screenings.len(), file.display());
            Ok(())
        }
        ScreeningsCommand::List { year } => {
            let filter = sheet::tip_year(year)?;
            for x in store.list_prevention::<Screening>(&filter).await.context("reading screenings")? {
                let d = &x.details;
                let cases: Vec<String> = d.cases.iter().map(ToString::to_string).collect();
                say!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    x.id,
                    d.started_on,
                    d.port,
                    x.district.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string),
                    d.travellers,
                    d.referred,
                    if cases.is_empty() { "-".to_owned() } else { cases.join("|") }
                );
            }
            Ok(())
        }
    }
}

/// The screenings of a CSV text with their row numbers, checked against the day and the geography, or every
/// problem in it, each as `row N (line L), field: reason`.
pub fn parse(
    text: &str,
    orgs: &[Organisation],
    geo: &Geography,
    today: Date,
) -> Result<Vec<(usize, Screening)>, Vec<String>> {
    let sheet = Sheet::read(text, &COLUMNS, &NEEDED)?;
    let orgs = Orgs::new(orgs);
    let mut p = Problems::default();
    let mut out = Vec::new();
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
        let small = |v: Result<Option<u64>, String>| {
            v.and_then(|v| v.map(|n| u32::try_from(n).map_err(|_| "is too large".to_owned())).transpose())
        };
        let port = p.ok(row, "port", needed(sheet::port(geo, get("port"))));
        let organisation = p.ok(row, "organisation", orgs.find(get("organisation")));
        let started_on = p.ok(row, "started_on", needed(sheet::day(get("started_on"))));
        let ended_on = p.ok(row, "ended_on", sheet::day(get("ended_on")));
        let direction = p.ok(row, "direction", get("direction").parse::<TravelDirection>().map_err(|e| e.to_string()));
        let travellers = p.ok(row, "travellers", needed(small(sheet::whole(get("travellers")))));
        let referred = p.ok(row, "referred", small(sheet::whole(get("referred"))));
        let groups: Vec<Option<Option<u32>>> =
            GROUPS.iter().map(|g| p.ok(row, g, small(sheet::whole(get(g))))).collect();
        let indicators = list::<ScreeningIndicator>(&mut p, row, "indicators", get("indicators"));
        let cases = list::<CaseNumber>(&mut p, row, "cases", &get("cases").to_uppercase());
        let (
            Some(port),
            Some(organisation),
            Some(started_on),
            Some(ended_on),
            Some(direction),
            Some(travellers),
            Some(referred),
        ) = (port, organisation, started_on, ended_on, direction, travellers, referred)
        else {
            continue;
        };
        let Some(groups) = groups.into_iter().collect::<Option<Vec<Option<u32>>>>() else { continue };
        let n = |i: usize| groups[i].unwrap_or(0);
        let by_group = groups.iter().any(Option::is_some).then(|| TravellerGroups {
            women: n(0),
            men: n(1),
            girls: n(2),
            boys: n(3),
        });
        let input = ScreeningInput {
            port,
            organisation,
            started_on,
            ended_on,
            direction,
            travellers,
            by_group,
            indicators,
            referred: referred.unwrap_or(0),
            cases,
            note: Some(get("note").to_owned()).filter(|s| !s.is_empty()),
        };
        if let Some(s) = p.checked(row, Screening::new(input, today, geo)) {
            out.push((row, s));
        }
    }
    if p.is_empty() { Ok(out) } else { Err(p.0) }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::OrgType;
    use time::macros::date;

    use super::*;
    use crate::commands::sheet::fixtures::{geography as geo, organisation};

    fn orgs() -> Vec<Organisation> {
        vec![organisation("Department of Immigration", OrgType::ImmigrationService)]
    }

    #[test]
    fn a_good_file_gives_every_screening() {
        let text = "port,organisation,started_on,ended_on,direction,travellers,women,men,girls,boys,indicators,referred,cases\n\
                    Maseru Bridge,Department of Immigration,2025-12-15,2025-12-16,Leaving,\"1,200\",500,400,,300,ChildWithNonRelative|TooGoodJobOffer,2,ls-2025-000123\n\
                    POE-SANI-PASS,Department of Immigration,2025-12-20,,Both,35,,,,,,,\n";
        let got = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap();
        assert_eq!(got.len(), 2);
        let (row, s) = &got[0];
        assert_eq!((*row, s.details.travellers, s.details.referred), (1, 1_200, 2));
        assert_eq!(s.details.by_group, Some(TravellerGroups { women: 500, men: 400, girls: 0, boys: 300 }));
        assert_eq!(s.district.as_ref().map(ToString::to_string).as_deref(), Some("LS-A"));
        assert_eq!(s.details.cases[0].to_string(), "LS-2025-000123");
        assert_eq!((got[1].1.details.by_group, got[1].1.place()), (None, "POE-SANI-PASS".to_owned()));
    }

    #[test]
    fn every_problem_is_named_by_row_and_field() {
        let text = "port,organisation,started_on,direction,travellers,referred,indicators\n\
                    Maseru Bridge,Department of Immigration,2025-12-15,Leaving,10,2,\n\
                    Maseru,Department of Immigration,2025-12-15,Sideways,many,,Smuggling\n\
                    Tele Bridge,Department of Immigration,2025-12-15,Entering,10,11,\n";
        let joined = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap_err().join("\n");
        for expected in [
            "row 2 (line 3), port: Maseru is not a port of entry",
            "row 2 (line 3), direction:",
            "row 2 (line 3), travellers:",
            "row 2 (line 3), indicators: \"Smuggling\"",
            "row 3 (line 4), referred: must not be more than the travellers screened (10)",
        ] {
            assert!(joined.contains(expected), "{expected} not in:\n{joined}");
        }
        assert!(!joined.contains("row 1 "), "{joined}");
    }
}
