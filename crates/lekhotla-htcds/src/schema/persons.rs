//! The columns of persons.csv: one header for victims, suspects and witnesses, grouped by who uses them.

use super::{CASE_ID, VERSION};

pub const FILE: &str = "persons.csv";
pub const ID: &str = "lk_PersonId";
pub const ROLE: &str = "lk_Role";
pub const SUSPECT_IDENTITY: &str = "lk_SuspectIdentity";
pub const SALUTATION: &str = "prs_Salutation";
pub const GENDER: &str = "prs_Gender";
pub const FIRST_NAME: &str = "prs_FirstName";
pub const MIDDLE_NAME: &str = "prs_MiddleName";
pub const SECOND_NAME: &str = "prs_SecondName";
pub const BIRTHDATE: &str = "prs_Birthdate";
pub const ESTIMATED_AGE: &str = "lk_EstimatedAge";
pub const DECEASED: &str = "prs_Deceased";
pub const MARITAL_STATUS: &str = "prs_MaritalStatus";
pub const CHILDREN: &str = "prs_NumberOfChildren";
pub const CITIZENSHIP: &str = "prs_Citizenship";
pub const IDENTITY_NUMBER: &str = "prs_IdentityNumber";
pub const TITLE: &str = "prs_Title";
pub const PHONE: &str = "prs_MobilePhone";
pub const HOME_PHONE: &str = "prs_HomePhone";
pub const EMAIL: &str = "prs_Email";
pub const STREET: &str = "prs_MailingStreet";
pub const CITY: &str = "prs_MailingCity";
pub const DISTRICT: &str = "prs_MailingState";
pub const POSTAL_CODE: &str = "prs_MailingPostalCode";
pub const COUNTRY: &str = "prs_MailingCountry";
pub const LATITUDE: &str = "prs_MailingLatitude";
pub const LONGITUDE: &str = "prs_MailingLongitude";
pub const LANGUAGE: &str = "prs_PrimaryLanguage";
pub const SECONDARY_LANGUAGE: &str = "prs_SecondaryLanguage";
pub const EDUCATION: &str = "prs_HighestLevelOfEducation";
pub const TRAFFICKING_STATUS: &str = "vic_TraffickingStatus";
pub const DECIDED_BY: &str = "vic_TraffickingStatusDecisionMakingOrg";
pub const DECIDED_BY_ORG: &str = "lk_StatusDecidedByOrgId";
pub const DECIDED_ON: &str = "lk_StatusDecidedOn";
pub const IDENTIFIED_ON: &str = "lk_IdentifiedOn";
pub const AGE_WHEN_TRAFFICKED: &str = "vic_AgeWhenTrafficked";
pub const EXPLOITATION: &str = "vic_TypeOfExploitation";
pub const INDUSTRY: &str = "vic_ForcedLabourIndustry";
pub const SEX_EXPLOITATION: &str = "vic_TypeOfSexExploitation";
pub const CONTROL: &str = "vic_MethodsOfControl";
pub const RECRUITMENT: &str = "vic_MethodOfRecruitment";
pub const RECRUITMENT_LOCATION: &str = "vic_LocationOfRecruitment";
pub const RECRUITMENT_WEBSITES: &str = "vic_RecruitmentWebsitesAndApps";
pub const EXPLOITATION_LOCATION: &str = "vic_LocationOfExploitation";
pub const EXPLOITATION_WEBSITES: &str = "vic_ExploitationWebsitesAndApps";
pub const RELATIONSHIP: &str = "vic_RelationshipToTrafficker";
pub const VULNERABILITIES: &str = "vic_Vulnerabilities";
pub const VULNERABILITY_DETAILS: &str = "vic_DetailsOfVulnerabilities";
/// Deprecated in HTCDS 2.0 for the consent records: written from consents.csv, not read back (README).
pub const AGREEMENT: &str = "vic_AgreementToManagePersonalData";
pub const ROLES: &str = "per_RoleInProcess";
pub const ROLE_DETAILS: &str = "per_RoleDetails";
pub const ORGANISATION: &str = "per_Organisation";
pub const PUBLIC_BODY: &str = "lk_OfficialPublicBody";
pub const POSITION: &str = "lk_OfficialPosition";
pub const ARRESTED_ON: &str = "lk_ArrestedOn";
pub const BUSINESS_NAME: &str = "lk_BusinessName";
pub const BUSINESS_KIND: &str = "lk_BusinessKind";
pub const BUSINESS_REGISTRATION: &str = "lk_BusinessRegistrationNumber";
pub const BUSINESS_COUNTRY: &str = "lk_BusinessCountry";
pub const BUSINESS_DISTRICT: &str = "lk_BusinessDistrict";
pub const WITNESS_VICTIM_ID: &str = "lk_WitnessVictimId";
pub const STATEMENT_TAKEN_ON: &str = "lk_StatementTakenOn";
pub const TESTIMONY_PRESERVED: &str = "lk_TestimonyPreserved";

