//! Vocabularies of cases, organisations, referrals, consent and support (HTCDS `cas_`, `org_`, `con_`, `spl_`).

use super::vocabulary;

vocabulary! {
    /// HTCDS `cas_Status`.
    CaseStatus, "cas_Status" {
        Active = "Active", "Active";
        FollowUp = "FollowUp", "Follow-up";
        Closed = "Closed", "Closed";
        ClosedReferred = "ClosedReferred", "Closed (referred)";
    }
}

vocabulary! {
    /// How the case came to light (Lekhotla extension; HTCDS is silent).
    DetectionSource, "lk_DetectionSource" {
        Police = "Police", "Police";
        BorderPost = "BorderPost", "Border post (immigration)";
        LabourInspection = "LabourInspection", "Labour inspection";
        Ngo = "NGO", "NGO or service provider";
        Hotline = "Hotline", "Hotline";
        Community = "Community", "Community member";
        OtherCountry = "OtherCountry", "Another country's authorities";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `org_Type`.
    OrgType, "org_Type" {
        Ngo = "NGO", "NGO";
        LawEnforcement = "LawEnforcement", "Law enforcement";
        HealthServiceOrganisation = "HealthServiceOrganisation", "Health service";
        CentralGovernmentOrganisation = "CentralGovernmentOrganisation", "Central government";
        LocalGovernmentOrganisation = "LocalGovernmentOrganisation", "Local government";
        ImmigrationService = "ImmigrationService", "Immigration service";
        LegalService = "LegalService", "Legal service";
        CorporateBusiness = "CorporateBusiness", "Business";
        SchoolOrCollege = "SchoolOrCollege", "School or college";
    }
}

vocabulary! {
    /// The service a referral asks for (Lekhotla extension, after MISSION.md's list).
    ServiceType, "lk_ServiceType" {
        Shelter = "Shelter", "Shelter";
        Counselling = "Counselling", "Counselling";
        Medical = "Medical", "Medical care";
        LegalAid = "LegalAid", "Legal aid";
        Repatriation = "Repatriation", "Repatriation";
        Reintegration = "Reintegration", "Reintegration";
        ChildProtection = "ChildProtection", "Child protection";
        Investigation = "Investigation", "Investigation";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `cas_ReasonForOutgoingReferral`.
    ReferralReason, "cas_ReasonForOutgoingReferral" {
        AdditionalServicesRequired = "AdditionalServicesRequired", "Additional services required";
        MigrationOrChangeOfLocation = "MigrationOrChangeOfLocation", "Migration or change of location";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `cas_ReasonForIncomingReferral`: why another organisation referred the case here.
    IncomingReferralReason, "cas_ReasonForIncomingReferral" {
        AdditionalServicesRequired = "AdditionalServicesRequired", "Additional Services Required";
        MigrationOrChangeOfLocation = "MigrationOrChangeOfLocation", "Migration or Change of Location";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// Where a referral stands (Lekhotla extension): sent → accepted | declined → service delivered → closed.
    ReferralState, "lk_ReferralState" {
        Sent = "Sent", "Sent";
        Accepted = "Accepted", "Accepted";
        Declined = "Declined", "Declined";
        ServiceDelivered = "ServiceDelivered", "Service delivered";
        Closed = "Closed", "Closed";
    }
}

vocabulary! {
    /// What a consent is for (Lekhotla extension of HTCDS `con_Consent`).
    ConsentPurpose, "lk_ConsentPurpose" {
        Services = "Services", "Services";
        Prosecution = "Prosecution", "Prosecution";
        Statistics = "Statistics", "Statistics";
        CrossBorderSharing = "CrossBorderSharing", "Cross-border sharing";
    }
}

vocabulary! {
    /// HTCDS `spl_Type`.
    SupportPlanType, "spl_Type" {
        Education = "Education", "Education";
        Financial = "Financial", "Financial";
        Health = "Health", "Health";
        LabourExploitationRehabilitation = "LabourExploitationRehabilitation", "Labour exploitation rehabilitation";
        Legal = "Legal", "Legal";
        Livelihood = "Livelihood", "Livelihood";
        RightsBasedTraining = "RightsBasedTraining", "Rights-based training";
        SexualExploitationRehabilitation = "SexualExploitationRehabilitation", "Sexual exploitation rehabilitation";
        SocialCare = "SocialCare", "Social care";
    }
}

vocabulary! {
    /// How two cases are related (Lekhotla extension).
    CaseLinkKind, "lk_CaseLinkKind" {
        CriminalCase = "CriminalCase", "The criminal case of this victim case";
        VictimCase = "VictimCase", "A victim case of this criminal case";
        Related = "Related", "Related case";
    }
}

impl CaseLinkKind {
    /// The relation as seen from the other case.
    pub fn inverse(self) -> Self {
        match self {
            Self::CriminalCase => Self::VictimCase,
            Self::VictimCase => Self::CriminalCase,
            Self::Related => Self::Related,
        }
    }
}
