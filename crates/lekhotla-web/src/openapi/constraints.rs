//! Constraints the server enforces that the generated schemas do not say: free text in a request is not
//! blank and holds no control character but tab and line breaks (`lekhotla_domain::error::Checker::text`),
//! and a referral's move names no member it does not take.

use std::collections::BTreeSet;

use lekhotla_domain::{committee, deadline, person, plan, prevention, provision};
use serde_json::{Value, json};

/// Text as the domain takes it: at least one character that is not white space, and no control character
/// (Unicode Cc) but tab, line feed and carriage return.
pub const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

/// The members of a change (a merge patch) that cannot be cleared: `null` is refused, as the record needs one.
const NEEDED: [(&str, &[&str]); 6] = [
    ("CampaignUpdate", &["title", "organisation", "country", "audience", "channels", "started_on", "reach"]),
    ("TrainingUpdate", &["title", "organisation", "country", "started_on", "participants"]),
    (
        "InspectionUpdate",
        &["employer", "sector", "organisation", "district", "inspected_on", "agencies", "workers", "foreign_workers"],
    ),
    ("ScreeningUpdate", &["port", "organisation", "started_on", "direction", "travellers"]),
    ("OrganisationUpdate", &["name", "org_type", "services", "country"]),
    ("MeetingUpdate", &["committee", "held_on", "place", "chair", "agenda", "attendance"]),
];

/// Numbers whose range the server checks: (schema, property, minimum, maximum).
const RANGES: [(&str, &str, u64, u64); 24] = [
    ("PersonDetails", "estimated_age", 0, 120),
    ("PersonDetails", "number_of_children", 0, person::MAX_CHILDREN as u64),
    ("VictimContext", "age_when_trafficked", 0, 120),
    ("CampaignInput", "reach", 0, prevention::MAX_REACH as u64),
    ("CampaignUpdate", "reach", 0, prevention::MAX_REACH as u64),
    ("CampaignInput", "cost", 0, prevention::MAX_COST),
    ("CampaignUpdate", "cost", 0, prevention::MAX_COST),
    ("TrainingInput", "cost", 0, prevention::MAX_COST),
    ("TrainingUpdate", "cost", 0, prevention::MAX_COST),
    ("ParticipantGroup", "people", 1, prevention::MAX_PEOPLE as u64),
    ("InspectionInput", "workers", 0, prevention::MAX_WORKERS as u64),
    ("InspectionUpdate", "workers", 0, prevention::MAX_WORKERS as u64),
    ("ScreeningInput", "travellers", 1, prevention::MAX_TRAVELLERS as u64),
    ("ScreeningUpdate", "travellers", 1, prevention::MAX_TRAVELLERS as u64),
    ("Attendance", "people", 1, committee::MAX_PEOPLE as u64),
    ("ProviderYearInput", "beds", 0, provision::MAX_BEDS as u64),
    ("Funding", "committed", 0, provision::MAX_AMOUNT),
    ("Funding", "disbursed", 0, provision::MAX_AMOUNT),
    ("Activity", "budget", 0, plan::MAX_MALOTI),
    ("Activity", "expenditure", 0, plan::MAX_MALOTI),
    ("Recommendation", "number", 1, 999),
    ("Recommendation", "year", 2000, 2100),
    ("ServiceDeadline", "adult_days", 1, deadline::MAX_DAYS as u64),
    ("ServiceDeadline", "child_days", 1, deadline::MAX_DAYS as u64),
];

/// Schemas with a map position, whose latitude and longitude the server keeps in range
/// (`lekhotla_domain::error::Checker::coordinates`): -90 to 90 and -180 to 180 degrees.
const POSITIONS: [&str; 3] = ["EventInput", "PersonDetails", "OrganisationInput"];

/// Lists whose length the server checks: (schema, property, fewest, most, each item once).
const LISTS: [(&str, &str, usize, usize, bool); 21] = [
    ("InspectionInput", "agencies", 1, usize::MAX, true),
    ("InspectionUpdate", "agencies", 1, usize::MAX, true),
    ("InspectionInput", "indicators", 0, usize::MAX, true),
    ("InspectionUpdate", "indicators", 0, usize::MAX, true),
    ("ScreeningInput", "indicators", 0, usize::MAX, true),
    ("ScreeningUpdate", "indicators", 0, usize::MAX, true),
    ("CampaignInput", "channels", 0, usize::MAX, true),
    ("CampaignUpdate", "channels", 0, usize::MAX, true),
    ("TrainingInput", "participants", 1, prevention::MAX_GROUPS, false),
    ("TrainingUpdate", "participants", 1, prevention::MAX_GROUPS, false),
    ("MeetingInput", "agenda", 1, committee::MAX_ITEMS, false),
    ("MeetingUpdate", "agenda", 1, committee::MAX_ITEMS, false),
    ("MeetingInput", "attendance", 1, committee::MAX_ITEMS, false),
    ("MeetingUpdate", "attendance", 1, committee::MAX_ITEMS, false),
    ("MeetingInput", "decisions", 0, committee::MAX_ITEMS, false),
    ("MeetingInput", "actions", 0, committee::MAX_ITEMS, false),
    ("ProviderYearInput", "funding", 0, provision::MAX_FUNDERS, false),
    ("Activity", "evidence", 0, plan::MAX_EVIDENCE, false),
    ("Recommendation", "activities", 0, plan::MAX_ANSWERS, true),
    ("ActionItem", "activities", 0, committee::MAX_LINKS, true),
    ("ActionItem", "cases", 0, committee::MAX_LINKS, true),
];

