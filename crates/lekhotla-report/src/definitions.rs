//! What every figure counts: the definitions printed with each table, in every file, and in the README's
//! "The country's figures" (a test checks the README states each one). Changing a definition's meaning means
//! raising [`DEFINITIONS_VERSION`], which every report and frozen report records.

/// The version of these definitions.
pub const DEFINITIONS_VERSION: u32 = 1;

/// The notes every report starts with.
pub fn notes() -> Vec<String> {
    [GENERAL, CONSENT, PLACE, SUPPRESSION].iter().map(|s| (*s).to_owned()).collect()
}

pub const GENERAL: &str = "Every figure is counted from the case records by the database when the report is made; \
    no figure is typed in. A period includes its first and last days.";
pub const CONSENT: &str = "Victims whose latest consent to statistics was refused or withdrawn are not counted in any \
    victim figure; case and court figures count their cases.";
pub const PLACE: &str = "A case counts in the district where it is registered; the scope of a hub is its districts.";
pub const SUPPRESSION: &str = "Cells marked x are suppressed: counts from 1 to the threshold less one (primary), and \
    further cells chosen so that no suppressed cell can be worked out, to within the protection range, from the \
    published cells and totals of the whole report (secondary; checked by an interval audit with a linear program). \
    A zero is published.";

pub const VICTIMS: &str = "Victims identified: people recorded as victims whose identification date falls in the \
    period, presumed (status: possible victim) or confirmed (status: actual victim); people found not to be victims \
    are not counted.";
pub const AGE: &str = "Age at identification, from the birth date (kept sealed; only the band is stored open) or \
    else the estimated age; a child is under 18. The bands are CTDC's broad age ranges. A group is the sum of its \
    bands.";
pub const NATIONALITY: &str = "Nationality is the first citizenship recorded.";
pub const FORMS: &str = "Forms of exploitation as recorded for each victim (HTCDS); a victim exploited in several \
    forms counts under each, so the rows add up to more than the total.";
pub const INDUSTRY: &str = "Victims with a form of labour exploitation (forced or child labour, servitude, forced \
    begging, forced military service) identified in the period, by the industry recorded (ISIC sections).";
pub const DISTRICT: &str = "The district where the victim's case is registered.";
pub const SOURCE: &str = "How the victim's case came to light (the case's detection source).";
pub const COUNTRY: &str = "Nationality (first citizenship) against the country where the victim was exploited, as \
    recorded.";
pub const REFERRED: &str = "Victims counted in the victim figures with a referral to a service sent in the period, \
    whatever their identification date; by age group at identification. A victim referred to several services \
    counts under each and once in the total row.";
pub const ASSISTED: &str = "Victims with a referral whose service was recorded as delivered in the period; as for \
    referrals.";
pub const SHELTER: &str = "Placements: Shelter referrals delivered in the period. Victims sheltered and nights: \
    Shelter referrals delivered on or before the period's end and not closed before its start; nights run from the \
    delivery to the closing (or the period's end), within the period.";
pub const TESTIFIED: &str = "Cases with a hearing in the period at which a victim testified.";
pub const COMPENSATION: &str = "Compensation orders dated in the period. The amount is shown only where the \
    number of victims awarded is published.";
pub const INVESTIGATIONS: &str = "Initiated: investigations opened in the period. Continued: opened before the \
    period and not closed before it began. By the case's form of exploitation: sex or labour trafficking when its \
    victims' forms include sexual exploitation or labour exploitation, both when they include both.";
pub const PROSECUTIONS: &str = "A prosecution is initiated on the DPP's decision to prosecute. Initiated: the \
    decision falls in the period. Continued: the decision came earlier and at the period's start the case was still \
    before the court (not withdrawn, and not every charged accused had a verdict).";
pub const CONVICTIONS: &str = "Cases with at least one conviction dated in the period, by whether the prosecution \
    was initiated in the period or earlier.";
pub const ACCUSED: &str = "Persons (suspects and accused), each counted once per row: suspects in cases whose \
    investigation was opened in the period; accused with a charge filed in the period; accused convicted or \
    acquitted in the period. A person may be in several rows.";
pub const OFFICIALS: &str = "As for suspects and accused persons, counting only those recorded as public officials \
    (complicity).";
pub const SENTENCES: &str = "Sentences dated in the period, by the prison term imposed; a sentence with a fine, or \
    suspended, counts in those columns too.";
pub const BEFORE_COURT: &str = "Cases before the courts on the last day of the period: the DPP decided to \
    prosecute on or before it, the prosecution was not withdrawn, and not every charged accused had a verdict; by \
    the time since the decision to prosecute.";
pub const WAITING: &str = "On the last day of the period: prosecutions referred to the DPP without a decision (or \
    returned for further investigation), and of those referred more than 12 months before; investigations open, \
    and of those the ones whose docket has no custodian on record (missing or unlocated).";
