//! `lekhotla inspections import FILE.csv` and `lekhotla inspections list`: joint inspections of employers from a
//! spreadsheet of one row per inspection, checked row by row (every problem named by row and field, a case
//! number that no case has among them) and written all together or not at all.

use anyhow::{Context, bail};
use lekhotla_domain::{
    CaseNumber, ForcedLabourIndustry, Geography, Inspection, InspectionAgency, InspectionInput, MethodOfControl,
    Organisation,
};
use lekhotla_storage::{Action, CaseKey, PreventionRecords};
use time::Date;

use super::sheet::{self, Orgs, Problems, Sheet, list, needed};
use crate::cli::InspectionsCommand;
use crate::db::{self, Create};
use crate::output::say;
use crate::progress;

/// The file's columns, in any order; lists (agencies, indicators, cases) are separated by `|` or `;`.
pub const COLUMNS: [&str; 12] = [
    "employer",
    "sector",
    "organisation",
    "district",
    "town",
    "inspected_on",
    "agencies",
    "workers",
    "foreign_workers",
    "indicators",
    "cases",
    "findings",
];

const NEEDED: [&str; 8] =
    ["employer", "sector", "organisation", "district", "inspected_on", "agencies", "workers", "foreign_workers"];

pub async fn run(url: &str, command: InspectionsCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        InspectionsCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let geography = db::geography(&*store).await?;
            let orgs = store.list_organisations().await.context("reading organisations")?;
            let (inputs, mut problems) = match parse(&text, &orgs, &geography, super::today()) {
                Ok(rows) => (rows, Vec::new()),
                Err(problems) => (Vec::new(), problems),
            };
            // Every case named must be on record.
            let bar = progress::bar(inputs.len() as u64, "checking inspections");
            for (row, input) in &inputs {
                for number in &input.cases {
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
            if inputs.is_empty() {
                bail!("{} has a header row but no inspection: nothing was imported", file.display());
            }
            let mut inspections = Vec::with_capacity(inputs.len());
            for (_, input) in inputs {
                inspections.push(Inspection::new(input, super::today()).context("an inspection checked above")?);
            }
            let note = db::cli_entry(Action::Import)
                .record("inspections")
                .fields([format!("inspections:{}", inspections.len()), format!("file:{}", file.display())]);
            store.import_prevention(&inspections, note).await.context("writing the inspections")?;
            say!("imported {} inspections from {}", inspections.len(), file.display());
            Ok(())
        }
        InspectionsCommand::List { year } => {
            let filter = sheet::tip_year(year)?;
            for x in store.list_prevention::<Inspection>(&filter).await.context("reading inspections")? {
                let d = &x.details;
                let cases: Vec<String> = d.cases.iter().map(ToString::to_string).collect();
                say!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    x.id,
                    d.inspected_on,
                    d.district,
                    d.foreign_workers,
                    if cases.is_empty() { "-".to_owned() } else { cases.join("|") },
                    d.employer
                );
            }
            Ok(())
        }
    }
}

/// The inspections of a CSV text with their row numbers, or every problem in it, each as
/// `row N (line L), field: reason`.
pub fn parse(
    text: &str,
    orgs: &[Organisation],
    geo: &Geography,
    today: Date,
) -> Result<Vec<(usize, InspectionInput)>, Vec<String>> {
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
        let opt = |name: &str| Some(get(name).to_owned()).filter(|s| !s.is_empty());
        let sector = p.ok(row, "sector", get("sector").parse::<ForcedLabourIndustry>().map_err(|e| e.to_string()));
        let organisation = p.ok(row, "organisation", orgs.find(get("organisation")));
        let district = p.ok(row, "district", needed(sheet::district(geo, get("district"))));
        let inspected_on = p.ok(row, "inspected_on", needed(sheet::day(get("inspected_on"))));
        let agencies = list::<InspectionAgency>(&mut p, row, "agencies", get("agencies"));
        let indicators = list::<MethodOfControl>(&mut p, row, "indicators", get("indicators"));
        let cases = list::<CaseNumber>(&mut p, row, "cases", &get("cases").to_uppercase());
        let small = |field: &str| {
            needed(sheet::whole(get(field))).and_then(|v| u32::try_from(v).map_err(|_| "is too large".to_owned()))
        };
        let workers = p.ok(row, "workers", small("workers"));
        let foreign_workers = p.ok(row, "foreign_workers", small("foreign_workers"));
        let (
            Some(sector),
            Some(organisation),
            Some(district),
            Some(inspected_on),
            Some(workers),
            Some(foreign_workers),
        ) = (sector, organisation, district, inspected_on, workers, foreign_workers)
        else {
            continue;
        };
        let input = InspectionInput {
            employer: get("employer").to_owned(),
            sector,
            organisation,
            district,
            town: opt("town"),
            inspected_on,
            agencies,
            workers,
            foreign_workers,
            indicators,
            cases,
            findings: opt("findings"),
        };
        if p.checked(row, input.validate(today)).is_some() {
            out.push((row, input));
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
        vec![organisation("Labour Inspectorate", OrgType::CentralGovernmentOrganisation)]
    }

    #[test]
    fn a_good_file_gives_every_inspection() {
        let text = "employer,sector,organisation,district,inspected_on,agencies,workers,foreign_workers,indicators,cases\n\
                    Maputsoe textiles,C_Manufacturing,Labour Inspectorate,LS-C,2025-11-04,Labour|Immigration,\"1,200\",40,WithholdsDocuments,ls-2025-000123\n";
        let got = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap();
        assert_eq!(got.len(), 1);
        let (row, x) = &got[0];
        assert_eq!((*row, x.workers, x.foreign_workers), (1, 1_200, 40));
        assert_eq!(x.agencies, [InspectionAgency::Labour, InspectionAgency::Immigration]);
        assert_eq!(x.cases[0].to_string(), "LS-2025-000123");
    }

    #[test]
    fn every_problem_is_named_by_row_and_field() {
        let text = "employer,sector,organisation,district,inspected_on,agencies,workers,foreign_workers,cases\n\
                    Farm,Farming,Labour Inspectorate,LS-C,2025-11-04,Labour|Army,10,12,LS-2025-1\n";
        let joined = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap_err().join("\n");
        for expected in
            ["row 1 (line 2), sector:", "row 1 (line 2), agencies: \"Army\"", "row 1 (line 2), cases: \"LS-2025-1\""]
        {
            assert!(joined.contains(expected), "{expected} not in:\n{joined}");
        }
        let text = "employer,sector,organisation,district,inspected_on,agencies,workers,foreign_workers\n\
                    Farm,F_Construction,Labour Inspectorate,LS-C,2025-11-04,Labour,10,12\n";
        let joined = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap_err().join("\n");
        assert!(
            joined.contains("row 1 (line 2), foreign_workers: must not be more than the workers checked"),
            "{joined}"
        );
    }
}
