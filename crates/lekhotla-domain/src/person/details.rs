//! Who a natural person is (HTCDS `prs_`): names, birth, contact, address and the social fields.
//!
//! The identity, contact and precise-place fields are sealed at rest (see the store's `SEALED_PERSON_COLUMNS`).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Checker;
use crate::geography::{CountryCode, UnitCode};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{EducationLevel, Gender, MaritalStatus};

/// Who a natural person is (HTCDS `prs_`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDetails {
    /// `prs_Salutation` (`Mr`, `Ms`, `'M'e`, `Ntate`).
    #[serde(default)]
    pub salutation: Option<String>,
    /// `prs_FirstName` (sealed).
    pub first_name: String,
    /// `prs_MiddleName` (sealed).
    #[serde(default)]
    pub middle_name: Option<String>,
    /// `prs_SecondName`, the family name (sealed).
    #[serde(default)]
    pub second_name: Option<String>,
    /// `prs_Birthdate` (sealed).
    #[serde(default)]
    pub birthdate: Option<Date>,
    /// Estimated age in years when the birth date is unknown.
    #[serde(default)]
    pub estimated_age: Option<u8>,
    /// `prs_Gender`.
    pub gender: Gender,
    /// `prs_Deceased`: the person is known to be no longer alive.
    #[serde(default)]
    pub deceased: bool,
    /// `prs_MaritalStatus`.
    #[serde(default)]
    pub marital_status: Option<MaritalStatus>,
    /// `prs_NumberOfChildren` (0 to 30).
    #[serde(default)]
    pub number_of_children: Option<u8>,
    /// `prs_Citizenship`.
    #[serde(default)]
    pub citizenship: Vec<CountryCode>,
    /// `prs_IdentityNumber`: passport or national id (sealed).
    #[serde(default)]
    pub identity_number: Option<String>,
    /// `prs_Title`: the person's position within an organisation.
    #[serde(default)]
    pub title: Option<String>,
    /// `prs_MobilePhone`, E.164 (sealed).
    #[serde(default)]
    pub phone: Option<String>,
    /// `prs_HomePhone`, E.164 (sealed).
    #[serde(default)]
    pub home_phone: Option<String>,
    /// `prs_Email` (sealed).
    #[serde(default)]
    pub email: Option<String>,
    /// `prs_MailingStreet` (sealed).
    #[serde(default)]
    pub address: Option<String>,
    /// `prs_MailingCity`.
    #[serde(default)]
    pub city: Option<String>,
    /// `prs_MailingState`: the district of residence, when in this country.
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// `prs_MailingPostalCode` (sealed).
    #[serde(default)]
    pub postal_code: Option<String>,
    /// `prs_MailingCountry`.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// `prs_MailingLatitude` (sealed: a precise place).
    #[serde(default)]
    pub latitude: Option<f64>,
    /// `prs_MailingLongitude` (sealed: a precise place).
    #[serde(default)]
    pub longitude: Option<f64>,
    /// `prs_PrimaryLanguage`: an ISO 639 code (`st`, `en`, `zu`).
    #[serde(default)]
    pub primary_language: Option<String>,
    /// `prs_SecondaryLanguage`: an ISO 639 code.
    #[serde(default)]
    pub secondary_language: Option<String>,
    /// `prs_HighestLevelOfEducation`.
    #[serde(default)]
    pub education: Option<EducationLevel>,
}

/// The most children `prs_NumberOfChildren` accepts.
pub const MAX_CHILDREN: u8 = 30;

impl PersonDetails {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[
        ("salutation", 20),
        ("first_name", 100),
        ("middle_name", 100),
        ("second_name", 100),
        ("identity_number", 40),
        ("title", 100),
        ("email", crate::contact::MAX_EMAIL),
        ("address", 300),
        ("city", 100),
        ("postal_code", 20),
    ];

    pub fn check(&self, c: &mut Checker, prefix: &str, today: Date) {
        let f = |n: &str| format!("{prefix}.{n}");
        c.opt_text(&f("salutation"), &self.salutation, max!("salutation"));
        c.text(&f("first_name"), &self.first_name, max!("first_name"));
        c.opt_text(&f("middle_name"), &self.middle_name, max!("middle_name"));
        c.opt_text(&f("second_name"), &self.second_name, max!("second_name"));
        c.opt_text(&f("identity_number"), &self.identity_number, max!("identity_number"));
        c.opt_text(&f("title"), &self.title, max!("title"));
        c.opt_text(&f("address"), &self.address, max!("address"));
        c.opt_text(&f("city"), &self.city, max!("city"));
        c.opt_text(&f("postal_code"), &self.postal_code, max!("postal_code"));
        if let Some(b) = self.birthdate {
            if b > today || b < crate::error::EARLIEST_DATE {
                c.past(&f("birthdate"), b, today);
            } else if today.year() - b.year() > 120 {
                c.fail(f("birthdate"), "is more than 120 years ago");
            }
        }
        if self.estimated_age.is_some_and(|a| a > 120) {
            c.fail(f("estimated_age"), "must be at most 120");
        }
        if self.number_of_children.is_some_and(|n| n > MAX_CHILDREN) {
            c.fail(f("number_of_children"), format!("must be between 0 and {MAX_CHILDREN}"));
        }
        c.phone(&f("phone"), &self.phone);
        c.phone(&f("home_phone"), &self.home_phone);
        if let Some(e) = &self.email {
            let ok = e.chars().count() <= max!("email")
                && e.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.'));
            if !ok {
                c.fail(f("email"), "must be an e-mail address");
            }
        }
        c.coordinates((&f("latitude"), self.latitude), (&f("longitude"), self.longitude));
        for (name, value) in
            [("primary_language", &self.primary_language), ("secondary_language", &self.secondary_language)]
        {
            if let Some(l) = value
                && (!(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()))
            {
                c.fail(f(name), "must be an ISO 639 code of 2 or 3 lower-case letters (st, en)");
            }
        }
    }

    /// Age in whole years on `day`: from the birth date when known, otherwise the estimate.
    pub fn age_on(&self, day: Date) -> Option<u8> {
        match self.birthdate {
            Some(b) => Some(crate::statistics::bands::whole_years(b, day)),
            None => self.estimated_age,
        }
    }

    /// The name as it is shown: first, middle and family names.
    pub fn full_name(&self) -> String {
        [Some(&self.first_name), self.middle_name.as_ref(), self.second_name.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}
