//! A change is a JSON merge patch (RFC 7396): a member left out keeps its value and an object merges into the
//! stored one member by member, so no member of a change's body is required, nested objects' members
//! included. Where a `PATCH` body is documented with a record's whole input (`EventInput`, whose `required`
//! the creation needs), its body gets a copy without `required` on the way down its objects' members
//! (`EventInputPatch`, `PersonDetailsPatch`, ...). An array replaces the stored one whole, so its items keep
//! theirs; a member that the input requires still takes no `null` (the record needs one).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

const PREFIX: &str = "#/components/schemas/";

/// The name of the patch copy of the schema `name`.
pub fn patch_name(name: &str) -> String {
    format!("{name}Patch")
}

/// Points every `PATCH` body whose schema requires a member, at any depth of objects, at its patch copy.
pub fn changes_without_required(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let mut copies = BTreeMap::new();
    for item in doc["paths"].as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
        let Some(patch) = item.get_mut("patch") else { continue };
        let content = patch.get_mut("requestBody").and_then(|b| b.get_mut("content")).and_then(Value::as_object_mut);
        for media in content.into_iter().flat_map(|c| c.values_mut()) {
            member(&mut media["schema"], &schemas, &mut copies);
        }
    }
    if let Some(map) = doc["components"]["schemas"].as_object_mut() {
        map.extend(copies);
    }
}

/// The name of the component schema `schema` refers to.
fn target(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix(PREFIX)
}

/// Whether `schema`, or an object reached through its members (not through array items), requires a member.
fn requires(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    if let Some(name) = target(schema) {
        return schemas.get(name).is_some_and(|s| requires(s, schemas, depth + 1));
    }
    let Some(object) = schema.as_object() else { return false };
    if object.get("required").and_then(Value::as_array).is_some_and(|r| !r.is_empty()) {
        return true;
    }
    let members = object.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.values());
    let variants = optional_variants(schema).into_iter().flatten();
    members.chain(variants).any(|v| requires(v, schemas, depth + 1))
}

/// The variants of a member that may also be something else (`null`, the sealed placeholder): its `anyOf` or
/// `oneOf` when at most one of them is an object. An enumeration of objects is left whole: a change of its
/// variant replaces it.
fn optional_variants(schema: &Value) -> Option<&Vec<Value>> {
    let parts = ["anyOf", "oneOf"].into_iter().find_map(|k| schema.get(k)?.as_array())?;
    let objects = parts.iter().filter(|p| p.get("$ref").is_some() || p.get("properties").is_some()).count();
    (objects <= 1).then_some(parts)
}

/// Makes the member schema `schema` a patch: a reference to a schema that requires something is repointed at
/// its copy (made once, with the copies it refers to); an inline object loses `required` and its members
/// become patches.
fn member(schema: &mut Value, schemas: &Map<String, Value>, copies: &mut BTreeMap<String, Value>) {
    if !requires(schema, schemas, 0) {
        return;
    }
    if let Some(name) = target(schema).map(str::to_owned) {
        // A schema named as a change (`CaseUpdate`) is one already, and serves only changes: made one in place.
        let copy = if name.ends_with("Update") { name.clone() } else { patch_name(&name) };
        if !copies.contains_key(&copy) {
            copies.insert(copy.clone(), Value::Null);
            let mut whole = schemas[&name].clone();
            object(&mut whole, schemas, copies);
            if let Some(d) = whole.get("description").and_then(Value::as_str) {
                let d = format!("{d} In a change (a merge patch) no member is required.");
                whole["description"] = json!(d);
            }
            copies.insert(copy.clone(), whole);
        }
        schema["$ref"] = json!(format!("{PREFIX}{copy}"));
        return;
    }
    object(schema, schemas, copies);
}

/// An object schema as a patch: no `required`, each member a patch.
fn object(schema: &mut Value, schemas: &Map<String, Value>, copies: &mut BTreeMap<String, Value>) {
    if optional_variants(schema).is_some() {
        for key in ["anyOf", "oneOf"] {
            for part in schema.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
                member(part, schemas, copies);
            }
        }
    }
    let Some(object) = schema.as_object_mut() else { return };
    object.remove("required");
    for prop in object.get_mut("properties").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
        member(prop, schemas, copies);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_change_requires_a_member_at_any_depth_of_objects() {
        let doc = crate::openapi();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut changes = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            let Some(op) = item.get("patch") else { continue };
            for media in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                changes += 1;
                assert!(!requires(&media["schema"], schemas, 0), "PATCH {path}: {}", media["schema"]);
            }
        }
        assert!(changes >= 28, "every change's body is documented ({changes})");
        for name in ["EventInputPatch", "VictimInputPatch", "PersonDetailsPatch", "VictimContextPatch"] {
            assert!(schemas.contains_key(name), "{name}");
        }
        // The creation still requires what a record needs, and an array's items stay whole.
        assert_eq!(schemas["EventInput"]["required"], json!(["event_type", "country"]));
        assert!(schemas["MeetingUpdate"]["properties"]["attendance"].to_string().contains("Attendance"));
        // A member the record needs takes no null in a change either.
        let event_type = &schemas["EventInputPatch"]["properties"]["event_type"];
        assert!(!event_type.to_string().contains("null"), "{event_type}");
    }

    #[test]
    fn an_enumeration_of_objects_is_left_whole() {
        let schemas = json!({
            "Kind": {"oneOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]},
            ]},
            "Input": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"},
                "note": {"type": "string"}}, "required": ["kind"]},
        });
        let schemas = schemas.as_object().unwrap();
        let mut copies = BTreeMap::new();
        let mut body = json!({"$ref": "#/components/schemas/Input"});
        member(&mut body, schemas, &mut copies);
        assert_eq!(body["$ref"], "#/components/schemas/InputPatch");
        assert!(copies["InputPatch"].get("required").is_none());
        assert_eq!(copies["InputPatch"]["properties"]["kind"]["$ref"], "#/components/schemas/Kind");
        assert!(!copies.contains_key("KindPatch"));
    }
}
