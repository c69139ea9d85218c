//! The plan's evidence documents in the pages: the national coordinator uploads one to an activity from its form
//! (`POST /plan/activities/{code}/files`, multipart, at most 10 MB: a PDF, a picture, an office document or plain
//! text, known by its first bytes and not by what the browser says), kept sealed with one audit entry; anyone who
//! reads the plan downloads it (`GET /plan/files/{id}`), each download in the audit trail.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use lekhotla_domain::PlanCode;
use lekhotla_identity::Role;
use lekhotla_storage::{Action, ActionPlans, PlanFileInfo};
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf;
use crate::security::UPLOAD_FILE_LIMIT;
use crate::state::AppState;

/// What a document is, from its first bytes and its name's ending: the content type it is served with.
pub fn kind_of(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    match ext.as_str() {
        "pdf" if bytes.starts_with(b"%PDF-") => Some("application/pdf"),
        "png" if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        "jpg" | "jpeg" if bytes.starts_with(b"\xff\xd8\xff") => Some("image/jpeg"),
        "docx" if zip => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx" if zip => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "odt" if zip => Some("application/vnd.oasis.opendocument.text"),
        "ods" if zip => Some("application/vnd.oasis.opendocument.spreadsheet"),
        "txt" | "csv" if std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0) => {
            Some(if ext == "csv" { "text/csv; charset=utf-8" } else { "text/plain; charset=utf-8" })
        }
        _ => None,
    }
}

/// Whether a read failed because the body passed its length limit, however deep the limit's error is wrapped.
fn over_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut at: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = at {
        if err.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            return true;
        }
        at = err.source();
    }
    false
}

/// A file's name as kept and offered back: its last path part, printable, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':')).collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    trimmed.chars().take(120).collect()
}

pub async fn upload(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(code): Path<String>,
    mut form: Multipart,
) -> Result<Response, ApiError> {
    if !actor.roles.contains(Role::NationalCoordinator) {
        return Err(ApiError::Forbidden("the action plan is changed by the national coordinator".into()));
    }
    let stored = state.store.read_plan().await?.ok_or_else(|| ApiError::not_found("action plan"))?;
    let code = PlanCode::parse(&code).map_err(|_| ApiError::not_found(format!("activity {code}")))?;
    stored.plan.activity(code).ok_or_else(|| ApiError::not_found(format!("activity {code}")))?;
    let too_big = || c.t1("plan-file-too-big", "max", UPLOAD_FILE_LIMIT / 1024 / 1024);
    let unread = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE || over_limit(&e) {
            too_big()
        } else {
            c.t("plan-file-unread")
        }
    };
    let (mut token, mut file, mut problem) = (String::new(), None, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                problem = Some(unread(e));
                break;
            }
        };
        match field.name() {
            Some(csrf::FIELD) => token = field.text().await.unwrap_or_default(),
            Some("file") => {
                // Read in chunks, and stop as soon as it is larger than a document may be.
                let name = clean_name(field.file_name().unwrap_or_default());
                let mut field = field;
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if bytes.len() + chunk.len() > UPLOAD_FILE_LIMIT => {
                            problem = Some(too_big());
                            break;
                        }
                        Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                        Ok(None) => break,
                        Err(e) => {
                            problem = Some(unread(e));
                            break;
                        }
                    }
                }
                file = Some((name, bytes));
                if problem.is_some() {
                    break;
                }
            }
            _ => {}
        }
    }
    if problem.is_none() {
        csrf::check_token(&actor, &token)?;
    }
    let problem = problem.or_else(|| match &file {
        None => Some(c.t("plan-file-choose")),
        Some((_, b)) if b.is_empty() => Some(c.t("plan-file-empty")),
        Some((_, b)) if b.len() > UPLOAD_FILE_LIMIT => Some(too_big()),
        Some((n, b)) if kind_of(n, b).is_none() => Some(c.t("plan-file-kind")),
        Some(_) => None,
    });
    if let Some(p) = problem {
        let mut errs = Errs::default();
        errs.add("file", p);
        return super::edit::page_with(&state, &actor, c, &code.to_string(), errs).await;
    }
    let Some((name, bytes)) = file else { return Err(ApiError::field("file", "choose a file to upload")) };
    let kind = kind_of(&name, &bytes).unwrap_or("application/octet-stream");
    let info = PlanFileInfo::of(&code.to_string(), &name, kind, &bytes, state.clock.now());
    let entry = actor
        .entry(state.clock.now(), Action::PlanSave)
        .record(format!("plan/file/{}", info.id))
        .fields([format!("activity:{code}"), format!("size:{}", info.size)]);
    state.store.add_plan_file(&info, &bytes, entry).await?;
    tracing::info!(%actor, %code, file = %info.id, size = info.size, "plan evidence uploaded");
    Ok(Redirect::to(&format!("/plan/activities/{code}#files")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::not_found("file"))?;
    let (info, bytes) = state.store.plan_file(id).await?.ok_or_else(|| ApiError::not_found("file"))?;
    let entry = actor
        .entry(state.clock.now(), Action::Export)
        .record(format!("plan/file/{id}"))
        .fields([format!("activity:{}", info.activity)])
        .purpose("report");
    state.store.append_audit(entry).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&info.content_type).map_err(ApiError::internal)?);
    let ascii: String = info.name.chars().map(|c| if c.is_ascii() && c != '\\' { c } else { '_' }).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_known_by_its_name_and_its_first_bytes() {
        assert_eq!(kind_of("sops.PDF", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(kind_of("sops.pdf", b"<html>"), None, "a name alone is not enough");
        assert_eq!(kind_of("photo.jpeg", b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(
            kind_of("list.xlsx", b"PK\x03\x04rest"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert_eq!(kind_of("notes.txt", "Lumela".as_bytes()), Some("text/plain; charset=utf-8"));
        assert_eq!(kind_of("run.exe", b"MZ"), None);
        assert_eq!(kind_of("page.html", b"<script>"), None);
    }

    #[test]
    fn a_name_keeps_its_last_part_and_printable_characters() {
        assert_eq!(clean_name("C:\\Users\\x\\Signed SOPs.pdf"), "Signed SOPs.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b<c>.pdf"), "abc.pdf");
        assert_eq!(clean_name(".hidden.pdf"), "hidden.pdf");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 120);
    }
}
