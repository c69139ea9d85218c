//! Part C, criminal justice: the investigation's and prosecution's forms on a case
//! (`/cases/{number}/{act}`), the overview of investigations and prosecutions (`/justice`) and the
//! hearings calendar (`/justice/calendar`).

pub mod acts;
pub mod form;
mod investigation;
mod prosecution;
