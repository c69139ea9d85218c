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
    /// Where a referral stands (Lekhotla extension): sent → accepted | declined → service delivered → closed;
    /// a sent or accepted referral can be revoked by its sender, and an accepted one closed by its receiver
    /// as not delivered. Revoked, not delivered and closed are final.
    ReferralState, "lk_ReferralState" {
        Sent = "Sent", "Sent";
        Accepted = "Accepted", "Accepted";
        Declined = "Declined", "Declined";
        ServiceDelivered = "ServiceDelivered", "Service delivered";
        Closed = "Closed", "Closed";
        Revoked = "Revoked", "Revoked";
        NotDelivered = "NotDelivered", "Closed, service not delivered";
    }
}

vocabulary! {
    /// What a consent is for (Lekhotla extension of HTCDS `con_Consent`), and what it makes possible.
    ///
    /// A consent is *in force* when it was given and not withdrawn. Each purpose's rule:
    ///
    /// - **Services.** A referral that names a victim, for any service but child protection and
    ///   investigation, is sent only while the victim's consent to services is in force. Withdrawing it
    ///   revokes at once every active referral of that victim (sent or accepted: state `Revoked`, reason
    ///   "consent to services withdrawn"; a service already delivered is closed), except referrals for
    ///   investigation (a matter of criminal law, not of consent) and the child-protection referral of a
    ///   victim presumed a child (statutory). The receiving organisations lose access to the case with it.
    /// - **Prosecution.** A witness linked to a victim (the victim testifies) is recorded, or linked, only
    ///   while that victim's consent to prosecution is in force. A hearing at which a victim testified
    ///   (`victim_testified`) is recorded only while at least one victim of the case has consent to
    ///   prosecution in force (a hearing does not say which victim testified; the witness record does).
    /// - **CrossBorderSharing.** A referral that names a victim, to an organisation in another country than
    ///   the case's (the country of its national number), is sent only while the victim's consent to
    ///   cross-border sharing is in force, whatever the service.
    /// - **Statistics.** Victim-level statistical outputs count the victims of
    ///   `Case::victims_for_statistics`: every victim except those whose latest statistics consent was
    ///   refused or withdrawn. No record counts as consent: the national figures are anonymous counts the
    ///   law requires, and only an explicit refusal takes a victim out of them. `Case::for_statistics`
    ///   applies it to a victim-level export, which also leaves out what names such a victim.
    ///
    /// For a victim presumed a child (under 18 when identified, or of unknown age), a consent that is given
    /// must be given by a parent or guardian or by a court (`given_by`), and must record whether the child
    /// assented (`child_assent`); an adult gives consent themself (`Victim`) or, when they cannot, a court
    /// does, and no assent is recorded.
    ConsentPurpose, "lk_ConsentPurpose" {
        Services = "Services", "Services";
        Prosecution = "Prosecution", "Prosecution";
        Statistics = "Statistics", "Statistics";
        CrossBorderSharing = "CrossBorderSharing", "Cross-border sharing";
    }
}

vocabulary! {
    /// Who gave (or refused) a consent (Lekhotla extension).
    ConsentGiver, "lk_ConsentGivenBy" {
        Victim = "Victim", "The victim";
        ParentOrGuardian = "ParentOrGuardian", "A parent or guardian";
        Court = "Court", "A court";
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
