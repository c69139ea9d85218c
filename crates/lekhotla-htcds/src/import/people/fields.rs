//! The column groups of persons.csv shared by several roles: a natural person's details and a victim's context.

use lekhotla_domain::{
    DecisionMakingOrg, EducationLevel, ExploitationType, ExploitationWebsite, ForcedLabourIndustry, Gender,
    MaritalStatus, MethodOfControl, MethodOfRecruitment, OrgId, PersonDetails, RecruitmentWebsite,
    RelationshipToTrafficker, SexExploitationType, TraffickingStatus, VictimContext, Vulnerability,
};

use super::super::Import;
use super::super::row::Row;
use crate::cell;
use crate::schema::persons as p;

/// The `prs_` columns of a natural person.
pub(super) fn person(r: &mut Row<'_>) -> Option<PersonDetails> {
    let salutation = r.opt_text(p::SALUTATION);
    let gender = r.req(p::GENDER, cell::code::<Gender>);
    let first_name = r.text(p::FIRST_NAME);
    let middle_name = r.opt_text(p::MIDDLE_NAME);
    let second_name = r.opt_text(p::SECOND_NAME);
    let birthdate = r.opt(p::BIRTHDATE, cell::parse_date);
    let estimated_age = r.opt(p::ESTIMATED_AGE, cell::number::<u8>);
    let deceased = r.req(p::DECEASED, cell::parse_flag);
    let marital_status = r.opt(p::MARITAL_STATUS, cell::code::<MaritalStatus>);
    let number_of_children = r.opt(p::CHILDREN, cell::number::<u8>);
    let citizenship = r.list(p::CITIZENSHIP, cell::parse_countries);
    let identity_number = r.opt_text(p::IDENTITY_NUMBER);
    let title = r.opt_text(p::TITLE);
    let phone = r.opt_text(p::PHONE);
    let home_phone = r.opt_text(p::HOME_PHONE);
    let email = r.opt_text(p::EMAIL);
    let address = r.opt_text(p::STREET);
    let city = r.opt_text(p::CITY);
    let district = r.opt(p::DISTRICT, cell::unit);
    let postal_code = r.opt_text(p::POSTAL_CODE);
    let country = r.opt(p::COUNTRY, cell::country);
    let latitude = r.opt(p::LATITUDE, cell::decimal);
    let longitude = r.opt(p::LONGITUDE, cell::decimal);
    let primary_language = r.opt_text(p::LANGUAGE);
    let secondary_language = r.opt_text(p::SECONDARY_LANGUAGE);
    let education = r.opt(p::EDUCATION, cell::code::<EducationLevel>);
    Some(PersonDetails {
        salutation,
        first_name: first_name?,
        middle_name,
        second_name,
        birthdate: birthdate?,
        estimated_age: estimated_age?,
        gender: gender?,
        deceased: deceased?,
        marital_status: marital_status?,
        number_of_children: number_of_children?,
        citizenship: citizenship?,
        identity_number,
        title,
        phone,
        home_phone,
        email,
        address,
        city,
        district: district?,
        postal_code,
        country: country?,
        latitude: latitude?,
        longitude: longitude?,
        primary_language,
        secondary_language,
        education: education?,
    })
}

