//! The ten roles a Lekhotla user can hold, with their stable identifiers and display names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A role in the national anti-trafficking response. Its identifier (e.g. `focal-point`) is stable: it is
/// stored, exchanged and shown in logs. What each role may do is in [`Role::permissions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The national coordinator's office (secretariat of the Multi-Sectoral Committee).
    NationalCoordinator,
    /// A district or ministry focal point.
    FocalPoint,
    /// A police investigator.
    Investigator,
    /// A public prosecutor.
    Prosecutor,
    /// An immigration officer.
    ImmigrationOfficer,
    /// A labour inspector.
    LabourInspector,
    /// A social or case worker supporting victims.
    CaseWorker,
    /// An analyst who sees aggregate statistics only, never case content.
    DataAnalyst,
    /// An auditor who searches the audit trail, never case content.
    Auditor,
    /// A system administrator who manages users and organisations, never case content.
    Admin,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 10] = [
        Role::NationalCoordinator,
        Role::FocalPoint,
        Role::Investigator,
        Role::Prosecutor,
        Role::ImmigrationOfficer,
        Role::LabourInspector,
        Role::CaseWorker,
        Role::DataAnalyst,
        Role::Auditor,
        Role::Admin,
    ];

    /// The stable identifier, e.g. `national-coordinator`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::NationalCoordinator => "national-coordinator",
            Role::FocalPoint => "focal-point",
            Role::Investigator => "investigator",
            Role::Prosecutor => "prosecutor",
            Role::ImmigrationOfficer => "immigration-officer",
            Role::LabourInspector => "labour-inspector",
            Role::CaseWorker => "case-worker",
            Role::DataAnalyst => "data-analyst",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// The English display name.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Role::NationalCoordinator => "National coordinator (MSC secretariat)",
            Role::FocalPoint => "Focal point",
            Role::Investigator => "Investigator (police)",
            Role::Prosecutor => "Prosecutor",
            Role::ImmigrationOfficer => "Immigration officer",
            Role::LabourInspector => "Labour inspector",
            Role::CaseWorker => "Case worker",
            Role::DataAnalyst => "Data analyst",
            Role::Auditor => "Auditor",
            Role::Admin => "Administrator",
        }
    }

    /// Whether the role may see case content at all. Data analysts, auditors and administrators may not:
    /// they see numbers, the audit trail or user accounts respectively.
    #[must_use]
    pub const fn sees_case_content(self) -> bool {
        !matches!(self, Role::DataAnalyst | Role::Auditor | Role::Admin)
    }

    /// Whether logging in with this role needs a second factor (TOTP). True exactly for the roles that see
    /// case content.
    #[must_use]
    pub const fn requires_second_factor(self) -> bool {
        self.sees_case_content()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not one of the ten role identifiers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role `{given}` (expected one of: national-coordinator, focal-point, investigator, prosecutor, \
     immigration-officer, labour-inspector, case-worker, data-analyst, auditor, admin)"
)]
pub struct UnknownRole {
    /// The text that was given.
    pub given: String,
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole { given: s.chars().take(64).collect() })
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_identifier_round_trips() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(role.to_string(), role.as_str());
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
    }

    #[test]
    fn unknown_role_lists_every_identifier() {
        let err = "superuser".parse::<Role>().unwrap_err();
        let message = err.to_string();
        assert!(message.contains("superuser"));
        for role in Role::ALL {
            assert!(message.contains(role.as_str()), "{message} misses {role}");
        }
        assert!("Investigator".parse::<Role>().is_err());
        assert!(serde_json::from_str::<Role>("\"root\"").is_err());
    }

    #[test]
    fn only_case_roles_see_content_and_need_a_second_factor() {
        let blind = [Role::DataAnalyst, Role::Auditor, Role::Admin];
        for role in Role::ALL {
            assert_eq!(role.sees_case_content(), !blind.contains(&role));
            assert_eq!(role.requires_second_factor(), role.sees_case_content());
        }
    }

    #[test]
    fn identifiers_and_labels_are_distinct() {
        let ids: std::collections::BTreeSet<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        let labels: std::collections::BTreeSet<_> = Role::ALL.iter().map(|r| r.label()).collect();
        assert_eq!(ids.len(), 10);
        assert_eq!(labels.len(), 10);
        assert_eq!(Role::NationalCoordinator.label(), "National coordinator (MSC secretariat)");
    }
}