pub const DETECTIONS: &str = "Cases detected in the period (the detection date), by how they came to light: border \
    screening at ports of entry, labour inspections, hotlines, communities, NGOs, police, other countries.";
pub const CAMPAIGNS: &str = "Awareness campaigns that started in the period (their first day), by where they took \
    place: the district in Lesotho, or the country abroad (Basotho in South Africa and elsewhere).";
pub const CAMPAIGN_REACH: &str = "People reached by the awareness campaigns that started in the period, as each \
    campaign recorded them (counted at gatherings, estimated for radio and print), by where the campaign took place.";
pub const TRAININGS: &str = "Trainings that started in the period (their first day), by where they took place: \
    the district in Lesotho, or the country abroad.";
pub const TRAINED: &str = "People who took part in the trainings that started in the period, as each training \
    counted its participants, by where the training took place.";
pub const TRAINED_ROLES: &str = "People who took part in the trainings that started in the period, by what they do \
    (police, prosecutors, immigration and labour officials...).";
pub const TRAINED_SEXES: &str = "People who took part in the trainings that started in the period, by sex.";
pub const INSPECTIONS: &str = "Joint inspections of employers (labour, immigration, police and others) on a day in \
    the period, by district.";
pub const INSPECTED_WORKERS: &str = "Foreign workers checked at the joint inspections in the period, as each \
    inspection recorded them, by district.";
pub const INSPECTIONS_WITH_CASE: &str = "Joint inspections in the period from which at least one case was opened \
    (linked by its case number), by district.";
pub const SCREENINGS: &str = "Screening sessions of travellers at ports of entry that started in the period (their \
    first day), by port of entry or by the port's district (a port whose district is not established counts in the \
    national figures only).";
pub const SCREENED: &str = "Travellers screened at the screening sessions of the period, as each session counted \
    them, by port of entry or by the port's district.";
pub const SCREENING_REFERRED: &str = "People referred for further screening from the screening sessions of the \
    period, by port of entry.";
pub const SCREENING_CASES: &str = "Cases opened from the screening sessions of the period (linked by their case \
    numbers), by port of entry.";
pub const REFERRALS_SENT: &str = "Referrals sent in the period to a service (revoked ones left out), by the district \
    of the case.";
pub const ANSWERED_ON_TIME: &str = "Referrals sent in the period that the receiving service answered (accepted or \
    declined) within its response deadline in days, a child's or a victim of unknown age's being the shorter, by \
    the period's last day. The deadlines are those set at the time the report is made.";
pub const WAITING_LATE: &str = "Referrals sent in the period still unanswered on its last day and past their \
    response deadline then, by the district of the case.";
pub const UNODC_VICTIMS: &str = "The victim figures in UNODC's groups: girls and boys are under 18 at \
    identification, women and men 18 or over; other sexes and unknown ages are shown apart.";
pub const UNODC_PERSONS: &str = "Persons prosecuted: accused with a charge filed in the period. Persons convicted: \
    accused convicted in the period.";
pub const SDG: &str = "Victims identified in the period per 100,000 population, with the population of the 2016 \
    census (Lesotho Bureau of Statistics) from the geography file. The rate is published only where the number of \
    victims is. Rates by sex and age need the population by sex and age, which the geography file does not hold; \
    the counts by sex and age are in the protection tables.";

/// Every table definition, for the README check.
pub const ALL: &[&str] = &[
    GENERAL,
    CONSENT,
    PLACE,
    SUPPRESSION,
    VICTIMS,
    AGE,
    NATIONALITY,
    FORMS,
    INDUSTRY,
    DISTRICT,
    SOURCE,
    COUNTRY,
    REFERRED,
    ASSISTED,
    SHELTER,
    TESTIFIED,
    COMPENSATION,
    INVESTIGATIONS,
    PROSECUTIONS,
    CONVICTIONS,
    ACCUSED,
    OFFICIALS,
    SENTENCES,
    BEFORE_COURT,
    WAITING,
    DETECTIONS,
    CAMPAIGNS,
    CAMPAIGN_REACH,
    TRAININGS,
    TRAINED,
    TRAINED_ROLES,
    TRAINED_SEXES,
    INSPECTIONS,
    INSPECTED_WORKERS,
    INSPECTIONS_WITH_CASE,
    SCREENINGS,
    SCREENED,
    SCREENING_REFERRED,
    SCREENING_CASES,
    REFERRALS_SENT,
    ANSWERED_ON_TIME,
    WAITING_LATE,
    UNODC_VICTIMS,
    UNODC_PERSONS,
    SDG,
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_states_every_definition() {
        let readme = include_str!("../../../README.md");
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let readme = flat(readme);
        for d in super::ALL {
            assert!(readme.contains(&flat(d)), "the README's \"The country's figures\" lacks: {d}");
        }
        assert!(readme.contains(&format!("Definitions (version {})", super::DEFINITIONS_VERSION)));
    }
}
