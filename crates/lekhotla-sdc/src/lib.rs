//! Statistical disclosure control for Lekhotla's count tables: primary suppression by a frequency threshold,
//! secondary (complementary) suppression, and the interval audit that proves every small cell protected.
//!
//! Every table of figures that leaves the system passes through this step. The definitions are the
//! statistical offices' (τ-ARGUS, R's sdcTable):
//!
//! - a report is one [`Grid`]: its cells (counts) and the additive [`Relation`]s between them (rows and
//!   columns with their margins, tables sharing a margin, districts adding up to hubs adding up to the
//!   nation);
//! - [`protect()`] suppresses every cell with `1 <= value < threshold` (primary; a zero is published), then
//!   more cells (secondary) until the [`audit()`] finds every primary cell protected;
//! - the [`audit()`] is a linear program over the published cells: it gives each suppressed cell's feasible
//!   range `[lower, upper]`, and a primary cell is protected when `upper - lower >= protection` (τ-ARGUS's
//!   sliding protection range); [`weaknesses`] lists the primary cells that are not.
//!
//! ```
//! use lekhotla_sdc::{Grid, Rule, Suppression, protect, weaknesses};
//!
//! // Victims by sex (rows) and age group (columns), with margins:
//! //  3  7 | 10
//! //  6  8 | 14
//! // ------+---
//! //  9 15 | 24
//! let mut grid = Grid::new(vec![3, 7, 10, 6, 8, 14, 9, 15, 24]);
//! for (total, parts) in [(2, vec![0, 1]), (5, vec![3, 4]), (8, vec![6, 7])] {
//!     grid.add_relation(total, parts)?; // the rows
//! }
//! for (total, parts) in [(6, vec![0, 3]), (7, vec![1, 4]), (8, vec![2, 5])] {
//!     grid.add_relation(total, parts)?; // the columns
//! }
//! let rule = Rule::INTERNAL;
//! let states = protect(&grid, &rule)?;
//! use Suppression::{Primary as P, Published as O, Secondary as S};
//! assert_eq!(states, [P, S, O, S, S, O, O, O, O]); // the 3, and a rectangle around it
//! assert!(weaknesses(&grid, &states, &rule)?.is_empty());
//! # Ok::<(), lekhotla_sdc::SdcError>(())
//! ```
//!
//! # What the integrator must know
//!
//! - **A relation is a fact about every data set, not about this one.** Declare only totals that count
//!   each person in exactly one part. Where one person can be counted in several categories (forms of
//!   exploitation, say), the categories add up to *more* than the total: such a table has no relation, and
//!   the grid cannot express what an intruder still knows about it (each category is at most the total,
//!   their sum at least the total, when every person has at least one). The audit leaves that
//!   knowledge out and calls a suppressed category unbounded, or wider than it is, when a published total
//!   bounds it: it overstates the protection of such tables. Expressing it needs inequalities
//!   (`part <= total`, `sum(parts) >= total`), which the same linear program could take but [`Grid`] does
//!   not offer yet. A relation that holds by coincidence in this data set would be accepted by
//!   [`Grid::add_relation`] (its sums add up) and only make the audit stricter than it needs to be.
//! - **The audit is the linear-programming audit** (see [`audit()`]): an intruder who solves the integer
//!   program can sometimes narrow a range further, except on one two-way table or one hierarchy.
//! - **Counts must be at most [`MAX_VALUE`]** (2^53), for the solver's floating point.
//! - **A figure shown in two tables is one cell** of the grid (or two cells tied by a relation with one
//!   part): otherwise the audit does not know that publishing it in one table publishes it in the other.
//! - **Secondary cells are not protected themselves**, and [`weaknesses`] asks it only of the cells under
//!   the threshold (whatever their mark); a zero is always published.
//! - **The intruder audited is an outsider.** A person counted in a suppressed cell of 1 knows their own
//!   contribution and can subtract it (τ-ARGUS's "singleton problem"); this crate does not model it.
//! - A [`Rule`] with `protection` 0 accepts a primary cell that the published cells give away exactly;
//!   [`protect()`] still never leaves a relation with exactly one suppressed cell, but use a protection of at
//!   least 1.
//! - Errors name a relation by its index in [`Grid::relations`] (for a refused one, the index it would
//!   have had) and cells by their index in [`Grid::values`].

mod audit;
mod components;
mod error;
mod grid;
mod protect;
mod rule;

pub use audit::{Interval, MAX_VALUE, audit};
pub use error::SdcError;
pub use grid::{Grid, Relation};
pub use protect::protect;
pub use rule::{Rule, Suppression, weaknesses};
