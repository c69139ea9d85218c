//! The OpenAPI document: every route is described, and changes to it show up as a snapshot diff.

#[test]
fn the_openapi_document_is_stable() {
    let json = lekhotla_web::openapi();
    let paths = json["paths"].as_object().unwrap();
    for p in
        ["/cases", "/cases/{case}", "/cases/{case}/referrals/{referral}/actions", "/cases/{case}/prosecution/verdicts"]
    {
        assert!(paths.contains_key(p), "{p} is not documented");
    }
    // A record that flattens its input (Organisation = id, version + OrganisationInput) must not forbid its
    // own id and version through the input's `additionalProperties: false`.
    for (name, schema) in json["components"]["schemas"].as_object().unwrap() {
        for part in schema["allOf"].as_array().into_iter().flatten() {
            assert_ne!(part["additionalProperties"], false, "{name} forbids its own fields");
        }
    }
    // Every change under If-Match documents 412 and 428.
    let patch = &json["paths"]["/cases/{case}"]["patch"]["responses"];
    for code in ["412", "428", "422", "404"] {
        assert!(patch.get(code).is_some(), "PATCH /cases/{{case}} does not document {code}");
    }
    insta::assert_json_snapshot!(json);
}
