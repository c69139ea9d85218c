//! Trafficking events (HTCDS `hte_`): where and when recruitment, transit and exploitation happened.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::{EventId, PersonId};
use crate::limits::{TextLimits, max};
use crate::person::not_found;
use crate::place::PlaceCode;
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
    /// The district, when the event happened in this country (a unit of the loaded geography).
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// `hte_State`: the province or state of an event abroad (`ZA-GP`), in `country`.
    #[serde(default)]
    pub state: Option<PlaceCode>,
    /// A port of entry the journey passed through.
    #[serde(default)]
    pub port_of_entry: Option<UnitCode>,
    /// `hte_City`.
    #[serde(default)]
    pub city: Option<String>,
    /// `hte_Street`: the place (farm, factory, street; sealed).
    #[serde(default)]
    pub place: Option<String>,
    /// `hte_PostalCode`.
    #[serde(default)]
    pub postal_code: Option<String>,
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
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("city", 100), ("place", 300), ("postal_code", 20), ("description", 4000)];

    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.opt_past("date", self.date, today);
        c.opt_text("city", &self.city, max!("city"));
        c.opt_text("place", &self.place, max!("place"));
        c.opt_text("postal_code", &self.postal_code, max!("postal_code"));
        c.opt_text("description", &self.description, max!("description"));
        c.coordinates(("latitude", self.latitude), ("longitude", self.longitude));
        if let Some(state) = self.state {
            if !state.is_subdivision() {
                c.fail("state", format!("must be a province or state (e.g. {}-GP), not a whole country", self.country));
            } else if state.country() != self.country {
                c.fail("state", format!("{state} is not in the event's country {}", self.country));
            }
            if self.district.is_some() {
                c.fail("state", "give district for an event in this country or state for one abroad, not both");
            }
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