/// The values of `lk_Role`.
pub const ROLE_VICTIM: &str = "victim";
pub const ROLE_SUSPECT: &str = "suspect";
pub const ROLE_WITNESS: &str = "witness";
/// The values of `lk_SuspectIdentity`.
pub const INDIVIDUAL: &str = "individual";
pub const BUSINESS_IDENTITY: &str = "business";

/// The columns of a natural person (victims, witnesses, individual suspects).
pub const PERSON: &[&str] = &[
    SALUTATION,
    GENDER,
    FIRST_NAME,
    MIDDLE_NAME,
    SECOND_NAME,
    BIRTHDATE,
    ESTIMATED_AGE,
    DECEASED,
    MARITAL_STATUS,
    CHILDREN,
    CITIZENSHIP,
    IDENTITY_NUMBER,
    TITLE,
    PHONE,
    HOME_PHONE,
    EMAIL,
    STREET,
    CITY,
    DISTRICT,
    POSTAL_CODE,
    COUNTRY,
    LATITUDE,
    LONGITUDE,
    LANGUAGE,
    SECONDARY_LANGUAGE,
    EDUCATION,
];
/// The columns only victims have.
pub const VICTIM: &[&str] = &[
    TRAFFICKING_STATUS,
    DECIDED_BY,
    DECIDED_BY_ORG,
    DECIDED_ON,
    IDENTIFIED_ON,
    AGE_WHEN_TRAFFICKED,
    EXPLOITATION,
    INDUSTRY,
    SEX_EXPLOITATION,
    CONTROL,
    RECRUITMENT,
    RECRUITMENT_LOCATION,
    RECRUITMENT_WEBSITES,
    EXPLOITATION_LOCATION,
    EXPLOITATION_WEBSITES,
    RELATIONSHIP,
    VULNERABILITIES,
    VULNERABILITY_DETAILS,
    AGREEMENT,
];
/// The columns only suspects have.
pub const SUSPECT: &[&str] = &[SUSPECT_IDENTITY, ROLES, ROLE_DETAILS, ORGANISATION, PUBLIC_BODY, POSITION, ARRESTED_ON];
/// The columns only business suspects have.
pub const BUSINESS: &[&str] =
    &[BUSINESS_NAME, BUSINESS_KIND, BUSINESS_REGISTRATION, BUSINESS_COUNTRY, BUSINESS_DISTRICT];
/// The columns only witnesses have.
pub const WITNESS: &[&str] = &[WITNESS_VICTIM_ID, STATEMENT_TAKEN_ON, TESTIMONY_PRESERVED];

/// Every column, in file order: the row's head, then the columns of each role (see the test below).
pub const COLUMNS: &[&str] = &[
    CASE_ID,
    ID,
    ROLE,
    VERSION,
    SUSPECT_IDENTITY,
    SALUTATION,
    GENDER,
    FIRST_NAME,
    MIDDLE_NAME,
    SECOND_NAME,
    BIRTHDATE,
    ESTIMATED_AGE,
    DECEASED,
    MARITAL_STATUS,
    CHILDREN,
    CITIZENSHIP,
    IDENTITY_NUMBER,
    TITLE,
    PHONE,
    HOME_PHONE,
    EMAIL,
    STREET,
    CITY,
    DISTRICT,
    POSTAL_CODE,
    COUNTRY,
    LATITUDE,
    LONGITUDE,
    LANGUAGE,
    SECONDARY_LANGUAGE,
    EDUCATION,
    TRAFFICKING_STATUS,
    DECIDED_BY,
    DECIDED_BY_ORG,
    DECIDED_ON,
    IDENTIFIED_ON,
    AGE_WHEN_TRAFFICKED,
    EXPLOITATION,
    INDUSTRY,
    SEX_EXPLOITATION,
    CONTROL,
    RECRUITMENT,
    RECRUITMENT_LOCATION,
    RECRUITMENT_WEBSITES,
    EXPLOITATION_LOCATION,
    EXPLOITATION_WEBSITES,
    RELATIONSHIP,
    VULNERABILITIES,
    VULNERABILITY_DETAILS,
    AGREEMENT,
    ROLES,
    ROLE_DETAILS,
    ORGANISATION,
    PUBLIC_BODY,
    POSITION,
    ARRESTED_ON,
    BUSINESS_NAME,
    BUSINESS_KIND,
    BUSINESS_REGISTRATION,
    BUSINESS_COUNTRY,
    BUSINESS_DISTRICT,
    WITNESS_VICTIM_ID,
    STATEMENT_TAKEN_ON,
    TESTIMONY_PRESERVED,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_role_groups_in_order() {
        let head = [CASE_ID, ID, ROLE, VERSION, SUSPECT_IDENTITY];
        let groups = [&head[..], PERSON, VICTIM, &SUSPECT[1..], BUSINESS, WITNESS];
        assert_eq!(COLUMNS, groups.concat());
    }
}
