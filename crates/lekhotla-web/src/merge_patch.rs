//! Changes to existing records are JSON merge patches (RFC 7396), whatever the record.
//!
//! A member the patch leaves out keeps its value, `null` clears it, an object merges into the stored one
//! member by member and an array replaces the stored one. A member that reads the sealed placeholder
//! (`[sealed]`, what a reader without `read-sealed` was shown) keeps the stored value: a blanked read sent
//! back whole loses nothing its reader did not see. A patch that changes nothing is not a change: no new
//! version, no audit entry. The body is `application/merge-patch+json` (or `application/json`).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::extract::decode;

/// The media type of a JSON merge patch.
pub const MEDIA_TYPE: &str = "application/merge-patch+json";

/// How a change's body is described in the OpenAPI document.
pub const DESCRIPTION: &str = "A JSON merge patch (RFC 7396) of the record's input, as `application/merge-patch+json` or \
`application/json`: members left out keep their value, `null` clears one (where the record allows), an object merges \
into the stored one, an array replaces it; a member sent as `[sealed]` (as a reader without `read-sealed` got it) keeps \
the stored value; a patch that changes nothing is answered with the record as it is (no new version).";

/// A JSON merge patch: a JSON object.
#[derive(Debug, Clone)]
pub struct MergePatch(Value);

impl<S: Send + Sync> FromRequest<S> for MergePatch {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let media = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next());
        let accepted = media.is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case(MEDIA_TYPE) || m.eq_ignore_ascii_case("application/json")
        });
        if !accepted {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(crate::extract::unreadable)?;
        Self::parse(&bytes)
    }
}

impl MergePatch {
    /// The patch a body holds: a JSON object, else 400 (not JSON) or 422 (not an object).
    pub fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(ApiError::field(
                "body",
                "a merge patch is a JSON object (RFC 7396) naming the members to change",
            ));
        }
        Ok(Self(value))
    }

    /// A patch a page form built (the pages reuse the API's handlers with it).
    pub(crate) fn of(value: Value) -> Self {
        Self(value)
    }

    /// The record's whole input once patched (`current`: its input as stored), validated by its type, or
    /// `None` when the patch changes nothing.
    pub fn apply<T: Serialize + DeserializeOwned + PartialEq>(&self, current: &T) -> Result<Option<T>, ApiError> {
        let before = serde_json::to_value(current).map_err(ApiError::internal)?;
        let mut after = before.clone();
        merge(&mut after, &self.0);
        if after == before {
            return Ok(None);
        }
        let next: T = decode(&serde_json::to_vec(&after).map_err(ApiError::internal)?)?;
        Ok((next != *current).then_some(next))
    }

    /// For a record changed through an update whose absent members keep their value (a case's
    /// `CaseUpdate`): that update with only the members the patch changes, or `None` when it changes none.
    /// `current` is the record as that update, every member filled. Such a record cannot clear a member:
    /// `null` on one that holds a value is refused, naming it.
    pub fn changes<T: Serialize + DeserializeOwned>(&self, current: &T) -> Result<Option<T>, ApiError> {
        let before = serde_json::to_value(current).map_err(ApiError::internal)?;
        let mut after = before.clone();
        merge(&mut after, &self.0);
        let (Value::Object(before), Value::Object(after)) = (before, after) else {
            return Err(ApiError::internal("a record's update is not a JSON object"));
        };
        let mut changed = Map::new();
        let mut cleared = Vec::new();
        let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for name in names {
            let (was, now) = (before.get(name).unwrap_or(&Value::Null), after.get(name).unwrap_or(&Value::Null));
            if was == now {
                continue;
            }
            if now.is_null() {
                cleared.push(lekhotla_domain::FieldError::new(
                    name.as_str(),
                    "cannot be cleared (null) on this record: send the value it should have",
                ));
            } else {
                changed.insert(name.clone(), now.clone());
            }
        }
        if !cleared.is_empty() {
            return Err(ApiError::Invalid(cleared));
        }
        if changed.is_empty() {
            return Ok(None);
        }
        decode(&serde_json::to_vec(&Value::Object(changed)).map_err(ApiError::internal)?).map(Some)
    }
}

/// RFC 7396 `MergePatch(target, patch)`, in place, keeping the target's member wherever the patch holds
/// the sealed placeholder.
pub(crate) fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(fields) = target else { return };
    for (name, value) in members {
        if value.as_str() == Some(crate::sealed::SEALED) {
            continue;
        }
        if value.is_null() {
            fields.remove(name);
        } else {
            merge(fields.entry(name.clone()).or_insert(Value::Null), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(target: Value, patch: Value) -> Value {
        let mut t = target;
        merge(&mut t, &patch);
        t
    }

    /// The examples of RFC 7396, appendix A.
    #[test]
    fn the_examples_of_rfc_7396() {
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "b"}), json!({"b": "c"}), json!({"a": "b", "b": "c"})),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": "b", "b": "c"}), json!({"a": null}), json!({"b": "c"})),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (json!({"a": {"b": "c"}}), json!({"a": {"b": "d", "c": null}}), json!({"a": {"b": "d"}})),
            (json!({"a": [{"b": "c"}]}), json!({"a": [1]}), json!({"a": [1]})),
            (json!({"e": null}), json!({"a": 1}), json!({"e": null, "a": 1})),
            (json!([1, 2]), json!({"a": "b", "c": null}), json!({"a": "b"})),
            (json!({}), json!({"a": {"bb": {"ccc": null}}}), json!({"a": {"bb": {}}})),
        ];
        for (target, patch, want) in cases {
            assert_eq!(merged(target.clone(), patch.clone()), want, "{target} + {patch}");
        }
    }

    #[test]
    fn the_sealed_placeholder_keeps_the_stored_value() {
        let stored = json!({"first_name": "Synthetic", "birthdate": "1990-01-01", "phone": null});
        let back = json!({"first_name": "Retyped", "birthdate": "[sealed]", "phone": "[sealed]"});
        assert_eq!(merged(stored, back), json!({"first_name": "Retyped", "birthdate": "1990-01-01", "phone": null}));
    }

    #[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Update {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        note: Option<String>,
    }

    #[test]
    fn an_update_carries_only_what_changed_and_cannot_clear() {
        let current = Update { name: Some("a".into()), note: None };
        let patch = |v: Value| MergePatch(v);
        assert_eq!(patch(json!({})).changes(&current).unwrap(), None);
        assert_eq!(patch(json!({"name": "a"})).changes(&current).unwrap(), None);
        let changed = patch(json!({"note": "n"})).changes(&current).unwrap();
        assert_eq!(changed, Some(Update { name: None, note: Some("n".into()) }));
        assert!(
            matches!(patch(json!({"name": null})).changes(&current), Err(ApiError::Invalid(f)) if f[0].field == "name")
        );
        assert!(
            matches!(patch(json!({"other": 1})).changes(&current), Err(ApiError::Invalid(f)) if f[0].field == "other")
        );
        assert_eq!(
            patch(json!({"name": "b"})).apply(&current).unwrap(),
            Some(Update { name: Some("b".into()), note: None })
        );
        assert_eq!(patch(json!({"name": null})).apply(&current).unwrap(), Some(Update { name: None, note: None }));
    }
}
