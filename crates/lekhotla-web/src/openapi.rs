//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers' annotations (served at
//! `/api/v1/openapi.json`; a snapshot test keeps changes to it deliberate).

use std::sync::OnceLock;

use serde_json::Value;
use utoipa::OpenApi;

use crate::error::{ErrorBody, ErrorDetail};

mod constraints;
mod creation;
mod limits;
mod operations;
mod patches;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Lekhotla API",
        description = "The case registry of a national response to trafficking in persons. Field and value names follow HTCDS 2.0 (IOM, CC BY 4.0). Every change to an existing record needs If-Match with the record's ETag; a stale one gets 412.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        crate::api::reports::LevelName,
        crate::api::reports::FileFormat,
        crate::api::reports::FrozenFormat
    )),
    modifiers(&Credentials),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "audit", description = "The audit trail, for auditors"),
        (name = "organisations", description = "Who takes part"),
        (name = "cases", description = "The registry"),
        (name = "people", description = "Victims, suspects, witnesses"),
        (name = "records", description = "Events, consents, support plans, comments, links"),
        (name = "referrals", description = "Referrals between organisations"),
        (name = "justice", description = "Investigation and prosecution"),
        (name = "reports", description = "The country's figures, after disclosure control; frozen reports"),
        (name = "prevention", description = "Prevention work: awareness campaigns, trainings, joint inspections, screenings at ports of entry"),
        (name = "committees", description = "Meetings of the Multi-Sectoral Committee and the district committees, their action items"),
        (name = "coordination", description = "Shelters' occupancy and length of stay from placements; providers' beds and funding by year; referral deadlines, overdue referrals and response times"),
    )
)]
pub struct ApiDoc;

/// How a caller proves who they are: a bearer token (a session token from `POST /session`, or an API
/// token `lkt_...`) or the session cookie a browser gets at sign-in.
#[derive(Debug)]
struct Credentials;

impl utoipa::Modify for Credentials {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        );
    }
}

/// The whole document, built once.
pub fn openapi() -> Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(crate::api::router().into_openapi()).unwrap_or(Value::Null);
        open_flattened_inputs(&mut doc);
        derived_case_fields(&mut doc);
        sealed_placeholders(&mut doc);
        document_errors(&mut doc);
        operations::unique_operation_ids(&mut doc);
        operations::describe_responses(&mut doc);
        operations::document_headers(&mut doc);
        operations::if_match_rules(&mut doc);
        constraints::free_text(&mut doc);
        limits::text_limits(&mut doc);
        constraints::closed_variants(&mut doc);
        constraints::needed_and_ranges(&mut doc);
        constraints::parameter_forms(&mut doc);
        constraints::narrower_forms(&mut doc);
        creation::creations_without_placeholder(&mut doc);
        patches::changes_without_required(&mut doc);
        doc
    })
    .clone()
}

/// A case's JSON carries what is derived from it (`Case`'s `Serialize`), which its generated schema
/// cannot know: `missed_child_referrals`.
fn derived_case_fields(doc: &mut Value) {
    let Some(case) = doc.pointer_mut("/components/schemas/Case").and_then(Value::as_object_mut) else { return };
    if let Some(props) = case.get_mut("properties").and_then(Value::as_object_mut) {
        props.insert(
            "missed_child_referrals".into(),
            serde_json::json!({
                "description": "Victims presumed a child (under 18 when identified, or of unknown age) with no \
                    child-protection referral: the automatic referral missed them. Derived; ignored as input.",
                "type": "array",
                "items": {"$ref": "#/components/schemas/PersonId"},
            }),
        );
    }
    if let Some(required) = case.get_mut("required").and_then(Value::as_array_mut) {
        required.push(Value::String("missed_child_referrals".into()));
    }
}

/// A person's sealed fields and an event's map position read `[sealed]` where their reader may not see them
/// (a date and a coordinate too), and that placeholder sent back in a change keeps the stored value: each
/// such property of `PersonDetails` and `EventInput` is its type or the placeholder.
fn sealed_placeholders(doc: &mut Value) {
    let person = ("PersonDetails", &lekhotla_storage::sealing::SEALED_PERSON_COLUMNS[..]);
    let event = ("EventInput", &crate::sealed::EVENT_POSITION[..]);
    for (schema, fields) in [person, event] {
        placeholder_fields(doc, schema, fields);
    }
}

