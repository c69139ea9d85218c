//! A served registry for the tests: a real SQLite file, Lesotho's geography, the demo organisations,
//! a fixed clock, users of any role with API tokens, and a `call` that sends a request through the
//! whole router (every layer included), as the default user unless the test says otherwise.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use lekhotla_crypto::{FieldRef, Keyring, MasterKey};
use lekhotla_demo::DemoGenerator;
use lekhotla_domain::{Geography, OrgType, Organisation, ServiceType};
use lekhotla_identity::{ApiToken, Password, PasswordHash, Permission, Role, Roles, TotpSecret, Username};
use lekhotla_storage::Store;
use lekhotla_storage::{ApiTokenRecord, UserAccount, UserId};
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};
use lekhotla_web::{AppState, Clock};
use serde_json::Value;
use time::macros::{date, datetime};
use tower::ServiceExt;

pub const GEOGRAPHY: &str = include_str!("../../../../data/geography/LS.csv");

/// Where a test's registry lives.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    /// The server URL.
    Postgres(String),
}

impl Backend {
    /// PostgreSQL when `LEKHOTLA_TEST_PG_URL` names a server; `None` (skip) when it does not, unless
    /// `CI=true`, where a missing server is a failure.
    pub fn postgres() -> Option<Backend> {
        match std::env::var("LEKHOTLA_TEST_PG_URL") {
            Ok(url) if !url.is_empty() => Some(Backend::Postgres(url)),
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI=true but LEKHOTLA_TEST_PG_URL is not set: the PostgreSQL tests cannot be skipped in CI")
            }
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct App {
    pub router: axum::Router,
    pub orgs: Vec<Organisation>,
    pub store: Arc<dyn Store>,
    pub keyring: Arc<Keyring>,
    pub geography: Arc<Geography>,
    /// The API token of the default user: a national coordinator who is also an administrator.
    pub token: String,
    _dir: tempfile::TempDir,
}

/// The installation's key that signs frozen reports in the tests (a fixed synthetic seed).
pub fn report_signer() -> lekhotla_audit::CheckpointSigner {
    lekhotla_audit::CheckpointSigner::from_seed(&[9; 32])
}

/// The password every test user gets (synthetic).
pub const PASSWORD: &str = "a synthetic pass phrase";

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub text: String,
    /// The body as sent (a file's bytes).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn etag(&self) -> String {
        self.headers.get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }
    pub fn id(&self) -> String {
        self.json["id"].as_str().unwrap_or_default().to_owned()
    }
}

impl App {
    pub async fn new() -> Self {
        Self::at(datetime!(2026-11-20 10:00 UTC)).await
    }

    /// A registry whose clock stands at `now`.
    pub async fn at(now: time::OffsetDateTime) -> Self {
        Self::on(Backend::Sqlite, now).await
    }

