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
    let city = r.opt_text(o::CITY);
    let country = r.req(o::COUNTRY, cell::country);
    if let Some(id) = id
        && seen.unique(r, o::ID, id, format_args!("organisation {id}"))
    {
        st.reg.orgs.insert(id);
    }
    let (Some(id), Some(version), Some(name), Some(org_type), Some(district), Some(services), Some(country)) =
        (id, version, name, org_type, district, services, country)
    else {
        return;
    };
    let details = OrganisationInput { name, org_type, district, services, phone, city, country };
    r.domain(details.validate(), |field| match field {
        "name" => Some(o::NAME),
        "phone" => Some(o::PHONE),
        "city" => Some(o::CITY),
        _ => None,
    });
    if !r.failed() {
        st.orgs.push(Organisation { id, version, details });
    }
}