/// Each of `fields` of the schema `name`: its type or the placeholder.
fn placeholder_fields(doc: &mut Value, name: &str, fields: &[&str]) {
    let Some(props) = doc.pointer_mut(&format!("/components/schemas/{name}/properties")).and_then(Value::as_object_mut)
    else {
        return;
    };
    for &field in fields {
        let Some(schema) = props.get_mut(field) else { continue };
        let mut typed = schema.take();
        let description = typed.as_object_mut().and_then(|o| o.remove("description"));
        let description = format!(
            "{} Where its reader may not see it, it reads `{}`; sent back, the placeholder keeps the stored value.",
            description.as_ref().and_then(Value::as_str).unwrap_or_default(),
            crate::sealed::SEALED,
        );
        *schema = serde_json::json!({
            "description": description.trim_start(),
            "anyOf": [typed, {"type": "string", "const": crate::sealed::SEALED}],
        });
    }
}

/// serde's `deny_unknown_fields` on an input makes its schema `additionalProperties: false`. A record that
/// flattens its input (`Organisation` = id and version + `OrganisationInput`) is generated as
/// `allOf: [{id, version}, {$ref: OrganisationInput}]`, which would then forbid the record's own id and
/// version. Those references are inlined here without the flag, so responses validate against the document.
fn open_flattened_inputs(doc: &mut Value) {
    let schemas = doc.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    let Some(map) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for schema in map.values_mut() {
        let Some(parts) = schema.get_mut("allOf").and_then(Value::as_array_mut) else { continue };
        for part in parts {
            let name = part.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"));
            let Some(mut inline) = name.and_then(|n| schemas.get(n)).cloned() else { continue };
            if let Some(fields) = inline.as_object_mut()
                && fields.get("additionalProperties") == Some(&Value::Bool(false))
            {
                fields.remove("additionalProperties");
                *part = inline;
            }
        }
    }
}

/// The errors every route can answer, added to each operation that does not list them already: a bad
/// query or JSON (400), an unknown record (404), the database down (503), an internal error (500); with a
/// body also a non-JSON body (415) and invalid fields (422); with `If-Match` also 412 and 428.
fn document_errors(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut() {
        let Some(operations) = item.as_object_mut() else { continue };
        for operation in operations.values_mut() {
            let has_body = operation.get("requestBody").is_some();
            let has_if_match = operation
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p.get("name").and_then(Value::as_str) == Some("If-Match")));
            let has_query = operation
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p.get("in").and_then(Value::as_str) == Some("query")));
            let mut codes = vec![
                ("400", "The query or the JSON body is malformed"),
                ("401", "Not signed in: no valid session or token"),
                ("403", "The actor's roles (or the token's scopes) do not allow this"),
                ("404", "No such record"),
                ("500", "Internal error; the x-request-id header identifies it in the log"),
                (
                    "503",
                    "The database is busy or cannot be reached; Retry-After says after how many seconds to try again",
                ),
            ];
            if has_query && !has_body {
                codes.push((
                    "422",
                    "A query value names nothing known (a district, a year out of range), each named with the reason",
                ));
            }
            if has_body {
                codes.push(("413", "The body is larger than the server takes"));
                codes.push(("415", "The body is not JSON"));
                codes.push(("422", "Invalid fields, each named with the reason"));
            }
            if has_if_match {
                codes.push(("412", "The record changed since the ETag given"));
                codes.push(("428", "If-Match is required"));
            }
            let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for (code, description) in codes {
                if code == "413" {
                    // Refused before any handler reads it: its body is not the API's error JSON.
                    responses.entry(code).or_insert_with(|| serde_json::json!({"description": description}));
                    continue;
                }
                responses.entry(code).or_insert_with(|| {
                    serde_json::json!({
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                    })
                });
            }
        }
    }
}
