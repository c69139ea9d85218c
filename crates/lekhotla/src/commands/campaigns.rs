//! `lekhotla campaigns import FILE.csv` and `lekhotla campaigns list`: awareness campaigns from a spreadsheet,
//! checked row by row (every problem named by row and field) and written all together or not at all.

use anyhow::{Context, bail};
use lekhotla_domain::{Campaign, CampaignAudience, CampaignChannel, CampaignInput, Geography, Organisation};
use lekhotla_storage::{Action, PreventionFilter, PreventionRecords};
use time::{Date, Month};

use super::sheet::{self, Orgs, Problems, Sheet, needed};
use crate::cli::CampaignsCommand;
use crate::db::{self, Create};
use crate::output::say;
use crate::progress;

/// The file's columns, in any order; `title`, `organisation`, `audience`, `started_on` and `reach` are needed.
pub const COLUMNS: [&str; 13] = [
    "title",
    "organisation",
    "country",
    "district",
    "town",
    "audience",
    "channels",
    "started_on",
    "ended_on",
    "reach",
    "partners",
    "materials",
    "cost",
];

pub async fn run(url: &str, command: CampaignsCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        CampaignsCommand::Import { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let geography = db::geography(&*store).await?;
            let orgs = store.list_organisations().await.context("reading organisations")?;
            let inputs = match parse(&text, &orgs, &geography, super::today()) {
                Ok(rows) => rows,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    bail!("{} problem(s) in {}: nothing was imported", problems.len(), file.display());
                }
            };
            if inputs.is_empty() {
                bail!("{} has a header row but no campaign: nothing was imported", file.display());
            }
            let bar = progress::bar(inputs.len() as u64, "checking campaigns");
            let mut campaigns = Vec::with_capacity(inputs.len());
            for input in inputs {
                campaigns.push(Campaign::new(input, super::today()).context("a campaign checked above")?);
                bar.inc(1);
            }
            bar.finish_and_clear();
            let note = db::cli_entry(Action::Import)
                .record("campaigns")
                .fields([format!("campaigns:{}", campaigns.len()), format!("file:{}", file.display())]);
            store.import_prevention(&campaigns, note).await.context("writing the campaigns")?;
            say!("imported {} campaigns from {}", campaigns.len(), file.display());
            Ok(())
        }
        CampaignsCommand::List { year } => {
            let mut filter = PreventionFilter { limit: 5_000, ..PreventionFilter::default() };
            if let Some(y) = year {
                filter.from = Some(Date::from_calendar_date(y, Month::April, 1).context("--year")?);
                filter.to = Some(Date::from_calendar_date(y + 1, Month::March, 31).context("--year")?);
            }
            for c in store.list_prevention::<Campaign>(&filter).await.context("reading campaigns")? {
                let d = &c.details;
                say!("{}\t{}\t{}\t{}\t{}\t{}", c.id, d.started_on, d.place(), d.audience, d.reach, d.title);
            }
            Ok(())
        }
    }
}

/// The campaigns of a CSV text, or every problem in it, each as `row N (line L), field: reason`.
pub fn parse(
    text: &str,
    orgs: &[Organisation],
    geo: &Geography,
    today: Date,
) -> Result<Vec<CampaignInput>, Vec<String>> {
    let sheet = Sheet::read(text, &COLUMNS, &["title", "organisation", "audience", "started_on", "reach"])?;
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
        let organisation = p.ok(row, "organisation", orgs.find(get("organisation")));
        let country = p.ok(row, "country", sheet::country(get("country")));
        let district = p.ok(row, "district", sheet::district(geo, get("district"))).flatten();
        let audience = p.ok(row, "audience", get("audience").parse::<CampaignAudience>().map_err(|e| e.to_string()));
        let mut channels = Vec::new();
        for ch in get("channels").split(['|', ';']).map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(c) = p.ok(row, "channels", ch.parse::<CampaignChannel>().map_err(|e| e.to_string())) {
                channels.push(c);
            }
        }
        let started_on = p.ok(row, "started_on", needed(sheet::day(get("started_on"))));
        let ended_on = p.ok(row, "ended_on", sheet::day(get("ended_on"))).flatten();
        let reach =
            needed(sheet::whole(get("reach"))).and_then(|r| u32::try_from(r).map_err(|_| "is too large".into()));
        let reach = p.ok(row, "reach", reach);
        let cost = p.ok(row, "cost", sheet::whole(get("cost"))).flatten();
        let (Some(organisation), Some(country), Some(audience), Some(started_on), Some(reach)) =
            (organisation, country, audience, started_on, reach)
        else {
            continue;
        };
        let input = CampaignInput {
            title: get("title").to_owned(),
            organisation,
            country,
            district,
            town: opt("town"),
            audience,
            channels,
            started_on,
            ended_on,
            reach,
            partners: opt("partners"),
            materials: opt("materials"),
            cost,
        };
        if p.checked(row, input.validate(today)).is_some() {
            out.push(input);
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
            name: "Lesotho Awareness Trust".into(),
            org_type: lekhotla_domain::OrgType::Ngo,
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

    #[test]
    fn a_good_file_gives_every_campaign() {
        let text = "title,organisation,country,district,town,audience,channels,started_on,reach,cost\n\
                    Pitso on safe jobs,Lesotho Awareness Trust,LS,LS-C,Hlotse,JobSeekers,Gathering|Radio,2025-05-02,\"1,200\",3000\n\
                    Mineworkers' talk,Lesotho Awareness Trust,ZA,,Welkom,MigrantWorkers,,2025-09-12,420,\n";
        let got = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].reach, 1_200);
        assert_eq!(got[0].channels, [CampaignChannel::Gathering, CampaignChannel::Radio]);
        assert_eq!(got[1].place(), "ZA");
    }

    #[test]
    fn every_problem_is_named_by_row_and_field() {
        let text = "title,organisation,country,district,audience,started_on,reach\n\
                    ,Nobody,LS,LS-Z,Everyone,2025-13-01,many\n\
                    Fine,Lesotho Awareness Trust,ZA,,GeneralPublic,2025-05-01,10\n";
        let problems = parse(text, &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap_err();
        let joined = problems.join("\n");
        for expected in [
            "row 1 (line 2), organisation: no organisation is named \"Nobody\"",
            "row 1 (line 2), district: LS-Z is not a district",
            "row 1 (line 2), audience:",
            "row 1 (line 2), started_on: \"2025-13-01\" is not a day",
            "row 1 (line 2), reach: \"many\" is not a whole number",
            "row 2 (line 3), town: is needed for a campaign abroad",
        ] {
            assert!(joined.contains(expected), "{expected} not in:\n{joined}");
        }
    }

    #[test]
    fn an_unknown_column_is_refused() {
        let problems = parse("title,colour\n", &orgs(), &geo(), date!(2026 - 01 - 01)).unwrap_err();
        assert!(problems[0].contains("unknown column \"colour\""), "{problems:?}");
    }
}
