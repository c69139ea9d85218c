//! Bulk import: organisations and whole cases written as given, in one transaction, replacing what
//! has the same id, keeping the numbers and moving the number counters past them.

use lekhotla_audit::NewEntry;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::row::Row;
use lekhotla_domain::{Case, Organisation};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{DbError, ImportOutcome, ImportProgress};
use sqlx::PgPool;
use uuid::Uuid;

use crate::cases::{CASE_WRITE, CHUNK, case_row, replace_children_growing};
use crate::{bulk, errors, organisations};

/// The `ON CONFLICT` clause that makes a case insert replace the stored case row.
const REPLACE_CASE: &str = "ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, version = EXCLUDED.version, \
     status = EXCLUDED.status, closure_reason = EXCLUDED.closure_reason, owner = EXCLUDED.owner, \
     organisation_id = EXCLUDED.organisation_id, district = EXCLUDED.district, \
     detection_source = EXCLUDED.detection_source, detected_on = EXCLUDED.detected_on, \
     port_of_entry = EXCLUDED.port_of_entry, summary = EXCLUDED.summary, created_at = EXCLUDED.created_at, \
     updated_at = EXCLUDED.updated_at, stage = EXCLUDED.stage, victim_count = EXCLUDED.victim_count, \
     suspect_count = EXCLUDED.suspect_count, child_referral_missed = EXCLUDED.child_referral_missed, \
     owner_user = EXCLUDED.owner_user, \
     referring_organisation = EXCLUDED.referring_organisation, incoming_referral_on = EXCLUDED.incoming_referral_on, \
     incoming_referral_reason = EXCLUDED.incoming_referral_reason, \
     incoming_referral_details = EXCLUDED.incoming_referral_details, \
     referring_case_worker = EXCLUDED.referring_case_worker, \
     referring_case_worker_user = EXCLUDED.referring_case_worker_user";

pub async fn import(
    pool: &PgPool,
    keys: &KeyringSlot,
    (orgs, cases): (&[Organisation], &[Case]),
    audit: NewEntry,
    progress: &ImportProgress,
) -> Result<ImportOutcome, DbError> {
    // A number given to two different cases within the import itself.
    let mut holders: HashMap<String, Uuid> = HashMap::with_capacity(cases.len());
    for c in cases {
        let n = c.number.to_string();
        if let Some(other) = holders.insert(n.clone(), c.id.0)
            && other != c.id.0
        {
            return Err(DbError::Conflict(format!("case number {n} is given to two cases in the import")));
        }
    }
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id.0).collect::<HashSet<_>>().into_iter().collect();
    let numbers: Vec<String> = holders.keys().cloned().collect();

    let mut tx = pool.begin_with(CASE_WRITE).await.map_err(errors::map)?;
    let held: Vec<(String, Uuid)> = sqlx::query_as("SELECT number, id FROM cases WHERE number = ANY($1)")
        .bind(&numbers)
        .fetch_all(&mut *tx)
        .await
        .map_err(errors::map)?;
    if let Some((n, _)) = held.iter().find(|(n, id)| holders.get(n) != Some(id)) {
        return Err(DbError::Conflict(format!("case number {n} is held by another case")));
    }
    let stored: HashMap<Uuid, i64> = sqlx::query_as("SELECT id, version FROM cases WHERE id = ANY($1)")
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await
        .map_err(errors::map)?
        .into_iter()
        .collect();
    lekhotla_storage::refuse_older(cases, |id| stored.get(&id).copied())?;
    let existing = i64::try_from(stored.len()).unwrap_or(i64::MAX);
    // The victims' statistics keys, numbered apart from this transaction so that loads side by side do not wait
    // for each other's new keys (`victim_numbers_apart`).
    let numbers = crate::cases::victim_numbers_apart(pool, &mut tx, cases).await?;

    // Into empty case tables, their secondary indexes are built once, after the commit (`bulk_indexes`).
    let set_aside = match existing == 0 && !cases.is_empty() {
        true => crate::deferred_indexes::set_aside(&mut tx, false).await?,
        false => Vec::new(),
    };
    // And, the tables being empty and locked, the keys between them are checked once, at the end.
    let keys_aside = match set_aside.is_empty() {
        true => Vec::new(),
        false => crate::deferred_keys::set_aside(&mut tx).await?,
    };
    let org_rows: Vec<Row> = orgs.iter().map(organisations::row).collect();
    bulk::write(&mut tx, "organisations", org_rows, organisations::REPLACE).await?;
    for chunk in cases.chunks(CHUNK) {
        let keyring = keys.for_cases(chunk)?;
        let rows = chunk.iter().map(|c| case_row(c, keyring.as_deref())).collect::<Result<Vec<_>, _>>()?;
        match existing {
            // None of the cases is stored: nothing to replace, and the rows may go by `COPY`.
            0 => bulk::insert(&mut tx, "cases", rows).await?,
            _ => bulk::write(&mut tx, "cases", rows, REPLACE_CASE).await?,
        };
    }
    // Cases none of which was stored have no rows to delete (an import of new cases, `demo-data`).
    replace_children_growing(&mut tx, keys, cases, numbers, true, existing > 0, Some(progress)).await?;

    let mut counters: BTreeMap<(String, u16), u32> = BTreeMap::new();
    for c in cases {
        let key = (c.number.country().as_str().to_owned(), c.number.year());
        let top = counters.entry(key).or_default();
        *top = (*top).max(c.number.sequence());
    }
    let counter_rows: Vec<Row> = counters
        .into_iter()
        .map(|((country, year), seq)| crate::row!({ "country": country, "year": year, "last_sequence": seq }))
        .collect();
    bulk::write(
        &mut tx,
        "case_number_counters",
        counter_rows,
        "ON CONFLICT (country, year) DO UPDATE \
         SET last_sequence = GREATEST(case_number_counters.last_sequence, EXCLUDED.last_sequence)",
    )
    .await?;
    crate::deferred_keys::add_back(&mut tx, &keys_aside).await?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    // The indexes after the commit, two at once on connections of their own (inside the transaction they could
    // only be built one after another on its session). Should they not all be built (a full disk), the import is
    // in all the same and their statements kept: the next open builds them.
    if let Err(e) = crate::deferred_indexes::build_after_import(pool, set_aside).await {
        tracing::warn!(reason = %e, "import written; its indexes are not all built yet: the next open builds them");
    }

    let replaced = u64::try_from(existing).unwrap_or(0);
    Ok(ImportOutcome {
        organisations: orgs.len() as u64,
        cases_inserted: ids.len() as u64 - replaced,
        cases_replaced: replaced,
    })
}
