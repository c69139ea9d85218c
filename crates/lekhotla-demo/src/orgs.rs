//! The organisations of the national response, as the demo registry knows them.
//!
//! Real public bodies by their function (Ministry of Home Affairs, LMPS, DPP, ...); the shelter NGO
//! ("Lehae la Khotso Shelter Trust") is invented. Phone numbers are from the synthetic block documented
//! in the `names` module.

use lekhotla_domain::{CountryCode, OrgId, OrgType, Organisation, OrganisationInput, ServiceType, UnitCode};

/// The ids of the organisations a case refers to, by role; `district` vectors follow the generator's district order.
#[derive(Debug, Clone)]
pub(crate) struct Directory {
    pub secretariat: OrgId,
    pub atu: OrgId,
    pub cgpu_national: OrgId,
    pub cgpu: Vec<OrgId>,
    pub dpp: OrgId,
    pub immigration: OrgId,
    /// One immigration office per port of entry, in the generator's port order.
    pub immigration_ports: Vec<OrgId>,
    pub labour: OrgId,
    pub social: Vec<OrgId>,
    pub shelter: OrgId,
    pub health: OrgId,
    pub legal_aid: OrgId,
    pub iom: OrgId,
}

/// The invented shelter NGO; it takes female victims only.
pub(crate) const SHELTER_NAME: &str = "Lehae la Khotso Shelter Trust";

struct Maker {
    country: CountryCode,
    orgs: Vec<Organisation>,
    phone: u32,
}

impl Maker {
    fn add(
        &mut self,
        name: String,
        org_type: OrgType,
        district: Option<UnitCode>,
        services: &[ServiceType],
        city: &str,
    ) -> OrgId {
        self.phone += 1;
        // Public offices have a (synthetic) street address; NGOs, shelters among them, keep theirs off the
        // register. Offices in the capital get its postal code and a point near its centre.
        let public = org_type != OrgType::Ngo;
        let capital = city == "Maseru";
        let offset = f64::from(self.phone % 50) * 0.0004;
        let input = OrganisationInput {
            name,
            org_type,
            district,
            services: services.to_vec(),
            phone: Some(format!("+26650000{:03}", self.phone % 1000)),
            street: public.then(|| format!("Synthetic Government Complex, Block {}", self.phone % 100)),
            city: Some(city.to_owned()),
            postal_code: (public && capital).then(|| "100".to_owned()),
            latitude: (public && capital).then_some(-29.3151 + offset),
            longitude: (public && capital).then_some(27.4869 + offset),
            country: self.country,
        };
        let name = input.name.clone();
        // The inputs are constants checked by the tests; an invalid one is a bug in this module.
        let org = Organisation::new(input).unwrap_or_else(|e| panic!("demo organisation {name:?} is invalid: {e}"));
        let id = org.id;
        self.orgs.push(org);
        id
    }
}

/// Builds the organisations (call inside `ids::deterministic` for stable ids).
/// `districts` and `ports` are `(code, name)`; ports carry the district they lie in, if any.
pub(crate) fn build(
    country: CountryCode,
    districts: &[(UnitCode, String)],
    ports: &[(UnitCode, String, Option<UnitCode>)],
) -> (Vec<Organisation>, Directory) {
    use OrgType as T;
    use ServiceType as S;
    let mut m = Maker { country, orgs: Vec::new(), phone: 100 };
    let capital = districts.first().map(|(_, n)| n.clone()).unwrap_or_else(|| "Maseru".into());
    let secretariat = m.add(
        "Multi-Sectoral Committee on Trafficking in Persons, Secretariat (Ministry of Home Affairs)".into(),
        T::CentralGovernmentOrganisation,
        None,
        &[S::Other],
        &capital,
    );
    let atu = m.add(
        "LMPS Anti-Trafficking and Anti-Smuggling Unit".into(),
        T::LawEnforcement,
        None,
        &[S::Investigation],
        &capital,
    );
    let cgpu_national = m.add(
        "LMPS Child and Gender Protection Unit, national office".into(),
        T::LawEnforcement,
        None,
        &[S::Investigation],
        &capital,
    );
    let cgpu = districts
        .iter()
        .map(|(code, name)| {
            m.add(format!("LMPS CGPU {name}"), T::LawEnforcement, Some(code.clone()), &[S::Investigation], name)
        })
        .collect();
    let dpp = m.add(
        "Office of the Director of Public Prosecutions".into(),
        T::CentralGovernmentOrganisation,
        None,
        &[S::Other],
        &capital,
    );
    let immigration = m.add(
        "Department of Immigration (Ministry of Home Affairs)".into(),
        T::ImmigrationService,
        None,
        &[S::Other],
        &capital,
    );
    let immigration_ports = ports
        .iter()
        .map(|(_, name, district)| {
            m.add(format!("Immigration, {name} port of entry"), T::ImmigrationService, district.clone(), &[], name)
        })
        .collect();
    let labour = m.add(
        "Ministry of Labour and Employment, Labour Inspectorate".into(),
        T::CentralGovernmentOrganisation,
        None,
        &[S::Other],
        &capital,
    );
    let social = districts
        .iter()
        .map(|(code, name)| {
            m.add(
                format!("Ministry of Social Development, {name} district office"),
                T::CentralGovernmentOrganisation,
                Some(code.clone()),
                &[S::ChildProtection, S::Counselling, S::Reintegration],
                name,
            )
        })
        .collect();
    let shelter = m.add(
        SHELTER_NAME.into(),
        T::Ngo,
        districts.first().map(|(c, _)| c.clone()),
        &[S::Shelter, S::Counselling],
        &capital,
    );
    let health = m.add(
        "Ministry of Health, district hospitals".into(),
        T::HealthServiceOrganisation,
        None,
        &[S::Medical],
        &capital,
    );
    let legal_aid =
        m.add("Legal Aid Directorate (Ministry of Justice)".into(), T::LegalService, None, &[S::LegalAid], &capital);
    let iom = m.add(
        "International Organization for Migration (IOM), Lesotho office".into(),
        T::Ngo,
        None,
        &[S::Repatriation, S::Reintegration],
        &capital,
    );
    let dir = Directory {
        secretariat,
        atu,
        cgpu_national,
        cgpu,
        dpp,
        immigration,
        immigration_ports,
        labour,
        social,
        shelter,
        health,
        legal_aid,
        iom,
    };
    (m.orgs, dir)
}
