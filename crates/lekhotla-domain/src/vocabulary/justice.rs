//! Vocabularies of the criminal-justice path: investigation units, offences, DPP decisions, hearings, verdicts.

use super::vocabulary;

vocabulary! {
    /// The police unit that investigates.
    InvestigationUnit, "lk_InvestigationUnit" {
        AntiTraffickingUnit = "AntiTraffickingUnit", "Anti-trafficking and anti-smuggling unit";
        Cgpu = "CGPU", "Child and Gender Protection Unit";
        CriminalInvestigation = "CriminalInvestigation", "Criminal investigation department";
        AntiCorruption = "AntiCorruption", "Anti-corruption directorate";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// Offences charged under the Anti-Trafficking in Persons Act 2011 (as amended 2021) and related law.
    Offence, "lk_Offence" {
        TraffickingInPersons = "TraffickingInPersons", "Trafficking in persons";
        TraffickingInChildren = "TraffickingInChildren", "Trafficking in children";
        AttemptOrConspiracy = "AttemptOrConspiracy", "Attempt, conspiracy or incitement to traffic";
        FacilitatingTrafficking = "FacilitatingTrafficking", "Facilitating trafficking (premises, transport, documents)";
        UsingServicesOfVictim = "UsingServicesOfVictim", "Knowingly using the services of a victim";
        DocumentOffence = "DocumentOffence", "Destroying, concealing or withholding travel or identity documents";
        OfficialComplicity = "OfficialComplicity", "Complicity of a public official";
        Other = "Other", "Other offence";
    }
}

vocabulary! {
    /// The Director of Public Prosecutions' decision on a docket.
    DppDecisionKind, "lk_DppDecision" {
        Prosecute = "Prosecute", "Prosecute";
        FurtherInvestigation = "FurtherInvestigation", "Return for further investigation";
        Decline = "Decline", "Decline to prosecute";
    }
}

vocabulary! {
    /// What a court hearing was for.
    HearingKind, "lk_HearingKind" {
        FirstAppearance = "FirstAppearance", "First appearance";
        Bail = "Bail", "Bail hearing";
        Trial = "Trial", "Trial";
        Sentencing = "Sentencing", "Sentencing";
        Postponement = "Postponement", "Postponement";
        Other = "Other", "Other";
    }
}

vocabulary! {
    /// The outcome of a prosecution for one accused.
    VerdictOutcome, "lk_VerdictOutcome" {
        Conviction = "Conviction", "Convicted";
        Acquittal = "Acquittal", "Acquitted";
        Withdrawal = "Withdrawal", "Charges withdrawn";
    }
}
