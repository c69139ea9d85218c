//! The file layout: every file's name and columns, in the order they are written.
//!
//! A column is named after its HTCDS 2.0 field (`prs_Gender`, `hte_Date`) when the standard has one, and
//! `lk_...` otherwise. `crates/lekhotla-htcds/README.md` describes each column.

/// Columns shared by several files.
pub(crate) const CASE_ID: &str = "lk_CaseId";
pub(crate) const VERSION: &str = "lk_Version";
pub(crate) const VICTIM_ID: &str = "lk_VictimId";
pub(crate) const ACCUSED_ID: &str = "lk_AccusedId";
pub(crate) const NOTES: &str = "lk_Notes";

pub(crate) mod organisations {
    pub const FILE: &str = "organisations.csv";
    pub const ID: &str = "lk_OrgId";
    pub const NAME: &str = "org_Name";
    pub const TYPE: &str = "org_Type";
    pub const DISTRICT: &str = "org_ShippingState";
    pub const SERVICES: &str = "lk_Services";
    pub const PHONE: &str = "org_Phone";
    pub const STREET: &str = "org_ShippingStreet";
    pub const CITY: &str = "org_ShippingCity";
    pub const POSTAL_CODE: &str = "org_ShippingPostalCode";
    pub const COUNTRY: &str = "org_ShippingCountry";
    pub const LATITUDE: &str = "org_ShippingLatitude";
    pub const LONGITUDE: &str = "org_ShippingLongitude";
    pub const COLUMNS: &[&str] = &[
        ID,
        super::VERSION,
        NAME,
        TYPE,
        DISTRICT,
        SERVICES,
        PHONE,
        STREET,
        CITY,
        POSTAL_CODE,
        COUNTRY,
        LATITUDE,
        LONGITUDE,
    ];
}

pub(crate) mod cases {
    use super::{CASE_ID, VERSION};
    pub const FILE: &str = "cases.csv";
    pub const NUMBER: &str = "lk_CaseNumber";
    pub const STATUS: &str = "cas_Status";
    pub const CLOSURE_REASON: &str = "cas_ReasonForCaseClosure";
    pub const OWNER: &str = "cas_CaseOwner";
    pub const OWNER_USER: &str = "lk_CaseOwnerUserId";
    pub const ORG_ID: &str = "lk_OrgId";
    pub const DISTRICT: &str = "lk_District";
    pub const DETECTION_SOURCE: &str = "lk_DetectionSource";
    pub const DETECTED_ON: &str = "lk_DetectedOn";
    pub const PORT_OF_ENTRY: &str = "lk_PortOfEntry";
    pub const SUMMARY: &str = "lk_Summary";
    pub const REFERRING_ORG: &str = "cas_ReferringOrganisation";
    pub const INCOMING_ON: &str = "cas_IncomingReferralDate";
    pub const INCOMING_REASON: &str = "cas_ReasonForIncomingReferral";
    pub const INCOMING_DETAILS: &str = "cas_IncomingReferralDetails";
    pub const REFERRING_WORKER: &str = "cas_ReferringPrimaryCaseWorker";
    pub const REFERRING_WORKER_USER: &str = "lk_ReferringPrimaryCaseWorkerUserId";
    pub const CREATED_AT: &str = "lk_CreatedAt";
    pub const UPDATED_AT: &str = "lk_UpdatedAt";
    /// The columns of the incoming referral, empty together when the case was not referred here.
    pub const INCOMING: &[&str] =
        &[REFERRING_ORG, INCOMING_ON, INCOMING_REASON, INCOMING_DETAILS, REFERRING_WORKER, REFERRING_WORKER_USER];
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        NUMBER,
        VERSION,
        STATUS,
        CLOSURE_REASON,
        OWNER,
        OWNER_USER,
        ORG_ID,
        DISTRICT,
        DETECTION_SOURCE,
        DETECTED_ON,
        PORT_OF_ENTRY,
        SUMMARY,
        REFERRING_ORG,
        INCOMING_ON,
        INCOMING_REASON,
        INCOMING_DETAILS,
        REFERRING_WORKER,
        REFERRING_WORKER_USER,
        CREATED_AT,
        UPDATED_AT,
    ];
}

