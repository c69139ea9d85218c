//! A user's roles: a non-empty set, kept in a fixed order without duplicates.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::IdentityError;
use crate::permission::Permission;
use crate::role::Role;

/// The roles one user holds: never empty, iterated in [`Role::ALL`] order, each role at most once.
/// A user may do something if any of their roles allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Roles {
    /// Bit `i` is set when `Role::ALL[i]` is held.
    bits: u16,
}

fn bit(role: Role) -> u16 {
    // `Role` is a fieldless enum with ten variants, so its discriminant is 0..=9.
    1 << (role as u16)
}

impl Roles {
    /// Collects roles into a set, ignoring duplicates. Refuses an empty set with
    /// [`IdentityError::NoRoles`].
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Result<Roles, IdentityError> {
        let bits = roles.into_iter().fold(0, |bits, role| bits | bit(role));
        if bits == 0 {
            return Err(IdentityError::NoRoles);
        }
        Ok(Roles { bits })
    }

    /// Parses a comma-separated list of role identifiers such as `investigator,prosecutor`. Spaces
    /// around items and empty items (e.g. a trailing comma) are ignored.
    pub fn parse_list(list: &str) -> Result<Roles, IdentityError> {
        let mut roles = Vec::new();
        for item in list.split(',').map(str::trim).filter(|item| !item.is_empty()) {
            roles.push(item.parse::<Role>()?);
        }
        Roles::new(roles)
    }

    /// The roles, in [`Role::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        Role::ALL.into_iter().filter(|role| self.contains(*role))
    }

    /// Whether `role` is among these roles.
    #[must_use]
    pub fn contains(&self, role: Role) -> bool {
        self.bits & bit(role) != 0
    }

    /// Whether any of these roles allows `permission`.
    #[must_use]
    pub fn allows(&self, permission: Permission) -> bool {
        self.iter().any(|role| role.allows(permission))
    }

    /// Whether any of these roles sees case content.
    #[must_use]
    pub fn sees_case_content(&self) -> bool {
        self.iter().any(Role::sees_case_content)
    }

    /// Whether any of these roles needs a second factor at login.
    #[must_use]
    pub fn requires_second_factor(&self) -> bool {
        self.iter().any(Role::requires_second_factor)
    }
}

impl From<Role> for Roles {
    fn from(role: Role) -> Self {
        Roles { bits: bit(role) }
    }
}

impl fmt::Display for Roles {
    /// The identifiers joined by commas, e.g. `investigator,prosecutor`; [`Roles::parse_list`] reads it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, role) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(role.as_str())?;
        }
        Ok(())
    }
}

impl Serialize for Roles {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let roles = Vec::<Role>::deserialize(deserializer)?;
        Roles::new(roles).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn sorted_and_deduplicated() {
        let roles = Roles::new([Role::Prosecutor, Role::Investigator, Role::Prosecutor]).unwrap();
        assert_eq!(roles.iter().collect::<Vec<_>>(), [Role::Investigator, Role::Prosecutor]);
        assert_eq!(roles.to_string(), "investigator,prosecutor");
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(Roles::new([]), Err(IdentityError::NoRoles));
        assert_eq!(Roles::parse_list(" , "), Err(IdentityError::NoRoles));
        assert!(serde_json::from_str::<Roles>("[]").is_err());
    }

    #[test]
    fn parse_list_round_trips_and_rejects_unknown() {
        let roles = Roles::parse_list(" prosecutor, investigator ,").unwrap();
        assert_eq!(Roles::parse_list(&roles.to_string()).unwrap(), roles);
        assert!(matches!(Roles::parse_list("investigator,boss"), Err(IdentityError::UnknownRole(_))));
    }

    #[test]
    fn serde_is_a_list_of_identifiers() {
        let roles = Roles::new([Role::Auditor, Role::CaseWorker]).unwrap();
        let json = serde_json::to_string(&roles).unwrap();
        assert_eq!(json, r#"["case-worker","auditor"]"#);
        assert_eq!(serde_json::from_str::<Roles>(&json).unwrap(), roles);
    }

    #[test]
    fn any_role_grants() {
        let analyst = Roles::from(Role::DataAnalyst);
        assert!(!analyst.allows(Permission::ReadCases));
        assert!(!analyst.sees_case_content() && !analyst.requires_second_factor());
        let both = Roles::new([Role::DataAnalyst, Role::CaseWorker]).unwrap();
        assert!(both.allows(Permission::ReadCases) && both.allows(Permission::ReadStatistics));
        assert!(both.sees_case_content() && both.requires_second_factor());
        assert!(!both.allows(Permission::ManageUsers));
    }

    #[test]
    fn every_single_role_is_a_set() {
        for role in Role::ALL {
            let roles = Roles::from(role);
            assert_eq!(roles.iter().collect::<Vec<_>>(), [role]);
            assert_eq!(roles.to_string(), role.as_str());
        }
    }
}
