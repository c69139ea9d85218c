//! The subcommands that manage organisations, user accounts and API tokens.

use clap::Subcommand;
use lekhotla_domain::{OrgType, ServiceType, UnitCode, vocabulary::parse_code};
use lekhotla_identity::{Permission, Role};
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// List the organisations, one per line: id, a tab, the name (by name).
    List,
    /// Register an organisation and print its id.
    Add {
        /// The organisation's name (`org_Name`).
        #[arg(long)]
        name: String,
        /// Its HTCDS type (`org_Type`): NGO, LawEnforcement, HealthServiceOrganisation,
        /// CentralGovernmentOrganisation, LocalGovernmentOrganisation, ImmigrationService, LegalService,
        /// CorporateBusiness or SchoolOrCollege.
        #[arg(long = "type", value_name = "ORG_TYPE", value_parser = parse_code_arg::<OrgType>)]
        org_type: OrgType,
        /// The district it works from (e.g. LS-A); none for national bodies.
        #[arg(long, value_parser = parse_unit)]
        district: Option<UnitCode>,
        /// Its city.
        #[arg(long)]
        city: Option<String>,
        /// Its phone number, in E.164 form (e.g. +26622312345).
        #[arg(long)]
        phone: Option<String>,
        /// A service it receives referrals for (Shelter, Counselling, Medical, LegalAid, ...); repeat or
        /// separate with commas.
        #[arg(long = "service", value_name = "SERVICE", value_delimiter = ',', value_parser = parse_code_arg::<ServiceType>)]
        services: Vec<ServiceType>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user account; the password is read from standard input. For roles that see case content,
    /// prints the second-factor enrolment (otpauth URI, secret) and recovery codes once.
    Add {
        /// The username: 3 to 64 characters a-z, 0-9, '.', '_', '-', starting with a letter.
        #[arg(long)]
        username: String,
        /// The user's organisation: its id or its exact name.
        #[arg(long)]
        org: String,
        /// A role: national-coordinator, focal-point, investigator, prosecutor, immigration-officer,
        /// labour-inspector, case-worker, data-analyst, auditor or admin; repeat or separate with commas.
        #[arg(long = "role", value_name = "ROLE", required = true, value_delimiter = ',', value_parser = parse_role)]
        roles: Vec<Role>,
        /// The user's district (e.g. LS-A); required for focal points.
        #[arg(long, value_parser = parse_unit)]
        district: Option<UnitCode>,
        /// Read the password from the first line of standard input (the only way to give it).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Print no authenticator secret: the person enrols their second factor themselves at their first
        /// sign-in, from the QR code the web page shows (signing in with the password only until then).
        #[arg(long)]
        enrol_at_sign_in: bool,
    },
    /// List the users, one per line: username, roles, organisation id, active|disabled.
    List,
    /// Disable an account, ending its sessions and revoking its API tokens.
    Disable {
        /// The username.
        username: String,
    },
    /// Give a user a new authenticator secret and recovery codes (a lost phone): the old ones stop working,
    /// the user's sessions end; the new ones are printed once.
    ResetTotp {
        /// The username.
        username: String,
    },
    /// Set a new password (read from standard input), ending the user's sessions.
    Password {
        /// The username.
        username: String,
        /// Read the password from the first line of standard input (the only way to give it).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue an API token for an integration acting as a user, and print it once.
    Create {
        /// The user the token acts as.
        #[arg(long)]
        user: String,
        /// What the token is for (e.g. the integration's name).
        #[arg(long, default_value = "integration")]
        name: String,
        /// A permission the token carries (read-cases, write-cases, read-sealed, ...); repeat or separate
        /// with commas. Default: the narrowest useful one (read-cases, else read-statistics, else
        /// read-audit, else session). `read-sealed` only when named. Must be allowed by the user's roles.
        #[arg(long = "scope", alias = "scopes", value_name = "PERMISSION", value_delimiter = ',', value_parser = parse_permission)]
        scopes: Vec<Permission>,
        /// Days until the token expires (1 to 366; default 90). Renew it with `token renew`.
        #[arg(long, value_name = "DAYS", default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=366))]
        expires_in: i64,
    },
    /// List API tokens (of one user, or all): id, user, name, scopes, expiry, last use, state.
    List {
        /// Only this user's tokens.
        #[arg(long)]
        user: Option<String>,
    },
    /// Move a live token's expiry to DAYS from now.
    Renew {
        /// The token's id, as `token create` printed it.
        id: Uuid,
        /// Days from now (1 to 366; default 90).
        #[arg(long, value_name = "DAYS", default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=366))]
        expires_in: i64,
    },
    /// Revoke an API token by its id.
    Revoke {
        /// The token's id, as `token create` printed it.
        id: Uuid,
    },
}

fn parse_code_arg<V: lekhotla_domain::Vocabulary>(text: &str) -> Result<V, String> {
    parse_code::<V>(text).map_err(|e| e.to_string())
}

fn parse_unit(text: &str) -> Result<UnitCode, String> {
    UnitCode::parse(text).map_err(|e| e.to_string())
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.trim().parse::<Role>().map_err(|e| e.to_string())
}

/// A permission by its identifier (`read-cases`), as `Permission::as_str` writes it.
pub fn parse_permission(text: &str) -> Result<Permission, String> {
    let text = text.trim();
    Permission::ALL.into_iter().find(|p| p.as_str() == text).ok_or_else(|| {
        let known: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown permission `{text}` (expected one of: {})", known.join(", "))
    })
}
