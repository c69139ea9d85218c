//! The audit trail: appending inside the caller's write transaction (which holds SQLite's write
//! lock, so entries get their seq one at a time), reading it back in order, searching it.

use lekhotla_audit::{AuditEntry, Chain, Checkpoint, NewEntry};
use lekhotla_storage::{
    AuditFilter, DbError, StoredFields, UnreadableEntry, action_from_text, fields_from_text, fields_to_text,
    hash_from_text, seq_from_db, seq_to_db,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::errors::{self, bad};
use crate::rows::Get;

/// Audit times are stored fixed-width (microseconds, UTC) so that text order is time order.
const AT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

fn at_text(t: OffsetDateTime) -> Result<String, DbError> {
    t.to_offset(UtcOffset::UTC).format(AT).map_err(|e| bad("at", e))
}

fn at_parse(s: &str) -> Result<OffsetDateTime, DbError> {
    at_fixed(s.as_bytes())
        .map_or_else(|| PrimitiveDateTime::parse(s, AT).map_err(|e| bad("at", e)), Ok)
        .map(PrimitiveDateTime::assume_utc)
}

/// The fixed-width form [`AT`] writes (`2026-12-01T16:33:08.123456Z`), read without a format description:
/// `None` for anything else (the caller then parses it the slow way, which names the fault).
fn at_fixed(b: &[u8]) -> Option<PrimitiveDateTime> {
    let [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1, b'.', rest @ ..] = b
    else {
        return None;
    };
    let [f0, f1, f2, f3, f4, f5, b'Z'] = rest else { return None };
    let num = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0_u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(num(&[*y0, *y1, *y2, *y3])?).ok()?;
    let month = time::Month::try_from(u8::try_from(num(&[*mo0, *mo1])?).ok()?).ok()?;
    let day = u8::try_from(num(&[*d0, *d1])?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let (hour, minute, second) = (num(&[*h0, *h1])?, num(&[*mi0, *mi1])?, num(&[*s0, *s1])?);
    let micro = num(&[*f0, *f1, *f2, *f3, *f4, *f5])?;
    let time = time::Time::from_hms_micro(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        micro,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// Appends `new` after the current head, on a connection inside a `BEGIN IMMEDIATE` transaction.
pub async fn append(conn: &mut SqliteConnection, new: NewEntry) -> Result<AuditEntry, DbError> {
    let mut written = append_all(conn, vec![new]).await?;
    written.pop().ok_or_else(|| DbError::Unavailable("no audit entry was written".into()))
}

/// Rows per `INSERT` (nine values each, well under SQLite's limit of bound values).
const ROWS_PER_INSERT: usize = 500;

/// Appends `batch` in order after the current head, on a connection inside a `BEGIN IMMEDIATE`
/// transaction: one read of the head, then multi-row inserts.
pub async fn append_all(conn: &mut SqliteConnection, batch: Vec<NewEntry>) -> Result<Vec<AuditEntry>, DbError> {
    let head: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(errors::map)?;
    let mut chain = match head {
        Some((seq, hash)) => Chain { head_seq: seq_from_db(seq)?, head_hash: hash_from_text(&hash)? },
        None => Chain::genesis(),
    };
    let written: Vec<AuditEntry> = batch.into_iter().map(|new| chain.append(new)).collect();
    let keys = written.iter().map(|e| Ok((seq_to_db(e.seq)?, at_text(e.at)?))).collect::<Result<Vec<_>, DbError>>()?;
    for (rows, keys) in written.chunks(ROWS_PER_INSERT).zip(keys.chunks(ROWS_PER_INSERT)) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) ",
        );
        q.push_values(rows.iter().zip(keys), |mut b, (entry, (seq, at))| {
            b.push_bind(*seq)
                .push_bind(at.clone())
                .push_bind(entry.actor.clone())
                .push_bind(entry.action.code())
                .push_bind(entry.record.clone())
                .push_bind(fields_to_text(&entry.fields))
                .push_bind(entry.purpose.clone())
                .push_bind(entry.prev_hash.to_hex())
                .push_bind(entry.hash.to_hex());
        });
        q.build().execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(written)
}

/// An entry from a row of [`COLUMNS`], read by position, the texts borrowed where they are parsed; a row that
/// does not read back as an entry is an [`UnreadableEntry`] naming its seq.
fn from_row(r: &SqliteRow) -> Result<AuditEntry, DbError> {
    let seq: i64 = at(r, 0, "seq")?;
    entry_of(r, seq).map_err(|e| UnreadableEntry::of(seq, &e))
}

/// The column `i` of `r`, named `column` in an error.
fn at<'r, T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>>(
    r: &'r SqliteRow,
    i: usize,
    column: &'static str,
) -> Result<T, DbError> {
    r.try_get(i).map_err(|e| bad(column, e))
}

/// The entry of the row at `seq`.
fn entry_of(r: &SqliteRow, seq: i64) -> Result<AuditEntry, DbError> {
    Ok(AuditEntry {
        seq: seq_from_db(seq)?,
        at: at_parse(at(r, 1, "at")?)?,
        actor: at(r, 2, "actor")?,
        action: action_from_text(at(r, 3, "action")?)?,
        record: at(r, 4, "record")?,
        fields: fields_from_text(at(r, 5, "fields")?)?,
        purpose: at(r, 6, "purpose")?,
        prev_hash: hash_from_text(at(r, 7, "prev_hash")?)?,
        hash: hash_from_text(at(r, 8, "hash")?)?,
    })
}

/// The columns of an entry, in the order [`from_row`] reads them.
const COLUMNS: &str = "seq, at, actor, action, record, fields, purpose, prev_hash, hash";

/// The entries after `after`, at most `limit`, in seq order. SQLite puts them in one JSON array (one value for
/// sqlx's worker thread to hand over instead of nine a row, which cost more than reading the rows); a batch that
/// does not read back that way (a value altered into another type) is read again row by row, whose errors name it.
pub async fn entries_after(pool: &SqlitePool, after: u64, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
    let (after, limit) = (seq_to_db(after)?, i64::from(limit));
    let packed: Result<String, _> = sqlx::query_scalar(
        "SELECT json_group_array(json_array(seq, at, actor, action, record, json(fields), purpose, prev_hash, hash) \
         ORDER BY seq) FROM (SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?)",
    )
    .bind(after)
    .bind(limit)
    .fetch_one(pool)
    .await;
    if let Some(entries) = packed.ok().and_then(|text| unpack(&text)) {
        return entries;
    }
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

/// An entry as [`entries_after`] packs it: the columns of [`COLUMNS`], `fields` as the stored JSON list itself.
type Packed<'a> = (i64, &'a str, String, &'a str, Option<String>, StoredFields, Option<String>, &'a str, &'a str);

/// The entries of a packed batch, `None` when it is not one.
fn unpack(text: &str) -> Option<Result<Vec<AuditEntry>, DbError>> {
    let packed: Vec<Packed<'_>> = serde_json::from_str(text).ok()?;
    let entry = |(seq, at, actor, action, record, fields, purpose, prev_hash, hash): Packed<'_>| {
        let entry = || {
            Ok(AuditEntry {
                seq: seq_from_db(seq)?,
                at: at_parse(at)?,
                actor,
                action: action_from_text(action)?,
                record,
                fields: fields.0,
                purpose,
                prev_hash: hash_from_text(prev_hash)?,
                hash: hash_from_text(hash)?,
            })
        };
        entry().map_err(|e| UnreadableEntry::of(seq, &e))
    };
    Some(packed.into_iter().map(entry).collect())
}

pub async fn search(pool: &SqlitePool, f: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, DbError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
    if let Some(actor) = &f.actor {
        q.push(" AND actor = ").push_bind(actor.clone());
    }
    if let Some(record) = &f.record {
        q.push(" AND record = ").push_bind(record.clone());
    }
    if let Some(action) = f.action {
        q.push(" AND action = ").push_bind(action.code());
    }
    if let Some(from) = f.from {
        q.push(" AND at >= ").push_bind(at_text(from)?);
    }
    if let Some(to) = f.to {
        q.push(" AND at < ").push_bind(at_text(to)?);
    }
    q.push(" ORDER BY seq DESC LIMIT ").push_bind(i64::from(limit));
    q.push(" OFFSET ").push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let rows = q.build().fetch_all(pool).await.map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

/// Appends a batch of entries in a transaction of its own (the group commit's write).
pub async fn append_batch(pool: SqlitePool, batch: Vec<NewEntry>) -> Result<Vec<AuditEntry>, DbError> {
    let mut tx = crate::write_gate::begin(&pool).await?;
    let written = append_all(&mut tx, batch).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(written)
}

/// Stores a checkpoint and appends its entry, in one transaction.
pub async fn save_checkpoint(pool: &SqlitePool, c: &Checkpoint, note: NewEntry) -> Result<AuditEntry, DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    sqlx::query("INSERT INTO audit_checkpoints (seq, head_hash, at, signature) VALUES (?, ?, ?, ?)")
        .bind(seq_to_db(c.seq)?)
        .bind(c.head_hash.to_hex())
        .bind(at_text(c.at)?)
        .bind(lekhotla_storage::signature_to_text(&c.signature))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    let entry = append(&mut tx, note).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(entry)
}

pub async fn checkpoints(pool: &SqlitePool) -> Result<Vec<Checkpoint>, DbError> {
    let rows = sqlx::query("SELECT seq, head_hash, at, signature FROM audit_checkpoints ORDER BY seq")
        .fetch_all(pool)
        .await
        .map_err(errors::map)?;
    rows.iter()
        .map(|r| {
            Ok(Checkpoint {
                seq: seq_from_db(r.int("seq")?)?,
                head_hash: hash_from_text(&r.text("head_hash")?)?,
                at: at_parse(&r.text("at")?)?,
                signature: lekhotla_storage::signature_from_text(&r.text("signature")?)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_packed_batch_reads_back_and_anything_else_is_not_one() {
        let hash = "ab".repeat(32);
        let text = format!(
            r#"[[7,"2026-12-01T16:33:08.123456Z","user/x \"q\"","case.update",null,["victim.phone"],"a\nb","{hash}","{hash}"]]"#
        );
        let entries = unpack(&text).unwrap().unwrap();
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!((e.seq, e.actor.as_str(), e.record.as_deref()), (7, "user/x \"q\"", None));
        assert_eq!((e.fields.clone(), e.purpose.as_deref()), (vec!["victim.phone".to_owned()], Some("a\nb")));
        assert_eq!(e.hash.to_hex(), hash);
        assert!(unpack("[]").unwrap().unwrap().is_empty());
        // An escaped hash cannot be borrowed: not a packed batch (it is read again row by row).
        assert!(unpack(&text.replace(&format!("\"{hash}\"]]"), &format!("\"\\u0061{}\"]]", &hash[1..]))).is_none());
        assert!(unpack(&text.replace("[7,", "[\"7\",")).is_none());
    }

    #[test]
    fn times_read_back_as_written_the_fast_way_and_the_slow_way() {
        for t in [datetime!(2026-12-01 16:33:08.123456 UTC), datetime!(1999-01-31 00:00:00 UTC)] {
            let text = at_text(t).unwrap();
            assert!(at_fixed(text.as_bytes()).is_some(), "{text}");
            assert_eq!(at_parse(&text).unwrap(), t);
        }
        for wrong in ["2026-13-01T16:33:08.123456Z", "2026-12-01T16:33:08.12345Z", "2026-12-01 16:33:08.123456Z", ""] {
            assert!(at_fixed(wrong.as_bytes()).is_none(), "{wrong}");
            assert!(at_parse(wrong).is_err(), "{wrong}");
        }
    }
}
