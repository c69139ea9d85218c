//! A creation has no stored value for the placeholder `[sealed]` to keep, and the server refuses it there:
//! the body of every `POST` that reaches a sealed member gets its own copy of the schemas on the way
//! (`NewVictimInput`, `NewPersonDetails`, ...) with each member's own type and no placeholder. Reads and
//! changes keep the schemas with the placeholder.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::sealed::SEALED;

const PREFIX: &str = "#/components/schemas/";

/// Points every `POST` body that reaches the placeholder at copies without it.
pub fn creations_without_placeholder(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let carriers = carriers(&schemas);
    let mut copies = BTreeMap::new();
    for item in doc["paths"].as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
        let Some(post) = item.get_mut("post") else { continue };
        let content = post.get_mut("requestBody").and_then(|b| b.get_mut("content")).and_then(Value::as_object_mut);
        for media in content.into_iter().flat_map(|c| c.values_mut()) {
            let Some(name) = target(&media["schema"]) else { continue };
            if carriers.contains(&name) {
                media["schema"]["$ref"] = json!(format!("{PREFIX}{}", copy(&name, &schemas, &carriers, &mut copies)));
            }
        }
    }
    if let Some(map) = doc["components"]["schemas"].as_object_mut() {
        map.extend(copies);
    }
}

/// The name of the component schema `schema` refers to.
fn target(schema: &Value) -> Option<String> {
    schema.get("$ref")?.as_str()?.strip_prefix(PREFIX).map(str::to_owned)
}

/// The schemas that hold the placeholder or refer, through others, to one that does.
fn carriers(schemas: &serde_json::Map<String, Value>) -> BTreeSet<String> {
    let mut found: BTreeSet<String> =
        schemas.iter().filter(|(_, s)| holds_placeholder(s)).map(|(n, _)| n.clone()).collect();
    loop {
        let more: Vec<String> = schemas
            .iter()
            .filter(|(n, s)| !found.contains(*n) && refers_to_any(s, &found))
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            return found;
        }
        found.extend(more);
    }
}

fn holds_placeholder(value: &Value) -> bool {
    match value {
        Value::Object(m) => m.get("const") == Some(&json!(SEALED)) || m.values().any(holds_placeholder),
        Value::Array(items) => items.iter().any(holds_placeholder),
        _ => false,
    }
}

fn refers_to_any(value: &Value, names: &BTreeSet<String>) -> bool {
    match value {
        Value::Object(m) => {
            target(value).is_some_and(|t| names.contains(&t)) || m.values().any(|v| refers_to_any(v, names))
        }
        Value::Array(items) => items.iter().any(|v| refers_to_any(v, names)),
        _ => false,
    }
}

/// The copy of `name` for a creation (made once, with the copies of the carriers it refers to); its name.
fn copy(
    name: &str,
    schemas: &serde_json::Map<String, Value>,
    carriers: &BTreeSet<String>,
    copies: &mut BTreeMap<String, Value>,
) -> String {
    let new = format!("New{name}");
    if copies.contains_key(&new) || schemas.contains_key(&new) {
        return new;
    }
    copies.insert(new.clone(), Value::Null);
    let mut schema = schemas[name].clone();
    let mut refs = Vec::new();
    strip(&mut schema, carriers, &mut refs);
    copies.insert(new.clone(), schema);
    for referred in refs {
        copy(&referred, schemas, carriers, copies);
    }
    new
}

/// Drops the placeholder from every `anyOf` that offers it and repoints references to carriers at their
/// copies (whose names are pushed on `refs`).
fn strip(value: &mut Value, carriers: &BTreeSet<String>, refs: &mut Vec<String>) {
    if let Some(name) = target(value).filter(|t| carriers.contains(t)) {
        value["$ref"] = json!(format!("{PREFIX}New{name}"));
        refs.push(name);
        return;
    }
    match value {
        Value::Object(m) => {
            if let Some(parts) = m.get_mut("anyOf").and_then(Value::as_array_mut) {
                parts.retain(|p| p.get("const") != Some(&json!(SEALED)));
                if parts.len() == 1 {
                    let only = parts.remove(0);
                    m.remove("anyOf");
                    if let Some(d) = m.get("description").and_then(Value::as_str).map(str::to_owned) {
                        let kept = d.split(" Where its reader may not see it").next().unwrap_or_default().to_owned();
                        m.insert("description".into(), json!(kept));
                    }
                    for (k, v) in only.as_object().into_iter().flatten() {
                        m.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            m.values_mut().for_each(|v| strip(v, carriers, refs));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(v, carriers, refs)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_creation_offers_the_placeholder_and_changes_still_do() {
        let doc = crate::openapi();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let carriers = carriers(schemas);
        let mut creations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                if let Some(body) = op.get("requestBody") {
                    assert!(body["content"].is_object(), "{method} {path}: a request body without content");
                }
                for media in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                    let Some(name) = target(&media["schema"]) else { continue };
                    if method == "post" {
                        assert!(!carriers.contains(&name), "POST {path} offers [sealed] through {name}");
                        creations += usize::from(name.starts_with("New") && schemas.contains_key(&name));
                    }
                }
            }
        }
        assert!(creations >= 4, "victims, witnesses, suspects and events are created from copies");
        assert!(carriers.contains("PersonDetails"), "reads and changes keep the placeholder");
        let new_person = &schemas["NewPersonDetails"]["properties"]["first_name"];
        assert!(new_person.get("anyOf").is_none(), "{new_person}");
        assert_eq!(new_person["type"], "string");
    }
}
