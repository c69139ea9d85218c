//! Where trafficking from and within Lesotho happens: destinations, workplaces and ports of entry.
//!
//! South Africa is the main destination country (US TIP Report, Lesotho chapters 2020-2024; MISSION.md):
//! Welkom and the Free State mines, Durban, Pretoria and Gauteng, Western Cape farms and domestic work.
//! Internal trafficking: factory work in the Maseru and Botha-Bothe industrial areas, herding boys in the
//! highlands, domestic servitude and sexual exploitation in Maseru. Coordinates are approximate town centres.

/// A place of exploitation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    /// ISO country code.
    pub country: &'static str,
    /// For places in Lesotho: the district's ISO 3166-2 code.
    pub district: Option<&'static str>,
    /// For places abroad: the province's ISO 3166-2 code (`ZA-GP`).
    pub province: Option<&'static str>,
    pub city: &'static str,
    /// The workplace, as a case worker would write it.
    pub site: &'static str,
    pub lat: f64,
    pub lon: f64,
}

const fn za(province: &'static str, city: &'static str, site: &'static str, lat: f64, lon: f64) -> Place {
    Place { country: "ZA", district: None, province: Some(province), city, site, lat, lon }
}
const fn ls(district: &'static str, city: &'static str, site: &'static str, lat: f64, lon: f64) -> Place {
    Place { country: "LS", district: Some(district), province: None, city, site, lat, lon }
}

/// Sexual exploitation: South African cities, Maseru.
pub(crate) const SEX: &[(u32, Place)] = &[
    (25, za("ZA-KZN", "Durban", "a guesthouse near the beachfront", -29.8587, 31.0218)),
    (20, za("ZA-GP", "Johannesburg", "a tavern in Hillbrow", -26.2041, 28.0473)),
    (12, za("ZA-GP", "Pretoria", "a private house in Sunnyside", -25.7479, 28.2293)),
    (10, za("ZA-FS", "Welkom", "a shebeen near the mine hostels", -27.9774, 26.7351)),
    (8, za("ZA-FS", "Bloemfontein", "a lodge on the N1", -29.0852, 26.1596)),
    (25, ls("LS-A", "Maseru", "a bar near the bus stop", -29.3142, 27.4833)),
];

/// Forced labour: mines, farms, factories, construction, herding.
pub(crate) const LABOUR: &[(u32, Place, Industry)] = &[
    (22, za("ZA-FS", "Welkom", "disused mine shafts (illegal mining)", -27.9774, 26.7351), Industry::Mining),
    (8, za("ZA-FS", "Virginia", "a gold mine tailings site", -28.1039, 26.8656), Industry::Mining),
    (14, za("ZA-WC", "Ceres", "a fruit farm in the Witzenberg valley", -33.3693, 19.3106), Industry::Farm),
    (6, za("ZA-FS", "Ficksburg", "an asparagus farm", -28.8735, 27.8787), Industry::Farm),
    (8, za("ZA-GP", "Johannesburg", "a building site in Midrand", -25.9992, 28.1263), Industry::Construction),
    (
        14,
        ls("LS-A", "Maseru", "a garment factory in the Thetsane industrial area", -29.3305, 27.5250),
        Industry::Factory,
    ),
    (10, ls("LS-B", "Botha-Bothe", "a textile factory in the industrial area", -28.7664, 28.2486), Industry::Factory),
    (8, ls("LS-J", "Mokhotlong", "cattle posts in the highlands", -29.2891, 29.0660), Industry::Herding),
    (6, ls("LS-K", "Thaba-Tseka", "a cattle post above the village", -29.5220, 28.6084), Industry::Herding),
    (4, ls("LS-C", "Maputsoe", "a shop in the town centre", -28.8833, 27.9000), Industry::Retail),
];

/// Domestic servitude: households.
pub(crate) const DOMESTIC: &[(u32, Place)] = &[
    (30, za("ZA-GP", "Pretoria", "a private household", -25.7479, 28.2293)),
    (20, za("ZA-GP", "Johannesburg", "a private household in Soweto", -26.2485, 27.8540)),
    (15, za("ZA-WC", "Cape Town", "a private household", -33.9249, 18.4241)),
    (10, za("ZA-FS", "Bloemfontein", "a private household", -29.0852, 26.1596)),
    (25, ls("LS-A", "Maseru", "a private household", -29.3142, 27.4833)),
];

/// Forced marriage and child labour: mostly at home in the highlands and lowlands.
pub(crate) const HOME: &[(u32, Place)] = &[
    (20, ls("LS-J", "Mokhotlong", "a village in the highlands", -29.2891, 29.0660)),
    (20, ls("LS-K", "Thaba-Tseka", "a village in the highlands", -29.5220, 28.6084)),
    (15, ls("LS-H", "Qacha's Nek", "a village near the border", -30.1154, 28.6894)),
    (15, ls("LS-C", "Leribe", "a village in the lowlands", -28.8718, 28.0479)),
    (15, ls("LS-A", "Maseru", "a household in Ha Thetsane", -29.3305, 27.5250)),
    (15, za("ZA-EC", "Matatiele", "a homestead", -30.3421, 28.8071)),
];

/// The kind of workplace in forced labour, mapped to an ISIC section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Industry {
    Mining,
    Farm,
    Construction,
    Factory,
    Herding,
    Retail,
}

/// Relative use of ports of entry by traffickers' routes (Maseru Bridge carries most traffic);
/// a port of the geography not listed here gets weight 1.
pub(crate) const PORT_WEIGHTS: &[(&str, u32)] = &[
    ("POE-MASERU-BRIDGE", 40),
    ("POE-MAPUTSOE-BRIDGE", 20),
    ("POE-VAN-ROOYENS-GATE", 9),
    ("POE-CALEDONSPOORT", 6),
    ("POE-MOSHOESHOE-I-INTERNATIONAL-AIRPORT", 5),
    ("POE-QACHAS-NEK", 4),
    ("POE-TELE-BRIDGE", 3),
    ("POE-PEKA-BRIDGE", 3),
    ("POE-MAKHALENG-BRIDGE", 2),
    ("POE-SANI-PASS", 2),
    ("POE-RAMATSELISOS-GATE", 2),
];
