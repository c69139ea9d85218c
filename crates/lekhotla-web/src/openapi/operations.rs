//! What the generated operations lack to be a valid and exact OpenAPI 3.1 document: unique
//! `operationId`s, a description on every response, and the headers the server sends (`ETag`,
//! `Location`, `Retry-After`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// The strong ETag this API gives: a version in quotes (`"3"`).
pub const ETAG_PATTERN: &str = "^\"[0-9]+\"$";

/// Creations whose answer names no record to fetch (a session, a break-glass grant): no `Location`.
const WITHOUT_LOCATION: [(&str, &str); 2] = [("post", "/session"), ("post", "/cases/{case}/break-glass")];

/// The handlers' function names become `operationId`s, and several share one (`get`, `list`, `create`):
/// each such id is prefixed with the path's words (`/tokens/{id}/revoke` → `tokens_revoke`,
/// `/cases/{case}/prosecution` → `prosecution_open`), so every id is unique, as OpenAPI requires.
pub fn unique_operation_ids(doc: &mut Value) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    each_operation(doc, |_, _, op| {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            *counts.entry(id.to_owned()).or_default() += 1;
        }
    });
    each_operation(doc, |_, path, op| {
        let Some(id) = op.get("operationId").and_then(Value::as_str).map(str::to_owned) else { return };
        if counts.get(&id).copied().unwrap_or_default() > 1 {
            op["operationId"] = Value::String(qualified(path, &id));
        }
    });
}

/// `id` prefixed with the words of `path`: its segments that are not parameters, less the id itself,
/// less a leading `cases` when the path goes further into a case.
fn qualified(path: &str, id: &str) -> String {
    let mut words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && *s != id)
        .map(|s| s.replace('-', "_"))
        .collect();
    if words.len() > 1 && words[0] == "cases" {
        words.remove(0);
    }
    words.push(id.to_owned());
    words.join("_")
}

/// Every response gets a description (OpenAPI requires one): the success codes by what they mean, the
/// errors by the status.
pub fn describe_responses(doc: &mut Value) {
    each_operation(doc, |method, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { return };
        for (code, response) in responses.iter_mut() {
            let Some(fields) = response.as_object_mut() else { continue };
            let missing = fields.get("description").and_then(Value::as_str).is_none_or(str::is_empty);
            if missing {
                fields.insert("description".into(), Value::String(description(method, code).to_owned()));
            }
        }
    });
}

/// What a status means in this API, for a response the handler did not describe.
fn description(method: &str, code: &str) -> &'static str {
    match (method, code) {
        ("get", "200") => "The record or list asked for",
        (_, "200") => "Done; the answer is the record as it now is",
        (_, "201") => "Created",
        (_, "204") => "Done; no content",
        (_, "400") => "The query, a header or the JSON body is malformed",
        (_, "401") => "Not signed in: no valid session or token",
        (_, "403") => "The actor's roles (or the token's scopes) do not allow this",
        (_, "404") => "No such record, or it is outside the actor's scope",
        (_, "409") => "Refused from where the record stands",
        (_, "412") => "The record changed since the ETag given, or the ETag is weak",
        (_, "413") => "The body is larger than the server takes",
        (_, "415") => "The body is not JSON",
        (_, "422") => "Invalid fields, each named with the reason",
        (_, "428") => "If-Match is required",
        (_, "429") => "Too many requests; Retry-After says after how many seconds to try again",
        (_, "500") => "Internal error; the x-request-id header identifies it in the log",
        (_, "503") => "The database is busy or cannot be reached; Retry-After says after how many seconds to try again",
        _ => "See the operation's description",
    }
}

/// The headers the server sends: `ETag` with every record that has a version, `Location` with every
/// creation that names its record, `Retry-After` with every 429 and 503.
pub fn document_headers(doc: &mut Value) {
    let schemas = doc.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    each_operation(doc, |method, path, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { return };
        for (code, response) in responses.iter_mut() {
            let mut headers = serde_json::Map::new();
            if code.starts_with('2') && versioned(&schemas, response) {
                headers.insert(
                    "ETag".into(),
                    json!({
                        "description": "The record's version as a strong ETag, to send back as If-Match",
                        "required": true,
                        "schema": {"type": "string", "pattern": ETAG_PATTERN},
                    }),
                );
            }
            if code == "201" && !WITHOUT_LOCATION.contains(&(method, path)) {
                headers.insert(
                    "Location".into(),
                    json!({
                        "description": "Where the record created is read (GET), by the same caller",
                        "required": true,
                        "schema": {"type": "string", "pattern": "^/api/v1/"},
                    }),
                );
            }
            if code == "429" || code == "503" {
                headers.insert(
                    "Retry-After".into(),
                    json!({
                        "description": "Seconds to wait before trying again",
                        "required": true,
                        "schema": {"type": "integer", "minimum": 1},
                    }),
                );
            }
            if headers.is_empty() {
                continue;
            }
            if let Some(fields) = response.as_object_mut() {
                let existing = fields.entry("headers").or_insert_with(|| json!({}));
                if let Some(existing) = existing.as_object_mut() {
                    for (name, header) in headers {
                        existing.entry(name).or_insert(header);
                    }
                }
            }
        }
    });
}

/// Whether a response's JSON body is a record with a `version` (and so comes with its ETag).
fn versioned(schemas: &Value, response: &Value) -> bool {
    let schema = response.pointer("/content/application~1json/schema");
    schema.is_some_and(|s| has_version(schemas, s, 0))
}

fn has_version(schemas: &Value, schema: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        return schemas.get(name).is_some_and(|s| has_version(schemas, s, depth + 1));
    }
    if schema.pointer("/properties/version").is_some() {
        return true;
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|parts| parts.iter().any(|p| has_version(schemas, p, depth + 1)))
}

/// Every `If-Match` takes exactly the strong ETag the server gave: its pattern, and the rules for the rest
/// (`crate::extract::IF_MATCH_RULES`).
pub fn if_match_rules(doc: &mut Value) {
    each_operation(doc, |_, _, op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else { return };
        for param in params {
            if param.get("name").and_then(Value::as_str) != Some("If-Match") {
                continue;
            }
            let said = param.get("description").and_then(Value::as_str).unwrap_or_default();
            param["description"] = Value::String(
                format!("{said}. {}", crate::extract::IF_MATCH_RULES).trim_start_matches(". ").to_owned(),
            );
            param["schema"] = json!({"type": "string", "pattern": ETAG_PATTERN});
        }
    });
}

/// Calls `f(method, path, operation)` for every operation of the document.
pub fn each_operation(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Value)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            if matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace") {
                f(method, path, op);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_id_takes_the_words_of_its_path() {
        assert_eq!(qualified("/tokens/{id}/revoke", "revoke"), "tokens_revoke");
        assert_eq!(qualified("/break-glass/{grant}/revoke", "revoke"), "break_glass_revoke");
        assert_eq!(qualified("/cases/{case}/prosecution", "open"), "prosecution_open");
        assert_eq!(qualified("/cases", "list"), "cases_list");
        assert_eq!(qualified("/cases/{case}", "get"), "cases_get");
    }
}
