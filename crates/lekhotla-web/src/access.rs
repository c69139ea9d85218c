//! Who may call what: the one table of every route and the permission or act it needs. Deny by
//! default: a route missing here answers 403 to everyone, and a test walks the router and the OpenAPI
//! document and fails on any route that is not in this table. A route that changes a case names its
//! act (or the acts its body chooses between); the guard lets through only actors whose roles hold
//! one, and `authority::require` judges the act against the case itself when it is loaded.

use axum::http::Method;
use lekhotla_identity::{Act, Permission};

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not (sign-in, health, static files, the API description).
    Public,
    /// A signed-in actor whose roles (and token scopes) allow this.
    Allowed(Permission),
    /// A signed-in actor whose roles hold one of these acts on cases (and whose token scopes include
    /// `write-cases`).
    Acts(&'static [Act]),
}

/// The acts of a route: one, or those its body chooses between.
const fn one(act: &'static [Act; 1]) -> Need {
    Need::Acts(act)
}

use Act::*;
use Need::{Acts, Allowed, Public};
use Permission::{
    BreakGlass, ExportData, ManageOrganisations, ManageUsers, ReadAudit, ReadCases, ReadReference, ReadSealed,
    ReadStatistics, RecordPrevention, ReviewBreakGlass, Session,
};

