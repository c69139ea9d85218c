//! Prevention work's vocabularies (Lekhotla's own; HTCDS covers cases only).

use super::vocabulary;

vocabulary! {
    /// Who an awareness campaign was for.
    CampaignAudience, "lk_CampaignAudience" {
        GeneralPublic = "GeneralPublic", "General public";
        Learners = "Learners", "Learners and students";
        JobSeekers = "JobSeekers", "Job seekers";
        MigrantWorkers = "MigrantWorkers", "Basotho working abroad";
        Employers = "Employers", "Employers and recruiters";
        Officials = "Officials", "Officials (police, border, labour)";
        CommunityLeaders = "CommunityLeaders", "Chiefs and community leaders";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// How a campaign reached its audience.
    CampaignChannel, "lk_CampaignChannel" {
        Gathering = "Gathering", "Public gathering (pitso)";
        Schools = "Schools", "Schools";
        Radio = "Radio", "Radio";
        Television = "Television", "Television";
        SocialMedia = "SocialMedia", "Social media";
        Print = "Print", "Posters and leaflets";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// What the people trained do (the sectors the National Strategic Framework trains).
    TrainingRole, "lk_TrainingRole" {
        Police = "Police", "Police officers";
        Prosecutors = "Prosecutors", "Prosecutors";
        Magistrates = "Magistrates", "Magistrates and judges";
        Immigration = "Immigration", "Immigration and border officials";
        Labour = "Labour", "Labour inspectors";
        SocialWorkers = "SocialWorkers", "Social workers";
        HealthWorkers = "HealthWorkers", "Health workers";
        Teachers = "Teachers", "Teachers";
        NgoWorkers = "NgoWorkers", "NGO and shelter staff";
        CommunityLeaders = "CommunityLeaders", "Chiefs and community leaders";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// The agencies present at a joint inspection of an employer.
    InspectionAgency, "lk_InspectionAgency" {
        Labour = "Labour", "Labour inspectorate";
        Immigration = "Immigration", "Immigration";
        Police = "Police", "Police";
        Revenue = "Revenue", "Revenue authority";
        Health = "Health", "Health";
        SocialDevelopment = "SocialDevelopment", "Social development";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// Which way the travellers screened at a port of entry were going.
    TravelDirection, "lk_TravelDirection" {
        Entering = "Entering", "Entering Lesotho";
        Leaving = "Leaving", "Leaving Lesotho";
        Both = "Both", "Both directions";
    }
}

vocabulary! {
    /// Indicators of trafficking observed when screening travellers at a port of entry.
    ScreeningIndicator, "lk_ScreeningIndicator" {
        NoOwnDocuments = "NoOwnDocuments", "Travelling without own documents (held by someone else)";
        ChildWithNonRelative = "ChildWithNonRelative", "A child accompanied by an adult who is not a relative";
        TooGoodJobOffer = "TooGoodJobOffer", "A job offer abroad too good to be true";
        ControlOrFear = "ControlOrFear", "Signs of control or fear";
        InconsistentStory = "InconsistentStory", "An inconsistent story";
        Other = "Other", "Other";
    }
}
