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
