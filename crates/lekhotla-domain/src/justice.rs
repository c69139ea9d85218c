//! The criminal-justice path of a case: investigation, then prosecution with charges, hearings,
//! verdicts per accused, sentences and compensation orders.
//!
//! Every step carries its dates, so a reporting period can count what was initiated in it and what continued.

mod investigation;
mod prosecution;

pub use investigation::{DocketTransfer, DocketTransferInput, Investigation, InvestigationInput, InvestigationUpdate};
pub use prosecution::{
    Charge, ChargeInput, CompensationInput, CompensationOrder, DppDecision, Hearing, HearingInput, Prosecution,
    ProsecutionInput, ProsecutionUpdate, ProsecutionWithdrawal, Sentence, SentenceInput, Verdict, VerdictInput,
};
