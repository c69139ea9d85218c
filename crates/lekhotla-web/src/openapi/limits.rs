//! The most characters of every free-text member of a request, as `maxLength`: read from the domain's tables
//! (`TEXT_LIMITS`), the same ones its checks use, so the document and the server cannot disagree.

use lekhotla_domain::case::{CaseUpdate, CommentInput, IncomingReferral, NewCase, TRANSFER_TEXT_LIMITS};
use lekhotla_domain::committee::{ActionItem, Attendance, MeetingInput};
use lekhotla_domain::consent::ConsentInput;
use lekhotla_domain::event::EventInput;
use lekhotla_domain::justice::{
    ChargeInput, DocketTransferInput, HearingInput, InvestigationInput, InvestigationUpdate, ProsecutionInput,
    ProsecutionUpdate, ProsecutionWithdrawal, SentenceInput,
};
use lekhotla_domain::limits::TextLimits;
use lekhotla_domain::organisation::OrganisationInput;
use lekhotla_domain::person::{BusinessDetails, PersonDetails, PublicOfficial, SuspectInput, VictimContext};
use lekhotla_domain::plan::{Activity, Evidence, Indicator, Recommendation, TypedValue};
use lekhotla_domain::prevention::{CampaignInput, InspectionInput, ScreeningInput, TrainingInput};
use lekhotla_domain::provision::{Funding, ProviderYearInput};
use lekhotla_domain::referral::{NewReferral, ReferralAction};
use lekhotla_domain::support_plan::SupportPlanInput;
use lekhotla_identity::BreakGlassReason;
use serde_json::{Value, json};

/// Each request schema's table: a change (`...Update`) takes the limits of what it changes.
pub const TABLES: [(&str, TextLimits); 49] = [
    ("ActionItem", ActionItem::TEXT_LIMITS),
    ("Activity", Activity::TEXT_LIMITS),
    ("Attendance", Attendance::TEXT_LIMITS),
    ("BreakGlassRequest", &[("reason", BreakGlassReason::MAX_CHARS)]),
    ("BusinessDetails", BusinessDetails::TEXT_LIMITS),
    ("CampaignInput", CampaignInput::TEXT_LIMITS),
    ("CampaignUpdate", CampaignInput::TEXT_LIMITS),
    ("CaseUpdate", CaseUpdate::TEXT_LIMITS),
    ("ChargeInput", ChargeInput::TEXT_LIMITS),
    ("CommentInput", CommentInput::TEXT_LIMITS),
    ("ConsentInput", ConsentInput::TEXT_LIMITS),
    ("DocketTransferInput", DocketTransferInput::TEXT_LIMITS),
    ("EventInput", EventInput::TEXT_LIMITS),
    ("Evidence", Evidence::TEXT_LIMITS),
    ("Funding", Funding::TEXT_LIMITS),
    ("HearingInput", HearingInput::TEXT_LIMITS),
    ("IncomingReferral", IncomingReferral::TEXT_LIMITS),
    ("Indicator", Indicator::TEXT_LIMITS),
    ("InspectionInput", InspectionInput::TEXT_LIMITS),
    ("InspectionUpdate", InspectionInput::TEXT_LIMITS),
    ("InvestigationInput", InvestigationInput::TEXT_LIMITS),
    ("InvestigationUpdate", InvestigationUpdate::TEXT_LIMITS),
    ("MeetingInput", MeetingInput::TEXT_LIMITS),
    ("MeetingUpdate", MeetingInput::TEXT_LIMITS),
    ("NewCase", NewCase::TEXT_LIMITS),
    ("NewReferral", NewReferral::TEXT_LIMITS),
    ("OrganisationInput", OrganisationInput::TEXT_LIMITS),
    ("OrganisationUpdate", OrganisationInput::TEXT_LIMITS),
    ("PersonDetails", PersonDetails::TEXT_LIMITS),
    ("ProsecutionInput", ProsecutionInput::TEXT_LIMITS),
    ("ProsecutionUpdate", ProsecutionUpdate::TEXT_LIMITS),
    ("ProsecutionWithdrawal", ProsecutionWithdrawal::TEXT_LIMITS),
    ("ProviderYearInput", ProviderYearInput::TEXT_LIMITS),
    ("PublicOfficial", PublicOfficial::TEXT_LIMITS),
    ("Recommendation", Recommendation::TEXT_LIMITS),
    ("ReferralAction", ReferralAction::TEXT_LIMITS),
    ("ScreeningInput", ScreeningInput::TEXT_LIMITS),
    ("ScreeningUpdate", ScreeningInput::TEXT_LIMITS),
    ("SentenceInput", SentenceInput::TEXT_LIMITS),
    ("SupportPlanInput", SupportPlanInput::TEXT_LIMITS),
    ("SuspectInput", SuspectInput::TEXT_LIMITS),
    ("TrainingInput", TrainingInput::TEXT_LIMITS),
    ("TrainingUpdate", TrainingInput::TEXT_LIMITS),
    ("Transfer", TRANSFER_TEXT_LIMITS),
    ("TypedValue", TypedValue::TEXT_LIMITS),
    ("VictimContext", VictimContext::TEXT_LIMITS),
    // Credentials and a case named by id or number are compared or looked up, never stored: the body's limit
    // (1 MiB) is theirs.
    ("SignIn", &[]),
    ("StepUp", &[]),
    ("LinkInput", &[]),
];

