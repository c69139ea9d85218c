//! A query parameter an API route does not take is refused (400, naming the ones it takes), on every
//! route alike: a misspelt filter (`?distrct=LS-A`) would otherwise be ignored and answer the whole list.
//! What each route takes is what the API description lists, so the two cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The prefix the API is nested under; the description's paths are relative to it.
const PREFIX: &str = "/api/v1";

/// (method, path as described) → the query parameters the operation takes.
type Known = BTreeMap<(String, String), BTreeSet<String>>;

fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let doc = crate::openapi::openapi();
        let mut known = Known::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let names = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect();
                known.insert((method.to_uppercase(), path.clone()), names);
            }
        }
        known
    })
}

/// The query parameters of `query` that the operation does not take, if it is described.
fn unknown(method: &str, path: &str, query: &str) -> Option<(Vec<String>, &'static BTreeSet<String>)> {
    let path = path.strip_prefix(PREFIX)?;
    let takes = known().get(&(method.to_owned(), path.to_owned()))?;
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).ok()?;
    let mut strange: Vec<String> =
        pairs.into_iter().map(|(name, _)| name).filter(|name| !takes.contains(name)).collect();
    strange.dedup();
    (!strange.is_empty()).then_some((strange, takes))
}

/// The layer on the API's routes.
pub async fn refuse_unknown(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    if let (Some(path), Some(query)) = (matched, request.uri().query())
        && let Some((strange, takes)) = unknown(request.method().as_str(), &path, query)
    {
        let takes: Vec<&str> = takes.iter().map(String::as_str).collect();
        let takes = if takes.is_empty() { "none".to_owned() } else { takes.join(", ") };
        let message = format!("unknown query parameter {}; this route takes: {takes}", strange.join(", "));
        return ApiError::BadRequest(message).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_described_parameters_pass() {
        assert!(unknown("GET", "/api/v1/cases", "district=LS-A&limit=5").is_none());
        let (strange, _) = unknown("GET", "/api/v1/cases", "distrct=LS-A").expect("a misspelt filter is refused");
        assert_eq!(strange, ["distrct"]);
        let (strange, takes) = unknown("GET", "/api/v1/organisations", "x=1").expect("a route without any refuses one");
        assert_eq!((strange, takes.len()), (vec!["x".to_owned()], 0));
        assert!(unknown("GET", "/healthz", "x=1").is_none(), "only the API is judged");
    }
}
