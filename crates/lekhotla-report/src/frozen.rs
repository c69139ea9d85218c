//! Frozen reports: the report of a period and area computed at every level, with its definitions version and
//! the data's state, as one JSON document signed with the installation's key and stored for good. Shown
//! again, it is the document as signed, whatever was entered since; [`compare`] sets it beside the same report
//! computed now and names what changed: the figures, and the cases added or changed since (by number only).

use lekhotla_audit::{CheckpointSigner, CheckpointVerifier};
use lekhotla_storage::{ChangedCase, FrozenRecord, NewEntry, Store};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::compute::{self, Area, ComputeError};
use crate::model::{Disclosure, DisclosureLevel, Period, Report};

/// What the signature is for (never a checkpoint's).
pub const PURPOSE: &str = "frozen-report";

/// The signed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenDocument {
    pub id: Uuid,
    pub kind: String,
    /// `national`, `hub:LS-B`, or a district's code.
    pub area: String,
    pub period: Period,
    #[serde(with = "time::serde::rfc3339")]
    pub frozen_at: OffsetDateTime,
    pub frozen_by: String,
    pub definitions_version: u32,
    pub public: Report,
    pub internal: Report,
    pub unsuppressed: Report,
}

impl FrozenDocument {
    /// The report as frozen at a level.
    pub fn at(&self, level: DisclosureLevel) -> &Report {
        match level {
            DisclosureLevel::Public => &self.public,
            DisclosureLevel::Internal => &self.internal,
            DisclosureLevel::Unsuppressed => &self.unsuppressed,
        }
    }

    pub fn area(&self) -> Result<Area, ComputeError> {
        Area::parse(&self.area)
    }
}

/// Why a frozen report could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum FrozenError {
    #[error(transparent)]
    Compute(#[from] ComputeError),
    #[error("the frozen report {0} does not exist")]
    NotFound(Uuid),
    #[error("the frozen report {0} does not hold: {1}")]
    Broken(Uuid, String),
}

/// Computes the report now at every level, signs and stores it as frozen at `now`. Returns the stored
/// document.
pub async fn freeze(
    store: &dyn Store,
    period: Period,
    area: &Area,
    by: &str,
    signer: &CheckpointSigner,
    audit: NewEntry,
    now: OffsetDateTime,
) -> Result<FrozenDocument, FrozenError> {
    let [public, internal, unsuppressed] =
        [DisclosureLevel::Public, DisclosureLevel::Internal, DisclosureLevel::Unsuppressed];
    let mut reports = Vec::new();
    for level in [public, internal, unsuppressed] {
        reports.push(compute::tip(store, period, area, Disclosure::of(level)).await?);
    }
    let unsuppressed = reports.pop().unwrap_or_else(|| unreachable!());
    let internal = reports.pop().unwrap_or_else(|| unreachable!());
    let public = reports.pop().unwrap_or_else(|| unreachable!());
    let frozen_at = now.replace_nanosecond(now.nanosecond() / 1_000 * 1_000).unwrap_or(now);
    let doc = FrozenDocument {
        id: Uuid::now_v7(),
        kind: "tip".to_owned(),
        area: area.code(),
        period,
        frozen_at,
        frozen_by: by.to_owned(),
        definitions_version: public.definitions_version,
        public,
        internal,
        unsuppressed,
    };
    let text = serde_json::to_string(&doc).map_err(|e| FrozenError::Broken(doc.id, e.to_string()))?;
    let record = FrozenRecord {
        id: doc.id,
        kind: doc.kind.clone(),
        area: doc.area.clone(),
        period_from: period.from,
        period_to: period.to,
        frozen_at,
        frozen_by: by.to_owned(),
        definitions_version: i64::from(doc.definitions_version),
        signature: signer.sign_document(PURPOSE, text.as_bytes()),
        public_key: signer.verifier().to_hex(),
        document: text,
    };
    store
        .freeze_report(&record, audit.record(format!("frozen-report/{}", doc.id)))
        .await
        .map_err(ComputeError::from)?;
    Ok(doc)
}

