//! Trafficking events (HTCDS `hte_`): where and when recruitment, transit and exploitation happened.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::{EventId, PersonId};
use crate::person::not_found;
use crate::vocabulary::EventType;

/// One stage of a trafficking journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraffickingEvent {
    pub id: EventId,
    pub version: i64,
    #[serde(flatten)]
    pub details: EventInput,
}

/// What a user supplies to record or change an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    /// `hte_Type`.
    pub event_type: EventType,
    /// `hte_Date`.
    #[serde(default)]
    pub date: Option<Date>,
    /// `hte_Country`.
    pub country: CountryCode,
    /// `hte_State`: the district, when the event happened in this country.
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// A port of entry the journey passed through.
    #[serde(default)]
    pub port_of_entry: Option<UnitCode>,
    /// `hte_City`.
    #[serde(default)]
    pub city: Option<String>,
    /// `hte_Street`: the place (farm, factory, street).
    #[serde(default)]
    pub place: Option<String>,
    /// `hte_Description`.
    #[serde(default)]
    pub description: Option<String>,
    /// `hte_Latitude`.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// `hte_Longitude`.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// The victim this event concerns, when the case has several.
    #[serde(default)]
    pub victim: Option<PersonId>,
}

impl EventInput {
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        if self.date.is_some_and(|d| d > today) {
            c.fail("date", "must not be in the future");
        }
        c.opt_text("city", &self.city, 100);
        c.opt_text("place", &self.place, 300);
        c.opt_text("description", &self.description, 4000);
        if self.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            c.fail("latitude", "must be between -90 and 90");
        }
        if self.longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            c.fail("longitude", "must be between -180 and 180");
        }
        if self.latitude.is_some() != self.longitude.is_some() {
            c.fail("longitude", "latitude and longitude go together");
        }
        c.finish()
    }
}

impl Case {
    pub fn add_event(&mut self, input: EventInput, today: Date) -> Result<EventId, DomainError> {
        input.validate(today)?;
        self.check_victim_ref(input.victim, "victim")?;
        let e = TraffickingEvent { id: EventId::new(), version: 1, details: input };
        let id = e.id;
        self.events.push(e);
        Ok(id)
    }

    pub fn update_event(
        &mut self,
        id: EventId,
        expected_version: i64,
        input: EventInput,
        today: Date,
    ) -> Result<(), DomainError> {
        input.validate(today)?;
        self.check_victim_ref(input.victim, "victim")?;
        let e = self.events.iter_mut().find(|e| e.id == id).ok_or_else(|| not_found("event", id))?;
        check_version("event", expected_version, e.version)?;
        e.details = input;
        e.version += 1;
        Ok(())
    }
}
