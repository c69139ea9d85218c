//! The recommendations file: one CSV, one row per recommendation, of one report year or several. Lines starting
//! with `#` are comments. `data/plan/README.md` says the same.
//!
//! | column | what it holds |
//! |---|---|
//! | **year** | the report's year (`2025` for the 2025 TIP Report) |
//! | **number** | its number in that year's list, from 1; year and number are unique |
//! | **category** | `prosecution`, `protection` or `prevention` |
//! | priority | `priority` for one of the report's prioritised recommendations, `other` (the default) |
//! | **text** | the recommendation, in the report's words |
//! | activities | the codes of the plan's activities that answer it, joined by `\|` (`4.1.2\|4.2.1`) |
//! | status | `open` (the default), `partly_met`, `met`, `carried_over` |
//! | carried_from | the recommendation of an earlier year it carries over, as `2024-3` |
//!
//! Every problem is reported, as `row N (line L), field: reason`.

use super::code::PlanCode;
use super::recommendation::{
    Recommendation, RecommendationCategory, RecommendationKey, RecommendationPriority, RecommendationStatus,
    Recommendations,
};
use super::sheet::{At, Problems, Sheet, SheetProblem, needed, write};
use super::tree::ActionPlan;
use crate::error::DomainError;
use crate::vocabulary::{Vocabulary, parse_code};

/// The recommendations file's columns, in the order [`Recommendations::to_csv`] writes them.
pub const RECOMMENDATION_COLUMNS: &[&str] =
    &["year", "number", "category", "priority", "text", "activities", "status", "carried_from"];

fn vocab<V: Vocabulary>(cell: &str, blank: V) -> Result<V, String> {
    if cell.is_empty() { Ok(blank) } else { parse_code(&cell.to_lowercase()).map_err(|e| e.to_string()) }
}

fn whole<T: std::str::FromStr>(cell: &str, what: &str) -> Result<T, String> {
    needed(cell)?.parse().map_err(|_| format!("{cell:?} is not {what}"))
}

impl Recommendations {
    /// Reads a recommendations file (the layout is in this module's documentation) against `plan`, whose
    /// activities the recommendations name, or gives every problem in it.
    pub fn from_csv(text: &str, plan: &ActionPlan) -> Result<Self, Vec<SheetProblem>> {
        let mut p = Problems::default();
        let needed_columns = ["year", "number", "category", "text"];
        let Some(sheet) = Sheet::read(text, RECOMMENDATION_COLUMNS, &needed_columns, &mut p) else {
            return Err(p.sorted());
        };
        let mut list = Vec::new();
        let mut rows: Vec<At> = Vec::new();
        for (at, r) in &sheet.rows {
            let at = *at;
            let get = |column: &str| sheet.get(r, column);
            let year = p.ok(at, "year", whole::<i32>(get("year"), "a year"));
            let number = p.ok(at, "number", whole::<u16>(get("number"), "a number from 1 to 999"));
            let category = needed(get("category")).and_then(|c| vocab(c, RecommendationCategory::Prosecution));
            let category = p.ok(at, "category", category);
            let priority = p.ok(at, "priority", vocab(get("priority"), RecommendationPriority::Other));
            let status = p.ok(at, "status", vocab(get("status"), RecommendationStatus::Open));
            let mut activities = Some(Vec::new());
            for a in get("activities").split(['|', ';']).map(str::trim).filter(|a| !a.is_empty()) {
                match (PlanCode::parse(a), activities.as_mut()) {
                    (Ok(code), Some(list)) => list.push(code),
                    (Ok(_), None) => {}
                    (Err(e), _) => {
                        p.add(at, "activities", e);
                        activities = None;
                    }
                }
            }
            let carried_from = match get("carried_from") {
                "" => Some(None),
                s => p.ok(at, "carried_from", RecommendationKey::parse(s).map(Some)),
            };
            if let (
                Some(year),
                Some(number),
                Some(category),
                Some(priority),
                Some(status),
                Some(activities),
                Some(carried_from),
            ) = (year, number, category, priority, status, activities, carried_from)
            {
                let text = get("text").to_owned();
                list.push(Recommendation { year, number, text, category, priority, activities, status, carried_from });
                rows.push(at);
            }
        }
        if !p.0.is_empty() {
            return Err(p.sorted());
        }
        match Self::new(list, plan) {
            Ok(book) => Ok(book),
            Err(DomainError::Invalid(fields)) => {
                for f in fields {
                    match field_row(&f.field) {
                        Some((i, field)) if i < rows.len() => p.add(rows[i], field, f.reason),
                        _ => p.file(&f.field, f.reason),
                    }
                }
                Err(p.sorted())
            }
            Err(e) => {
                p.file("the file", e);
                Err(p.sorted())
            }
        }
    }

    /// The recommendations as a file, which [`Recommendations::from_csv`] reads back to the same list.
    pub fn to_csv(&self) -> String {
        let header = RECOMMENDATION_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        let rows = self.items().iter().map(|r| {
            let activities: Vec<String> = r.activities.iter().map(PlanCode::to_string).collect();
            vec![
                r.year.to_string(),
                r.number.to_string(),
                r.category.code().to_owned(),
                r.priority.code().to_owned(),
                r.text.clone(),
                activities.join("|"),
                r.status.code().to_owned(),
                r.carried_from.map(|k| k.to_string()).unwrap_or_default(),
            ]
        });
        write(std::iter::once(header).chain(rows))
    }
}

/// `recommendations[3].text` as (3, `text`).
fn field_row(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("recommendations[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}
