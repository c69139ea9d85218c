//! The README's table of acts is the act table: this test renders the table from
//! `Role::acts` and fails, printing the table to paste, when the README says anything else.

use lekhotla_identity::{Act, Role, Rule};

/// The roles that act on cases, as the columns.
const COLUMNS: [(Role, &str); 7] = [
    (Role::NationalCoordinator, "coordinator"),
    (Role::FocalPoint, "focal point"),
    (Role::Investigator, "investigator"),
    (Role::Prosecutor, "prosecutor"),
    (Role::ImmigrationOfficer, "immigration"),
    (Role::LabourInspector, "labour"),
    (Role::CaseWorker, "case worker"),
];

fn cell(rule: Option<Rule>) -> &'static str {
    match rule {
        None => "",
        Some(Rule::InScope) => "any",
        Some(Rule::OwnOrganisation) => "own org",
        Some(Rule::Working) => "working",
        Some(Rule::Receiver) => "receiver",
        Some(Rule::Sender) => "sender",
        Some(Rule::SenderOrReceiver) => "either side",
        Some(Rule::InvestigatingUnit) => "own unit",
        Some(Rule::Correction) => "correction",
    }
}

fn render() -> String {
    let mut out = String::from("| Act |");
    for (_, name) in COLUMNS {
        out.push_str(&format!(" {name} |"));
    }
    out.push_str("\n|---|");
    for _ in COLUMNS {
        out.push_str("---|");
    }
    out.push('\n');
    for act in Act::ALL {
        out.push_str(&format!("| `{act}` |"));
        for (role, _) in COLUMNS {
            let c = cell(role.rule_for(act));
            if c.is_empty() {
                out.push_str(" |");
            } else {
                out.push_str(&format!(" {c} |"));
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_readme_states_the_acts_of_each_role() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap_or_default();
    let (start, end) = ("<!-- acts:start -->\n", "<!-- acts:end -->");
    let table = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(table, _)| table.to_owned())
        .unwrap_or_default();
    let want = render();
    assert!(table == want, "README.md's act table differs from Role::acts; put this between the markers:\n{want}");
}

#[test]
fn roles_without_acts_see_no_case_content() {
    for role in [Role::DataAnalyst, Role::Auditor, Role::Admin] {
        assert!(role.acts().is_empty(), "{role}");
    }
}