/// A period as `lekhotla_report::Period::parse` reads it: years 1900 to 2999 in every form.
pub const PERIOD_PATTERN: &str = r"^((19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\.\.(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|tip-(19[0-9]{2}|2[0-9]{3})|(19[0-9]{2}|2[0-9]{3})|(19[0-9]{2}|2[0-9]{3})-Q[1-4])$";

/// An area as `reports::area` reads it; empty is the caller's default.
pub const AREA_PATTERN: &str = "^(national|hub:[A-Z0-9-]{2,40}|[A-Z0-9-]{2,40})?$";

/// Parameters whose form the server checks: (path, name, pattern).
const PARAMETERS: [(&str, &str, &str); 4] = [
    ("/reports/tip", "area", AREA_PATTERN),
    ("/plan/activities/{code}", "code", PLAN_CODE_PATTERN),
    ("/plan/recommendations/{key}", "key", r"^[0-9]{4}-[1-9][0-9]*$"),
    ("/reports/tip", "period", PERIOD_PATTERN),
];

/// The schemas of every parameter `name` of the operations of `path`.
fn parameter<'a>(doc: &'a mut Value, path: &str, name: &str) -> Vec<&'a mut Value> {
    let Some(item) = doc.pointer_mut(&format!("/paths/{}", path.replace('/', "~1"))).and_then(Value::as_object_mut)
    else {
        return Vec::new();
    };
    item.values_mut()
        .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
        .flatten()
        .filter(|param| param["name"] == name)
        .map(|param| &mut param["schema"])
        .collect()
}

/// The patterns of [`PARAMETERS`]; the audit trail's action codes, a subject search's name (not blank) and
/// purpose (`api/audit.rs`: its words and characters); the period a report is frozen for.
pub fn parameter_forms(doc: &mut Value) {
    for (path, name, pattern) in PARAMETERS {
        for schema in parameter(doc, path, name) {
            schema["pattern"] = json!(pattern);
        }
    }
    // An empty level is the caller's default (`reports::level`), as an empty area is: the pages send it so.
    if let Some(names) = doc.pointer_mut("/components/schemas/LevelName/enum").and_then(Value::as_array_mut)
        && !names.contains(&json!(""))
    {
        names.push(json!(""));
    }
    let codes: Vec<&str> = lekhotla_audit::Action::ALL.iter().map(|a| a.code()).collect();
    for schema in parameter(doc, "/audit", "action") {
        schema["enum"] = json!(codes);
    }
    for schema in parameter(doc, "/audit/subject", "name") {
        schema["pattern"] = json!(r"\S");
    }
    for schema in parameter(doc, "/audit/subject", "purpose") {
        schema["pattern"] = json!(crate::api::audit::purpose_pattern());
        schema["maxLength"] = json!(crate::api::audit::PURPOSE_CHARS);
    }
    if let Some(prop) = doc.pointer_mut("/components/schemas/FreezeInput/properties/period") {
        prop["pattern"] = json!(PERIOD_PATTERN);
    }
    if let Some(prop) = doc.pointer_mut("/components/schemas/FreezeInput/properties/area") {
        prop["pattern"] = json!(AREA_PATTERN);
    }
}

/// An E.164 phone number, as `Checker::phone` takes it.
pub const PHONE_PATTERN: &str = r"^\+?[1-9][0-9]{1,14}$";

/// A language as an ISO 639 code of 2 or 3 lower-case letters.
pub const LANGUAGE_PATTERN: &str = "^[a-z]{2,3}$";

/// A plan code as `lekhotla_domain::plan::PlanCode::parse` reads it: one to three numbers from 1 to 99 joined by dots.
pub const PLAN_CODE_PATTERN: &str = r"^[1-9][0-9]?(\.[1-9][0-9]?){0,2}$";

/// An activity's code: a plan code of three parts (`1.3.2`).
pub const ACTIVITY_CODE_PATTERN: &str = r"^[1-9][0-9]?\.[1-9][0-9]?\.[1-9][0-9]?$";

