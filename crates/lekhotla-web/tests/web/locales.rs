//! The two languages' files: the same messages in both, every message a page asks for present, and
//! nothing left in English in the Sesotho file by mistake (each id's text differs, unless listed as the same
//! word in both languages).

use std::collections::BTreeSet;
use std::path::Path;

fn ids(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('*') && !l.starts_with('['))
        .filter_map(|l| l.split_once(" ="))
        .map(|(id, _)| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect()
}

fn messages(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(id, v)| (id.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Every `"id"` passed to `t(`, `t1(`, `n(` or `args(` in the templates and the page code.
fn used() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeSet::new();
    let mut files = Vec::new();
    let mut stack = vec![root.join("templates"), root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for call in ["t(\"", "t1(\"", "n(\"", "args(\""] {
            for (i, _) in text.match_indices(call) {
                // `.t("` as a method call only (not `format!("`, `assert!(`).
                if i == 0 || text.as_bytes()[i - 1] != b'.' {
                    continue;
                }
                let rest = &text[i + call.len()..];
                let id = rest.split('"').next().unwrap_or_default();
                if !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                    out.insert(id.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn english_and_sesotho_have_the_same_messages() {
    let en = ids("en.ftl");
    let st = ids("st.ftl");
    let only_en: Vec<_> = en.difference(&st).collect();
    let only_st: Vec<_> = st.difference(&en).collect();
    assert!(only_en.is_empty(), "messages missing from st.ftl: {only_en:?}");
    assert!(only_st.is_empty(), "messages missing from en.ftl: {only_st:?}");
}

#[test]
fn every_message_a_page_asks_for_exists() {
    let en = ids("en.ftl");
    let missing: Vec<_> = used().into_iter().filter(|id| !en.contains(id)).collect();
    assert!(missing.is_empty(), "messages used by the pages but missing from en.ftl: {missing:?}");
}

/// Words that are the same in both languages (names, codes, loan words).
const SAME_IN_BOTH: &[&str] = &[
    "app-name",
    "dash-database",
    "count-cases",
    "ref-count",
    "ref-days",
    "justice-hearings",
    "report-file-sensitive",
    // Countries whose names Sesotho writes as English does.
    "country-ls",
    "country-bw",
    "country-sz",
    "country-na",
    "country-mz",
    "country-zw",
];

#[test]
fn sesotho_is_not_english_left_in_place() {
    let en: std::collections::BTreeMap<_, _> = messages("en.ftl").into_iter().collect();
    let copied: Vec<_> = messages("st.ftl")
        .into_iter()
        .filter(|(id, _)| !SAME_IN_BOTH.contains(&id.as_str()) && !id.starts_with("vocab-"))
        .filter(|(id, v)| v.len() > 3 && !v.starts_with("{ $") && en.get(id) == Some(v))
        .map(|(id, _)| id)
        .collect();
    assert!(copied.is_empty(), "English text left in st.ftl: {copied:?}");
}

/// The message ids of every value of every vocabulary a page shows, and the case stages.
fn vocabulary_ids() -> Vec<String> {
    use lekhotla_domain::vocabulary::*;
    use lekhotla_domain::*;
    fn all<V: Vocabulary>(out: &mut Vec<String>) {
        out.extend(V::ALL.iter().map(|v| lekhotla_web::i18n::vocab_id(V::NAME, v.code())));
    }
    let mut out = Vec::new();
    macro_rules! each {
        ($($t:ty),+ $(,)?) => { $( all::<$t>(&mut out); )+ };
    }
    each!(
        CaseStatus,
        DetectionSource,
        OrgType,
        ServiceType,
        ReferralReason,
        IncomingReferralReason,
        ReferralState,
        ConsentPurpose,
        ConsentGiver,
        SupportPlanType,
        CaseLinkKind,
        InvestigationUnit,
        Offence,
        DppDecisionKind,
        HearingKind,
        VerdictOutcome,
        Gender,
        BusinessKind,
        MaritalStatus,
        EducationLevel,
        TraffickingStatus,
        DecisionMakingOrg,
        RelationshipToTrafficker,
        MethodOfRecruitment,
        MethodOfControl,
        ExploitationType,
        ForcedLabourIndustry,
        SexExploitationType,
        Vulnerability,
        PerpetratorRole,
        EventType,
        CampaignAudience,
        CampaignChannel,
        Pillar,
        ActivityStatus,
        EvidenceKind,
        IndicatorUnit,
        RecommendationCategory,
        RecommendationPriority,
        RecommendationStatus,
    );
    out.extend(CaseStage::ALL.iter().map(|s| lekhotla_web::i18n::vocab_id("stage", s.code())));
    out
}

#[test]
fn every_vocabulary_value_has_a_label_in_both_languages() {
    let en = ids("en.ftl");
    let st = ids("st.ftl");
    let missing: Vec<_> = vocabulary_ids().into_iter().filter(|id| !en.contains(id) || !st.contains(id)).collect();
    assert!(missing.is_empty(), "vocabulary labels missing: {missing:?}");
    let sesotho = lekhotla_web::i18n::Lang::St.tr();
    assert_eq!(sesotho.label("vic_TypeOfExploitation", "ForcedLabour", "Forced labour"), "Mosebetsi oa qobello");
}
