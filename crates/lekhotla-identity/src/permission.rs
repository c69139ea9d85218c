//! Permissions: the individual things a role may do. Which role holds which is in `permissions.rs`.

use std::fmt;

/// One thing a user may be allowed to do. The web layer checks a permission per route; the role table
/// in [`Role::permissions`](crate::Role::permissions) says who holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    /// Read case rows and their non-sealed fields.
    ReadCases,
    /// Create and change cases and their records.
    WriteCases,
    /// Read sealed fields (victim identity and contact details, shelter location) within the user's scope.
    ReadSealed,
    /// Read aggregate numbers.
    ReadStatistics,
    /// Read reference data: geography and the organisation list.
    ReadReference,
    /// Create and change organisations.
    ManageOrganisations,
    /// Create, change and disable user accounts and their roles.
    ManageUsers,
    /// Bulk HTCDS export and import.
    ExportData,
    /// Search the audit trail.
    ReadAudit,
    /// Review break-glass events after the fact.
    ReviewBreakGlass,
    /// Reveal a sealed field outside the user's scope, giving a reason that is audited.
    BreakGlass,
    /// Manage one's own session (log out, who am I). Every authenticated user holds it.
    Session,
    /// Record and read prevention work: awareness campaigns, trainings, joint inspections and screenings at ports
    /// of entry. These records name no person.
    RecordPrevention,
}

impl Permission {
    /// Every permission, in declaration order.
    pub const ALL: [Permission; 13] = [
        Permission::ReadCases,
        Permission::WriteCases,
        Permission::ReadSealed,
        Permission::ReadStatistics,
        Permission::ReadReference,
        Permission::ManageOrganisations,
        Permission::ManageUsers,
        Permission::ExportData,
        Permission::ReadAudit,
        Permission::ReviewBreakGlass,
        Permission::BreakGlass,
        Permission::Session,
        Permission::RecordPrevention,
    ];

    /// The stable kebab-case identifier, e.g. `read-sealed`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Permission::ReadCases => "read-cases",
            Permission::WriteCases => "write-cases",
            Permission::ReadSealed => "read-sealed",
            Permission::ReadStatistics => "read-statistics",
            Permission::ReadReference => "read-reference",
            Permission::ManageOrganisations => "manage-organisations",
            Permission::ManageUsers => "manage-users",
            Permission::ExportData => "export-data",
            Permission::ReadAudit => "read-audit",
            Permission::ReviewBreakGlass => "review-break-glass",
            Permission::BreakGlass => "break-glass",
            Permission::Session => "session",
            Permission::RecordPrevention => "record-prevention",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_distinct_kebab_case() {
        let ids: std::collections::BTreeSet<_> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(ids.len(), Permission::ALL.len());
        for id in ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
        }
    }
}
