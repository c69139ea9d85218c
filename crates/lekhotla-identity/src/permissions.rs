//! The role → permission table: the one place that says which role may do what.

use crate::permission::Permission::{self, *};
use crate::role::Role;

/// National coordinator: everything about cases, including export and reviewing break-glass events, and every
/// organisation's prevention work, but not user management or the audit trail.
const NATIONAL_COORDINATOR: &[Permission] = &[
    ReadCases,
    WriteCases,
    ReadSealed,
    ReadStatistics,
    ReadReference,
    ExportData,
    ReviewBreakGlass,
    BreakGlass,
    Session,
    RecordPrevention,
];

/// Focal points, investigators, prosecutors, immigration officers, labour inspectors and case workers; each
/// records its own organisation's prevention work.
const CASE_OFFICER: &[Permission] =
    &[ReadCases, WriteCases, ReadSealed, ReadStatistics, ReadReference, BreakGlass, Session, RecordPrevention];

/// Data analysts: numbers only.
const DATA_ANALYST: &[Permission] = &[ReadStatistics, ReadReference, Session];

/// Auditors: the audit trail only.
const AUDITOR: &[Permission] = &[ReadReference, ReadAudit, Session];

/// Administrators: accounts and organisations only.
const ADMIN: &[Permission] = &[ReadReference, ManageOrganisations, ManageUsers, Session];

impl Role {
    /// The permissions this role holds, in [`Permission`] order.
    #[must_use]
    pub const fn permissions(self) -> &'static [Permission] {
        match self {
            Role::NationalCoordinator => NATIONAL_COORDINATOR,
            Role::FocalPoint
            | Role::Investigator
            | Role::Prosecutor
            | Role::ImmigrationOfficer
            | Role::LabourInspector
            | Role::CaseWorker => CASE_OFFICER,
            Role::DataAnalyst => DATA_ANALYST,
            Role::Auditor => AUDITOR,
            Role::Admin => ADMIN,
        }
    }

    /// Whether this role holds `permission`.
    #[must_use]
    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, row by row, as the README shows it: `x` where the role holds the permission.
    /// Columns follow `Permission::ALL`: read-cases, write-cases, read-sealed, read-statistics,
    /// read-reference, manage-organisations, manage-users, export-data, read-audit, review-break-glass,
    /// break-glass, session, record-prevention.
    const TABLE: [(Role, &str); 10] = [
        (Role::NationalCoordinator, "xxxxx..x.xxxx"),
        (Role::FocalPoint, "xxxxx.....xxx"),
        (Role::Investigator, "xxxxx.....xxx"),
        (Role::Prosecutor, "xxxxx.....xxx"),
        (Role::ImmigrationOfficer, "xxxxx.....xxx"),
        (Role::LabourInspector, "xxxxx.....xxx"),
        (Role::CaseWorker, "xxxxx.....xxx"),
        (Role::DataAnalyst, "...xx......x."),
        (Role::Auditor, "....x...x..x."),
        (Role::Admin, "....xxx....x."),
    ];

    #[test]
    fn table_matches() {
        for (role, row) in TABLE {
            for (permission, mark) in Permission::ALL.iter().zip(row.chars()) {
                assert_eq!(role.allows(*permission), mark == 'x', "{role} / {permission}");
            }
        }
    }

    #[test]
    fn blind_roles_never_read_cases_or_sealed_fields() {
        for role in [Role::DataAnalyst, Role::Auditor, Role::Admin] {
            for p in [ReadCases, WriteCases, ReadSealed, BreakGlass, ExportData] {
                assert!(!role.allows(p), "{role} must not hold {p}");
            }
        }
    }

    #[test]
    fn content_permissions_agree_with_sees_case_content() {
        for role in Role::ALL {
            assert_eq!(role.allows(ReadCases), role.sees_case_content(), "{role}");
            assert_eq!(role.allows(ReadSealed), role.sees_case_content(), "{role}");
        }
    }

    #[test]
    fn every_role_has_a_session_and_lists_are_sorted() {
        for role in Role::ALL {
            assert!(role.allows(Session));
            assert!(role.permissions().windows(2).all(|w| w[0] < w[1]), "{role}");
        }
    }

    #[test]
    fn nobody_but_admin_manages_users_and_only_auditors_read_audit() {
        for role in Role::ALL {
            assert_eq!(role.allows(ManageUsers), role == Role::Admin);
            assert_eq!(role.allows(ReadAudit), role == Role::Auditor);
        }
    }
}
