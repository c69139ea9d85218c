//! Part C, criminal justice: the investigation's and prosecution's forms on a case
//! (`/cases/{number}/{act}`), the overview of investigations and prosecutions (`/justice`) and the
//! hearings calendar (`/justice/calendar`).

pub mod acts;
mod calendar;
pub mod form;
mod investigation;
mod overview;
mod prosecution;

/// The overview and the calendar.
pub fn routes(router: axum::Router<crate::state::AppState>) -> axum::Router<crate::state::AppState> {
    use axum::routing::get;
    acts::routes(router.route("/justice", get(overview::page)).route("/justice/calendar", get(calendar::page)))
}