pub(crate) mod persons;

pub(crate) mod events {
    use super::{CASE_ID, VERSION, VICTIM_ID};
    pub const FILE: &str = "events.csv";
    pub const ID: &str = "lk_EventId";
    pub const TYPE: &str = "hte_Type";
    pub const DATE: &str = "hte_Date";
    pub const COUNTRY: &str = "hte_Country";
    pub const DISTRICT: &str = "lk_District";
    pub const STATE: &str = "hte_State";
    pub const PORT_OF_ENTRY: &str = "lk_PortOfEntry";
    pub const CITY: &str = "hte_City";
    pub const PLACE: &str = "hte_Street";
    pub const POSTAL_CODE: &str = "hte_PostalCode";
    pub const DESCRIPTION: &str = "hte_Description";
    pub const LATITUDE: &str = "hte_Latitude";
    pub const LONGITUDE: &str = "hte_Longitude";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        TYPE,
        DATE,
        COUNTRY,
        DISTRICT,
        STATE,
        PORT_OF_ENTRY,
        CITY,
        PLACE,
        POSTAL_CODE,
        DESCRIPTION,
        LATITUDE,
        LONGITUDE,
        VICTIM_ID,
    ];
}

pub(crate) mod referrals {
    use super::{CASE_ID, VERSION, VICTIM_ID};
    pub const FILE: &str = "referrals.csv";
    pub const ID: &str = "lk_ReferralId";
    pub const FROM_ORG: &str = "cas_ReferringOrganisation";
    pub const TO_ORG: &str = "cas_ReferredOrganisation";
    pub const REFERRING_WORKER: &str = "cas_ReferringPrimaryCaseWorker";
    pub const REFERRING_WORKER_USER: &str = "lk_ReferringPrimaryCaseWorkerUserId";
    pub const REFERRED_WORKER: &str = "cas_ReferredPrimaryCaseWorker";
    pub const REFERRED_WORKER_USER: &str = "lk_ReferredPrimaryCaseWorkerUserId";
    pub const SERVICE: &str = "lk_Service";
    pub const REASON: &str = "cas_ReasonForOutgoingReferral";
    pub const DETAILS: &str = "cas_OutgoingReferralDetails";
    pub const AUTOMATIC: &str = "lk_Automatic";
    pub const STATE: &str = "lk_State";
    pub const SENT_ON: &str = "cas_OutgoingReferralDate";
    pub const RESPONDED_ON: &str = "lk_RespondedOn";
    pub const DECLINE_REASON: &str = "lk_DeclineReason";
    pub const DELIVERED_ON: &str = "lk_DeliveredOn";
    pub const DELIVERY_NOTE: &str = "lk_DeliveryNote";
    pub const CLOSED_ON: &str = "lk_ClosedOn";
    pub const END_REASON: &str = "lk_EndReason";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        VICTIM_ID,
        FROM_ORG,
        TO_ORG,
        REFERRING_WORKER,
        REFERRING_WORKER_USER,
        REFERRED_WORKER,
        REFERRED_WORKER_USER,
        SERVICE,
        REASON,
        DETAILS,
        AUTOMATIC,
        STATE,
        SENT_ON,
        RESPONDED_ON,
        DECLINE_REASON,
        DELIVERED_ON,
        DELIVERY_NOTE,
        CLOSED_ON,
        END_REASON,
    ];
}

