//! What every page's frame needs (`templates/base.html`): the person's language and its messages, who is
//! signed in, the menu of the pages their roles reach, the form token (`csrf`) and the current path.
//! Every page template has a field `c: Chrome`; handlers take it as an extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use lekhotla_identity::{Act, Permission};

use crate::actor::Actor;
use crate::i18n::{Lang, Tr};

/// One entry of the main menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    /// The message id of its label.
    pub label: &'static str,
    /// Whether the current page is this entry's (or below it).
    pub current: bool,
}

/// What a person may reach from the menu: each page with what it needs.
enum Reach {
    Anyone,
    Permission(Permission),
    Act(Act),
    AnyOf(&'static [Permission]),
}

const MENU: &[(&str, &str, Reach)] = &[
    ("/work", "nav-work", Reach::Anyone),
    ("/cases", "nav-cases", Reach::Permission(Permission::ReadCases)),
    ("/intake", "nav-intake", Reach::Act(Act::RegisterCase)),
    ("/referrals", "nav-referrals", Reach::Permission(Permission::ReadCases)),
    ("/justice", "nav-justice", Reach::Permission(Permission::ReadCases)),
    ("/dashboard", "nav-dashboard", Reach::Permission(Permission::ReadStatistics)),
    ("/reports", "nav-reports", Reach::Permission(Permission::ReadStatistics)),
    ("/prevention", "nav-prevention", Reach::Permission(Permission::RecordPrevention)),
    ("/shelters", "nav-shelters", Reach::Permission(Permission::ReadStatistics)),
    ("/plan", "nav-plan", Reach::Permission(Permission::ReadStatistics)),
    ("/committees", "nav-committees", Reach::Permission(Permission::ReadStatistics)),
    ("/admin", "nav-admin", Reach::AnyOf(&[Permission::ManageUsers, Permission::ManageOrganisations])),
    ("/audit", "nav-audit", Reach::Permission(Permission::ReadAudit)),
    ("/break-glass", "nav-break-glass", Reach::Permission(Permission::ReviewBreakGlass)),
    ("/account", "nav-account", Reach::Anyone),
];

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    pub tr: Tr,
    /// The signed-in person's username, if any.
    pub user: Option<String>,
    pub nav: Vec<NavItem>,
    /// The token every form of this session carries (`<input type="hidden" name="csrf">`).
    pub csrf: String,
    pub path: String,
}

impl Chrome {
    /// The frame for `actor` (or nobody) in `lang` at `path`.
    pub fn new(actor: Option<&Actor>, lang: Lang, path: &str) -> Chrome {
        let nav = match actor {
            // A session that must enrol its second factor reaches nothing else yet.
            Some(a) if a.must_enrol() => Vec::new(),
            Some(a) => MENU
                .iter()
                .filter(|(_, _, reach)| reaches(a, reach))
                .map(|(href, label, _)| NavItem {
                    href,
                    label,
                    current: path == *href || path.starts_with(&format!("{href}/")),
                })
                .collect(),
            None => Vec::new(),
        };
        Chrome {
            lang,
            tr: lang.tr(),
            user: actor.map(|a| a.username.to_string()),
            nav,
            csrf: actor.map(super::csrf::token_for).unwrap_or_default(),
            path: path.to_owned(),
        }
    }

    /// The message `id` in the person's language.
    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.tr.t1(id, name, value)
    }

    /// The message `id` with `$count` (plural forms).
    pub fn n(&self, id: &str, count: impl Into<u64>) -> String {
        self.tr.n(id, count.into())
    }

    /// A vocabulary label in the person's language (`vocab-<table>-<code>`), else the English one.
    pub fn label(&self, table: &str, code: &str, english: &str) -> String {
        self.tr.label(table, code, english)
    }

    /// A vocabulary value's label in the person's language (HTCDS codes: `vocab-<vocabulary>-<code>`).
    pub fn vocab<V: lekhotla_domain::Vocabulary>(&self, value: V) -> String {
        self.tr.label(V::NAME, value.code(), value.label())
    }

    /// A case's stage in the person's language.
    pub fn stage(&self, stage: lekhotla_domain::CaseStage) -> String {
        self.tr.stage(stage)
    }

    /// The other languages, for the switcher.
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL.iter().map(|l| (l.tag(), l.own_name(), *l == self.lang)).collect()
    }
}

fn reaches(actor: &Actor, reach: &Reach) -> bool {
    match reach {
        Reach::Anyone => true,
        Reach::Permission(p) => actor.allows(*p),
        Reach::Act(act) => crate::authority::holds_any(actor, std::slice::from_ref(act)),
        Reach::AnyOf(ps) => ps.iter().any(|p| actor.allows(*p)),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::of_request(&parts.headers);
        Ok(Chrome::new(parts.extensions.get::<Actor>(), lang, parts.uri.path()))
    }
}