/// A recommendation's key, `2025-3` (`RecommendationKey::parse` takes more: blanks around it, a `+`).
pub const RECOMMENDATION_KEY_PATTERN: &str = "^[0-9]{4}-[1-9][0-9]{0,2}$";

/// An e-mail address as `PersonDetails::check` takes it: something, `@`, then a dot somewhere after it.
pub const EMAIL_PATTERN: &str = r"^[^@]+@[\s\S]*\.";

/// An indicator's code, as `lekhotla_domain::plan::is_indicator_code` takes it.
pub const INDICATOR_CODE_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$";

/// Properties whose form the server checks more narrowly than free text: (schema, property, pattern).
const FORMS: [(&str, &str, &str); 12] = [
    ("OrganisationInput", "phone", PHONE_PATTERN),
    ("OrganisationUpdate", "phone", PHONE_PATTERN),
    ("PersonDetails", "phone", PHONE_PATTERN),
    ("PersonDetails", "home_phone", PHONE_PATTERN),
    ("PersonDetails", "primary_language", LANGUAGE_PATTERN),
    ("PersonDetails", "secondary_language", LANGUAGE_PATTERN),
    ("Indicator", "code", INDICATOR_CODE_PATTERN),
    ("Activity", "code", ACTIVITY_CODE_PATTERN),
    ("ActionItem", "activities[]", ACTIVITY_CODE_PATTERN),
    ("Recommendation", "activities[]", ACTIVITY_CODE_PATTERN),
    ("Recommendation", "carried_from", RECOMMENDATION_KEY_PATTERN),
    ("PersonDetails", "email", EMAIL_PATTERN),
];

/// The patterns of [`FORMS`], on the property's own type where it may also be the sealed placeholder.
pub fn narrower_forms(doc: &mut Value) {
    for (schema, member, pattern) in FORMS {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{schema}")) else { continue };
        for target in super::limits::members(schema, member) {
            target["pattern"] = json!(pattern);
        }
    }
}

/// [`NEEDED`] members lose `null` from their type; [`RANGES`] and [`POSITIONS`] get their bounds.
pub fn needed_and_ranges(doc: &mut Value) {
    for (schema, members) in NEEDED {
        for member in members {
            if let Some(prop) = doc.pointer_mut(&format!("/components/schemas/{schema}/properties/{member}")) {
                not_null(prop);
            }
        }
    }
    for (schema, member, min, max) in RANGES {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{schema}")) else { continue };
        for target in super::limits::members(schema, member).into_iter().map(number_part) {
            target["minimum"] = json!(min);
            target["maximum"] = json!(max);
        }
    }
    for schema in POSITIONS {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{schema}")) else { continue };
        for (member, degrees) in [("latitude", 90), ("longitude", 180)] {
            for target in super::limits::members(schema, member).into_iter().map(number_part) {
                target["minimum"] = json!(-degrees);
                target["maximum"] = json!(degrees);
            }
        }
    }
    for (schema, member, fewest, most, once) in LISTS {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{schema}")) else { continue };
        for target in super::limits::members(schema, member) {
            if fewest > 0 {
                target["minItems"] = json!(fewest);
            }
            if most < usize::MAX {
                target["maxItems"] = json!(most);
            }
            if once {
                target["uniqueItems"] = json!(true);
            }
        }
    }
}

/// The number part of a member that may also be `null`: its first `anyOf`/`oneOf` variant that is not `null`.
fn number_part(prop: &mut Value) -> &mut Value {
    let found = ["anyOf", "oneOf"].into_iter().find_map(|k| {
        let at = prop.get(k)?.as_array()?.iter().position(|p| p["type"] != "null")?;
        Some((k, at))
    });
    match found {
        Some((k, at)) => &mut prop[k][at],
        None => prop,
    }
}

