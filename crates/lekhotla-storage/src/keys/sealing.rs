//! Person fields sealed at rest, the same way in every store: which columns, how each is bound to its
//! place (`FieldRef::new("persons", <column>, <person id>)`), the name's blind index, the keyring a
//! store holds and the cursor of the re-encryption walk.
//!
//! Errors name the table, column and record of a value, never the value.

use std::sync::{Arc, PoisonError, RwLock};

use lekhotla_crypto::{CryptoError, FieldRef, Keyring, SEALED_PREFIX};
use lekhotla_domain::error::normalise_phone;
use lekhotla_domain::{Case, PersonDetails};
use time::Date;
use time::macros::format_description;
use uuid::Uuid;

use super::notes::SEALED_NOTES;
use crate::DbError;

/// The table of victims, suspects and witnesses.
pub const PERSONS: &str = "persons";
/// The sealed columns of `persons`, in this order everywhere. `birthdate` is sealed as `YYYY-MM-DD`, the
/// mailing address's `latitude` and `longitude` as decimal text (Rust's shortest exact form). `city` is sealed
/// from migration 0008 on (a place finer than a district).
pub const SEALED_PERSON_COLUMNS: [&str; 13] = [
    "first_name",
    "middle_name",
    "second_name",
    "birthdate",
    "identity_number",
    "phone",
    "email",
    "address",
    "home_phone",
    "postal_code",
    "latitude",
    "longitude",
    "city",
];
/// The `persons` column holding the blind index of a natural person's name.
pub const NAME_INDEX_COLUMN: &str = "name_index";
/// The blind index's purpose tag: first and second name (`"{first} {second}"`).
pub const PERSON_NAME_INDEX: &str = "person-name";
/// The `persons` column holding the blind index of the name's phonetic key (migration 0011).
pub const PHONETIC_INDEX_COLUMN: &str = "phonetic_index";
/// The blind index's purpose tag: the phonetic key of the first and second name
/// ([`lekhotla_crypto::phonetic_key`]).
pub const PERSON_PHONETIC_INDEX: &str = "person-phonetic";
/// The `persons` column holding the blind index of the birth date (migration 0011).
pub const BIRTHDATE_INDEX_COLUMN: &str = "birthdate_index";
/// The blind index's purpose tag: the birth date as `YYYY-MM-DD`.
pub const PERSON_BIRTHDATE_INDEX: &str = "person-birthdate";
/// The `persons` column holding the blind index of the mobile phone (migration 0011).
pub const PHONE_INDEX_COLUMN: &str = "phone_index";
/// The blind index's purpose tag: the mobile phone in E.164 without spaces (`+26658001234`).
pub const PERSON_PHONE_INDEX: &str = "person-phone";
/// The table of user accounts.
pub const USERS: &str = "users";
/// The column a user's TOTP secret is sealed for: `FieldRef::new("users", "totp_secret", <user id>)`.
pub const TOTP_FIELD: &str = "totp_secret";
/// The column the sealed TOTP secret is stored in.
pub const TOTP_COLUMN: &str = "totp_secret_sealed";

/// A store without a keyring.
pub fn no_keyring() -> DbError {
    DbError::Unavailable("no keyring: the store cannot seal or open protected fields".into())
}

/// The keyring a store seals and opens with: shared by every clone of the store, replaced by
/// [`KeyStore::use_keyring`](crate::KeyStore::use_keyring).
#[derive(Debug, Clone, Default)]
pub struct KeyringSlot(Arc<RwLock<Option<Arc<Keyring>>>>);

impl KeyringSlot {
    pub fn set(&self, keyring: Arc<Keyring>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Some(keyring);
    }

    /// The keyring, or [`DbError::Unavailable`] when none is set.
    pub fn get(&self) -> Result<Arc<Keyring>, DbError> {
        self.0.read().unwrap_or_else(PoisonError::into_inner).clone().ok_or_else(no_keyring)
    }

    /// The keyring when one of `cases` has persons or notes (else `None`, and none is needed).
    pub fn for_cases(&self, cases: &[Case]) -> Result<Option<Arc<Keyring>>, DbError> {
        cases.iter().any(super::notes::has_sealed).then(|| self.get()).transpose()
    }
}

/// A sealed value that could not be sealed, opened or re-sealed where it is stored.
#[derive(Debug, thiserror::Error)]
#[error("sealed field {table}.{column} of record {record}: {source}")]
pub struct SealedFieldError {
    pub table: &'static str,
    pub column: &'static str,
    pub record: String,
    #[source]
    pub source: CryptoError,
}

pub(crate) fn field_error(table: &'static str, column: &'static str, record: &str, source: CryptoError) -> DbError {
    DbError::other(SealedFieldError { table, column, record: record.to_owned(), source })
}