/// Every route: method, path as the router matches it, and its need.
pub const ROUTES: &[(&str, &str, Need)] = &[
    // Public: signing in, health (liveness, readiness), the API description, the pages' static files.
    ("GET", "/healthz", Public),
    ("GET", "/livez", Public),
    ("GET", "/readyz", Public),
    ("GET", "/api/v1/openapi.json", Public),
    ("POST", "/api/v1/session", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("POST", "/lang", Public),
    ("GET", "/static/app.css", Public),
    ("GET", "/static/htmx-2.0.11.min.js", Public),
    ("GET", "/static/favicon.svg", Public),
    ("GET", "/favicon.ico", Public),
    // One's own session.
    ("GET", "/api/v1/session", Allowed(Session)),
    ("DELETE", "/api/v1/session", Allowed(Session)),
    ("POST", "/api/v1/session/step-up", Allowed(Session)),
    ("POST", "/logout", Allowed(Session)),
    // One's API tokens (an administrator's reach over everyone's is judged in the handler).
    ("GET", "/api/v1/tokens", Allowed(Session)),
    ("POST", "/api/v1/tokens/{id}/revoke", Allowed(Session)),
    ("POST", "/api/v1/tokens/{id}/renew", Allowed(Session)),
    // The administrator's page of every API token.
    ("GET", "/admin/tokens", Allowed(ManageUsers)),
    ("POST", "/admin/tokens/{id}/revoke", Allowed(ManageUsers)),
    // One's own account (part D): who I am, the password, the digest address, the first enrolment of the second
    // factor.
    ("GET", "/account", Allowed(Session)),
    ("POST", "/account/password", Allowed(Session)),
    ("POST", "/account/digest", Allowed(Session)),
    ("GET", "/account/enrol", Allowed(Session)),
    ("POST", "/account/enrol", Allowed(Session)),
    // Administration (part D): organisations, users, API tokens.
    ("GET", "/admin", Allowed(ManageUsers)),
    ("GET", "/admin/organisations/new", Allowed(ManageOrganisations)),
    ("POST", "/admin/organisations/new", Allowed(ManageOrganisations)),
    ("GET", "/admin/organisations/{id}", Allowed(ManageOrganisations)),
    ("POST", "/admin/organisations/{id}", Allowed(ManageOrganisations)),
    ("GET", "/admin/users/new", Allowed(ManageUsers)),
    ("POST", "/admin/users/new", Allowed(ManageUsers)),
    ("GET", "/admin/users/{id}", Allowed(ManageUsers)),
    ("POST", "/admin/users/{id}", Allowed(ManageUsers)),
    ("POST", "/admin/users/{id}/disable", Allowed(ManageUsers)),
    ("POST", "/admin/users/{id}/enable", Allowed(ManageUsers)),
    ("POST", "/admin/users/{id}/reset-second-factor", Allowed(ManageUsers)),
    ("POST", "/admin/tokens", Allowed(ManageUsers)),
    // The auditor's search and a data subject's history; the coordinator's review of break-glass (part D).
    ("GET", "/audit", Allowed(ReadAudit)),
    ("GET", "/audit/subject", Allowed(ReadAudit)),
    ("POST", "/audit/subject", Allowed(ReadAudit)),
    ("GET", "/break-glass", Allowed(ReviewBreakGlass)),
    ("POST", "/break-glass/{grant}/revoke", Allowed(ReviewBreakGlass)),
    // The registry in figures.
    ("GET", "/", Public),
    ("GET", "/dashboard", Allowed(ReadStatistics)),
    ("GET", "/reports", Allowed(ReadStatistics)),
    ("GET", "/reports/frozen/{id}", Allowed(ReadStatistics)),
    ("POST", "/reports/freeze", Allowed(ExportData)),
    // What needs this person now (each section judged by their roles and scope).
    ("GET", "/work", Allowed(Session)),
    // Part B: intake and screening, people, search (the pages).
    ("GET", "/cases", Allowed(ReadCases)),
    ("GET", "/intake", one(&[RegisterCase])),
    ("POST", "/intake", one(&[RegisterCase])),
    ("GET", "/cases/{number}/record-person", one(&[RecordPerson])),
    ("POST", "/cases/{number}/record-person", one(&[RecordPerson])),
    ("GET", "/cases/{number}/decide-status", one(&[DecideStatus])),
    ("POST", "/cases/{number}/decide-status", one(&[DecideStatus])),
    // Reference data.
    ("GET", "/api/v1/geography", Allowed(ReadReference)),
    // The country's figures: the level and area are judged by the role (`reports.rs`); freezing is the
    // national coordinator's (who alone may export).
    ("GET", "/api/v1/reports/tip", Allowed(ReadStatistics)),
    ("GET", "/api/v1/reports/frozen", Allowed(ReadStatistics)),
    ("GET", "/api/v1/reports/frozen/{id}", Allowed(ReadStatistics)),
    ("POST", "/api/v1/reports/frozen", Allowed(ExportData)),
    // Prevention work: campaigns, trainings, inspections, screenings at ports of entry (who may speak for the leading organisation is judged in the handler).
    ("GET", "/api/v1/campaigns", Allowed(RecordPrevention)),
    ("POST", "/api/v1/campaigns", Allowed(RecordPrevention)),
    ("GET", "/api/v1/campaigns/{id}", Allowed(RecordPrevention)),
    ("PATCH", "/api/v1/campaigns/{id}", Allowed(RecordPrevention)),
    ("GET", "/api/v1/trainings", Allowed(RecordPrevention)),
    ("POST", "/api/v1/trainings", Allowed(RecordPrevention)),
    ("GET", "/api/v1/trainings/{id}", Allowed(RecordPrevention)),
    ("PATCH", "/api/v1/trainings/{id}", Allowed(RecordPrevention)),
    ("GET", "/api/v1/inspections", Allowed(RecordPrevention)),
    ("POST", "/api/v1/inspections", Allowed(RecordPrevention)),
    ("GET", "/api/v1/inspections/{id}", Allowed(RecordPrevention)),
    ("PATCH", "/api/v1/inspections/{id}", Allowed(RecordPrevention)),
    ("GET", "/api/v1/screenings", Allowed(RecordPrevention)),
    ("POST", "/api/v1/screenings", Allowed(RecordPrevention)),
    ("GET", "/api/v1/screenings/{id}", Allowed(RecordPrevention)),
    ("PATCH", "/api/v1/screenings/{id}", Allowed(RecordPrevention)),
    ("GET", "/prevention", Allowed(RecordPrevention)),
    ("GET", "/prevention/campaigns/new", Allowed(RecordPrevention)),
    ("POST", "/prevention/campaigns/new", Allowed(RecordPrevention)),
    ("GET", "/prevention/campaigns/{id}", Allowed(RecordPrevention)),
    ("POST", "/prevention/campaigns/{id}", Allowed(RecordPrevention)),
    ("GET", "/prevention/trainings/new", Allowed(RecordPrevention)),
    ("POST", "/prevention/trainings/new", Allowed(RecordPrevention)),
    ("GET", "/prevention/trainings/{id}", Allowed(RecordPrevention)),
    ("POST", "/prevention/trainings/{id}", Allowed(RecordPrevention)),
    ("GET", "/prevention/inspections/new", Allowed(RecordPrevention)),
    ("POST", "/prevention/inspections/new", Allowed(RecordPrevention)),
    ("GET", "/prevention/inspections/{id}", Allowed(RecordPrevention)),
    ("POST", "/prevention/inspections/{id}", Allowed(RecordPrevention)),
    ("GET", "/prevention/screenings/new", Allowed(RecordPrevention)),
    ("POST", "/prevention/screenings/new", Allowed(RecordPrevention)),
    ("GET", "/prevention/screenings/{id}", Allowed(RecordPrevention)),
    ("POST", "/prevention/screenings/{id}", Allowed(RecordPrevention)),
    // Shelters and providers: the figures for those who read figures; a provider's year kept by the
    // organisation itself or the national coordinator (judged in the handler).
    ("GET", "/api/v1/shelters", Allowed(ReadStatistics)),
    ("GET", "/api/v1/providers/{org}/years/{year}", Allowed(ReadStatistics)),
    ("PUT", "/api/v1/providers/{org}/years/{year}", Allowed(RecordPrevention)),
    ("GET", "/shelters", Allowed(ReadStatistics)),
    ("GET", "/plan", Allowed(ReadStatistics)),
    ("GET", "/plan/progress", Allowed(ReadStatistics)),
    // Changing the plan: the national coordinator (judged in the handler).
    ("GET", "/plan/activities/{code}", Allowed(RecordPrevention)),
    ("POST", "/plan/activities/{code}", Allowed(RecordPrevention)),
    ("POST", "/plan/activities/{code}/files", Allowed(RecordPrevention)),
    ("GET", "/plan/files/{id}", Allowed(ReadStatistics)),
    ("GET", "/plan/recommendations/{key}", Allowed(RecordPrevention)),
    ("POST", "/plan/recommendations/{key}", Allowed(RecordPrevention)),
    ("POST", "/plan/recommendations/{year}/carry-over", Allowed(RecordPrevention)),
    ("GET", "/shelters/years/new", Allowed(RecordPrevention)),
    ("POST", "/shelters/years/new", Allowed(RecordPrevention)),
    ("GET", "/shelters/{org}/{year}", Allowed(RecordPrevention)),
    ("POST", "/shelters/{org}/{year}", Allowed(RecordPrevention)),
    // Committee meetings: read by whoever reads the figures; recorded by the national coordinator, or a
    // district's focal point for their district's committee (judged in the handler, `api/committees.rs`).
    ("GET", "/api/v1/committees/meetings", Allowed(ReadStatistics)),
    ("POST", "/api/v1/committees/meetings", Allowed(RecordPrevention)),
    ("GET", "/api/v1/committees/meetings/{id}", Allowed(ReadStatistics)),
    ("PATCH", "/api/v1/committees/meetings/{id}", Allowed(RecordPrevention)),
    ("GET", "/api/v1/committees/actions", Allowed(ReadStatistics)),
    ("GET", "/committees", Allowed(ReadStatistics)),
    ("GET", "/committees/new", Allowed(RecordPrevention)),
    ("POST", "/committees/new", Allowed(RecordPrevention)),
    ("GET", "/committees/{id}", Allowed(ReadStatistics)),
    ("POST", "/committees/{id}", Allowed(RecordPrevention)),
    ("GET", "/committees/{id}/minutes.pdf", Allowed(ReadStatistics)),
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
    // Ending a grant early: its grantee or the national coordinator (the handler answers 404 to others).
    ("POST", "/api/v1/break-glass/{grant}/revoke", Allowed(Session)),
    // Part C: referrals, the inbox and outbox, sending one and its moves.
    ("GET", "/referrals", Allowed(ReadCases)),
    ("GET", "/cases/{number}/send-referral", one(&[SendReferral])),
    ("POST", "/cases/{number}/send-referral", one(&[SendReferral])),
    ("GET", "/cases/{number}/referrals/{id}/accept-referral", one(&[AcceptReferral])),
    ("POST", "/cases/{number}/referrals/{id}/accept-referral", one(&[AcceptReferral])),
    ("GET", "/cases/{number}/referrals/{id}/decline-referral", one(&[DeclineReferral])),
    ("POST", "/cases/{number}/referrals/{id}/decline-referral", one(&[DeclineReferral])),
    ("GET", "/cases/{number}/referrals/{id}/deliver-referral", one(&[DeliverReferral])),
    ("POST", "/cases/{number}/referrals/{id}/deliver-referral", one(&[DeliverReferral])),
    ("GET", "/cases/{number}/referrals/{id}/close-referral-not-delivered", one(&[CloseReferralNotDelivered])),
    ("POST", "/cases/{number}/referrals/{id}/close-referral-not-delivered", one(&[CloseReferralNotDelivered])),
    ("GET", "/cases/{number}/referrals/{id}/revoke-referral", one(&[RevokeReferral])),
    ("POST", "/cases/{number}/referrals/{id}/revoke-referral", one(&[RevokeReferral])),
    ("GET", "/cases/{number}/referrals/{id}/close-referral", one(&[CloseReferral])),
    ("POST", "/cases/{number}/referrals/{id}/close-referral", one(&[CloseReferral])),
    // Part C: the overview of criminal justice and the hearings calendar.
    ("GET", "/justice", Allowed(ReadCases)),
    ("GET", "/justice/calendar", Allowed(ReadCases)),
    // Part C: the justice acts' forms on a case (GET the form, POST it).
    ("GET", "/cases/{number}/open-investigation", one(&[OpenInvestigation])),
    ("POST", "/cases/{number}/open-investigation", one(&[OpenInvestigation])),
    ("GET", "/cases/{number}/update-investigation", one(&[UpdateInvestigation])),
    ("POST", "/cases/{number}/update-investigation", one(&[UpdateInvestigation])),
    ("GET", "/cases/{number}/move-docket", one(&[MoveDocket])),
    ("POST", "/cases/{number}/move-docket", one(&[MoveDocket])),
    ("GET", "/cases/{number}/open-prosecution", one(&[OpenProsecution])),
    ("POST", "/cases/{number}/open-prosecution", one(&[OpenProsecution])),
    ("GET", "/cases/{number}/dpp-decision", one(&[DppDecision])),
    ("POST", "/cases/{number}/dpp-decision", one(&[DppDecision])),
    ("GET", "/cases/{number}/issue-summons", one(&[IssueSummons])),
    ("POST", "/cases/{number}/issue-summons", one(&[IssueSummons])),
    ("GET", "/cases/{number}/update-prosecution", one(&[UpdateProsecution])),
    ("POST", "/cases/{number}/update-prosecution", one(&[UpdateProsecution])),
    ("GET", "/cases/{number}/charge", one(&[Charge])),
    ("POST", "/cases/{number}/charge", one(&[Charge])),
    ("GET", "/cases/{number}/record-hearing", one(&[RecordHearing])),
    ("POST", "/cases/{number}/record-hearing", one(&[RecordHearing])),
    ("GET", "/cases/{number}/record-verdict", one(&[RecordVerdict])),
    ("POST", "/cases/{number}/record-verdict", one(&[RecordVerdict])),
    ("GET", "/cases/{number}/record-sentence", one(&[RecordSentence])),
    ("POST", "/cases/{number}/record-sentence", one(&[RecordSentence])),
    ("GET", "/cases/{number}/order-compensation", one(&[OrderCompensation])),
    ("POST", "/cases/{number}/order-compensation", one(&[OrderCompensation])),
    // Cases.
    ("GET", "/api/v1/cases", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}", Allowed(ReadCases)),
    // One record inside a case, where each creation's Location points (read under the case's scope).
    ("GET", "/api/v1/cases/{case}/victims/{person}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/suspects/{person}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/witnesses/{person}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/events/{event}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/consents/{consent}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/support-plans/{plan}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/comments/{comment}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/referrals/{referral}", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/investigation", Allowed(ReadCases)),
    ("GET", "/api/v1/cases/{case}/prosecution", Allowed(ReadCases)),
    ("GET", "/api/v1/referrals", Allowed(ReadCases)),
    // Referral deadlines: read by case readers, set by the national coordinator (judged in the handler);
    // the overdue referrals the reader is told of; response times as figures.
    // The action plan: read by statistics readers, changed by the national coordinator (judged in the handler).
    ("GET", "/api/v1/plan", Allowed(ReadStatistics)),
    ("PUT", "/api/v1/plan/activities/{code}", Allowed(RecordPrevention)),
    ("PUT", "/api/v1/plan/recommendations/{key}", Allowed(RecordPrevention)),
    ("POST", "/api/v1/plan/recommendations/{year}/carry-over", Allowed(RecordPrevention)),
    ("GET", "/api/v1/referral-deadlines", Allowed(ReadCases)),
    ("PUT", "/api/v1/referral-deadlines", Allowed(RecordPrevention)),
    ("GET", "/api/v1/referrals/overdue", Allowed(ReadCases)),
    ("GET", "/api/v1/referrals/response-times", Allowed(ReadStatistics)),
    ("GET", "/referrals/deadlines", Allowed(ReadCases)),
    ("POST", "/referrals/deadlines", Allowed(RecordPrevention)),
    ("POST", "/api/v1/cases", one(&[RegisterCase])),
    ("PATCH", "/api/v1/cases/{case}", Acts(&[EditCase, CloseCase, ReopenCase])),
    ("POST", "/api/v1/cases/{case}/transfer", one(&[TransferCase])),
    ("POST", "/api/v1/cases/{case}/comments", one(&[Comment])),
    ("POST", "/api/v1/cases/{case}/consents", one(&[RecordConsent])),
    ("POST", "/api/v1/cases/{case}/consents/{consent}/withdraw", one(&[RecordConsent])),
    ("POST", "/api/v1/cases/{case}/events", one(&[RecordEvent])),
    ("PATCH", "/api/v1/cases/{case}/events/{event}", one(&[RecordEvent])),
    ("POST", "/api/v1/cases/{case}/investigation", one(&[OpenInvestigation])),
    ("PATCH", "/api/v1/cases/{case}/investigation", one(&[UpdateInvestigation])),
    ("POST", "/api/v1/cases/{case}/investigation/docket-transfers", one(&[MoveDocket])),
    ("POST", "/api/v1/cases/{case}/links", one(&[LinkCase])),
    ("POST", "/api/v1/cases/{case}/prosecution", one(&[OpenProsecution])),
    ("PATCH", "/api/v1/cases/{case}/prosecution", Acts(&[DppDecision, IssueSummons, UpdateProsecution])),
    ("POST", "/api/v1/cases/{case}/prosecution/charges", one(&[Charge])),
    ("POST", "/api/v1/cases/{case}/prosecution/compensation-orders", one(&[OrderCompensation])),
    ("POST", "/api/v1/cases/{case}/prosecution/hearings", one(&[RecordHearing])),
    ("POST", "/api/v1/cases/{case}/prosecution/sentences", one(&[RecordSentence])),
    ("POST", "/api/v1/cases/{case}/prosecution/verdicts", one(&[RecordVerdict])),
    ("POST", "/api/v1/cases/{case}/referrals", one(&[SendReferral])),
    (
        "POST",
        "/api/v1/cases/{case}/referrals/{referral}/actions",
        Acts(&[
            AcceptReferral,
            DeclineReferral,
            DeliverReferral,
            CloseReferralNotDelivered,
            RevokeReferral,
            CloseReferral,
        ]),
    ),
    ("POST", "/api/v1/cases/{case}/support-plans", one(&[RecordSupportPlan])),
    ("PATCH", "/api/v1/cases/{case}/support-plans/{plan}", one(&[RecordSupportPlan])),
    ("POST", "/api/v1/cases/{case}/suspects", one(&[RecordPerson])),
    ("PATCH", "/api/v1/cases/{case}/suspects/{person}", one(&[RecordPerson])),
    ("POST", "/api/v1/cases/{case}/victims", Acts(&[RecordPerson, DecideStatus])),
    ("PATCH", "/api/v1/cases/{case}/victims/{person}", Acts(&[RecordPerson, DecideStatus])),
    ("POST", "/api/v1/cases/{case}/witnesses", one(&[RecordPerson])),
    ("PATCH", "/api/v1/cases/{case}/witnesses/{person}", one(&[RecordPerson])),
    // The case file (pages): the story, the sealed fields' step-up, emergency access, the acts' forms.
    ("GET", "/cases/{number}", Allowed(ReadCases)),
    ("POST", "/cases/{number}/step-up", Allowed(ReadSealed)),
    ("GET", "/cases/{number}/break-glass", Allowed(BreakGlass)),
    ("POST", "/cases/{number}/break-glass", Allowed(BreakGlass)),
    ("GET", "/cases/{number}/edit-case", one(&[EditCase])),
    ("POST", "/cases/{number}/edit-case", one(&[EditCase])),
    ("GET", "/cases/{number}/close-case", one(&[CloseCase])),
    ("POST", "/cases/{number}/close-case", one(&[CloseCase])),
    ("GET", "/cases/{number}/reopen-case", one(&[ReopenCase])),
    ("POST", "/cases/{number}/reopen-case", one(&[ReopenCase])),
    ("GET", "/cases/{number}/transfer-case", one(&[TransferCase])),
    ("POST", "/cases/{number}/transfer-case", one(&[TransferCase])),
    ("GET", "/cases/{number}/record-event", one(&[RecordEvent])),
    ("POST", "/cases/{number}/record-event", one(&[RecordEvent])),
    ("GET", "/cases/{number}/record-support-plan", one(&[RecordSupportPlan])),
    ("POST", "/cases/{number}/record-support-plan", one(&[RecordSupportPlan])),
    ("GET", "/cases/{number}/record-consent", one(&[RecordConsent])),
    ("POST", "/cases/{number}/record-consent", one(&[RecordConsent])),
    ("GET", "/cases/{number}/comment", one(&[Comment])),
    ("POST", "/cases/{number}/comment", one(&[Comment])),
    ("GET", "/cases/{number}/link-case", one(&[LinkCase])),
    ("POST", "/cases/{number}/link-case", one(&[LinkCase])),
    ("GET", "/cases/{number}/victims/{id}/edit", Acts(&[RecordPerson, DecideStatus])),
    ("POST", "/cases/{number}/victims/{id}/edit", Acts(&[RecordPerson, DecideStatus])),
    ("GET", "/cases/{number}/suspects/{id}/edit", one(&[RecordPerson])),
    ("POST", "/cases/{number}/suspects/{id}/edit", one(&[RecordPerson])),
    ("GET", "/cases/{number}/witnesses/{id}/edit", one(&[RecordPerson])),
    ("POST", "/cases/{number}/witnesses/{id}/edit", one(&[RecordPerson])),
    ("GET", "/cases/{number}/events/{id}/edit", one(&[RecordEvent])),
    ("POST", "/cases/{number}/events/{id}/edit", one(&[RecordEvent])),
    ("GET", "/cases/{number}/support-plans/{id}/edit", one(&[RecordSupportPlan])),
    ("POST", "/cases/{number}/support-plans/{id}/edit", one(&[RecordSupportPlan])),
    ("GET", "/cases/{number}/consents/{id}/withdraw", one(&[RecordConsent])),
    ("POST", "/cases/{number}/consents/{id}/withdraw", one(&[RecordConsent])),
];

/// What the route `method path` needs; `None` for a route not in the table (denied to everyone).
pub fn need(method: &Method, path: &str) -> Option<Need> {
    // HEAD is answered by the GET route.
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, need)| *need)
}

/// The answer to a method the table has no line for: 405 with `Allow` when the path has routes for other
/// methods (a client's mistake, logged at debug), else 403 (a route left out of the table: a bug, logged
/// as an error).
pub fn no_such_method(method: &Method, path: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut allowed: Vec<&str> = ROUTES.iter().filter(|(_, p, _)| *p == path).map(|(m, _, _)| *m).collect();
    if allowed.is_empty() {
        tracing::error!(%path, %method, "route has no declared permission; denied");
        return crate::error::ApiError::Forbidden("this route is not open to anyone".into()).into_response();
    }
    if allowed.contains(&"GET") {
        allowed.push("HEAD");
    }
    tracing::debug!(%path, %method, "method not allowed");
    let allow = allowed.join(", ");
    let body = crate::error::ErrorBody {
        error: crate::error::ErrorDetail {
            code: "method_not_allowed".into(),
            message: format!("{path} answers {allow}, not {method}"),
            fields: Vec::new(),
        },
    };
    let status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    (status, [(axum::http::header::ALLOW, allow)], axum::Json(body)).into_response()
}
