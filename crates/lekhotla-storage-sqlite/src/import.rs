//! Bulk import: organisations and whole cases written as given, in one transaction, replacing what
//! has the same id, keeping the numbers and moving the number counters past them.

mod ahead;

use lekhotla_audit::NewEntry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use lekhotla_crypto::Keyring;

use lekhotla_domain::{Case, Organisation};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{DbError, ImportOutcome, ImportProgress};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::cases::{ChildRows, check_references, delete_children, victim_numbers, write_children};
use crate::rows::{insert_many, insert_with, marks};
use crate::{errors, id_text, organisations};

/// The clause that makes a case insert replace the stored case row (its records are replaced apart).
const REPLACE_CASE: &str = "ON CONFLICT (id) DO UPDATE SET number = excluded.number, version = excluded.version, \
     status = excluded.status, closure_reason = excluded.closure_reason, owner = excluded.owner, \
     organisation_id = excluded.organisation_id, district = excluded.district, \
     detection_source = excluded.detection_source, detected_on = excluded.detected_on, \
     port_of_entry = excluded.port_of_entry, summary = excluded.summary, created_at = excluded.created_at, \
     updated_at = excluded.updated_at, stage = excluded.stage, victim_count = excluded.victim_count, \
     suspect_count = excluded.suspect_count, child_referral_missed = excluded.child_referral_missed, \
     owner_user = excluded.owner_user, \
     referring_organisation = excluded.referring_organisation, incoming_referral_on = excluded.incoming_referral_on, \
     incoming_referral_reason = excluded.incoming_referral_reason, \
     incoming_referral_details = excluded.incoming_referral_details, \
     referring_case_worker = excluded.referring_case_worker, \
     referring_case_worker_user = excluded.referring_case_worker_user";

pub async fn import(
    pool: &SqlitePool,
    (load, keys): (&crate::load_lock::LoadLock, &KeyringSlot),
    (orgs, cases): (&[Organisation], &[Case]),
    audit: NewEntry,
    progress: &ImportProgress,
) -> Result<ImportOutcome, DbError> {
    // A number given to two different cases within the import itself.
    let mut holders: HashMap<String, String> = HashMap::with_capacity(cases.len());
    for c in cases {
        let n = c.number.to_string();
        let id = id_text(c.id.0);
        if let Some(other) = holders.insert(n.clone(), id.clone())
            && other != id
        {
            return Err(DbError::Conflict(format!("case number {n} is given to two cases in the import")));
        }
    }
    let ids: Vec<String> = cases.iter().map(|c| id_text(c.id.0)).collect::<HashSet<_>>().into_iter().collect();
    let numbers: Vec<String> = holders.keys().cloned().collect();

    // Sealed before the write lock is taken, on every core: the lock is then held only for the writing. A large
    // import's records are sealed chunk by chunk as the chunks before them are written (`ahead`), so that
    // the sealing and the writing share the cores and the sealed rows of every case are never all in memory.
    let keyring = keys.for_cases(cases)?;
    let (rows, children) = match cases.len() > 2 * ahead::CHUNK {
        true => (ChildRows::heads_parallel(cases, keyring.as_deref())?, Children::Ahead(keyring)),
        false => {
            let (rows, children) = ChildRows::of_parallel(cases, keyring.as_deref())?;
            (rows, Children::Sealed(children))
        }
    };

    // Concurrent imports seal at once, and write in turn with every other writer of this process.
    let turn = crate::write_gate::turn(pool).await;
    // A connection of its own, closed after: a bulk load's pages stay in its cache until the commit writes
    // them once, and a statement's undo journal stays in memory, without growing the pool's connections.
    let mut conn = pool.acquire().await.map_err(errors::map)?.detach();
    sqlx::raw_sql(BULK_PRAGMAS).execute(&mut conn).await.map_err(errors::map)?;
    let outcome = write(&mut conn, (orgs, cases), (rows, children), (&holders, &ids, &numbers), audit, progress).await;
    // Closing rolls back what a failed import began; its own failure matters only after a commit.
    let closed = conn.close().await;
    drop(turn);
    let (existing, ids, deferred) = outcome?;
    closed.map_err(errors::map)?;
    tracing::info!(organisations = orgs.len(), cases = ids, replaced = existing, "import written");
    if deferred {
        // The builds read the file: the commit is copied into it first (`checkpoint`).
        if let Err(e) = crate::checkpoint::now(pool).await {
            tracing::warn!(reason = %e, "import written; its commit is not yet copied into the database file");
        }
        // The indexes of an import into empty case tables are built after its commit, as `demo-data`'s: by
        // then the commit has copied the load from the write-ahead log into the file, and the builds read it
        // there. Inside the transaction every page they read was looked up in a log as large as the load
        // (at a million cases a 13 GB log, and builds four times as long). Should they not finish (a full
        // disk), the import is in all the same, and the statements kept: the next open builds them.
        if let Err(e) = crate::deferred_indexes::build_kept(pool, load).await {
            tracing::warn!(reason = %e, "import written; its indexes are not all built yet: the next open builds them");
        }
    } else {
        crate::checkpoint::behind(pool);
    }
    Ok(ImportOutcome { organisations: orgs.len() as u64, cases_inserted: ids - existing, cases_replaced: existing })
}

