//! Record identifiers: UUIDv7 newtypes, one per kind of record, so an event id cannot be passed as a case id.
//!
//! Identifiers are not secrets and grant nothing (ASVS 11.5.1): access is checked on every use.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

thread_local! {
    static SEQUENCE: std::cell::Cell<Option<Sequence>> = const { std::cell::Cell::new(None) };
}

/// A seeded sequence of ids: the generator's state and, for [`ordered`], the instant and how many ids were drawn.
#[derive(Debug, Clone, Copy)]
struct Sequence {
    state: u64,
    clock: Option<(u64, u16)>,
}

/// Runs `f` with identifiers drawn from a sequence seeded by `seed` instead of the clock, on this
/// thread only: the same seed gives the same ids. Used by the demo-data generator and tests.
pub fn deterministic<T>(seed: u64, f: impl FnOnce() -> T) -> T {
    with_sequence(Sequence { state: seed, clock: None }, f)
}

/// [`deterministic`], the ids time-ordered as the clock's are (UUIDv7): their time is `millis` (milliseconds
/// since 1970), their 12-bit counter the number of ids drawn before, the rest from the seed. Records written
/// in the order of their `millis` land at the end of every index of their ids, as records made by people
/// over time do; random ids would land all over each index (at a million demo cases, most of a load's time).
pub fn ordered<T>(seed: u64, millis: u64, f: impl FnOnce() -> T) -> T {
    with_sequence(Sequence { state: seed, clock: Some((millis, 0)) }, f)
}

fn with_sequence<T>(sequence: Sequence, f: impl FnOnce() -> T) -> T {
    let previous = SEQUENCE.with(|s| s.replace(Some(sequence)));
    let out = f();
    SEQUENCE.with(|s| s.set(previous));
    out
}

fn next_uuid() -> Uuid {
    let Some(Sequence { state, clock }) = SEQUENCE.with(|s| s.get()) else {
        return Uuid::now_v7();
    };
    let (a, state) = splitmix64(state);
    let (b, state) = splitmix64(state);
    let (uuid, clock) = match clock {
        None => {
            (uuid::Builder::from_random_bytes(((u128::from(a) << 64) | u128::from(b)).to_be_bytes()).into_uuid(), None)
        }
        Some((millis, drawn)) => {
            // Past 4,096 ids at one instant the counter wraps: the 62 bits from the seed keep them apart.
            let mut tail = [0u8; 10];
            tail[..2].copy_from_slice(&(drawn & 0x0FFF).to_be_bytes());
            tail[2..].copy_from_slice(&a.to_be_bytes());
            (
                uuid::Builder::from_unix_timestamp_millis(millis, &tail).into_uuid(),
                Some((millis, drawn.wrapping_add(1))),
            )
        }
    };
    SEQUENCE.with(|s| s.set(Some(Sequence { state, clock })));
    uuid
}

/// SplitMix64: a small, well-mixed generator, enough for distinct reproducible ids.
fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31), state)
}

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new identifier: time-ordered (UUIDv7), or the next of a seeded sequence inside [`deterministic`].
            pub fn new() -> Self {
                Self(next_uuid())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// A case.
    CaseId);
id_type!(/// An organisation.
    OrgId);
id_type!(/// A person or business in a case (victim, suspect or witness).
    PersonId);
id_type!(/// A trafficking event.
    EventId);
id_type!(/// A referral between organisations.
    ReferralId);
id_type!(/// A consent record.
    ConsentId);
id_type!(/// A support plan.
    SupportPlanId);
id_type!(/// A case comment.
    CommentId);
id_type!(/// An investigation.
    InvestigationId);
id_type!(/// A prosecution.
    ProsecutionId);
id_type!(/// A charge against one accused.
    ChargeId);
id_type!(/// A court hearing.
    HearingId);
id_type!(/// A verdict for one accused.
    VerdictId);
id_type!(/// A sentence for one convicted accused.
    SentenceId);
id_type!(/// A compensation order.
    CompensationId);
id_type!(/// An awareness campaign.
    CampaignId);
id_type!(/// A training.
    TrainingId);
id_type!(/// A joint inspection of an employer.
    InspectionId);
id_type!(/// A screening session at a port of entry.
    ScreeningId);
id_type!(/// A movement of a docket from one custodian to another.
    DocketTransferId);
id_type!(/// A meeting of the Multi-Sectoral Committee or of a district's committee.
    MeetingId);

// Storage's `UserId` is the same UUID, so the web layer converts one into the other. The store does not
// require the account to exist (an import may name the users of another installation).
id_type!(/// A user account named as a case owner or case worker (imported data may name one of another installation).
    UserRef);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_ids_repeat_for_a_seed_and_differ_across_seeds() {
        let a = deterministic(7, || (CaseId::new(), PersonId::new()));
        let b = deterministic(7, || (CaseId::new(), PersonId::new()));
        let c = deterministic(8, || (CaseId::new(), PersonId::new()));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a.0.0, a.1.0);
        assert_eq!(a.0.0.get_version_num(), 4);
        // Outside the closure, ids come from the clock again.
        assert_eq!(CaseId::new().0.get_version_num(), 7);
    }

    #[test]
    fn ordered_ids_repeat_for_a_seed_and_sort_by_their_instant_then_their_draw() {
        let draw = |seed, millis| ordered(seed, millis, || (0..5000).map(|_| PersonId::new().0).collect::<Vec<_>>());
        let a = draw(7, 1_600_000_000_000);
        assert_eq!(a, draw(7, 1_600_000_000_000));
        assert_ne!(a, draw(8, 1_600_000_000_000));
        assert!(a.iter().all(|u| u.get_version_num() == 7));
        assert_eq!(a[0].get_timestamp().map(|t| t.to_unix().0), Some(1_600_000_000));
        // In draw order up to the counter's 4,096; all distinct past it.
        assert!(a[..4096].windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a.iter().collect::<std::collections::HashSet<_>>().len(), a.len());
        // A later instant sorts after every id of an earlier one, whatever the seed.
        let later = draw(1, 1_600_000_000_001);
        assert!(later.iter().min() > a.iter().max());
        assert_eq!(CaseId::new().0.get_version_num(), 7);
    }
}