    /// A registry on `backend` whose clock stands at `now`: a SQLite file, or a schema of its own on the
    /// PostgreSQL server of `LEKHOTLA_TEST_PG_URL`.
    pub async fn on(backend: Backend, now: time::OffsetDateTime) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("web.db").display());
                Arc::new(SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap())
            }
            Backend::Postgres(url) => {
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                Arc::new(lekhotla_storage_postgres::PgStore::connect_in_schema(&url, &schema).await.unwrap())
            }
        };
        let geo = Geography::from_csv(GEOGRAPHY).unwrap();
        store.load_geography(&geo, note()).await.unwrap();
        let orgs = DemoGenerator::new(&geo, 5, date!(2026 - 11 - 20)).organisations();
        for o in &orgs {
            store.create_organisation(o, note()).await.unwrap();
        }
        let (master, _) = MasterKey::load_or_create(&dir.path().join("master.key")).unwrap();
        let (keyring, wrapped) = Keyring::new_with_fresh_keys(&master).unwrap();
        store.add_wrapped_keys(&wrapped).await.unwrap();
        let keyring = Arc::new(keyring);
        store.use_keyring(keyring.clone());
        let geography = Arc::new(geo);
        let state = AppState::new(store.clone(), geography.clone(), Clock::fixed(now), keyring.clone())
            .with_report_signer(report_signer());
        let mut app = Self {
            router: lekhotla_web::router(state),
            orgs,
            store,
            keyring,
            geography,
            token: String::new(),
            _dir: dir,
        };
        app.token = app.token_for("coordinator", &[Role::NationalCoordinator, Role::Admin]).await;
        app
    }

    /// The same registry (store, keys) served with its clock at `now`.
    pub fn router_at(&self, now: time::OffsetDateTime) -> axum::Router {
        let state = AppState::new(self.store.clone(), self.geography.clone(), Clock::fixed(now), self.keyring.clone())
            .with_report_signer(report_signer());
        lekhotla_web::router(state)
    }

    /// Creates a user of the police organisation with `roles`, the test password and, when the
    /// roles need it, a TOTP secret (returned).
    pub async fn user(&self, name: &str, roles: &[Role]) -> (UserAccount, Option<TotpSecret>) {
        let police = self.orgs.iter().find(|o| o.details.org_type == OrgType::LawEnforcement).unwrap().id;
        self.user_at(name, roles, police, None).await
    }

    /// Creates a user of organisation `org` (and district, for focal points).
    pub async fn user_at(
        &self,
        name: &str,
        roles: &[Role],
        org: lekhotla_domain::OrgId,
        district: Option<&str>,
    ) -> (UserAccount, Option<TotpSecret>) {
        static HASH: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
        let hash = HASH.get_or_init(|| PasswordHash::create(&Password::new(PASSWORD.into()).unwrap()).unwrap());
        let roles = Roles::new(roles.iter().copied()).unwrap();
        let id = UserId(uuid::Uuid::now_v7());
        let secret = roles.requires_second_factor().then(|| TotpSecret::generate().unwrap());
        let sealed = secret.as_ref().map(|s| {
            self.keyring.seal(FieldRef::new("users", "totp_secret", &id.to_string()), &s.to_base32()).unwrap()
        });
        let user = UserAccount {
            id,
            version: 1,
            username: Username::parse(name).unwrap(),
            organisation: org,
            roles,
            district: district.map(|d| lekhotla_domain::UnitCode::parse(d).unwrap()),
            password_hash: hash.clone(),
            totp_secret_sealed: sealed,
            totp_last_step: None,
            disabled_at: None,
            created_at: datetime!(2026-11-01 08:00 UTC),
        };
        self.store.create_user(&user, &[], note()).await.unwrap();
        (user, secret)
    }

    /// A user with `roles` and an API token scoped to everything (the roles still limit it).
    pub async fn token_for(&self, name: &str, roles: &[Role]) -> String {
        let (user, _) = self.user(name, roles).await;
        self.token_of(&user).await
    }

    /// An API token (all scopes) for an existing user.
    pub async fn token_of(&self, user: &UserAccount) -> String {
        let (token, hash) = ApiToken::generate().unwrap();
        let record = ApiTokenRecord {
            id: uuid::Uuid::now_v7(),
            token_hash: hash,
            user: user.id,
            name: "tests".into(),
            scopes: Permission::ALL.to_vec(),
            created_at: datetime!(2026-11-01 08:00 UTC),
            expires_at: datetime!(2027-01-30 08:00 UTC),
            revoked_at: None,
            last_used_at: None,
        };
        self.store.create_api_token(&record, note()).await.unwrap();
        token.as_str().to_owned()
    }

    pub fn org(&self, f: impl Fn(&Organisation) -> bool) -> String {
        self.orgs.iter().find(|o| f(o)).map(|o| o.id.to_string()).expect("a demo organisation")
    }

    pub fn police(&self) -> String {
        self.org(|o| o.details.org_type == OrgType::LawEnforcement)
    }

    pub fn shelter(&self) -> String {
        self.org(|o| o.details.services.contains(&ServiceType::Shelter))
    }

    /// Sends a request as the default user, unless `headers` carry their own credential. The default
    /// user is the national coordinator, who records what is another agency's to keep as a correction:
    /// its requests carry a correction reason, so the tests of the case's path can walk it as one user
    /// (the tests of `authority` act as each role without one).
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Reply {
        let own =
            headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("cookie"));
        let bearer = format!("Bearer {}", self.token);
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if !own {
            all.push(("authorization", &bearer));
            all.push((lekhotla_web::CORRECTION_HEADER, "walking the case path in a test"));
        }
        send(self.router.clone(), request(method, path, body, &all)).await
    }

    /// Sends a request with no credential at all.
    pub async fn anonymous(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        send(self.router.clone(), request(method, path, body, &[])).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body), &[]).await
    }

    /// POSTs and insists on 201.
    pub async fn created(&self, path: &str, body: Value) -> Reply {
        let r = self.post(path, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{path}: {}", r.text);
        r
    }

    pub async fn new_case(&self) -> Reply {
        self.created(
            "/api/v1/cases",
            serde_json::json!({
                "organisation": self.police(), "district": "LS-C", "detection_source": "BorderPost",
                "detected_on": "2026-09-01", "port_of_entry": "POE-MAPUTSOE-BRIDGE",
            }),
        )
        .await
    }
}

pub fn request(method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(path);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty)).unwrap()
}

/// Sends a request through the whole router.
pub async fn send(router: axum::Router, req: Request<Body>) -> Reply {
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, headers, json, text, bytes: bytes.to_vec() }
}

pub fn person(first: &str, birthdate: &str) -> Value {
    serde_json::json!({
        "first_name": first, "second_name": "Synthetic", "gender": "Feminine", "birthdate": birthdate,
        "citizenship": ["LS"], "phone": "+26658000001", "home_phone": "+26622000991",
        "postal_code": "CANARY-POSTAL-1", "latitude": -29.3111111, "longitude": 27.4811111,
        "marital_status": "Single", "education": "PrimaryEducation",
    })
}

pub fn victim(first: &str, birthdate: &str) -> Value {
    serde_json::json!({
        "person": person(first, birthdate),
        "context": {
            "trafficking_status": "ActualVictimOfTrafficking", "status_decided_by": "Police",
            "identified_on": "2026-09-02", "exploitation_types": ["ForcedLabour"],
        },
    })
}

impl App {
    pub async fn send_raw(&self, mut req: Request<Body>) -> Reply {
        if !req.headers().contains_key("authorization") {
            let bearer = format!("Bearer {}", self.token).parse().unwrap();
            req.headers_mut().insert("authorization", bearer);
        }
        send(self.router.clone(), req).await
    }
}

/// The audit entry of a test's own set-up writes.
pub fn note() -> lekhotla_storage::NewEntry {
    lekhotla_storage::NewEntry::new(time::OffsetDateTime::now_utc(), "test-setup", lekhotla_storage::Action::Import)
}

/// The form token of a page (`<input type="hidden" name="csrf" value="...">`), for posting its forms.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).map(|i| i + marker.len()).expect("the page has a form token");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}
