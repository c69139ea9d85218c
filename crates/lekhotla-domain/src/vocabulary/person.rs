//! Vocabularies about people and businesses (HTCDS `prs_` section).

use super::vocabulary;

vocabulary! {
    /// HTCDS `prs_Gender`.
    Gender, "prs_Gender" {
        Feminine = "Feminine", "Female";
        Masculine = "Masculine", "Male";
        TransgenderFeminine = "TransgenderFeminine", "Transgender female";
        TransgenderMasculine = "TransgenderMasculine", "Transgender male";
        NonConforming = "NonConforming", "Gender non-conforming";
        NonSpecifiedUnknown = "NonSpecifiedUnknown", "Not specified / unknown";
    }
}

vocabulary! {
    /// What kind of business a suspect is, when the suspect is not a natural person (Lekhotla extension).
    BusinessKind, "lk_BusinessKind" {
        RecruitmentAgency = "RecruitmentAgency", "Recruitment agency";
        Employer = "Employer", "Employer";
        TransportOperator = "TransportOperator", "Transport operator";
        TravelAgency = "TravelAgency", "Travel agency";
        EntertainmentVenue = "EntertainmentVenue", "Bar, club or entertainment venue";
        Other = "Other", "Other business";
    }
}
