//! What a change to a case touched, for its audit entry: the names of the fields and records that differ
//! between the case as loaded and as changed, never their values.
//!
//! Names follow the trail's other entries (`sealed.read`): a record is `<kind>/<id>` (`victim/0197…`,
//! `referral/0197…`, the case itself `case/<id>`), a field is the record and its path inside it
//! (`victim/0197….person.phone`, `case/0197….status`); a record added or removed is named alone.
//! Bookkeeping that changes with every save (`version`, `updated_at`) and values derived from the rest
//! (`missed_child_referrals`) are not named.

use lekhotla_domain::Case;
use serde_json::{Map, Value};

/// Keys that change on every save or are derived: not what the actor changed.
const BOOKKEEPING: [&str; 3] = ["version", "updated_at", "missed_child_referrals"];

/// The names of what differs between `before` and `after`, in the case's order.
pub fn fields(before: &Case, after: &Case) -> Vec<String> {
    let (Ok(a), Ok(b)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        // A case always serialises; if one ever did not, name the case rather than nothing.
        return vec![format!("case/{}", after.id)];
    };
    let mut out = Vec::new();
    within(&format!("case/{}", after.id), a.as_object(), b.as_object(), &mut out);
    out
}

/// The differences inside one record (both sides present).
fn within(name: &str, a: Option<&Map<String, Value>>, b: Option<&Map<String, Value>>, out: &mut Vec<String>) {
    object(name, "", a, b, out);
}

fn object(
    record: &str,
    path: &str,
    a: Option<&Map<String, Value>>,
    b: Option<&Map<String, Value>>,
    out: &mut Vec<String>,
) {
    let empty = Map::new();
    let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
    let keys = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k)));
    for key in keys {
        if BOOKKEEPING.contains(&key.as_str()) {
            continue;
        }
        let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        value(record, &here, key, a.get(key), b.get(key), out);
    }
}

fn value(record: &str, path: &str, key: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    let field = || format!("{record}.{path}");
    match (a, b) {
        (Some(Value::Array(x)), Some(Value::Array(y))) if is_records(x) && is_records(y) => {
            records(&singular(key), x, y, out);
        }
        (None | Some(Value::Null), Some(Value::Array(y))) if is_records(y) => records(&singular(key), &[], y, out),
        (Some(Value::Array(x)), None | Some(Value::Null)) if is_records(x) => records(&singular(key), x, &[], out),
        (x, y) if id_of(x).is_some() || id_of(y).is_some() => {
            // A record held alone (the investigation, the prosecution).
            let kind = singular(key);
            match (id_of(x), id_of(y)) {
                (Some(i), Some(j)) if i == j => {
                    within(&format!("{kind}/{j}"), x.and_then(Value::as_object), y.and_then(Value::as_object), out);
                }
                (i, j) => {
                    out.extend(i.map(|i| format!("{kind}/{i}")));
                    out.extend(j.map(|j| format!("{kind}/{j}")));
                }
            }
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => object(record, path, Some(x), Some(y), out),
        _ => out.push(field()),
    }
}

/// Records matched by id: those added or removed named alone, the others compared field by field.
fn records(kind: &str, a: &[Value], b: &[Value], out: &mut Vec<String>) {
    let find = |list: &'_ [Value], id: &str| list.iter().find(|v| id_of(Some(v)).as_deref() == Some(id)).cloned();
    for y in b {
        let Some(id) = id_of(Some(y)) else { continue };
        match find(a, &id) {
            Some(x) => within(&format!("{kind}/{id}"), x.as_object(), y.as_object(), out),
            None => out.push(format!("{kind}/{id}")),
        }
    }
    for x in a {
        if let Some(id) = id_of(Some(x))
            && find(b, &id).is_none()
        {
            out.push(format!("{kind}/{id}"));
        }
    }
}

fn id_of(v: Option<&Value>) -> Option<String> {
    v?.as_object()?.get("id")?.as_str().map(str::to_owned)
}

/// A list of records: every element an object with an id (an empty list is one too).
fn is_records(list: &[Value]) -> bool {
    list.iter().all(|v| id_of(Some(v)).is_some())
}

/// `victims` → `victim`, `witnesses` → `witness`, `investigation` stays.
fn singular(key: &str) -> String {
    if let Some(stem) = key.strip_suffix("sses") {
        return format!("{stem}ss");
    }
    key.strip_suffix('s').unwrap_or(key).to_owned()
}