/// A person's sealed columns as stored: `(column, sealed value)` in [`SEALED_PERSON_COLUMNS`] order
/// (`None` stays NULL), and the blind indexes beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedPerson {
    pub columns: Vec<(&'static str, Option<String>)>,
    pub name_index: String,
    pub indexes: PersonIndexes,
}

/// The blind indexes of a person's name, its phonetic key, birth date and phone: what possible duplicates
/// are found by while the values stay sealed. `None` where there is nothing to index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonIndexes {
    pub name: Option<String>,
    pub phonetic: Option<String>,
    pub birthdate: Option<String>,
    pub phone: Option<String>,
}

impl PersonIndexes {
    /// The indexes of a name (`"{first} {second}"`), a birth date and a phone, under `keyring`.
    pub fn of(keyring: &Keyring, name: Option<&str>, birthdate: Option<Date>, phone: Option<&str>) -> Self {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let phone = phone.map(|p| normalise_phone(p.trim())).filter(|p| !p.is_empty());
        Self {
            name: name.map(|n| keyring.blind_index(PERSON_NAME_INDEX, n)),
            phonetic: name
                .and_then(lekhotla_crypto::phonetic_key)
                .map(|k| keyring.blind_index(PERSON_PHONETIC_INDEX, &k)),
            birthdate: birthdate.map(|d| keyring.blind_index(PERSON_BIRTHDATE_INDEX, &date_text(d))),
            phone: phone.map(|p| keyring.blind_index(PERSON_PHONE_INDEX, &p)),
        }
    }

    /// The indexes of a natural person's details.
    pub fn of_person(keyring: &Keyring, p: &PersonDetails) -> Self {
        Self::of(keyring, Some(&name_text(p)), p.birthdate, p.phone.as_deref())
    }

    /// The columns written beside the sealed ones from migration 0011 on.
    pub fn columns(&self) -> [(&'static str, Option<&str>); 3] {
        [
            (PHONETIC_INDEX_COLUMN, self.phonetic.as_deref()),
            (BIRTHDATE_INDEX_COLUMN, self.birthdate.as_deref()),
            (PHONE_INDEX_COLUMN, self.phone.as_deref()),
        ]
    }
}

/// Whether the backfills of [`KeyStore::seal_plaintext`] went through in this database (migration 0027's
/// `backfills` row): then nothing written under an earlier schema is left in the clear, without its blind
/// indexes or without its age band, and opening the database need not scan the case tables for it. A backfill
/// added later takes a name of its own, so that databases which did these three still do it.
///
/// [`KeyStore::seal_plaintext`]: crate::KeyStore::seal_plaintext
pub const BACKFILLED: &str = "SELECT count(*) AS done FROM backfills WHERE name = 'sealed-indexed-banded'";

/// Records, in the transaction of the backfills, that they went through ([`BACKFILLED`]).
pub const MARK_BACKFILLED: &str =
    "INSERT INTO backfills (name) VALUES ('sealed-indexed-banded') ON CONFLICT (name) DO NOTHING";

/// The rows of `persons` written before migration 0011, whose indexes [`KeyStore::seal_plaintext`]
/// fills: `id` and the sealed columns the indexes are computed from.
///
/// [`KeyStore::seal_plaintext`]: crate::KeyStore::seal_plaintext
pub const UNINDEXED_PERSONS: &str = "SELECT id, first_name, second_name, birthdate, phone FROM persons \
    WHERE kind = 'individual' AND first_name IS NOT NULL \
    AND phonetic_index IS NULL AND birthdate_index IS NULL AND phone_index IS NULL";

/// The victims written before migration 0013, whose age band at identification is still to be computed from
/// the sealed birth date: `id` (the person), `birthdate` (sealed), `estimated_age`, `identified_on`.
pub const UNBANDED_VICTIMS: &str = "SELECT v.person_id AS id, p.birthdate, p.estimated_age, v.identified_on \
    FROM victims v JOIN persons p ON p.id = v.person_id WHERE v.age_band IS NULL";

/// The age band at identification of a victim of [`UNBANDED_VICTIMS`], opening only the birth date.
pub fn age_band_of_stored(
    keyring: &Keyring,
    id: Uuid,
    birthdate: Option<String>,
    estimated_age: Option<i64>,
    identified_on: Date,
) -> Result<lekhotla_domain::statistics::AgeBand, DbError> {
    let mut birthdate = Some(birthdate);
    let opened = open_person(keyring, id, |c| Ok(if c == "birthdate" { birthdate.take().flatten() } else { None }))?;
    let estimated = estimated_age.and_then(|a| u8::try_from(a).ok());
    Ok(lekhotla_domain::statistics::AgeBand::on(identified_on, opened.birthdate, estimated))
}

/// The columns [`UNINDEXED_PERSONS`] reads (the others read as absent when the row is opened).
pub fn read_for_indexes(column: &str) -> bool {
    matches!(column, "first_name" | "second_name" | "birthdate" | "phone")
}

/// The name a person's name index and phonetic index are computed from: `"{first} {second}"`.
pub fn name_text(p: &PersonDetails) -> String {
    format!("{} {}", p.first_name, p.second_name.as_deref().unwrap_or(""))
}

/// The indexes of migration 0011 for a stored person, from its opened fields (the backfill of rows written
/// before it).
pub fn indexes_of_opened(keyring: &Keyring, p: &OpenedPerson) -> PersonIndexes {
    let name = format!("{} {}", p.first_name.as_deref().unwrap_or(""), p.second_name.as_deref().unwrap_or(""));
    PersonIndexes::of(keyring, Some(&name), p.birthdate, p.phone.as_deref())
}

/// Seals `p`'s protected fields for the `persons` row of `id`.
pub fn seal_person(keyring: &Keyring, id: Uuid, p: &PersonDetails) -> Result<SealedPerson, DbError> {
    let record = id.hyphenated().to_string();
    let birthdate = p.birthdate.map(date_text);
    let (latitude, longitude) = (p.latitude.map(|v| v.to_string()), p.longitude.map(|v| v.to_string()));
    let plain = [
        Some(p.first_name.as_str()),
        p.middle_name.as_deref(),
        p.second_name.as_deref(),
        birthdate.as_deref(),
        p.identity_number.as_deref(),
        p.phone.as_deref(),
        p.email.as_deref(),
        p.address.as_deref(),
        p.home_phone.as_deref(),
        p.postal_code.as_deref(),
        latitude.as_deref(),
        longitude.as_deref(),
        p.city.as_deref(),
    ];
    let mut columns = Vec::with_capacity(plain.len());
    for (column, value) in SEALED_PERSON_COLUMNS.into_iter().zip(plain) {
        let sealed = value
            .map(|v| keyring.seal(FieldRef::new(PERSONS, column, &record), v))
            .transpose()
            .map_err(|e| field_error(PERSONS, column, &record, e))?;
        columns.push((column, sealed));
    }
    let name = name_text(p);
    Ok(SealedPerson {
        columns,
        name_index: keyring.blind_index(PERSON_NAME_INDEX, &name),
        indexes: PersonIndexes::of_person(keyring, p),
    })
}

/// A person's protected fields, opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenedPerson {
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub second_name: Option<String>,
    pub birthdate: Option<Date>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub home_phone: Option<String>,
    pub postal_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub city: Option<String>,
}

