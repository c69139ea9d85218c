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

vocabulary! {
    /// HTCDS `prs_MaritalStatus`.
    MaritalStatus, "prs_MaritalStatus" {
        Single = "Single", "Single";
        Married = "Married", "Married";
        Widowed = "Widowed", "Widowed";
        Divorced = "Divorced", "Divorced";
        Separated = "Separated", "Separated";
        RegisteredPartnership = "RegisteredPartnership", "Registered Partnership";
    }
}

vocabulary! {
    /// HTCDS `prs_HighestLevelOfEducation` (ISCED 2011 levels).
    EducationLevel, "prs_HighestLevelOfEducation" {
        EarlyChildhood = "EarlyChildhoodEducation", "Early Childhood Education";
        Primary = "PrimaryEducation", "Primary Education";
        LowerSecondary = "LowerSecondaryEducation", "Lower Secondary Education";
        UpperSecondary = "UpperSecondaryEducation", "Upper Secondary Education";
        PostSecondaryNonTertiary = "PostSecondaryNonTertiaryEducation", "Post-secondary Non-tertiary Education";
        ShortCycleTertiary = "ShortCycleTertiaryEducation", "Short-cycle Tertiary Education";
        Bachelors = "BachelorsOrEquivalentLevel", "Bachelor’s or Equivalent Level";
        Masters = "MastersOrEquivalentLevel", "Master’s or Equivalent Level";
        Doctoral = "DoctoralOrEquivalentLevel", "Doctoral or Equivalent Level";
    }
}