/// Writes each table's limits as `maxLength` on its schema's member (on the member's items for `name[]`, on
/// the string part of a member that may also be `null` or the sealed placeholder, in every variant that has
/// the member).
pub fn text_limits(doc: &mut Value) {
    for (schema, table) in TABLES {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{schema}")) else { continue };
        for (member, max) in table {
            for target in members(schema, member) {
                target["maxLength"] = json!(max);
            }
        }
    }
}

/// The string schemas a table's `member` names in `schema`.
pub fn members<'a>(schema: &'a mut Value, member: &str) -> Vec<&'a mut Value> {
    let (name, items) = match member.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (member, false),
    };
    let mut found = Vec::new();
    let Some(object) = schema.as_object_mut() else { return found };
    let mut owners: Vec<&mut Value> = Vec::new();
    let mut variants = None;
    for (key, value) in object.iter_mut() {
        match key.as_str() {
            "properties" => owners.push(value),
            "oneOf" | "anyOf" | "allOf" => variants = Some(value),
            _ => {}
        }
    }
    if let Some(parts) = variants.and_then(Value::as_array_mut) {
        for part in parts {
            if let Some(props) = part.get_mut("properties") {
                owners.push(props);
            }
        }
    }
    for props in owners {
        let Some(prop) = props.get_mut(name) else { continue };
        let prop = if items { &mut prop["items"] } else { prop };
        found.push(string_part(prop));
    }
    found
}

/// The part of a member's schema that is a string: itself, or its first `anyOf`/`oneOf` variant that may be
/// a string and is not a constant (the sealed placeholder).
fn string_part(prop: &mut Value) -> &mut Value {
    let is_string = |t: &Value| t == "string" || t.as_array().is_some_and(|ts| ts.iter().any(|t| t == "string"));
    let found = ["anyOf", "oneOf"].into_iter().find_map(|k| {
        let parts = prop.get(k)?.as_array()?;
        let at = parts.iter().position(|p| is_string(&p["type"]) && p.get("const").is_none())?;
        Some((k, at))
    });
    match found {
        Some((k, at)) => &mut prop[k][at],
        None => prop,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::openapi::constraints::TEXT_PATTERN;

    /// Every string member of `schema` that is free text (the text pattern), by path, with its `maxLength`.
    fn free_text(schema: &Value, at: &str, out: &mut Vec<(String, Option<u64>)>) {
        let Some(object) = schema.as_object() else { return };
        if object.get("pattern").and_then(Value::as_str) == Some(TEXT_PATTERN) {
            out.push((at.to_owned(), object.get("maxLength").and_then(Value::as_u64)));
        }
        for (name, prop) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
            free_text(prop, &format!("{at}.{name}"), out);
        }
        if let Some(items) = object.get("items") {
            free_text(items, &format!("{at}[]"), out);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for part in object.get(key).and_then(Value::as_array).into_iter().flatten() {
                free_text(part, at, out);
            }
        }
    }

    #[test]
    fn every_free_text_member_of_a_request_says_its_most_characters() {
        let doc = crate::openapi();
        let unbounded: BTreeSet<&str> = TABLES.iter().filter(|(_, t)| t.is_empty()).map(|(s, _)| *s).collect();
        let tabled: BTreeSet<&str> = TABLES.iter().map(|(s, _)| *s).collect();
        let mut missing = Vec::new();
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            let mut found = Vec::new();
            free_text(schema, name, &mut found);
            if found.is_empty() {
                continue;
            }
            // A creation's copy without the sealed placeholder (`openapi/creation.rs`) has its original's limits.
            // So has a change's copy without `required` (`openapi/patches.rs`).
            let name = name.strip_prefix("New").filter(|n| tabled.contains(n)).unwrap_or(name);
            let name = name.strip_suffix("Patch").filter(|n| tabled.contains(n)).unwrap_or(name);
            assert!(tabled.contains(name), "{name} has free text and no table in TABLES: {found:?}");
            if unbounded.contains(name) {
                continue;
            }
            missing.extend(found.into_iter().filter(|(_, max)| max.is_none()).map(|(at, _)| at));
        }
        assert!(missing.is_empty(), "free text without maxLength: {missing:?}");
    }

    #[test]
    fn every_limit_names_a_member_its_schema_has() {
        let mut doc = crate::openapi();
        for (schema, table) in TABLES {
            for (member, max) in table {
                let target = doc.pointer_mut(&format!("/components/schemas/{schema}")).unwrap();
                let found = members(target, member);
                // A change may leave out a member of what it changes (an organisation's street is not changed by a patch).
                if !schema.ends_with("Update") {
                    assert!(!found.is_empty(), "{schema} has no member {member}");
                }
                for part in found {
                    assert_eq!(part["maxLength"], json!(max), "{schema}.{member}");
                }
            }
        }
    }

    #[test]
    fn a_nullable_or_sealed_member_gets_the_limit_on_its_string() {
        let mut schema = json!({"properties": {
            "first_name": {"anyOf": [{"type": "string"}, {"const": "[sealed]"}]},
            "agenda": {"type": "array", "items": {"type": "string"}},
        }});
        members(&mut schema, "first_name")[0]["maxLength"] = json!(100);
        members(&mut schema, "agenda[]")[0]["maxLength"] = json!(500);
        assert_eq!(schema["properties"]["first_name"]["anyOf"][0]["maxLength"], 100);
        assert_eq!(schema["properties"]["agenda"]["items"]["maxLength"], 500);
        let mut variants = json!({"oneOf": [{"properties": {"reason": {"type": "string"}}}, {"properties": {}}]});
        assert_eq!(members(&mut variants, "reason").len(), 1);
    }
}
