//! What can go wrong: a relation that does not hold, inputs of the wrong length, a linear program that fails.

use thiserror::Error;

/// Why a grid, an audit or a protection was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SdcError {
    /// A relation names a cell the grid does not have.
    #[error("relation {relation}: cell {cell} is out of range (the grid has {cells} cells)")]
    CellOutOfRange { relation: usize, cell: usize, cells: usize },
    /// A relation with no parts.
    #[error("relation {relation}: the total {total} has no parts")]
    NoParts { relation: usize, total: usize },
    /// A relation whose total is also one of its parts.
    #[error("relation {relation}: the total {total} is among its own parts")]
    TotalAmongParts { relation: usize, total: usize },
    /// A relation that names the same part twice.
    #[error("relation {relation}: cell {cell} is named twice among the parts")]
    RepeatedPart { relation: usize, cell: usize },
    /// A relation whose total is not the sum of its parts.
    #[error("relation {relation}: the total (cell {total}) is {total_value} but its parts add up to {parts_sum}")]
    DoesNotAddUp { relation: usize, total: usize, total_value: u64, parts_sum: u128 },
    /// A count too large for the linear program's floating point to hold exactly.
    #[error("cell {cell}: the value {value} is larger than {max}, the largest count the audit handles exactly")]
    ValueTooLarge { cell: usize, value: u64, max: u64 },
    /// A list of cell flags or states whose length is not the grid's.
    #[error("{what} has {found} entries but the grid has {cells} cells")]
    LengthMismatch { what: &'static str, found: usize, cells: usize },
    /// The linear program failed (it cannot be infeasible for a grid whose relations hold, so this is a
    /// numerical failure of the solver).
    #[error("the audit's linear program failed for cell {cell}: {message}")]
    Solver { cell: usize, message: String },
    /// The secondary suppression found nothing left to suppress while a primary cell was still too narrow
    /// (cannot happen while the solver is exact: see `protect`).
    #[error("cell {cell} could not be protected: no cell is left to suppress")]
    Unprotectable { cell: usize },
}
