//! Tests of the plan as a whole: the shipped illustrative files, problems by row and line, round trips through
//! CSV and JSON, carry-over of recommendations.

use time::macros::date;

use super::*;
use crate::error::DomainError;
use crate::geography::Geography;
use crate::vocabulary::Vocabulary;

const PLAN: &str = include_str!("../../../../data/plan/illustrative-action-plan.csv");
const RECOMMENDATIONS: &str = include_str!("../../../../data/plan/illustrative-recommendations-2025.csv");

fn plan() -> ActionPlan {
    ActionPlan::from_csv(PLAN).unwrap_or_else(|e| panic!("{}", lines(&e)))
}

fn book() -> Recommendations {
    Recommendations::from_csv(RECOMMENDATIONS, &plan()).unwrap_or_else(|e| panic!("{}", lines(&e)))
}

fn lines(problems: &[SheetProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn code(s: &str) -> PlanCode {
    PlanCode::parse(s).unwrap()
}

#[test]
fn the_shipped_plan_is_illustrative_and_has_the_real_plans_shape() {
    let plan = plan();
    assert!(PLAN.lines().next().unwrap().starts_with("# ILLUSTRATIVE: NOT LESOTHO'S ACTION PLAN"));
    assert!(plan.title().contains("ILLUSTRATIVE"));
    assert!(plan.note().unwrap().starts_with("Illustrative only"));
    assert_eq!(plan.period(), (Quarter::parse("2021-Q1").unwrap(), Quarter::parse("2026-Q4").unwrap()));
    for pillar in Pillar::ALL {
        let activities =
            plan.objectives_of(*pillar).flat_map(|o| &o.outcomes).map(|u| u.activities.len()).sum::<usize>();
        assert!((3..=5).contains(&activities), "{pillar}: {activities} activities");
    }
    let Some(PlanItem::Outcome(data)) = plan.item(code("1.3")) else { panic!("no outcome 1.3") };
    assert_eq!(data.title, "Enhance data collection, sharing and analysis");
    assert_eq!(plan.objectives().len(), 5);
    assert_eq!(plan.objectives().iter().map(|o| o.outcomes.len()).sum::<usize>(), 11);
    assert_eq!(plan.activities().count(), 21);
    let indicators = plan.indicators();
    assert_eq!(indicators.len(), 15);
    for m in LiveIndicator::ALL {
        assert!(indicators.iter().any(|(_, i)| i.live() == Some(*m)), "{m} is not used");
    }
    assert!(indicators.iter().filter(|(_, i)| i.live().is_none()).count() >= 5);
    let geo = Geography::from_csv(include_str!("../../../../data/geography/LS.csv")).unwrap();
    assert_eq!(plan.unknown_districts(&geo), []);
    assert!(plan.activities().all(|a| !a.responsible.is_empty()));
    assert_eq!(plan.pillar_of(code("1.3.2")), Some(Pillar::Coordination));
    assert_eq!(plan.indicator("3.1.2-a").unwrap().0, code("3.1.2"));
}

#[test]
fn the_shipped_plan_flags_overspending_and_late_activities() {
    let plan = plan();
    let flags = plan.flags(date!(2026 - 12 - 01));
    let a = code("1.3.1");
    assert!(flags.contains(&PlanFlag::Overspent { activity: a, budget: 1_500_000, expenditure: 1_650_000 }));
    assert!(flags.contains(&PlanFlag::Late { activity: code("1.1.2"), end: Quarter::parse("2023-Q4").unwrap() }));
    assert!(!flags.iter().any(|f| matches!(f, PlanFlag::Late { activity, .. } if *activity == code("1.3.2"))));
    assert_eq!(plan.activity(a).unwrap().overspent(), Some(150_000));
    let (budget, spent) = plan.spending(Some(code("1.3")));
    assert_eq!((budget, spent), (1_850_000, 2_000_000));
    assert!(plan.spending(None).0 > budget);
}

#[test]
fn the_shipped_recommendations_answer_the_plan() {
    let (plan, book) = (plan(), book());
    assert!(RECOMMENDATIONS.starts_with("# ILLUSTRATIVE: NOT THE TIP REPORT'S RECOMMENDATIONS"));
    assert_eq!(book.of_year(2025).count(), 8);
    for category in RecommendationCategory::ALL {
        assert!(book.items().iter().any(|r| r.category == *category), "{category}");
    }
    assert!(book.items().iter().any(|r| r.priority == RecommendationPriority::Priority));
    assert!(book.items().iter().all(|r| !r.activities.is_empty()));
    assert!(book.items().iter().flat_map(|r| &r.activities).all(|a| plan.activity(*a).is_some()));
    let sops = book.get(RecommendationKey { year: 2025, number: 2 }).unwrap();
    assert_eq!(sops.carried_from, Some(RecommendationKey::parse("2024-2").unwrap()));
    assert_eq!(book.answered_by(code("3.1.2")).count(), 2);
}

#[test]
fn the_plan_goes_to_csv_and_back_unchanged() {
    let plan = plan();
    let text = plan.to_csv();
    let back = ActionPlan::from_csv(&text).unwrap_or_else(|e| panic!("{}", lines(&e)));
    assert_eq!(back, plan);
    assert_eq!(back.to_csv(), text);
    // Objectives, outcomes and activities may come in any order: the plan's row and the objectives' last,
    // typed values newest first, the file gives the same plan.
    let rows: Vec<&str> = text.lines().collect();
    let last = |r: &&str| r.starts_with("plan,") || r.starts_with("objective,");
    let mut values: Vec<&str> = rows.iter().copied().filter(|r| r.starts_with("value,")).collect();
    values.reverse();
    let mut values = values.into_iter();
    let shuffled: Vec<&str> = rows
        .iter()
        .filter(|r| !last(r))
        .map(|r| if r.starts_with("value,") { values.next().unwrap() } else { r })
        .chain(rows.iter().copied().filter(last))
        .collect();
    assert_ne!(shuffled.join("\n"), text.trim_end());
    assert_eq!(ActionPlan::from_csv(&shuffled.join("\n")).unwrap(), plan);
    // And through JSON, which is checked again on the way in.
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(serde_json::from_str::<ActionPlan>(&json).unwrap(), plan);
    let broken = json.replace("\"code\":\"1.3.2\"", "\"code\":\"2.3.2\"");
    assert!(serde_json::from_str::<ActionPlan>(&broken).unwrap_err().to_string().contains("does not lie under 1.3"));
    let book = book();
    assert_eq!(Recommendations::from_csv(&book.to_csv(), &plan).unwrap(), book);
}

#[test]
fn every_problem_of_the_plan_file_names_its_row_line_and_field() {
    let text = "# A comment line: rows and lines differ\n\
        level,code,parent,pillar,title,responsible,districts,start,end,budget,expenditure,status,unit,source,\
        value,as_of\n\
        plan,,,,A plan,,,2021-Q1,2026-Q4,,,,,,,\n\
        objective,1,,coordination,Coordinate,,,,,,,,,,,\n\
        outcome,1.1,,protection,Data,,,,,,,,,,,\n\
        activity,1.1.1,,,Registry,Home Affairs,LS-A|Maseru,2022-Q1,2027-Q1,lots,,finished,,,,\n\
        activity,1.1.1,,,Again,Home Affairs,national,2022-Q1,2022-Q2,,,,,,,\n\
        activity,2.1.1,,,Orphan,Home Affairs,national,2022-Q1,2022-Q2,,,,,,,\n\
        indicator,1-a,1,,Victims,,,,,,,,percent,live:victims_identified,,\n\
        indicator,1-a,9.9,,Again,,,,,,,,count,live:victims_found,,\n\
        value,,1-a,,,,,,,,,,,,3,2025-03-31\n\
        # another comment, then a blank line\n\
        \n\
        evidence,,1.1,,Minutes,,,,,,,,,,,\n\
        level,1,,,,,,,,,,,,,,\n";
    let problems = ActionPlan::from_csv(text).unwrap_err();
    let got = lines(&problems);
    for expected in [
        "row 3 (line 5), pillar: is not used on outcome rows",
        "row 4 (line 6), districts: \"Maseru\" is not a district code like LS-A (or national)",
        "row 4 (line 6), budget: \"lots\" is not a whole number of maloti",
        "row 4 (line 6), status: unknown lk_PlanActivityStatus value \"finished\"",
        "row 5 (line 7), code: 1.1.1 is on row 4 already",
        "row 6 (line 8), code: its outcome 2.1 is not in the file",
        "row 7 (line 9), unit: must be count for the live measure victims_identified",
        "row 8 (line 10), code: the indicator 1-a is on row 7 already",
        "row 8 (line 10), source: \"victims_found\" is not a live measure the registry computes (live:",
        "row 9 (line 11), parent: the indicator 1-a is computed from the registry (victims_identified): it takes no \
         typed values",
        "row 10 (line 14), parent: 1.1 is the code of an outcome, not of an activity",
        "row 10 (line 14), kind: is needed",
        "row 11 (line 15), level: \"level\" is not a level (plan|objective|outcome|activity|indicator|value|evidence)",
    ] {
        assert!(got.contains(expected), "missing {expected:?} in\n{got}");
    }
    let first = &problems[0];
    assert_eq!((first.row, first.line, first.field.as_str()), (Some(3), Some(5), "pillar"));
}

#[test]
fn open_recommendations_carry_over_to_the_next_year_linked_to_their_origin() {
    let plan = plan();
    let mut book = book();
    let before = book.clone();
    let first = |b: &Recommendations| b.get(RecommendationKey { year: 2025, number: 1 }).unwrap().clone();
    // One at a time: the copy is open, answered by the same activities, linked to its origin.
    let mut one = first(&book);
    let copy = one.carry_over(2026, 4).unwrap();
    assert_eq!((copy.year, copy.number, copy.status), (2026, 4, RecommendationStatus::Open));
    assert_eq!((copy.text.as_str(), &copy.activities), (one.text.as_str(), &one.activities));
    assert_eq!(copy.carried_from, Some(one.key()));
    assert_eq!(one.status, RecommendationStatus::CarriedOver);
    assert!(matches!(one.carry_over(2026, 5), Err(DomainError::Refused(_))), "carried twice");
    let mut met = first(&book);
    met.status = RecommendationStatus::Met;
    assert!(met.carry_over(2026, 1).is_err(), "a met recommendation stays");
    assert!(first(&book).carry_over(2025, 9).is_err(), "not to its own year");

    // A year at a time: every open or partly met one, numbered after next year's own.
    let mut own = first(&book);
    (own.year, own.number, own.text) = (2026, 1, "Adopt a national referral mechanism.".into());
    let mut list = book.items().to_vec();
    list.push(own);
    book = Recommendations::new(list, &plan).unwrap();
    assert!(book.carry_over(2025, 2025).is_err());
    let keys = book.carry_over(2025, 2026).unwrap();
    assert_eq!(keys.len(), 8);
    assert_eq!(keys[0], RecommendationKey { year: 2026, number: 2 });
    assert!(book.of_year(2025).all(|r| r.status == RecommendationStatus::CarriedOver));
    let history: Vec<String> = book.history(keys[1]).iter().map(|r| r.key().to_string()).collect();
    assert_eq!(history, ["2025-2", "2026-3"], "2024-2 is not in the list");
    assert!(book.carry_over(2025, 2026).unwrap().is_empty(), "nothing left to carry");
    // The carried list is valid as a whole, and round-trips through its file.
    let again = Recommendations::from_csv(&book.to_csv(), &plan).unwrap_or_else(|e| panic!("{}", lines(&e)));
    assert_eq!(again, book);
    assert_ne!(book, before);

    // The list holds carry-overs together: an origin with a copy is marked so, and copied once.
    let mut list = book.items().to_vec();
    let origin = list.iter_mut().find(|r| r.key() == RecommendationKey { year: 2025, number: 3 }).unwrap();
    origin.status = RecommendationStatus::Open;
    let mut twin =
        list.iter().find(|r| r.carried_from == Some(RecommendationKey { year: 2025, number: 4 })).unwrap().clone();
    twin.number = 40;
    list.push(twin);
    let Err(DomainError::Invalid(errors)) = Recommendations::new(list, &plan) else { panic!("accepted") };
    let reasons: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect();
    assert!(
        reasons.iter().any(|r| r.ends_with("status: must be carried_over: it is carried over as 2026-4")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.ends_with("carried_from: 2025-4 is carried over twice")), "{reasons:?}");
}

#[test]
fn every_problem_of_the_recommendations_file_names_its_row_line_and_field() {
    let text = "# illustrative\n\
        year,number,category,priority,text,activities,status,carried_from\n\
        2025,1,prosecution,priority,Convict traffickers.,4.1.3|9.9.9,open,\n\
        2025,1,protection,,Fund the shelter.,3.2.1,,\n\
        2025,x,welfare,urgent,,3.2|4.1.3|4.1.3,done,last year\n\
        2025,3,prevention,,Inspect employers.,2.2.1,open,2025-1\n";
    let problems = Recommendations::from_csv(text, &plan()).unwrap_err();
    let got = lines(&problems);
    for expected in [
        "row 3 (line 5), number: \"x\" is not a number from 1 to 999",
        "row 3 (line 5), category: unknown lk_RecommendationCategory value \"welfare\"",
        "row 3 (line 5), priority: unknown lk_RecommendationPriority value \"urgent\"",
        "row 3 (line 5), status: unknown lk_RecommendationStatus value \"done\"",
        "row 3 (line 5), carried_from: \"last year\" is not a recommendation: its year and number, as 2025-3",
    ] {
        assert!(got.contains(expected), "missing {expected:?} in\n{got}");
    }
    // Once every cell reads, the rows are checked against the plan and each other.
    let text = text.lines().filter(|l| !l.starts_with("2025,x")).collect::<Vec<_>>().join("\n");
    let got = lines(&Recommendations::from_csv(&text, &plan()).unwrap_err());
    assert_eq!(
        got,
        "row 1 (line 3), activities: the plan has no activity 9.9.9\n\
         row 2 (line 4), number: 2025-1 appears twice\n\
         row 3 (line 5), carried_from: must be of a year before 2025"
    );
    let text = text.replace("4.1.3|9.9.9", "3.2|4.1.3|4.1.3");
    let got = lines(&Recommendations::from_csv(&text, &plan()).unwrap_err());
    assert!(
        got.starts_with(
            "row 1 (line 3), activities: 3.2 is not an activity's code (like 1.3.2)\n\
                             row 1 (line 3), activities: names 4.1.3 twice"
        ),
        "{got}"
    );
}

#[test]
fn a_plan_is_checked_as_a_whole() {
    let mut input = plan().to_input();
    // An activity filed under the wrong outcome, a repeated indicator code, a live measure with another unit, an
    // activity ending after the plan.
    input.objectives[0].outcomes[0].activities[0].code = code("2.1.9");
    let copy = input.objectives[1].outcomes[0].indicators[0].clone();
    input.objectives[0].indicators.push(copy);
    input.objectives[0].outcomes[2].indicators[0].unit = IndicatorUnit::Percent;
    input.objectives[2].outcomes[0].activities[0].end = Quarter::parse("2027-Q1").unwrap();
    let Err(DomainError::Invalid(errors)) = ActionPlan::new(input) else { panic!("accepted") };
    let fields: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect();
    assert_eq!(
        fields,
        [
            "objectives[0].outcomes[0].activities[0].code: 2.1.9 does not lie under 1.1",
            "objectives[0].outcomes[2].indicators[0].unit: must be count for the live measure victims_identified",
            "objectives[1].outcomes[0].indicators[0].code: the indicator code 2.1-a appears twice",
            "objectives[2].outcomes[0].activities[0].end: must lie within the plan's period, 2021-Q1 to 2026-Q4",
        ]
    );
    // Edits go through the input and a new check; the plan stays in code order.
    let mut input = plan().to_input();
    input.objectives.reverse();
    input.objectives[0].outcomes[0].activities[0].status = ActivityStatus::Done;
    let plan = ActionPlan::new(input).unwrap();
    assert_eq!(plan.objectives()[0].code, code("1"));
    assert_eq!(plan.activity(code("5.1.1")).unwrap().status, ActivityStatus::Done);
    assert!(matches!(plan.item(code("4")), Some(PlanItem::Objective(o)) if o.pillar == Pillar::Prosecution));
    assert!(plan.item(code("4.9")).is_none() && plan.item(code("9")).is_none() && plan.activity(code("4.1")).is_none());
}

#[test]
fn indicator_values_say_whether_they_are_computed_or_typed() {
    let plan = plan();
    let (owner, victims) = plan.indicator("1.3-a").unwrap();
    assert_eq!((owner, victims.live()), (code("1.3"), Some(LiveIndicator::VictimsIdentified)));
    let at = time::macros::datetime!(2026-12-01 08:00 UTC);
    let live = IndicatorValue::live(victims, 31.0, Default::default(), at).unwrap();
    assert_eq!(live.source, ValueSource::Live { measure: LiveIndicator::VictimsIdentified, computed_at: at });
    let (_, agencies) = plan.indicator("1.3-b").unwrap();
    assert!(IndicatorValue::live(agencies, 5.0, Default::default(), at).is_err(), "a typed indicator is not computed");
    let typed = agencies.typed_value(date!(2026 - 12 - 01)).unwrap();
    assert_eq!((typed.value, typed.is_live()), (5.0, false));
    assert!(matches!(typed.source, ValueSource::Typed { as_of, .. } if as_of == date!(2025 - 09 - 30)));
    assert_eq!(agencies.progress(typed.value), Some(5.0 / 6.0));
    let json = serde_json::to_value(&typed).unwrap();
    let note = "Police, DPP, immigration, labour and social development";
    assert_eq!(json["source"], serde_json::json!({"kind": "typed", "as_of": "2025-09-30", "note": note}));
}
