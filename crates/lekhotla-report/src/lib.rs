//! The country's figures as a report: sections of two-way tables whose cells are counts, each cell either
//! published or suppressed by the disclosure step, with the definitions that say what every figure counts.

pub mod model;

pub use model::{Cell, CellState, Disclosure, DisclosureLevel, Label, Period, Report, Scope, Section, Table};