/// Opens the sealed columns of the `persons` row of `id`; `stored` reads a column's stored text.
pub fn open_person(
    keyring: &Keyring,
    id: Uuid,
    mut stored: impl FnMut(&'static str) -> Result<Option<String>, DbError>,
) -> Result<OpenedPerson, DbError> {
    let record = id.hyphenated().to_string();
    let mut open = |column: &'static str| -> Result<Option<String>, DbError> {
        stored(column)?
            .map(|s| keyring.open(FieldRef::new(PERSONS, column, &record), &s))
            .transpose()
            .map_err(|e| field_error(PERSONS, column, &record, e))
    };
    let [first, middle, second, birth, identity, phone, email, address, home_phone, postal_code, lat, long, city] =
        SEALED_PERSON_COLUMNS;
    Ok(OpenedPerson {
        first_name: open(first)?,
        middle_name: open(middle)?,
        second_name: open(second)?,
        birthdate: open(birth)?.map(|d| parse_date(&d, &record)).transpose()?,
        identity_number: open(identity)?,
        // Phones stored before they had to be E.164 read in that form when they can (`+266 5800 1234`).
        phone: open(phone)?.map(|p| normalise_phone(&p)),
        email: open(email)?,
        address: open(address)?,
        home_phone: open(home_phone)?.map(|p| normalise_phone(&p)),
        postal_code: open(postal_code)?,
        latitude: open(lat)?.map(|v| parse_degrees(&v, lat, &record)).transpose()?,
        longitude: open(long)?.map(|v| parse_degrees(&v, long, &record)).transpose()?,
        city: open(city)?,
    })
}

fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_date(text: &str, record: &str) -> Result<Date, DbError> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| DbError::Other(format!("sealed field persons.birthdate of record {record} is not a date").into()))
}

fn parse_degrees(text: &str, column: &str, record: &str) -> Result<f64, DbError> {
    text.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
        DbError::Other(format!("sealed field persons.{column} of record {record} is not a number").into())
    })
}