/// A schema without `null`: out of its type list, or out of its `oneOf`/`anyOf` variants.
fn not_null(schema: &mut Value) {
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types[0].clone();
            schema["type"] = only;
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = schema.get_mut(key).and_then(Value::as_array_mut) {
            parts.retain(|p| p.get("type").and_then(Value::as_str) != Some("null"));
            if parts.len() == 1 {
                let only = parts.remove(0);
                if let Some(members) = schema.as_object_mut() {
                    members.remove(key);
                    if let Some(only) = only.as_object() {
                        for (k, v) in only {
                            members.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
        }
    }
}

/// Schemas whose variants refuse members they do not name (serde's `deny_unknown_fields`).
/// (`IndicatorSource` is an externally tagged enum: serde takes a map of exactly one key.)
const CLOSED_VARIANTS: [&str; 2] = ["ReferralAction", "IndicatorSource"];

/// Every free-text property of a schema a request body uses gets [`TEXT_PATTERN`]: a string with no
/// format, pattern or list of values of its own.
pub fn free_text(doc: &mut Value) {
    let inputs = request_schemas(doc);
    let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for name in inputs {
        if let Some(schema) = schemas.get_mut(&name) {
            text_in(schema);
        }
    }
}

/// The component schemas a request body reaches, directly or through others.
fn request_schemas(doc: &Value) -> BTreeSet<String> {
    let mut todo: Vec<String> = Vec::new();
    for item in doc["paths"].as_object().into_iter().flatten().map(|(_, item)| item) {
        for op in item.as_object().into_iter().flatten().map(|(_, op)| op) {
            refs(&op["requestBody"], &mut todo);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            refs(&doc["components"]["schemas"][&name], &mut todo);
        }
    }
    seen
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            if let Some(name) =
                members.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_owned());
            }
            members.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Puts the pattern on every free-text property of `schema`, its nested objects, items and variants.
fn text_in(schema: &mut Value) {
    let Some(members) = schema.as_object_mut() else { return };
    if let Some(props) = members.get_mut("properties").and_then(Value::as_object_mut) {
        for prop in props.values_mut() {
            if is_free_text(prop) {
                prop["pattern"] = json!(TEXT_PATTERN);
            } else {
                text_in(prop);
            }
        }
    }
    if let Some(items) = members.get_mut("items") {
        if is_free_text(items) {
            items["pattern"] = json!(TEXT_PATTERN);
        } else {
            text_in(items);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(parts) = members.get_mut(key).and_then(Value::as_array_mut) {
            for part in parts {
                if is_free_text(part) {
                    part["pattern"] = json!(TEXT_PATTERN);
                } else {
                    text_in(part);
                }
            }
        }
    }
}

/// A string (or a string or null) with nothing else said about its form.
fn is_free_text(schema: &Value) -> bool {
    let string = match &schema["type"] {
        Value::String(t) => t == "string",
        Value::Array(ts) => ts.iter().any(|t| t == "string") && ts.iter().all(|t| t == "string" || t == "null"),
        _ => false,
    };
    string && ["format", "pattern", "enum", "const", "$ref"].iter().all(|k| schema.get(k).is_none())
}

/// The variants of [`CLOSED_VARIANTS`] refuse members they do not name, as the server does.
pub fn closed_variants(doc: &mut Value) {
    for name in CLOSED_VARIANTS {
        let Some(parts) = doc.pointer_mut(&format!("/components/schemas/{name}/oneOf")).and_then(Value::as_array_mut)
        else {
            continue;
        };
        for part in parts.iter_mut().filter(|p| p.get("properties").is_some()) {
            part["additionalProperties"] = Value::Bool(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_and_list_bound_lands_on_a_member() {
        let mut doc = crate::openapi();
        for (schema, member, min, max) in RANGES {
            let found = super::super::limits::members(
                doc.pointer_mut(&format!("/components/schemas/{schema}")).unwrap(),
                member,
            );
            assert!(!found.is_empty(), "{schema} has no member {member}");
            for target in found.into_iter().map(number_part) {
                assert_eq!((&target["minimum"], &target["maximum"]), (&json!(min), &json!(max)), "{schema}.{member}");
            }
        }
        for schema in POSITIONS {
            for (member, degrees) in [("latitude", 90), ("longitude", 180)] {
                let found = super::super::limits::members(
                    doc.pointer_mut(&format!("/components/schemas/{schema}")).unwrap(),
                    member,
                );
                assert!(!found.is_empty(), "{schema} has no member {member}");
                for target in found.into_iter().map(number_part) {
                    assert_eq!((&target["minimum"], &target["maximum"]), (&json!(-degrees), &json!(degrees)));
                }
            }
        }
        for (schema, member, fewest, _, _) in LISTS {
            let found = super::super::limits::members(
                doc.pointer_mut(&format!("/components/schemas/{schema}")).unwrap(),
                member,
            );
            assert!(!found.is_empty(), "{schema} has no member {member}");
            for target in found {
                assert!(target.get("maxItems").is_some() || target.get("uniqueItems").is_some(), "{schema}.{member}");
                assert_eq!(
                    target.get("minItems").and_then(Value::as_u64).unwrap_or(0),
                    fewest as u64,
                    "{schema}.{member}"
                );
            }
        }
    }

    #[test]
    fn only_plain_strings_are_free_text() {
        assert!(is_free_text(&json!({"type": "string"})));
        assert!(is_free_text(&json!({"type": ["string", "null"]})));
        assert!(!is_free_text(&json!({"type": "string", "format": "date"})));
        assert!(!is_free_text(&json!({"type": "string", "enum": ["a"]})));
        assert!(!is_free_text(&json!({"type": "integer"})));
    }
}
