//! Reading organisations.csv.

use lekhotla_domain::{OrgId, OrgType, Organisation, OrganisationInput, ServiceType};

use super::Import;
use super::registry::Seen;
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{VERSION, organisations as o};

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let mut seen = Seen::default();
    st.file(reader, o::FILE, o::COLUMNS, |st, r| row(st, &mut seen, r));
}

fn row(st: &mut Import, seen: &mut Seen<OrgId>, r: &mut Row<'_>) {
    let id = r.req(o::ID, cell::id::<OrgId>);
    let version = r.req(VERSION, cell::version);
    let name = r.text(o::NAME);
    let org_type = r.req(o::TYPE, cell::code::<OrgType>);
    let district = r.opt(o::DISTRICT, cell::unit);
    let services = r.list(o::SERVICES, cell::parse_codes::<ServiceType>);
    let phone = r.opt_text(o::PHONE);
    let street = r.opt_text(o::STREET);
    let city = r.opt_text(o::CITY);
    let postal_code = r.opt_text(o::POSTAL_CODE);
    let country = r.req(o::COUNTRY, cell::country);
    let latitude = r.opt(o::LATITUDE, cell::decimal);
    let longitude = r.opt(o::LONGITUDE, cell::decimal);
    if let Some(id) = id
        && seen.unique(r, o::ID, id, format_args!("organisation {id}"))
    {
        st.reg.orgs.insert(id);
    }
    let (
        Some(id),
        Some(version),
        Some(name),
        Some(org_type),
        Some(district),
        Some(services),
        Some(country),
        Some(latitude),
        Some(longitude),
    ) = (id, version, name, org_type, district, services, country, latitude, longitude)
    else {
        return;
    };
    let details = OrganisationInput {
        name,
        org_type,
        district,
        services,
        phone,
        street,
        city,
        postal_code,
        latitude,
        longitude,
        country,
    };
    r.domain(details.validate(), |field| match field {
        "name" => Some(o::NAME),
        "phone" => Some(o::PHONE),
        "street" => Some(o::STREET),
        "city" => Some(o::CITY),
        "postal_code" => Some(o::POSTAL_CODE),
        "latitude" => Some(o::LATITUDE),
        "longitude" => Some(o::LONGITUDE),
        _ => None,
    });
    if !r.failed() {
        st.orgs.push(Organisation { id, version, details });
    }
}
