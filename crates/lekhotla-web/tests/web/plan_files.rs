//! Evidence documents of the plan: the national coordinator uploads a PDF to an activity from its form (a
//! multipart form with its token); it is listed on the form and beside the activity on `/plan`, and an analyst
//! who reads the plan downloads it byte for byte, the download in the audit trail. A file that is not what its
//! name says, one over 10 MB, none at all or a missing token are refused, the first three at the form's file
//! field; an analyst cannot upload.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use lekhotla_identity::Role;

use crate::plan::loaded;
use crate::referral_pages::Browser;
use crate::support::{App, Reply, send};

const BOUNDARY: &str = "----lekhotla-test-boundary";

/// A multipart body of the token and one file.
fn multipart(token: Option<&str>, name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(t) = token {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{t}\r\n").as_bytes());
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(b: &Browser<'_>, code: &str, token: Option<&str>, name: &str, bytes: &[u8]) -> Reply {
    let req = Request::post(format!("/plan/activities/{code}/files"))
        .header("cookie", &b.cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(token, name, bytes)))
        .unwrap();
    send(b.app.router.clone(), req).await
}

/// The upload form's token on the activity's page.
async fn token(b: &Browser<'_>, code: &str) -> String {
    let page = b.get(&format!("/plan/activities/{code}")).await;
    let form = &page.text[page.text.find("id=\"upload-form\"").expect("the upload form")..];
    let at = form.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    form[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn evidence_documents_are_uploaded_listed_and_downloaded() {
    let app = App::new().await;
    loaded(&app).await;
    let police = app.police();
    let coordinator = Browser::sign_in(&app, "files.coordinator", &[Role::NationalCoordinator], &police).await;
    let t = token(&coordinator, "3.1.1").await;
    let pdf = b"%PDF-1.4\n% Signed standard operating procedures (synthetic)\n%%EOF\n".to_vec();

    let ok = upload(&coordinator, "3.1.1", Some(&t), "Signed SOPs.pdf", &pdf).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let form = coordinator.get("/plan/activities/3.1.1").await;
    let files = &form.text[form.text.find("id=\"files\"").unwrap()..];
    let at = files.find("href=\"/plan/files/").expect("listed") + "href=\"".len();
    let link = files[at..].split('"').next().unwrap().to_owned();
    assert!(files.contains(">Signed SOPs.pdf</a>"), "{files}");
    let plan = coordinator.get("/plan?year=2025").await;
    let row = &plan.text[plan.text.find("id=\"activity-3.1.1\"").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains(&format!("href=\"{link}\"")), "beside the activity");

    // Refused, each at the file field with the form shown again.
    let html = upload(&coordinator, "3.1.1", Some(&t), "report.pdf", b"<html><script>alert(1)</script>").await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", html.text);
    assert!(html.text.contains("id=\"file-error\"") && html.text.contains("as its name and its contents both say"));
    let big = vec![b'a'; 10 * 1024 * 1024 + 10];
    let big = upload(&coordinator, "3.1.1", Some(&t), "big.txt", &big).await;
    assert_eq!(big.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", big.text);
    assert!(big.text.contains("larger than 10 MB"), "{}", big.text);
    // Past the upload's body limit the reading stops, and the form says so too.
    let huge = upload(&coordinator, "3.1.1", Some(&t), "huge.txt", &vec![b'a'; 12 * 1024 * 1024]).await;
    assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(huge.text.contains("larger than 10 MB"), "{}", huge.text);
    let empty = upload(&coordinator, "3.1.1", Some(&t), "empty.pdf", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
    let forged = upload(&coordinator, "3.1.1", None, "Signed SOPs.pdf", &pdf).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&coordinator, "9.9.9", Some(&t), "x.pdf", &pdf).await.status, StatusCode::NOT_FOUND);

    // An analyst reads the plan: downloads the document, uploads none.
    let analyst = Browser::sign_in(&app, "files.analyst", &[Role::DataAnalyst], &police).await;
    let got = analyst.get(&link).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, pdf, "byte for byte");
    assert_eq!(got.headers["content-type"], "application/pdf");
    assert!(got.headers["content-disposition"].to_str().unwrap().contains("filename=\"Signed SOPs.pdf\""));
    assert_eq!(upload(&analyst, "3.1.1", Some(&t), "x.pdf", &pdf).await.status, StatusCode::FORBIDDEN);
    assert_eq!(analyst.get("/plan/files/not-an-id").await.status, StatusCode::NOT_FOUND);

    let auditor = app.token_for("files.audit", &[Role::Auditor]).await;
    let trail = app
        .call(Method::GET, "/api/v1/audit?action=export", None, &[("authorization", &format!("Bearer {auditor}"))])
        .await;
    assert!(trail.text.contains(&link.replace("/plan/files/", "plan/file/")), "the download: {}", trail.text);
}
