//! The people of a case as the case file lists them: victims, suspects and witnesses with their roles,
//! identification and trafficking status; sealed fields read `[sealed]` unless revealed.

use lekhotla_domain::{Case, PersonDetails, SuspectIdentity};
use lekhotla_identity::Act;

use super::ActLink;
use super::timeline::{Names, vocab};

/// One person of the case.
#[derive(Debug)]
pub struct Row {
    /// Victim, suspect, witness.
    pub kind: String,
    pub name: String,
    /// Born, age, gender (sealed parts as `[sealed]`).
    pub about: String,
    /// Their role: trafficking status, roles in the crime, whose witness.
    pub role: String,
    /// The edit form, when the reader may record people.
    pub edit: Option<String>,
}

fn about(p: &PersonDetails, names: &Names<'_>, revealed: bool) -> String {
    let tr = names.tr;
    let mut parts = vec![vocab(tr, p.gender)];
    if revealed {
        if let Some(b) = p.birthdate {
            parts.push(tr.t1("person-born", "date", tr.date(b)));
        }
    } else {
        parts.push(tr.t1("person-born", "date", tr.t("sealed")));
    }
    if let Some(a) = p.estimated_age {
        parts.push(tr.t1("person-age", "age", a));
    }
    parts.join(", ")
}

/// The rows of the case's people; an edit link for each when `acts` offers recording people.
pub fn rows(case: &Case, names: &Names<'_>, acts: &[ActLink], revealed: bool) -> Vec<Row> {
    let tr = names.tr;
    let may_edit = acts.iter().any(|a| a.href.ends_with(&format!("/{}", Act::RecordPerson.as_str())));
    let edit = |what: &str, id: String| may_edit.then(|| format!("/cases/{}/{what}/{id}/edit", case.number));
    let mut out = Vec::new();
    for v in &case.victims {
        let status = vocab(tr, v.context.trafficking_status);
        let role = tr.args("person-victim-role", &[("status", status), ("date", tr.date(v.context.identified_on))]);
        out.push(Row {
            kind: tr.t("person-victim"),
            name: names.person(Some(v.id)),
            about: about(&v.person, names, revealed),
            role,
            edit: edit("victims", v.id.to_string()),
        });
    }
    for s in &case.suspects {
        let about_text = match &s.details.identity {
            SuspectIdentity::Individual(p) => about(p, names, revealed),
            SuspectIdentity::Business(b) => vocab(tr, b.kind),
        };
        let roles: Vec<String> = s.details.roles.iter().map(|r| vocab(tr, *r)).collect();
        let mut role = roles.join(", ");
        if let Some(on) = s.details.arrested_on {
            role = format!("{role} ({})", tr.t1("person-arrested", "date", tr.date(on)));
        }
        out.push(Row {
            kind: tr.t("person-suspect"),
            name: names.person(Some(s.id)),
            about: about_text,
            role,
            edit: edit("suspects", s.id.to_string()),
        });
    }
    for w in &case.witnesses {
        let role = match w.details.victim {
            Some(v) => tr.t1("person-witness-of", "who", names.person(Some(v))),
            None => String::new(),
        };
        out.push(Row {
            kind: tr.t("person-witness"),
            name: names.person(Some(w.id)),
            about: about(&w.details.person, names, revealed),
            role,
            edit: edit("witnesses", w.id.to_string()),
        });
    }
    out
}