/// The `vic_` columns of a victim.
pub(super) fn victim_context(st: &Import, r: &mut Row<'_>) -> Option<VictimContext> {
    let trafficking_status = r.req(p::TRAFFICKING_STATUS, cell::code::<TraffickingStatus>);
    let status_decided_by = r.opt(p::DECIDED_BY, cell::code::<DecisionMakingOrg>);
    let status_decided_by_org = r.opt(p::DECIDED_BY_ORG, cell::id::<OrgId>);
    let status_decided_on = r.opt(p::DECIDED_ON, cell::parse_date);
    let identified_on = r.req(p::IDENTIFIED_ON, cell::parse_date);
    let age_when_trafficked = r.opt(p::AGE_WHEN_TRAFFICKED, cell::number::<u8>);
    let exploitation_types = r.list(p::EXPLOITATION, cell::parse_codes::<ExploitationType>);
    let forced_labour_industry = r.opt(p::INDUSTRY, cell::code::<ForcedLabourIndustry>);
    let sex_exploitation_types = r.list(p::SEX_EXPLOITATION, cell::parse_codes::<SexExploitationType>);
    let methods_of_control = r.list(p::CONTROL, cell::parse_codes::<MethodOfControl>);
    let recruitment_methods = r.list(p::RECRUITMENT, cell::parse_codes::<MethodOfRecruitment>);
    let recruitment_location = r.opt(p::RECRUITMENT_LOCATION, cell::place);
    let recruitment_websites = r.list(p::RECRUITMENT_WEBSITES, cell::parse_codes::<RecruitmentWebsite>);
    let exploitation_location = r.opt(p::EXPLOITATION_LOCATION, cell::place);
    let exploitation_websites = r.list(p::EXPLOITATION_WEBSITES, cell::parse_codes::<ExploitationWebsite>);
    let relationship_to_trafficker = r.opt(p::RELATIONSHIP, cell::code::<RelationshipToTrafficker>);
    let vulnerabilities = r.list(p::VULNERABILITIES, cell::parse_codes::<Vulnerability>);
    let vulnerability_details = r.opt_text(p::VULNERABILITY_DETAILS);
    // Deprecated, derived from consents.csv on export: checked for its form, not read (README).
    let _agreement = r.opt(p::AGREEMENT, cell::parse_flag);
    if let Some(org) = status_decided_by_org {
        st.reg.org(r, p::DECIDED_BY_ORG, org);
    }
    Some(VictimContext {
        trafficking_status: trafficking_status?,
        status_decided_by: status_decided_by?,
        status_decided_by_org: status_decided_by_org?,
        status_decided_on: status_decided_on?,
        identified_on: identified_on?,
        age_when_trafficked: age_when_trafficked?,
        exploitation_types: exploitation_types?,
        forced_labour_industry: forced_labour_industry?,
        sex_exploitation_types: sex_exploitation_types?,
        methods_of_control: methods_of_control?,
        recruitment_methods: recruitment_methods?,
        recruitment_location: recruitment_location?,
        recruitment_websites: recruitment_websites?,
        exploitation_location: exploitation_location?,
        exploitation_websites: exploitation_websites?,
        relationship_to_trafficker: relationship_to_trafficker?,
        vulnerabilities: vulnerabilities?,
        vulnerability_details,
    })
}

/// The column of a field named by the domain's person, victim, suspect and witness validators.
pub(super) fn column(field: &str) -> Option<&'static str> {
    Some(match field {
        "salutation" => p::SALUTATION,
        "first_name" => p::FIRST_NAME,
        "middle_name" => p::MIDDLE_NAME,
        "second_name" => p::SECOND_NAME,
        "birthdate" => p::BIRTHDATE,
        "estimated_age" => p::ESTIMATED_AGE,
        "identity_number" => p::IDENTITY_NUMBER,
        "number_of_children" => p::CHILDREN,
        "title" => p::TITLE,
        "phone" => p::PHONE,
        "home_phone" => p::HOME_PHONE,
        "postal_code" => p::POSTAL_CODE,
        "latitude" => p::LATITUDE,
        "longitude" => p::LONGITUDE,
        "secondary_language" => p::SECONDARY_LANGUAGE,
        "organisation" => p::ORGANISATION,
        "email" => p::EMAIL,
        "address" => p::STREET,
        "city" => p::CITY,
        "primary_language" => p::LANGUAGE,
        "identified_on" => p::IDENTIFIED_ON,
        "status_decided_on" => p::DECIDED_ON,
        "age_when_trafficked" => p::AGE_WHEN_TRAFFICKED,
        "forced_labour_industry" => p::INDUSTRY,
        "sex_exploitation_types" => p::SEX_EXPLOITATION,
        "vulnerability_details" => p::VULNERABILITY_DETAILS,
        "name" => p::BUSINESS_NAME,
        "registration_number" => p::BUSINESS_REGISTRATION,
        "role_details" => p::ROLE_DETAILS,
        "public_body" => p::PUBLIC_BODY,
        "position" => p::POSITION,
        "arrested_on" => p::ARRESTED_ON,
        "statement_taken_on" => p::STATEMENT_TAKEN_ON,
        _ => return None,
    })
}
