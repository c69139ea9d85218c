//! The pages' two languages, English and Sesotho, from Project Fluent files (`locales/en.ftl`,
//! `locales/st.ftl`, compiled in). A person's language is their choice (the `lekhotla_lang` cookie, set by
//! `POST /lang`), else the browser's `Accept-Language`, else English. A message missing from Sesotho
//! falls back to English (a test keeps the two files' messages the same). Dates and times are shown in
//! Lesotho's time (Africa/Maseru, UTC+2 all year: Lesotho keeps no daylight saving).

use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use time::{Date, OffsetDateTime, UtcOffset};

/// The cookie that keeps a person's choice of language.
pub const LANG_COOKIE: &str = "lekhotla_lang";

/// Africa/Maseru: two hours ahead of UTC, the whole year.
pub const MASERU: UtcOffset = match UtcOffset::from_hms(2, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

const EN_FTL: &str = include_str!("../locales/en.ftl");
const ST_FTL: &str = include_str!("../locales/st.ftl");

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    St,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::St];

    /// The BCP 47 tag (`<html lang>`, the cookie's value).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::St => "st",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::St => "Sesotho",
        }
    }

    /// `en`, `st` (and their regional forms, `en-LS`, `st-ZA`); anything else is `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "st" => Some(Lang::St),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header (by its q-values; ties keep the header's
    /// order), or `None` when it names neither.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else { continue };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The request's language: the cookie, else `Accept-Language`, else English.
    pub fn of_request(headers: &HeaderMap) -> Lang {
        let chosen = crate::auth::session_cookie(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v));
        chosen
            .or_else(|| {
                headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
            })
            .unwrap_or_default()
    }

    /// This language's messages.
    pub fn tr(self) -> Tr {
        Tr { lang: self }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of_request(&parts.headers))
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang, source: &str) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around every placeable would show as stray characters in form values.
    bundle.set_use_isolating(false);
    match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => {
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang = lang.tag(), ?errors, "duplicate messages in the Fluent file");
            }
        }
        Err((resource, errors)) => {
            tracing::error!(lang = lang.tag(), ?errors, "the Fluent file has syntax errors");
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

static EN: LazyLock<Bundle> = LazyLock::new(|| bundle(Lang::En, EN_FTL));
static ST: LazyLock<Bundle> = LazyLock::new(|| bundle(Lang::St, ST_FTL));

/// The messages of one language, for templates (`{{ c.t("nav-work") }}`) and handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    fn bundles(self) -> [&'static Bundle; 2] {
        match self.lang {
            Lang::En => [&EN, &EN],
            Lang::St => [&ST, &EN],
        }
    }

    /// Whether a message `id` exists (in this language or in English).
    pub fn has(self, id: &str) -> bool {
        self.bundles().iter().any(|b| b.has_message(id))
    }

    /// The message `id` with `args`; falls back to English, then to the id itself (a test keeps every id
    /// a page uses present in both files, so the last never reaches a person).
    pub fn format(self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        for bundle in self.bundles() {
            let Some(message) = bundle.get_message(msg_id) else { continue };
            let pattern = match attr {
                Some(a) => message.get_attribute(a).map(|at| at.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, lang = self.lang.tag(), ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
        tracing::warn!(id, "no such message");
        id.to_owned()
    }

    /// The message `id`.
    pub fn t(self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one argument.
    pub fn t1(self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_string()));
        self.format(id, Some(&args))
    }

    /// The message `id` with `$count` as a number (plural rules choose the form: Sesotho's as CLDR's `st`).
    pub fn n(self, id: &str, count: u64) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.format(id, Some(&args))
    }

    /// The message `id` with several arguments (text).
    pub fn args(self, id: &str, pairs: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            args.set((*name).to_owned(), FluentValue::from(value.clone()));
        }
        self.format(id, Some(&args))
    }

    /// A vocabulary label (`vocab-<table>-<code>`), else the English label the domain gives.
    pub fn label(self, table: &str, code: &str, english: &str) -> String {
        let id = vocab_id(table, code);
        if self.has(&id) { self.t(&id) } else { english.to_owned() }
    }

    /// A case's stage (`vocab-stage-<code>`).
    pub fn stage(self, stage: lekhotla_domain::CaseStage) -> String {
        self.t(&vocab_id("stage", stage.code()))
    }

    /// A day as the pages show it: `2026-11-30` (ISO: unambiguous in both languages).
    pub fn date(self, d: Date) -> String {
        d.to_string()
    }

    /// A moment in Lesotho's time: `2026-11-30 14:05`.
    pub fn time(self, t: OffsetDateTime) -> String {
        let t = t.to_offset(MASERU);
        format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
    }
}

/// The message id of a vocabulary code: `vocab-<table>-<code>` in lower case, other characters as `-`.
pub fn vocab_id(table: &str, code: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
    };
    format!("vocab-{}-{}", clean(table), clean(code))
}

/// Today in Lesotho.
pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(MASERU).date()
}

/// A whole number as the pages show it in both languages, its digits grouped by threes with no-break spaces
/// (`207 054`), as maloti are (`M 1 200 000`). For counts, whole and not negative: the digits of whatever is
/// given are grouped as they stand.
pub fn grouped(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_threes() {
        assert_eq!(grouped(207_054u64), "207\u{a0}054");
        assert_eq!(grouped(1_200_000u32), "1\u{a0}200\u{a0}000");
        assert_eq!(grouped(950u32), "950");
        assert_eq!(grouped(0usize), "0");
    }

    #[test]
    fn accept_language_chooses_by_quality() {
        assert_eq!(Lang::from_accept_language("st-LS,st;q=0.9,en;q=0.8"), Some(Lang::St));
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5, st;q=0.7"), Some(Lang::St));
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("st;q=0, en"), Some(Lang::En));
    }

    #[test]
    fn sesotho_plurals_follow_cldr() {
        let st = Lang::St.tr();
        assert_ne!(st.n("count-cases", 1), st.n("count-cases", 2).replace('2', "1"));
        let en = Lang::En.tr();
        assert_eq!(en.n("count-cases", 1), "1 case");
        assert_eq!(en.n("count-cases", 3), "3 cases");
    }
}
