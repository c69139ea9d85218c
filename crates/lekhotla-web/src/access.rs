//! Who may call what: the one table of every route and the permission it needs. Deny by default:
//! a route missing here answers 403 to everyone, and a test walks the router and the OpenAPI
//! document and fails on any route that is not in this table.

use axum::http::Method;
use lekhotla_identity::Permission;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not (sign-in, health, static files, the API description).
    Public,
    /// A signed-in actor whose roles (and token scopes) allow this.
    Allowed(Permission),
}

use Need::{Allowed, Public};
use Permission::{
    BreakGlass, ManageOrganisations, ReadAudit, ReadCases, ReadReference, ReadStatistics, ReviewBreakGlass, Session,
    WriteCases,
};

/// Every route: method, path as the router matches it, and its need.
pub const ROUTES: &[(&str, &str, Need)] = &[
    // Public: signing in, health, the API description, the pages' static files.
    ("GET", "/healthz", Public),
    ("GET", "/api/v1/openapi.json", Public),
    ("POST", "/api/v1/session", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("GET", "/static/app.css", Public),
    ("GET", "/static/htmx-2.0.11.min.js", Public),
    ("GET", "/static/favicon.svg", Public),
    ("GET", "/favicon.ico", Public),
    // One's own session.
    ("GET", "/api/v1/session", Allowed(Session)),
    ("DELETE", "/api/v1/session", Allowed(Session)),
    ("POST", "/api/v1/session/step-up", Allowed(Session)),
    ("POST", "/logout", Allowed(Session)),
    // The registry in figures.
    ("GET", "/", Allowed(ReadStatistics)),
    // Reference data.
    ("GET", "/api/v1/geography", Allowed(ReadReference)),
    ("GET", "/api/v1/organisations", Allowed(ReadReference)),
    ("GET", "/api/v1/organisations/{id}", Allowed(ReadReference)),
    ("POST", "/api/v1/organisations", Allowed(ManageOrganisations)),
    ("PATCH", "/api/v1/organisations/{id}", Allowed(ManageOrganisations)),
    // The audit trail.
    ("GET", "/api/v1/audit", Allowed(ReadAudit)),
    ("GET", "/api/v1/audit/subject", Allowed(ReadAudit)),
    // Break-glass: asking for it, and the national coordinator's review.
    ("POST", "/api/v1/cases/{case}/break-glass", Allowed(BreakGlass)),
    ("GET", "/api/v1/break-glass", Allowed(ReviewBreakGlass)),
    // Cases.
    ("GET", "/api/v1/cases", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}", Allowed(ReadCases)),
    ("POST", "/api/v1/cases", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/comments", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/consents", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/consents/{consent}/withdraw", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/events", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/events/{event}", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/investigation", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/investigation", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/investigation/docket-transfers", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/links", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/prosecution", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution/charges", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution/compensation-orders", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution/hearings", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution/sentences", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/prosecution/verdicts", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/referrals", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/referrals/{referral}/actions", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/support-plans", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/support-plans/{plan}", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/suspects", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/suspects/{person}", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/victims", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/victims/{person}", Allowed(WriteCases)),
    ("POST", "/api/v1/cases/{case}/witnesses", Allowed(WriteCases)),
    ("PATCH", "/api/v1/cases/{case}/witnesses/{person}", Allowed(WriteCases)),
];

/// What the route `method path` needs; `None` for a route not in the table (denied to everyone).
pub fn need(method: &Method, path: &str) -> Option<Need> {
    // HEAD is answered by the GET route.
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, need)| *need)
}
