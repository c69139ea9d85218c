//! Vocabularies of the victim and perpetrator contexts and of trafficking events (HTCDS `vic_`, `per_`, `hte_`).

use super::vocabulary;

vocabulary! {
    /// HTCDS `vic_TraffickingStatus`: the identification decision.
    TraffickingStatus, "vic_TraffickingStatus" {
        PossibleVictim = "PossibleVictimOfTrafficking", "Possible victim of trafficking";
        ActualVictim = "ActualVictimOfTrafficking", "Actual victim of trafficking";
        NotAVictim = "NotAVictimOfTrafficking", "Not a victim of trafficking";
    }
}

vocabulary! {
    /// HTCDS `vic_TraffickingStatusDecisionMakingOrg`: which kind of body decided the status.
    DecisionMakingOrg, "vic_TraffickingStatusDecisionMakingOrg" {
        Police = "Police", "Police";
        Ngo = "NGO", "NGO";
        CourtOrProsecution = "CourtOrProsecution", "Court or prosecution";
        NonPoliceGovernmental = "NonPoliceGovernmentalOrganization", "Non-police government body";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `vic_RelationshipToTrafficker` (the standard's spelling kept).
    RelationshipToTrafficker, "vic_RelationshipToTrafficker" {
        Familial = "Familial", "Family member";
        Acquainted = "Acquainted", "Acquaintance";
        Unacquainted = "Unaquainted", "Stranger";
    }
}

vocabulary! {
    /// HTCDS `vic_MethodOfRecruitment`.
    MethodOfRecruitment, "vic_MethodOfRecruitment" {
        AtAPlaceOfBusiness = "AtAPlaceOfBusiness", "At a place of business";
        AtAnEducationalInstitution = "AtAnEducationalInstitution", "At an educational institution";
        AtWork = "AtWork", "At work";
        ThroughOnlineSocialNetworks = "ThroughOnlineSocialNetworks", "Through online social networks";
        ThroughAnOnlineAdvertisement = "ThroughAnOnlineAdvertisement", "Through an online advertisement";
        ThroughATelevisionAdvert = "ThroughATelevisionAdvert", "Through a television advert";
        ThroughANewspaperAdvert = "ThroughANewspaperAdvert", "Through a newspaper advert";
        ThroughFamilyOrFamilyEvents = "ThroughFamilyOrFamilyEvents", "Through family or family events";
        ThroughFriendsOrSocialEvents = "ThroughFriendsOrSocialEvents", "Through friends or social events";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `vic_MethodsOfControl`.
    MethodOfControl, "vic_MethodsOfControl" {
        PhysicalThreats = "PhysicalThreats", "Physical threats";
        ThreatsLawEnforcement = "ThreatsLawEnforcement", "Threats of law enforcement";
        ThreatensChildrenFamily = "ThreatensChildrenFamily", "Threats against children or family";
        DebtBondage = "DebtBondage", "Debt bondage";
        FalsePromises = "FalsePromises", "False promises";
        PhysicalAbuse = "PhysicalAbuse", "Physical abuse";
        SexualAbuse = "SexualAbuse", "Sexual abuse";
        TakesEarnings = "TakesEarnings", "Takes earnings";
        RestrictsFinancialAccess = "RestrictsFinancialAccess", "Restricts financial access";
        RestrictsMedicalCare = "RestrictsMedicalCare", "Restricts medical care";
        WithholdsNecessities = "WithholdsNecessities", "Withholds necessities";
        PsychologicalAbuse = "PsychologicalAbuse", "Psychological abuse";
        PsychoactiveSubstance = "PsychoactiveSubstance", "Psychoactive substances";
        ExcessiveWorkingHours = "ExcessiveWorkingHours", "Excessive working hours";
        WithholdsDocuments = "WithholdsDocuments", "Withholds documents";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `vic_TypeOfExploitation`.
    ExploitationType, "vic_TypeOfExploitation" {
        ForcedLabour = "ForcedLabour", "Forced labour";
        SexualExploitation = "SexualExploitation", "Sexual exploitation";
        ChildLabour = "ChildLabour", "Child labour";
        ForcedMarriage = "ForcedMarriage", "Forced marriage";
        Servitude = "Servitude", "Servitude";
        ForcedMilitary = "ForcedMilitaryByNonStateActors", "Forced military service by non-state actors";
        OrganRemoval = "OrganRemoval", "Organ removal";
        ForcedBegging = "ForcedBegging", "Forced begging";
        ForcedAdoption = "ForcedAdoption", "Forced adoption";
        Surrogacy = "Surrogacy", "Surrogacy";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `vic_ForcedLabourIndustry` (ISIC sections).
    ForcedLabourIndustry, "vic_ForcedLabourIndustry" {
        AgricultureForestryAndFishing = "A_AgricultureForestryAndFishing", "Agriculture, forestry and fishing";
        MiningAndQuarrying = "B_MiningAndQuarrying", "Mining and quarrying";
        Manufacturing = "C_Manufacturing", "Manufacturing";
        ElectricityGasSteam = "D_ElectricityGasSteamAndAirConditioningSupply", "Electricity, gas, steam and air conditioning supply";
        WaterSupplySewerage = "E_WaterSupplySewerageWasteManagement", "Water supply, sewerage and waste management";
        Construction = "F_Construction", "Construction";
        WholesaleAndRetail = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", "Wholesale and retail trade";
        TransportationAndStorage = "H_TransportationAndStorage", "Transportation and storage";
        AccommodationAndFood = "I_AccommodationAndFoodServiceActivities", "Accommodation and food services";
        InformationAndCommunication = "J_InformationAndCommunication", "Information and communication";
        FinancialAndInsurance = "K_FinancialAndInsuranceActivities", "Financial and insurance activities";
        RealEstate = "L_RealEstateActivities", "Real estate";
        Professional = "M_ProfessionalScientificAndTechnicalActivities", "Professional, scientific and technical activities";
        AdministrativeAndSupport = "N_AdministrativeAndSupportServiceActivities", "Administrative and support services";
        PublicAdministration = "O_PublicAdministrationAndDefence", "Public administration and defence";
        Education = "P_Education", "Education";
        HealthAndSocialWork = "Q_HumanHealthAndSocialWorkActivities", "Health and social work";
        ArtsAndEntertainment = "R_ArtsEntertainmentAndRecreation", "Arts, entertainment and recreation";
        OtherServices = "S_OtherServiceActivities", "Other services";
        HouseholdsAsEmployers = "T_ActivitiesOfHouseholdsAsEmployers", "Households as employers (domestic work)";
        Extraterritorial = "U_ActivitiesOfExtraterritorialOrganizations", "Extraterritorial organisations";
    }
}

vocabulary! {
    /// HTCDS `vic_TypeOfSexExploitation`.
    SexExploitationType, "vic_TypeOfSexExploitation" {
        Prostitution = "Prostitution", "Prostitution";
        Pornography = "Pornography", "Pornography";
        RemoteInteractiveServices = "RemoteInteractiveServices", "Remote interactive services";
        PrivateSexualServices = "PrivateSexualServices", "Private sexual services";
    }
}

vocabulary! {
    /// HTCDS `vic_Vulnerabilities`.
    Vulnerability, "vic_Vulnerabilities" {
        Addiction = "Addiction", "Addiction";
        SocialGroup = "SocialGroup", "Social group";
        Discrimination = "Discrimination", "Discrimination";
        Poverty = "Poverty", "Poverty";
        DisabilityAndPhysicalHealth = "DisabilityAndPhysicalHealth", "Disability and physical health";
        MentalHealth = "MentalHealth", "Mental health";
        Migration = "Migration", "Migration";
        Homelessness = "Homelessness", "Homelessness";
        AbuseSocialMedia = "AbuseSocialMedia", "Abuse through social media";
        AbusePhysical = "AbusePhysical", "Physical abuse";
        Education = "Education", "Education";
        WorkEnvironment = "WorkEnvironment", "Work environment";
    }
}

vocabulary! {
    /// HTCDS `per_RoleInProcess`.
    PerpetratorRole, "per_RoleInProcess" {
        TravellingPartner = "TravellingPartner", "Travelling partner";
        Transporter = "Transporter", "Transporter";
        RecruiterOrIntermediary = "RecruiterOrIntermediary", "Recruiter or intermediary";
        BrokerTravelAgent = "BrokerTravelAgent", "Broker or travel agent";
        TransferredIndividual = "TransferredIndividual", "Transferred the person";
        HarbouredIndividual = "HarbouredIndividual", "Harboured the person";
        SoldIndividual = "SoldIndividual", "Sold the person";
        BoughtIndividual = "BoughtIndividual", "Bought the person";
        ReceivedIndividual = "ReceivedIndividual", "Received the person";
        ControlledIndividual = "ControlledIndividual", "Controlled the person";
        Smuggler = "Smuggler", "Smuggler";
        Abuser = "Abuser", "Abuser";
        Kidnapper = "Kidnapper", "Kidnapper";
        Exploiter = "Exploiter", "Exploiter";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// HTCDS `hte_Type`: the stage of a trafficking event.
    EventType, "hte_Type" {
        Recruitment = "Recruitment", "Recruitment";
        Transit = "Transit", "Transit";
        Exploitation = "Exploitation", "Exploitation";
    }
}

/// Declares one of the two HTCDS picklists of websites and apps; both have the same values.
macro_rules! websites_and_apps {
    ($(#[$meta:meta])* $name:ident, $vocab:literal) => {
        vocabulary! {
            $(#[$meta])*
            $name, $vocab {
                Facebook = "Facebook", "Facebook";
                Instagram = "Instagram", "Instagram";
                WhatsApp = "WhatsApp", "WhatsApp";
                Telegram = "Telegram", "Telegram";
                FacebookMessenger = "FacebookMessenger", "Facebook Messenger";
                Viber = "Viber", "Viber";
                SnapChat = "SnapChat", "SnapChat";
                Line = "Line", "Line";
                FourSale = "4Sale", "4Sale";
                WeChat = "WeChat", "WeChat";
                Qq = "QQ", "QQ";
                QZone = "QZone", "QZone";
                TikTok = "TikTok", "TikTok";
                Twitter = "Twitter", "Twitter";
                Other = "Other", "Other";
            }
        }
    };
}

websites_and_apps! {
    /// HTCDS `vic_RecruitmentWebsitesAndApps`: platforms perpetrators used to find the victim.
    RecruitmentWebsite, "vic_RecruitmentWebsitesAndApps"
}

websites_and_apps! {
    /// HTCDS `vic_ExploitationWebsitesAndApps`: platforms used to exploit the victim.
    ExploitationWebsite, "vic_ExploitationWebsitesAndApps"
}
