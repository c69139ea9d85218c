//! The API description is a valid OpenAPI 3.1 document, checked rule by rule (OpenAPI 3.1.0, section 4):
//! client generators and schemathesis' stateful phase break on a document that is not. `scripts/contract`
//! also runs `openapi-spec-validator` (the OpenAPI Initiative's JSON Schema of 3.1) on the served document.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths is an object") {
        for (method, op) in item.as_object().expect("a path item is an object") {
            assert!(METHODS.contains(&method.as_str()) || method == "parameters", "{path}: unknown member {method}");
            if METHODS.contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op));
            }
        }
    }
    out
}

#[test]
fn the_document_is_openapi_3_1() {
    let doc = lekhotla_web::openapi();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")), "openapi: {}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string(), "info needs title and version");
    assert!(!operations(&doc).is_empty());
}

#[test]
fn every_operation_id_is_unique() {
    let doc = lekhotla_web::openapi();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        seen.entry(id.to_owned()).or_default().push(format!("{method} {path}"));
    }
    let shared: Vec<_> = seen.iter().filter(|(_, ops)| ops.len() > 1).collect();
    assert!(shared.is_empty(), "operationIds used more than once: {shared:?}");
}

#[test]
fn every_response_is_described_under_a_valid_status() {
    let doc = lekhotla_web::openapi();
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap_or_else(|| panic!("{method} {path}: no responses"));
        assert!(!responses.is_empty(), "{method} {path}: no responses");
        for (code, response) in responses {
            let valid = code == "default"
                || (code.len() == 3
                    && code.starts_with(['1', '2', '3', '4', '5'])
                    && code[1..].bytes().all(|b| b.is_ascii_digit()));
            assert!(valid, "{method} {path}: status {code}");
            let description = response["description"].as_str().unwrap_or_default();
            assert!(!description.trim().is_empty(), "{method} {path} {code}: no description");
            for (name, header) in response["headers"].as_object().into_iter().flatten() {
                assert!(!name.eq_ignore_ascii_case("content-type"), "{method} {path} {code}: Content-Type as a header");
                assert!(header["schema"].is_object(), "{method} {path} {code}: header {name} has no schema");
            }
        }
    }
}

/// `{name}` of a path template, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).map(str::to_owned).collect()
}

#[test]
fn parameters_are_declared_once_and_path_ones_match_the_template() {
    let doc = lekhotla_web::openapi();
    for (method, path, op) in operations(&doc) {
        let mut seen = BTreeSet::new();
        let mut in_path = BTreeSet::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let (name, place) = (p["name"].as_str().unwrap_or_default(), p["in"].as_str().unwrap_or_default());
            assert!(!name.is_empty(), "{method} {path}: a parameter without a name");
            assert!(["query", "header", "path", "cookie"].contains(&place), "{method} {path}: {name} in {place}");
            assert!(seen.insert((name.to_owned(), place.to_owned())), "{method} {path}: {name} in {place} twice");
            assert!(p["schema"].is_object() || p["content"].is_object(), "{method} {path}: {name} has no schema");
            if place == "path" {
                assert_eq!(p["required"], true, "{method} {path}: path parameter {name} must be required");
                in_path.insert(name.to_owned());
            }
            if place == "header" {
                let ignored = ["accept", "content-type", "authorization"];
                assert!(!ignored.contains(&name.to_ascii_lowercase().as_str()), "{method} {path}: header {name}");
            }
        }
        let template: BTreeSet<String> = template_names(&path).into_iter().collect();
        assert_eq!(in_path, template, "{method} {path}: path parameters declared against the template");
    }
}

/// Every `$ref` in `value`, with where it was found.
fn refs<'a>(value: &'a Value, at: &str, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(members) => {
            for (key, v) in members {
                if key == "$ref" {
                    if let Some(r) = v.as_str() {
                        out.push((at.to_owned(), r));
                    }
                } else {
                    refs(v, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| refs(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_schema_is_used_as_a_schema() {
    let doc = lekhotla_web::openapi();
    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(!found.is_empty());
    for (at, target) in found {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{at}: {target} is not local"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {target} does not resolve");
    }
    for (name, schema) in doc["components"]["schemas"].as_object().expect("components.schemas") {
        assert!(schema.is_object() || schema.is_boolean(), "schema {name} is neither an object nor a boolean");
        check_schema(name, schema);
    }
}

/// The JSON Schema keywords that take a given kind of value hold one (2020-12, as OpenAPI 3.1 uses it).
fn check_schema(at: &str, schema: &Value) {
    let Some(members) = schema.as_object() else { return };
    if let Some(kind) = members.get("type") {
        let kinds = ["null", "boolean", "object", "array", "number", "string", "integer"];
        let ok = match kind {
            Value::String(k) => kinds.contains(&k.as_str()),
            Value::Array(ks) => ks.iter().all(|k| k.as_str().is_some_and(|k| kinds.contains(&k))),
            _ => false,
        };
        assert!(ok, "{at}: type {kind}");
    }
    for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] {
        assert!(members.get(key).is_none_or(Value::is_number), "{at}: {key} must be a number");
    }
    for key in ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
        assert!(members.get(key).is_none_or(Value::is_u64), "{at}: {key} must be a non-negative integer");
    }
    if let Some(required) = members.get("required") {
        assert!(required.as_array().is_some_and(|r| r.iter().all(Value::is_string)), "{at}: required {required}");
    }
    if let Some(pattern) = members.get("pattern") {
        assert!(pattern.is_string(), "{at}: pattern {pattern}");
    }
    if let Some(values) = members.get("enum") {
        assert!(values.as_array().is_some_and(|v| !v.is_empty()), "{at}: enum {values}");
    }
    for (key, sub) in members {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" => {
                for (name, s) in sub.as_object().into_iter().flatten() {
                    check_schema(&format!("{at}.{name}"), s);
                }
            }
            "items" | "additionalProperties" | "not" | "contains" | "propertyNames" => check_schema(at, sub),
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let parts = sub.as_array().unwrap_or_else(|| panic!("{at}: {key} must be an array"));
                assert!(!parts.is_empty(), "{at}: {key} is empty");
                parts.iter().for_each(|s| check_schema(at, s));
            }
            _ => {}
        }
    }
}

#[test]
fn the_security_named_is_defined() {
    let doc = lekhotla_web::openapi();
    let schemes = doc["components"]["securitySchemes"].as_object().expect("securitySchemes");
    let mut named: Vec<&Value> = doc["security"].as_array().into_iter().flatten().collect();
    for (_, _, op) in operations(&doc) {
        named.extend(op["security"].as_array().into_iter().flatten());
    }
    for requirement in named {
        for name in requirement.as_object().expect("a security requirement is an object").keys() {
            assert!(schemes.contains_key(name), "security scheme {name} is not defined");
        }
    }
    let tags: BTreeSet<&str> =
        doc["tags"].as_array().into_iter().flatten().filter_map(|t| t["name"].as_str()).collect();
    for (method, path, op) in operations(&doc) {
        for tag in op["tags"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            assert!(tags.contains(tag), "{method} {path}: tag {tag} is not declared");
        }
    }
}