/// `stored` re-sealed under the current data key, or `None` when it already is.
pub fn reseal(
    keyring: &Keyring,
    table: &'static str,
    field: &'static str,
    record: Uuid,
    stored: &str,
) -> Result<Option<String>, DbError> {
    if !keyring.needs_reencryption(stored) {
        return Ok(None);
    }
    let record = record.hyphenated().to_string();
    keyring
        .reseal(FieldRef::new(table, field, &record), stored)
        .map(Some)
        .map_err(|e| field_error(table, field, &record, e))
}

/// A `LIKE` pattern matching exactly the values sealed under the current data key (`v1.<id>.%`).
pub fn current_key_pattern(keyring: &Keyring) -> String {
    format!("{SEALED_PREFIX}{}.%", keyring.current())
}

/// A table the re-encryption walk goes through: persons, the tables with sealed notes, then users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResealPhase(usize);

impl ResealPhase {
    /// The walk's first table.
    pub const FIRST: Self = Self(0);
    const COUNT: usize = 2 + SEALED_NOTES.len();

    /// Every table of the walk, in order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..Self::COUNT).map(Self)
    }

    pub fn table(self) -> &'static str {
        match self.0 {
            0 => PERSONS,
            i if i <= SEALED_NOTES.len() => SEALED_NOTES[i - 1].table,
            _ => USERS,
        }
    }

    /// The column that keys a row (the record of its sealed values' associated data).
    pub fn key(self) -> &'static str {
        match self.0 {
            i if (1..=SEALED_NOTES.len()).contains(&i) => SEALED_NOTES[i - 1].key,
            _ => "id",
        }
    }

    /// The sealed values of a row: (stored column, the column named in their associated data).
    pub fn columns(self) -> Vec<(&'static str, &'static str)> {
        match self.0 {
            0 => SEALED_PERSON_COLUMNS.iter().map(|c| (*c, *c)).collect(),
            i if i <= SEALED_NOTES.len() => SEALED_NOTES[i - 1].columns.iter().map(|c| (*c, *c)).collect(),
            _ => vec![(TOTP_COLUMN, TOTP_FIELD)],
        }
    }

    pub fn next(self) -> Option<Self> {
        (self.0 + 1 < Self::COUNT).then_some(Self(self.0 + 1))
    }
}

/// Where a re-encryption batch starts: a table and the last id done in it (`<table>/<id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResealCursor {
    pub phase: ResealPhase,
    pub after: Option<Uuid>,
}

impl ResealCursor {
    /// Reads a cursor given back by a previous batch; `None` is the start of the walk.
    pub fn parse(after: Option<&str>) -> Result<Self, DbError> {
        let Some(text) = after else { return Ok(Self { phase: ResealPhase::FIRST, after: None }) };
        let bad =
            || DbError::Reference { field: "after".into(), reason: "is not a cursor of the re-encryption walk".into() };
        let (table, id) = text.split_once('/').ok_or_else(bad)?;
        let phase = ResealPhase::all().find(|p| p.table() == table).ok_or_else(bad)?;
        let after = Uuid::parse_str(id).map_err(|_| bad())?;
        Ok(Self { phase, after: Some(after) })
    }

    /// The cursor text of the last row `id` scanned in `phase`.
    pub fn text(phase: ResealPhase, id: Uuid) -> String {
        format!("{}/{}", phase.table(), id.hyphenated())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cursors_read_back() {
        let id = Uuid::now_v7();
        for phase in ResealPhase::all() {
            let text = ResealCursor::text(phase, id);
            assert_eq!(ResealCursor::parse(Some(&text)).unwrap(), ResealCursor { phase, after: Some(id) });
        }
        assert_eq!(ResealCursor::parse(None).unwrap(), ResealCursor { phase: ResealPhase::FIRST, after: None });
        let tables: Vec<&str> = ResealPhase::all().map(ResealPhase::table).collect();
        assert_eq!(tables.first(), Some(&PERSONS));
        assert_eq!(tables.last(), Some(&USERS));
        assert!(tables.contains(&"comments") && tables.contains(&"cases"), "{tables:?}");
        for bad in ["", "persons", "audit_log/0192f0c4-0000-7000-8000-000000000001", "users/x"] {
            assert!(matches!(ResealCursor::parse(Some(bad)), Err(DbError::Reference { .. })), "{bad}");
        }
    }

    #[test]
    fn no_keyring_is_unavailable() {
        assert!(matches!(KeyringSlot::default().get(), Err(DbError::Unavailable(_))));
        assert!(KeyringSlot::default().for_cases(&[]).unwrap().is_none());
    }
}