pub(crate) mod consents {
    use super::{CASE_ID, VERSION, VICTIM_ID};
    pub const FILE: &str = "consents.csv";
    pub const ID: &str = "lk_ConsentId";
    pub const PURPOSE: &str = "lk_Purpose";
    pub const GIVEN: &str = "con_Consent";
    pub const RECORDED_ON: &str = "lk_RecordedOn";
    pub const WITHDRAWN_ON: &str = "lk_WithdrawnOn";
    pub const RECORDED_BY: &str = "lk_RecordedBy";
    pub const GIVEN_BY: &str = "lk_GivenBy";
    pub const CHILD_ASSENT: &str = "lk_ChildAssent";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        VICTIM_ID,
        PURPOSE,
        GIVEN,
        RECORDED_ON,
        WITHDRAWN_ON,
        RECORDED_BY,
        GIVEN_BY,
        CHILD_ASSENT,
    ];
}

pub(crate) mod support_plans {
    use super::{CASE_ID, VERSION, VICTIM_ID};
    pub const FILE: &str = "support_plans.csv";
    pub const ID: &str = "lk_SupportPlanId";
    pub const TYPE: &str = "spl_Type";
    pub const PROVIDER: &str = "lk_ProviderOrgId";
    pub const OBJECTIVES: &str = "spl_Objectives";
    pub const ACTION_PLAN: &str = "spl_ActionPlan";
    pub const STARTED_ON: &str = "lk_StartedOn";
    pub const PLANNED_END: &str = "spl_PlannedEndDate";
    pub const ACTUAL_END: &str = "spl_ActualEndDate";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        VICTIM_ID,
        TYPE,
        PROVIDER,
        OBJECTIVES,
        ACTION_PLAN,
        STARTED_ON,
        PLANNED_END,
        ACTUAL_END,
    ];
}

pub(crate) mod comments {
    use super::CASE_ID;
    pub const FILE: &str = "comments.csv";
    pub const ID: &str = "lk_CommentId";
    pub const AUTHOR: &str = "lk_Author";
    pub const AT: &str = "lk_At";
    pub const TEXT: &str = "cco_CaseComment";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, AUTHOR, AT, TEXT];
}

pub(crate) mod links {
    use super::CASE_ID;
    pub const FILE: &str = "case_links.csv";
    pub const OTHER: &str = "lk_OtherCaseId";
    pub const KIND: &str = "lk_LinkKind";
    pub const COLUMNS: &[&str] = &[CASE_ID, OTHER, KIND];
}

pub(crate) mod investigations {
    use super::{CASE_ID, VERSION};
    pub const FILE: &str = "investigations.csv";
    pub const ID: &str = "lk_InvestigationId";
    pub const UNIT: &str = "lk_Unit";
    pub const ORG_ID: &str = "lk_OrgId";
    pub const INVESTIGATOR: &str = "lk_Investigator";
    pub const OPENED_ON: &str = "lk_OpenedOn";
    pub const DOCKET_NUMBER: &str = "lk_DocketNumber";
    pub const CUSTODIAN: &str = "lk_DocketCustodian";
    pub const COOPERATING: &str = "lk_CooperatingCountries";
    pub const CLOSED_ON: &str = "lk_ClosedOn";
    pub const CLOSURE_REASON: &str = "lk_ClosureReason";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        UNIT,
        ORG_ID,
        INVESTIGATOR,
        OPENED_ON,
        DOCKET_NUMBER,
        CUSTODIAN,
        COOPERATING,
        CLOSED_ON,
        CLOSURE_REASON,
    ];
}

pub(crate) mod transfers {
    use super::CASE_ID;
    pub const FILE: &str = "docket_transfers.csv";
    pub const ID: &str = "lk_DocketTransferId";
    pub const FROM: &str = "lk_FromCustodian";
    pub const TO: &str = "lk_ToCustodian";
    pub const ON: &str = "lk_TransferredOn";
    pub const REASON: &str = "lk_Reason";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, FROM, TO, ON, REASON];
}