/// The records of the cases of an import: sealed before the write, or to be sealed as it goes.
enum Children {
    Sealed(ChildRows),
    Ahead(Option<Arc<Keyring>>),
}

/// What an import's own connection changes: a page cache of 256 MiB (the pool's hold 32 MiB), temporary files
/// (a statement's undo journal) in memory. Not memory-mapped reads: with them SQLite looks every page a read
/// fetches up in the write-ahead log before its page cache (`getPageMMap`), even a root page fetched a
/// moment before, and the lookup walks the log's index back over every frame the import has written so far. At a
/// million cases that was 23 % of the import's writing at a 2 GB log and 38 % at 3.5 GB, on its way to 13 GB. The
/// commit leaves copying the log into the file to the import (`checkpoint`), not to itself.
const BULK_PRAGMAS: &str = "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;";

/// Writes the import in one transaction on `conn`: (cases replaced, distinct cases, whether the case tables'
/// indexes were set aside and kept in `deferred_indexes`, to be built after the commit).
async fn write(
    conn: &mut SqliteConnection,
    (orgs, cases): (&[Organisation], &[Case]),
    (rows, children): (Vec<crate::rows::Cols>, Children),
    (holders, ids, numbers): (&HashMap<String, String>, &[String], &[String]),
    audit: NewEntry,
    progress: &ImportProgress,
) -> Result<(u64, u64, bool), DbError> {
    let mut tx = conn.begin_with(crate::write_gate::BEGIN_WRITE).await.map_err(errors::map)?;
    for (n, id) in pairs(&mut tx, "SELECT number, id FROM cases WHERE number IN", numbers).await? {
        if holders.get(&n) != Some(&id) {
            return Err(DbError::Conflict(format!("case number {n} is held by another case")));
        }
    }
    let stored: HashMap<String, String> =
        pairs(&mut tx, "SELECT id, CAST(version AS TEXT) FROM cases WHERE id IN", ids).await?.into_iter().collect();
    lekhotla_storage::refuse_older(cases, |id| stored.get(&id_text(id)).and_then(|v| v.parse().ok()))?;
    let existing = stored.len() as u64;
    // Into empty case tables, their secondary indexes are built once, after the rows (`bulk_indexes`).
    let set_aside = match existing == 0 && !cases.is_empty() {
        true => crate::deferred_indexes::set_aside(&mut tx).await?,
        false => Vec::new(),
    };

    for o in orgs {
        insert_with(&mut tx, "organisations", organisations::row(o), organisations::REPLACE).await?;
    }
    check_references(&mut tx, cases).await?;
    insert_many(&mut tx, "cases", rows, REPLACE_CASE).await?;
    // Cases none of which was stored have no records to delete (an import of new cases, `demo-data`).
    match children {
        Children::Sealed(children) => {
            write_children(&mut tx, cases, children, existing > 0).await?;
            progress.written(cases.len());
        }
        Children::Ahead(keyring) => {
            if existing > 0 {
                delete_children(&mut tx, cases).await?;
            }
            let numbers = std::sync::Arc::new(victim_numbers(&mut tx, cases).await?);
            ahead::write(&mut tx, cases, (keyring, numbers), progress).await?;
        }
    }

    let mut counters: BTreeMap<(String, u16), u32> = BTreeMap::new();
    for c in cases {
        let top = counters.entry((c.number.country().as_str().to_owned(), c.number.year())).or_default();
        *top = (*top).max(c.number.sequence());
    }
    for ((country, year), seq) in counters {
        sqlx::query(
            "INSERT INTO case_number_counters (country, year, last_sequence) VALUES (?, ?, ?) \
             ON CONFLICT (country, year) DO UPDATE SET last_sequence = max(last_sequence, excluded.last_sequence)",
        )
        .bind(country)
        .bind(i64::from(year))
        .bind(i64::from(seq))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    }
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok((existing, ids.len() as u64, !set_aside.is_empty()))
}

/// Two text columns of the rows whose key is one of `keys`, by `sql_head` (`SELECT a, b FROM t WHERE k IN`).
async fn pairs(
    conn: &mut SqliteConnection,
    sql_head: &'static str,
    keys: &[String],
) -> Result<Vec<(String, String)>, DbError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(500) {
        let sql = format!("{sql_head} ({})", marks(chunk.len()));
        let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
        for k in chunk {
            q = q.bind(k.as_str());
        }
        out.extend(q.fetch_all(&mut *conn).await.map_err(errors::map)?);
    }
    Ok(out)
}
