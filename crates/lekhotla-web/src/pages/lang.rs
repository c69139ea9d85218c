//! `POST /lang`: the person chooses the pages' language; the choice is kept in a cookie for a year (it
//! names a language and nothing else, so it needs no session) and they return to the page they were on.

use crate::form_text::TextForm;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::i18n::{LANG_COOKIE, Lang};

#[derive(Debug, Deserialize)]
pub struct Choice {
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn choose(TextForm(choice): TextForm<Choice>) -> Response {
    let lang = Lang::parse(&choice.lang).unwrap_or_default();
    let back = if choice.back.starts_with('/') && !choice.back.starts_with("//") && !choice.back.contains('\\') {
        choice.back
    } else {
        "/work".to_owned()
    };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.tag());
    match HeaderValue::from_str(&cookie) {
        Ok(v) => ([(header::SET_COOKIE, v)], Redirect::to(&back)).into_response(),
        Err(_) => Redirect::to(&back).into_response(),
    }
}
