//! The closed list of audited actions and their stable text codes.

use std::fmt;
use std::str::FromStr;

/// What an audited actor did. The [`code`](Action::code) is what the hash covers and what storage keeps:
/// codes are never renamed or reused; a new kind of action gets a new variant and a new code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// A case was opened.
    CaseCreate,
    /// A case (or anything inside it: people, events, referrals, consents, plans, comments) was changed.
    CaseUpdate,
    /// A case was deleted (retention or erasure).
    CaseDelete,
    /// A case was opened for reading (unsealed fields only).
    CaseRead,
    /// Sealed (identity or location) fields were revealed; [`AuditEntry::fields`](crate::AuditEntry::fields)
    /// names them.
    SealedRead,
    /// A user signed in.
    LoginSuccess,
    /// A sign-in was refused.
    LoginFailure,
    /// A user signed out.
    Logout,
    /// Data left the system as a file.
    Export,
    /// Emergency access outside the user's normal scope.
    BreakGlass,
    /// A user account was created.
    UserCreate,
    /// A user account, its roles or its scope were changed.
    UserUpdate,
    /// A signed checkpoint of the audit chain was made.
    Checkpoint,
    /// An organisation was registered.
    OrgCreate,
    /// An organisation's details were changed.
    OrgUpdate,
    /// Records were loaded in bulk (HTCDS import, demo data).
    Import,
    /// Reference data (the geography) was loaded or replaced.
    ReferenceLoad,
    /// An API token was issued.
    TokenCreate,
    /// An API token was revoked.
    TokenRevoke,
    /// A new data key was made and sealed values re-encrypted under it.
    KeyRotate,
    /// A case was handed over to another organisation; the purpose holds the reason.
    CaseTransfer,
    /// A case was asked for and not given: outside the actor's scope, or not there (the fields say which).
    CaseDenied,
    /// An auditor looked a person up by name (`/audit/subject`): the record is the name's keyed hash
    /// (`subject/<hex>`), never the name; the purpose is the stated request; the fields name the persons found.
    SubjectSearch,
    /// A break-glass grant was ended before its hour (by the grantee or the national coordinator).
    BreakGlassRevoke,
    /// A break-glass grant was unusual (too many, or outside working hours): the national coordinator is
    /// alerted; the purpose says why.
    BreakGlassAlert,
    /// An API token's expiry was moved later.
    TokenRenew,
    /// A prevention record (an awareness campaign, ...) written.
    PreventionRecord,
    /// A prevention record changed.
    PreventionUpdate,
    /// A service provider's year (a shelter's beds, an organisation's funding) written or changed.
    ProvisionSave,
    /// A setting the national coordinator keeps (the referral deadlines) changed.
    SettingsUpdate,
    /// The action plan and its recommendations loaded or changed.
    PlanSave,
    /// A committee meeting (its agenda, attendance, decisions, action items) recorded or changed.
    CommitteeSave,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 32] = [
        Action::CaseCreate,
        Action::CaseUpdate,
        Action::CaseDelete,
        Action::CaseRead,
        Action::SealedRead,
        Action::LoginSuccess,
        Action::LoginFailure,
        Action::Logout,
        Action::Export,
        Action::BreakGlass,
        Action::UserCreate,
        Action::UserUpdate,
        Action::Checkpoint,
        Action::OrgCreate,
        Action::OrgUpdate,
        Action::Import,
        Action::ReferenceLoad,
        Action::TokenCreate,
        Action::TokenRevoke,
        Action::KeyRotate,
        Action::CaseTransfer,
        Action::CaseDenied,
        Action::SubjectSearch,
        Action::BreakGlassRevoke,
        Action::BreakGlassAlert,
        Action::TokenRenew,
        Action::PreventionRecord,
        Action::PreventionUpdate,
        Action::ProvisionSave,
        Action::SettingsUpdate,
        Action::PlanSave,
        Action::CommitteeSave,
    ];

    /// The stable code, e.g. `case.create`. Part of the hashed format: never change one.
    pub const fn code(self) -> &'static str {
        match self {
            Action::CaseCreate => "case.create",
            Action::CaseUpdate => "case.update",
            Action::CaseDelete => "case.delete",
            Action::CaseRead => "case.read",
            Action::SealedRead => "sealed.read",
            Action::LoginSuccess => "login.success",
            Action::LoginFailure => "login.failure",
            Action::Logout => "logout",
            Action::Export => "export",
            Action::BreakGlass => "break_glass",
            Action::UserCreate => "user.create",
            Action::UserUpdate => "user.update",
            Action::Checkpoint => "audit.checkpoint",
            Action::OrgCreate => "org.create",
            Action::OrgUpdate => "org.update",
            Action::Import => "import",
            Action::ReferenceLoad => "reference.load",
            Action::TokenCreate => "token.create",
            Action::TokenRevoke => "token.revoke",
            Action::KeyRotate => "keys.rotate",
            Action::CaseTransfer => "case.transfer",
            Action::CaseDenied => "case.denied",
            Action::SubjectSearch => "audit.subject",
            Action::BreakGlassRevoke => "break_glass.revoke",
            Action::BreakGlassAlert => "break_glass.alert",
            Action::TokenRenew => "token.renew",
            Action::PreventionRecord => "prevention.record",
            Action::PreventionUpdate => "prevention.update",
            Action::ProvisionSave => "provision.save",
            Action::SettingsUpdate => "settings.update",
            Action::PlanSave => "plan.save",
            Action::CommitteeSave => "committee.save",
        }
    }

    /// The action with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.code() == code)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A stored action code that this version does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit action code {0:?}")]
pub struct UnknownAction(pub String);

impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Action::from_code(code).ok_or_else(|| UnknownAction(code.to_owned()))
    }
}
