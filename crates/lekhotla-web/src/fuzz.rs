//! Entry points for the fuzz targets in the repository's `fuzz/` directory, not an API: every JSON body a
//! route takes, decoded exactly as the route decodes it, and the JSON merge patch every `PATCH` takes. Each
//! function panics when a property the routes rely on does not hold, so that the fuzzer reports it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api;
use crate::error::ApiError;
use crate::extract::decode;
use crate::merge_patch::{MergePatch, merge};
use lekhotla_domain as d;

/// Decodes `bytes` as the body of route `kind` (taken modulo the number of body types).
///
/// Properties: no panic; a refusal is a 400 or a 422, never anything else; a decoded value written back as
/// JSON decodes to the same value.
pub fn json_body(kind: u8, bytes: &[u8]) {
    macro_rules! bodies {
        (round trip: $($t:ty),* ; decode only: $($u:ty),* $(,)?) => {{
            let checks: &[fn(&[u8])] = &[$(round_trip::<$t>,)* $(decode_only::<$u>,)*];
            checks[usize::from(kind) % checks.len()](bytes)
        }};
    }
    bodies!(
        round trip: d::NewCase, d::CaseUpdate, d::VictimInput, d::SuspectInput, d::WitnessInput, d::EventInput,
            d::ConsentInput, d::SupportPlanInput, d::CommentInput, d::NewReferral, d::ReferralAction,
            d::InvestigationInput, d::InvestigationUpdate, d::DocketTransferInput, d::ProsecutionInput,
            d::ProsecutionUpdate, d::ChargeInput, d::HearingInput, d::VerdictInput, d::SentenceInput,
            d::CompensationInput, d::OrganisationInput, d::CampaignInput, d::TrainingInput, d::InspectionInput,
            d::ScreeningInput, d::MeetingInput, d::ProviderYearInput, d::Activity, d::Recommendation;
        decode only: d::ProsecutionWithdrawal, api::cases::Transfer, api::records::Withdrawal,
            api::records::LinkInput, api::session::SignIn, api::session::StepUp, api::break_glass::BreakGlassRequest,
            api::reports::FreezeInput, api::deadlines::DeadlinesInput,
    )
}

/// Applies the merge patch `patch` to the stored record `current` (a JSON input of record `kind`), as the
/// `PATCH` routes do.
///
/// Properties: no panic; a refused patch is a 400 or a 422; a patch that changed the record changes nothing
/// when applied again to the result; RFC 7396's merge is idempotent on any JSON.
pub fn merge_patch(kind: u8, current: &[u8], patch: &[u8]) {
    if let (Ok(target), Ok(p)) = (serde_json::from_slice::<Value>(current), serde_json::from_slice::<Value>(patch)) {
        let mut once = target;
        merge(&mut once, &p);
        let mut twice = once.clone();
        merge(&mut twice, &p);
        assert_eq!(once, twice, "merging the same patch twice differs from merging it once");
    }
    let patch = match MergePatch::parse(patch) {
        Ok(p) => p,
        Err(e) => return expect_refusal(&e),
    };
    macro_rules! records {
        (apply: $($t:ty),* ; changes: $($u:ty),* $(,)?) => {{
            let checks: &[fn(&[u8], &MergePatch)] = &[$(apply::<$t>,)* $(changes::<$u>,)*];
            checks[usize::from(kind) % checks.len()](current, &patch)
        }};
    }
    records!(
        apply: d::VictimInput, d::SuspectInput, d::WitnessInput, d::EventInput, d::SupportPlanInput,
            d::OrganisationInput, d::CampaignInput, d::TrainingInput, d::InspectionInput, d::ScreeningInput,
            d::MeetingInput;
        changes: d::CaseUpdate, d::InvestigationUpdate, d::ProsecutionUpdate,
    )
}

fn expect_refusal(e: &ApiError) {
    assert!(matches!(e, ApiError::BadRequest(_) | ApiError::Invalid(_)), "a body was refused as {e:?}");
}

fn decode_only<T: DeserializeOwned>(bytes: &[u8]) {
    if let Err(e) = decode::<T>(bytes) {
        expect_refusal(&e);
    }
}

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(bytes: &[u8]) {
    match decode::<T>(bytes) {
        Ok(value) => {
            let written = serde_json::to_vec(&value).expect("a decoded body is written as JSON");
            let again = decode::<T>(&written).unwrap_or_else(|e| panic!("{value:?} written back is refused: {e:?}"));
            assert_eq!(value, again, "a decoded body written back decodes differently");
        }
        Err(e) => expect_refusal(&e),
    }
}

fn apply<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(current: &[u8], patch: &MergePatch) {
    let Ok(current) = decode::<T>(current) else { return };
    match patch.apply(&current) {
        Ok(Some(next)) => {
            assert_ne!(next, current, "a patch that changed nothing made a new version");
            let again = patch.apply(&next).unwrap_or_else(|e| panic!("the patch refused its own result: {e:?}"));
            assert_eq!(again, None, "the same patch applied to its result changed it again");
        }
        Ok(None) => {}
        Err(e) => expect_refusal(&e),
    }
}

fn changes<T: DeserializeOwned + Serialize>(current: &[u8], patch: &MergePatch) {
    let Ok(current) = decode::<T>(current) else { return };
    if let Err(e) = patch.changes(&current) {
        expect_refusal(&e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz targets' entry points hold on what the seed corpus holds, for every body type.
    #[test]
    fn every_body_type_and_record_takes_the_seeds() {
        let bodies: [&[u8]; 6] = [b"{}", b"[]", b"{\"a\":", b"null", b"{\"summary\":\"\xff\"}", &[b'['; 300]];
        for kind in 0..=u8::MAX {
            for body in bodies {
                json_body(kind, body);
            }
            merge_patch(kind, b"{\"a\":{\"b\":\"c\"}}", b"{\"a\":{\"b\":\"d\",\"c\":null}}");
            merge_patch(kind, b"{}", b"{\"first_name\":\"[sealed]\"}");
            merge_patch(kind, b"{}", b"[1]");
        }
    }
}
