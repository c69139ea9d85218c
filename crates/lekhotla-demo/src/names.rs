//! Sesotho given and family names, combined at random into invented people, and synthetic contact details.
//!
//! Every person the generator makes is invented: a given name and a family name drawn independently,
//! so any resemblance to a real person is a coincidence of common names. Phone numbers come from the
//! block `+266 5000 0000`–`+266 5000 0999`, which is reserved **by this project** for synthetic data
//! (the numbers are meant to look obviously artificial; we have not verified they are unallocated, so
//! never dial them). E-mail addresses use the reserved domain `example.org` (RFC 2606) and identity
//! numbers start with `DEMO-`.

use crate::rng::Rng;

pub(crate) const FEMALE: &[&str] = &[
    "Lineo",
    "Palesa",
    "Mpho",
    "Rethabile",
    "Nthabiseng",
    "Lerato",
    "Limpho",
    "Mamello",
    "'Mathabo",
    "Puleng",
    "Keneuoe",
    "Relebohile",
    "Tšepiso",
    "Lintle",
    "Nthati",
    "Refiloe",
    "Motšelisi",
    "Liteboho",
    "Boitumelo",
    "Masechaba",
];

pub(crate) const MALE: &[&str] = &[
    "Thabo",
    "Teboho",
    "Tšepo",
    "Khotso",
    "Mpho",
    "Lehlohonolo",
    "Thabang",
    "Retšelisitsoe",
    "Tumelo",
    "Katleho",
    "Mohau",
    "Lerato",
    "Bokang",
    "Neo",
    "Rets'elisitsoe",
    "Mothusi",
    "Tlali",
    "Lebohang",
    "Sello",
    "Kamohelo",
];

pub(crate) const FAMILY: &[&str] = &[
    "Mokoena",
    "Molapo",
    "Letsie",
    "Mofokeng",
    "Ramoholi",
    "Nthako",
    "Sekhesa",
    "Thamae",
    "Lebona",
    "Makara",
    "Mohapi",
    "Tau",
    "Sefako",
    "Moshoeshoe-Ntsane",
    "Lerotholi",
    "Mokhethi",
    "Ntšekhe",
    "Phafoli",
    "Ralitsie",
    "Motanyane",
    "Seeiso-Kali",
    "Mahase",
    "Khoabane",
    "Rakotsoane",
];

/// Officers, prosecutors and case workers: an initial and a family name.
pub(crate) fn official_name(rng: &mut Rng, title: &str) -> String {
    let initial = (b'A' + rng.below(26) as u8) as char;
    format!("{title} {initial}. {}", rng.pick(FAMILY))
}

/// A synthetic mobile number in the project's reserved block, E.164 (`+26650000123`).
pub(crate) fn phone(rng: &mut Rng) -> String {
    format!("+26650000{:03}", rng.below(1000))
}

/// A synthetic landline number in the project's reserved block, E.164 (`+26622000123`).
pub(crate) fn home_phone(rng: &mut Rng) -> String {
    format!("+26622000{:03}", rng.below(1000))
}

/// A synthetic identity number.
pub(crate) fn identity_number(rng: &mut Rng) -> String {
    format!("DEMO-{:07}", rng.below(10_000_000))
}

/// A synthetic e-mail address on `example.org`.
pub(crate) fn email(first: &str, family: &str, rng: &mut Rng) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'š' | 'Š' => Some('s'),
                c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    format!("{}.{}{}@example.org", clean(first), clean(family), rng.below(100))
}

/// Invented business names for suspect recruitment agencies, employers and transport operators.
pub(crate) const AGENCIES: &[&str] = &[
    "Maluti Bright Jobs (Pty) Ltd",
    "Sekhametsi Placement Services",
    "Golden Gate Recruitment, Ficksburg",
    "Highveld \"Easy Work\" Agency",
    "Thaba Labour Brokers",
    "Senqu Staffing & Care",
];
pub(crate) const EMPLOYERS: &[&str] = &[
    "Blue Crane Farms",
    "Khubelu Textiles",
    "Riverside Tavern & Lodge",
    "Mafube Contractors CC",
    "Sunrise Fruit Packers",
    "Koloti Household Services",
];
pub(crate) const TRANSPORT: &[&str] =
    &["Quantum Express Taxis", "Mokorotlo Long-Distance Coaches", "Caledon Cross Transport"];