/// Whose signature a frozen report carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signed {
    /// By the installation's key given.
    ByThisInstallation,
    /// By a valid key, not the one given (or none was given to compare with).
    ByAnotherKey,
}

/// Reads a stored frozen report back: the signature must hold over the stored text.
pub fn open(
    record: &FrozenRecord,
    installation: Option<&CheckpointVerifier>,
) -> Result<(FrozenDocument, Signed), FrozenError> {
    let broken = |why: &str| FrozenError::Broken(record.id, why.to_owned());
    let key = CheckpointVerifier::from_hex(&record.public_key).map_err(|_| broken("its public key is not a key"))?;
    if !key.verify_document(PURPOSE, record.document.as_bytes(), &record.signature) {
        return Err(broken("its signature does not match its figures"));
    }
    let doc: FrozenDocument = serde_json::from_str(&record.document).map_err(|e| broken(&e.to_string()))?;
    if doc.id != record.id {
        return Err(broken("it names another report"));
    }
    let signed =
        if installation.is_some_and(|k| *k == key) { Signed::ByThisInstallation } else { Signed::ByAnotherKey };
    Ok((doc, signed))
}

/// Loads and opens a frozen report by id.
pub async fn load(
    store: &dyn Store,
    id: Uuid,
    installation: Option<&CheckpointVerifier>,
) -> Result<(FrozenDocument, Signed), FrozenError> {
    let record = store.frozen_report(id).await.map_err(ComputeError::from)?.ok_or(FrozenError::NotFound(id))?;
    open(&record, installation)
}

/// One figure that differs between the frozen report and the report computed now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    pub table: String,
    pub table_title: String,
    pub row: String,
    pub column: String,
    /// As shown: a number, or "x".
    pub frozen: String,
    pub now: String,
}

/// The frozen report beside the same report computed now, at one level.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub now: Report,
    pub changes: Vec<CellChange>,
    /// The cases of the area created or changed after the report was frozen, by number (up to 200).
    pub cases: Vec<ChangedCaseLine>,
    pub cases_total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedCaseLine {
    pub number: String,
    pub added: bool,
}

/// Compares the frozen report at `level` with the same report computed now.
pub async fn compare(
    store: &dyn Store,
    doc: &FrozenDocument,
    level: DisclosureLevel,
) -> Result<Comparison, FrozenError> {
    let area = doc.area()?;
    let now = compute::tip(store, doc.period, &area, Disclosure::of(level)).await?;
    let frozen = doc.at(level);
    let mut changes = Vec::new();
    for ((_, a), (_, b)) in frozen.tables().zip(now.tables()) {
        for ((ra, la), lb) in a.rows.iter().zip(&a.cells).zip(&b.cells) {
            for ((col, ca), cb) in a.columns.iter().zip(la).zip(lb) {
                if ca != cb {
                    changes.push(CellChange {
                        table: a.id.clone(),
                        table_title: a.title.clone(),
                        row: ra.label.clone(),
                        column: col.label.clone(),
                        frozen: ca.text(col.decimals),
                        now: cb.text(col.decimals),
                    });
                }
            }
        }
    }
    let districts = match &now.scope {
        crate::model::Scope::National => None,
        crate::model::Scope::Hub { districts, .. } => Some(districts.clone()),
        crate::model::Scope::District { code, .. } => Some(vec![code.clone()]),
    };
    let units: Option<Vec<lekhotla_domain::UnitCode>> =
        districts.map(|ds| ds.iter().filter_map(|d| lekhotla_domain::UnitCode::parse(d).ok()).collect());
    let (cases, cases_total) =
        store.cases_changed_since(units.as_deref(), doc.frozen_at, 200).await.map_err(ComputeError::from)?;
    let cases = cases
        .into_iter()
        .map(|ChangedCase { number, added }| ChangedCaseLine { number: number.to_string(), added })
        .collect();
    Ok(Comparison { now, changes, cases, cases_total })
}