pub(crate) mod prosecutions {
    use super::{CASE_ID, VERSION};
    pub const FILE: &str = "prosecutions.csv";
    pub const ID: &str = "lk_ProsecutionId";
    pub const PROSECUTOR: &str = "lk_Prosecutor";
    pub const REFERRED_ON: &str = "lk_ReferredOn";
    pub const DPP_DECISION: &str = "lk_DppDecision";
    pub const DPP_DECISION_ON: &str = "lk_DppDecisionOn";
    pub const SUMMONS_ON: &str = "lk_SummonsIssuedOn";
    pub const COURT: &str = "lk_Court";
    pub const COURT_CASE_NUMBER: &str = "lk_CourtCaseNumber";
    pub const WITHDRAWN_ON: &str = "lk_WithdrawnOn";
    pub const WITHDRAWAL_REASON: &str = "lk_WithdrawalReason";
    pub const COLUMNS: &[&str] = &[
        CASE_ID,
        ID,
        VERSION,
        PROSECUTOR,
        REFERRED_ON,
        DPP_DECISION,
        DPP_DECISION_ON,
        SUMMONS_ON,
        COURT,
        COURT_CASE_NUMBER,
        WITHDRAWN_ON,
        WITHDRAWAL_REASON,
    ];
}

pub(crate) mod charges {
    use super::{ACCUSED_ID, CASE_ID};
    pub const FILE: &str = "charges.csv";
    pub const ID: &str = "lk_ChargeId";
    pub const OFFENCE: &str = "lk_Offence";
    pub const STATUTE: &str = "lk_Statute";
    pub const COUNTS: &str = "lk_Counts";
    pub const FILED_ON: &str = "lk_FiledOn";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, ACCUSED_ID, OFFENCE, STATUTE, COUNTS, FILED_ON];
}

pub(crate) mod hearings {
    use super::{CASE_ID, NOTES};
    pub const FILE: &str = "hearings.csv";
    pub const ID: &str = "lk_HearingId";
    pub const ON: &str = "lk_HeldOn";
    pub const KIND: &str = "lk_HearingKind";
    pub const VICTIM_TESTIFIED: &str = "lk_VictimTestified";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, ON, KIND, VICTIM_TESTIFIED, NOTES];
}

pub(crate) mod verdicts {
    use super::{ACCUSED_ID, CASE_ID};
    pub const FILE: &str = "verdicts.csv";
    pub const ID: &str = "lk_VerdictId";
    pub const OUTCOME: &str = "lk_Outcome";
    pub const ON: &str = "lk_DecidedOn";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, ACCUSED_ID, OUTCOME, ON];
}

pub(crate) mod sentences {
    use super::{ACCUSED_ID, CASE_ID, NOTES};
    pub const FILE: &str = "sentences.csv";
    pub const ID: &str = "lk_SentenceId";
    pub const ON: &str = "lk_SentencedOn";
    pub const MONTHS: &str = "lk_ImprisonmentMonths";
    pub const FINE: &str = "lk_FineLsl";
    pub const SUSPENDED: &str = "lk_Suspended";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, ACCUSED_ID, ON, MONTHS, FINE, SUSPENDED, NOTES];
}

pub(crate) mod compensation {
    use super::{ACCUSED_ID, CASE_ID, VICTIM_ID};
    pub const FILE: &str = "compensation_orders.csv";
    pub const ID: &str = "lk_CompensationId";
    pub const AMOUNT: &str = "lk_AmountLsl";
    pub const ON: &str = "lk_OrderedOn";
    pub const COLUMNS: &[&str] = &[CASE_ID, ID, ACCUSED_ID, VICTIM_ID, AMOUNT, ON];
}

/// Every file, in the order they are read (a file is read after the files it refers to).
pub const FILES: &[&str] = &[
    organisations::FILE,
    cases::FILE,
    persons::FILE,
    events::FILE,
    referrals::FILE,
    consents::FILE,
    support_plans::FILE,
    comments::FILE,
    links::FILE,
    investigations::FILE,
    transfers::FILE,
    prosecutions::FILE,
    charges::FILE,
    hearings::FILE,
    verdicts::FILE,
    sentences::FILE,
    compensation::FILE,
];
