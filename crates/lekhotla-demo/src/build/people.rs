//! Victims, suspects and witnesses of a demo case.

use lekhotla_domain::{
    BusinessDetails, BusinessKind, ChildReferral, ConsentPurpose, CountryCode, DecisionMakingOrg, EducationLevel,
    ExploitationType, ExploitationWebsite, ForcedLabourIndustry, Gender, MaritalStatus, MethodOfControl,
    MethodOfRecruitment, PerpetratorRole, PersonDetails, PersonId, PlaceCode, PublicOfficial, RecruitmentWebsite,
    RelationshipToTrafficker, SexExploitationType, SuspectIdentity, SuspectInput, TraffickingStatus, VictimContext,
    VictimInput, Vulnerability, WitnessInput,
};
use time::{Date, Duration};

use super::justice::Plan;
use super::{Ctx, Kind, Scenario};
use crate::DemoError;
use crate::names;
use crate::places::Industry;

/// What later steps need to know about a victim.
#[derive(Debug, Clone)]
pub(crate) struct VictimInfo {
    pub id: PersonId,
    pub female: bool,
    pub child: bool,
    pub not_a_victim: bool,
    pub identified_on: Date,
    pub person: PersonDetails,
}

/// What later steps need to know about a suspect.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SuspectInfo {
    pub id: PersonId,
    pub official: bool,
}

/// Victims by sex: 72.8% female (CTDC global data).
const GENDERS: &[(u32, Gender)] =
    &[(728, Gender::Feminine), (267, Gender::Masculine), (5, Gender::NonSpecifiedUnknown)];

/// Age known for 85% of victims. With child labour (7% of cases, always children) this gives about 28%
/// children among victims of known age, i.e. about 72% adults (CTDC global data).
const AGE_KNOWN: f64 = 0.85;
const CHILD_SHARE_OTHERS: f64 = 0.216;

fn country(code: &str, fallback: CountryCode) -> CountryCode {
    CountryCode::parse(code).unwrap_or(fallback)
}

/// An invented person of the given gender, living in the case's district.
pub(crate) fn person(cx: &mut Ctx<'_>, gender: Gender, district: usize, age: Option<(u8, Date)>) -> PersonDetails {
    let g = cx.g;
    let rng = &mut cx.rng;
    let female = match gender {
        Gender::Feminine | Gender::TransgenderFeminine => true,
        Gender::Masculine | Gender::TransgenderMasculine => false,
        _ => rng.chance(0.5),
    };
    let given = if female { names::FEMALE } else { names::MALE };
    let first = (*rng.pick(given)).to_owned();
    let middle = rng.chance(0.2).then(|| (*rng.pick(given)).to_owned());
    let family = rng.chance(0.95).then(|| (*rng.pick(names::FAMILY)).to_owned());
    let (birthdate, estimated_age) = match age {
        Some((age, on)) if rng.chance(0.6) => {
            // Born in year `on.year() - age`, on a day of the year not after `on`'s: exactly `age` on `on`.
            let o = u64::from(on.ordinal()).saturating_sub(1).clamp(1, 364);
            let jan1 = Date::from_ordinal_date(on.year() - i32::from(age), 1).unwrap_or(on);
            (Some(jan1.saturating_add(Duration::days(rng.below(o) as i64))), None)
        }
        Some((age, _)) => (None, Some(age)),
        None => (None, None),
    };
    let citizenship = match rng.below(100) {
        0..96 => g.country,
        96 => country("ZW", g.country),
        97 | 98 => country("ZA", g.country),
        _ => country("MZ", g.country),
    };
    let d = &g.districts[district];
    let email = rng.chance(0.05).then(|| names::email(&first, family.as_deref().unwrap_or("demo"), rng));
    let adult = age.is_none_or(|(a, _)| a >= 18);
    let salutation = (adult && rng.chance(0.3)).then(|| (if female { "'M'e" } else { "Ntate" }).to_owned());
    let marital_status = adult.then(|| {
        rng.choose(&[
            (55, Some(MaritalStatus::Single)),
            (25, Some(MaritalStatus::Married)),
            (5, Some(MaritalStatus::Separated)),
            (4, Some(MaritalStatus::Divorced)),
            (4, Some(MaritalStatus::Widowed)),
            (7, None),
        ])
    });
    let number_of_children = (adult && rng.chance(0.6)).then(|| rng.range(0, 4) as u8);
    let title = (adult && rng.chance(0.1))
        .then(|| (*rng.pick(&["Shop assistant", "Machine operator", "Herder", "Domestic worker"])).to_owned());
    let education = rng.choose(&[
        (35, Some(EducationLevel::Primary)),
        (30, Some(EducationLevel::LowerSecondary)),
        (12, Some(EducationLevel::UpperSecondary)),
        (3, Some(EducationLevel::PostSecondaryNonTertiary)),
        (20, None),
    ]);
    // A home in the capital can be pinned on a map; only the capital's centre is known here.
    let pinned = d.code.as_str() == "LS-A" && rng.chance(0.1);
    let jitter = |rng: &mut crate::rng::Rng| (rng.unit() - 0.5) * 0.05;
    PersonDetails {
        salutation,
        first_name: first,
        middle_name: middle,
        second_name: family,
        birthdate,
        estimated_age,
        gender,
        deceased: rng.chance(0.002),
        marital_status: marital_status.flatten(),
        number_of_children,
        citizenship: vec![citizenship],
        identity_number: rng.chance(0.4).then(|| names::identity_number(rng)),
        title,
        phone: rng.chance(0.3).then(|| names::phone(rng)),
        home_phone: rng.chance(0.05).then(|| names::home_phone(rng)),
        email,
        address: rng.chance(0.2).then(|| {
            format!("{}, {}", rng.pick(&["Ha Abia", "Ha Thetsane", "Ha Mabote", "Ha Tsolo", "Motse-Mocha"]), d.name)
        }),
        city: Some(d.name.clone()),
        district: Some(d.code.clone()),
        postal_code: (d.code.as_str() == "LS-A" && rng.chance(0.2)).then(|| "100".to_owned()),
        country: Some(g.country),
        latitude: pinned.then(|| -29.3151 + jitter(rng)),
        longitude: pinned.then(|| 27.4869 + jitter(rng)),
        primary_language: Some(rng.choose(&[(90, "st"), (5, "en"), (5, "zu")]).to_owned()),
        secondary_language: rng.chance(0.4).then(|| "en".to_owned()),
        education,
    }
}

fn exploitation(
    cx: &mut Ctx<'_>,
    sc: &Scenario,
) -> (Vec<ExploitationType>, Option<ForcedLabourIndustry>, Vec<SexExploitationType>) {
    use ExploitationType as E;
    use SexExploitationType as S;
    let sex = |cx: &mut Ctx<'_>| {
        cx.rng
            .choose(&[
                (70, &[S::Prostitution][..]),
                (15, &[S::PrivateSexualServices][..]),
                (10, &[S::Prostitution, S::Pornography][..]),
                (5, &[S::RemoteInteractiveServices][..]),
            ])
            .to_vec()
    };
    match sc.kind {
        Kind::Sexual => (vec![E::SexualExploitation], None, sex(cx)),
        Kind::Mixed => {
            (vec![E::SexualExploitation, E::ForcedLabour], Some(ForcedLabourIndustry::AccommodationAndFood), sex(cx))
        }
        Kind::Labour => {
            let industry = match sc.industry {
                Some(Industry::Mining) => ForcedLabourIndustry::MiningAndQuarrying,
                Some(Industry::Construction) => ForcedLabourIndustry::Construction,
                Some(Industry::Factory) => ForcedLabourIndustry::Manufacturing,
                Some(Industry::Retail) => ForcedLabourIndustry::WholesaleAndRetail,
                Some(Industry::Farm | Industry::Herding) | None => ForcedLabourIndustry::AgricultureForestryAndFishing,
            };
            (vec![E::ForcedLabour], Some(industry), vec![])
        }
        Kind::Domestic => (vec![E::Servitude], None, vec![]),
        Kind::Marriage => (vec![E::ForcedMarriage], None, vec![]),
        Kind::ChildLabour => (vec![E::ChildLabour], None, vec![]),
        Kind::Unknown => (vec![], None, vec![]),
    }
}

fn some_of<T: Copy>(cx: &mut Ctx<'_>, table: &[(f64, T)]) -> Vec<T> {
    table.iter().filter(|(p, _)| cx.rng.chance(*p)).map(|(_, v)| *v).collect()
}

/// Records the case's victims; children get the automatic child-protection referral.
pub(crate) fn victims(
    cx: &mut Ctx<'_>,
    case: &mut lekhotla_domain::Case,
    sc: &Scenario,
    n: u32,
) -> Result<Vec<VictimInfo>, DemoError> {
    let mut out = Vec::with_capacity(n as usize);
    let child_referral = ChildReferral { from: case.organisation, to: cx.g.dir.social[sc.district] };
    for _ in 0..n {
        let identified_on = cx.after(sc.detected_on, 0, 2).min(cx.today);
        let gender = cx.rng.choose(GENDERS);
        let known = sc.kind == Kind::ChildLabour || cx.chance(AGE_KNOWN);
        let child = sc.kind == Kind::ChildLabour || cx.chance(CHILD_SHARE_OTHERS);
        let age: Option<u8> = known.then(|| {
            if sc.kind == Kind::ChildLabour {
                cx.rng.range(9, 16) as u8
            } else if child {
                cx.rng.range(8, 17) as u8
            } else {
                let (lo, hi) = cx.rng.choose(&[(50, (18, 25)), (35, (26, 35)), (15, (36, 55))]);
                cx.rng.range(lo, hi) as u8
            }
        });
        let person = person(cx, gender, sc.district, age.map(|a| (a, identified_on)));
        let status = cx.rng.choose(&[
            (55, TraffickingStatus::ActualVictim),
            (40, TraffickingStatus::PossibleVictim),
            (5, TraffickingStatus::NotAVictim),
        ]);
        let decided = status != TraffickingStatus::PossibleVictim || cx.chance(0.5);
        let by = cx.rng.choose(&[
            (50, DecisionMakingOrg::Police),
            (25, DecisionMakingOrg::NonPoliceGovernmental),
            (15, DecisionMakingOrg::Ngo),
            (5, DecisionMakingOrg::CourtOrProsecution),
            (5, DecisionMakingOrg::Other),
        ]);
        let dir = &cx.g.dir;
        let by_org = match by {
            DecisionMakingOrg::Police => Some(dir.atu),
            DecisionMakingOrg::NonPoliceGovernmental => Some(dir.social[sc.district]),
            DecisionMakingOrg::Ngo => Some(dir.shelter),
            DecisionMakingOrg::CourtOrProsecution => Some(dir.dpp),
            DecisionMakingOrg::Other => None,
        };
        let decided_on = if decided {
            let d = cx.after(identified_on, 0, 21);
            cx.happened(d)
        } else {
            None
        };
        let (exploitation_types, forced_labour_industry, sex_exploitation_types) = exploitation(cx, sc);
        use MethodOfControl as M;
        let mut methods_of_control = some_of(
            cx,
            &[
                (0.55, M::FalsePromises),
                (0.35, M::WithholdsDocuments),
                (0.25, M::TakesEarnings),
                (0.2, M::DebtBondage),
                (0.2, M::PhysicalThreats),
                (0.15, M::ExcessiveWorkingHours),
                (0.1, M::PsychologicalAbuse),
            ],
        );
        if matches!(sc.kind, Kind::Sexual | Kind::Mixed) && cx.chance(0.3) {
            methods_of_control.push(M::SexualAbuse);
        }
        let recruitment_methods = if cx.chance(0.8) {
            vec![cx.rng.choose(&[
                (40, MethodOfRecruitment::ThroughFriendsOrSocialEvents),
                (20, MethodOfRecruitment::ThroughFamilyOrFamilyEvents),
                (15, MethodOfRecruitment::ThroughOnlineSocialNetworks),
                (10, MethodOfRecruitment::AtAPlaceOfBusiness),
                (5, MethodOfRecruitment::ThroughANewspaperAdvert),
                (10, MethodOfRecruitment::Other),
            ])]
        } else {
            vec![]
        };
        // The recruiter relation is unknown in about 80% (CTDC global data).
        let relationship_to_trafficker = cx.rng.choose(&[
            (80, None),
            (10, Some(RelationshipToTrafficker::Acquainted)),
            (6, Some(RelationshipToTrafficker::Familial)),
            (4, Some(RelationshipToTrafficker::Unacquainted)),
        ]);
        use Vulnerability as V;
        let mut vulnerabilities = some_of(cx, &[(0.8, V::Poverty), (0.3, V::Education), (0.1, V::AbusePhysical)]);
        if sc.abroad && cx.chance(0.4) {
            vulnerabilities.push(V::Migration);
        }
        let vulnerability_details = cx.chance(0.25).then(|| {
            cx.rng
                .pick(&[
                    "Orphaned; cares for two younger siblings, the family's cattle were sold after the drought.",
                    "Left school in Form B. Mother unemployed, father works \"somewhere in Gauteng\".",
                    "Lost her factory job when the order book closed; owes M1,200 to a money lender.",
                    "Herd boy since age 11, never enrolled in school.",
                ])
                .to_string()
        });
        let online = recruitment_methods.iter().any(|m| {
            matches!(
                m,
                MethodOfRecruitment::ThroughOnlineSocialNetworks | MethodOfRecruitment::ThroughAnOnlineAdvertisement
            )
        });
        let recruitment_websites = if online {
            cx.rng
                .choose(&[
                    (50, &[RecruitmentWebsite::Facebook][..]),
                    (30, &[RecruitmentWebsite::Facebook, RecruitmentWebsite::WhatsApp][..]),
                    (15, &[RecruitmentWebsite::WhatsApp][..]),
                    (5, &[RecruitmentWebsite::TikTok][..]),
                ])
                .to_vec()
        } else {
            vec![]
        };
        let exploitation_websites = if sex_exploitation_types.contains(&SexExploitationType::RemoteInteractiveServices)
            || (matches!(sc.kind, Kind::Sexual) && cx.chance(0.15))
        {
            vec![cx.rng.choose(&[(60, ExploitationWebsite::WhatsApp), (40, ExploitationWebsite::Facebook)])]
        } else {
            vec![]
        };
        let home = PlaceCode::parse(cx.g.districts[sc.district].code.as_str()).ok();
        let exploited_in = if sc.intercepted {
            None
        } else {
            sc.place.province.or(sc.place.district).and_then(|p| PlaceCode::parse(p).ok())
        };
        let context = VictimContext {
            trafficking_status: status,
            status_decided_by: decided.then_some(by),
            status_decided_by_org: if decided { by_org } else { None },
            status_decided_on: decided_on,
            identified_on,
            age_when_trafficked: age.map(|a| if a > 0 && cx.chance(0.3) { a - 1 } else { a }),
            exploitation_types,
            forced_labour_industry,
            sex_exploitation_types,
            methods_of_control,
            recruitment_methods,
            recruitment_location: home,
            recruitment_websites,
            exploitation_location: exploited_in,
            exploitation_websites,
            relationship_to_trafficker,
            vulnerabilities,
            vulnerability_details,
        };
        let female = matches!(person.gender, Gender::Feminine);
        let input = VictimInput { person: person.clone(), context };
        let id = cx.step("add_victim", case.add_victim(input, cx.today, Some(child_referral)))?;
        let is_child = case.victims.last().is_some_and(|v| v.is_child());
        out.push(VictimInfo {
            id,
            female,
            child: is_child,
            not_a_victim: status == TraffickingStatus::NotAVictim,
            identified_on,
            person,
        });
    }
    Ok(out)
}

/// Records suspects: individuals (some of them officials) and businesses. A case headed for prosecution has at least one.
pub(crate) fn suspects(
    cx: &mut Ctx<'_>,
    case: &mut lekhotla_domain::Case,
    sc: &Scenario,
    plan: &Plan,
) -> Result<Vec<SuspectInfo>, DemoError> {
    let mut n = cx.rng.choose(&[(20, 0u32), (50, 1), (20, 2), (10, 3)]);
    if plan.prosecute {
        n = n.max(1);
    }
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let what = cx.rng.choose(&[(78, 0u8), (17, 1), (5, 2)]);
        use PerpetratorRole as R;
        let (identity, official, roles, role_details) = if what == 1 {
            let kind = cx.rng.choose(&[
                (50, BusinessKind::RecruitmentAgency),
                (35, BusinessKind::Employer),
                (10, BusinessKind::TransportOperator),
                (5, BusinessKind::EntertainmentVenue),
            ]);
            let name = match kind {
                BusinessKind::RecruitmentAgency => *cx.rng.pick(crate::names::AGENCIES),
                BusinessKind::TransportOperator => *cx.rng.pick(crate::names::TRANSPORT),
                _ => *cx.rng.pick(crate::names::EMPLOYERS),
            };
            let business = BusinessDetails {
                name: name.to_owned(),
                kind,
                registration_number: cx.chance(0.5).then(|| format!("DEMO-REG-{:05}", cx.rng.below(100_000))),
                country: Some(if sc.abroad { country("ZA", cx.g.country) } else { cx.g.country }),
                district: (!sc.abroad).then(|| cx.g.districts[sc.district].code.clone()),
            };
            let roles = match kind {
                BusinessKind::RecruitmentAgency => vec![R::RecruiterOrIntermediary],
                BusinessKind::TransportOperator => vec![R::Transporter],
                _ => vec![R::Exploiter, R::ReceivedIndividual],
            };
            (SuspectIdentity::Business(business), None, roles, None)
        } else {
            let gender = cx.rng.choose(&[(55, Gender::Masculine), (45, Gender::Feminine)]);
            let age = cx.rng.range(22, 60) as u8;
            let p = person(cx, gender, sc.district, Some((age, sc.detected_on)));
            if what == 2 {
                let (body, position, details) = *cx.rng.pick(&[
                    ("Lesotho Mounted Police Service", "Constable", "Warned the recruiter of a planned raid."),
                    (
                        "Department of Immigration",
                        "Immigration officer",
                        "Stamped passports without the travellers present, for a fee.",
                    ),
                    (
                        "Ministry of Home Affairs (civil registry)",
                        "Clerk",
                        "Issued birth certificates with false ages.",
                    ),
                ]);
                let official = PublicOfficial { public_body: body.to_owned(), position: Some(position.to_owned()) };
                (
                    SuspectIdentity::Individual(p),
                    Some(official),
                    vec![R::BrokerTravelAgent, R::Other],
                    Some(details.to_owned()),
                )
            } else {
                let roles = cx.rng.choose(&[
                    (45, &[R::RecruiterOrIntermediary][..]),
                    (15, &[R::RecruiterOrIntermediary, R::Transporter][..]),
                    (15, &[R::Exploiter, R::ControlledIndividual][..]),
                    (10, &[R::HarbouredIndividual][..]),
                    (10, &[R::Transporter][..]),
                    (5, &[R::SoldIndividual][..]),
                ]);
                let details =
                    cx.chance(0.2).then(|| "Known locally as \"Bra T\"; operates from the taxi rank.".to_owned());
                (SuspectIdentity::Individual(p), None, roles.to_vec(), details)
            }
        };
        let arrested_on = match (plan.opened, &identity) {
            (Some(open), SuspectIdentity::Individual(_)) if cx.chance(0.55) => {
                let d = cx.after(open, 0, 30);
                cx.happened(d)
            }
            _ => None,
        };
        let is_official = official.is_some();
        let organisation = match &identity {
            SuspectIdentity::Individual(_) if official.is_none() && cx.chance(0.25) => {
                Some((*cx.rng.pick(names::AGENCIES)).to_owned())
            }
            _ => None,
        };
        let input = SuspectInput { identity, roles, role_details, organisation, official, arrested_on };
        let id = cx.step("add_suspect", case.add_suspect(input, cx.today))?;
        out.push(SuspectInfo { id, official: is_official });
    }
    Ok(out)
}

/// Victims who give statements (their testimony preserved in some cross-border cases), and other witnesses.
pub(crate) fn witnesses(
    cx: &mut Ctx<'_>,
    case: &mut lekhotla_domain::Case,
    victims: &[VictimInfo],
    plan: &Plan,
) -> Result<(), DemoError> {
    let Some(opened) = plan.opened else { return Ok(()) };
    for v in victims {
        // A victim testifies only with consent to prosecution in force.
        if v.not_a_victim || !cx.chance(0.5) || !case.consent_in_force(v.id, ConsentPurpose::Prosecution) {
            continue;
        }
        let statement = cx.after(opened, 0, 20);
        let statement_taken_on = cx.happened(statement);
        let input = WitnessInput {
            person: v.person.clone(),
            victim: Some(v.id),
            statement_taken_on,
            testimony_preserved: statement_taken_on.is_some() && cx.chance(0.3),
        };
        cx.step("add_witness", case.add_witness(input, cx.today))?;
    }
    if cx.chance(0.2) {
        let gender = cx.rng.choose(&[(50, Gender::Feminine), (50, Gender::Masculine)]);
        let age = cx.rng.range(25, 70) as u8;
        let district = victims.first().and_then(|v| v.person.district.clone());
        let idx = district.and_then(|d| cx.g.districts.iter().position(|x| x.code == d)).unwrap_or(0);
        let person = person(cx, gender, idx, Some((age, opened)));
        let statement = cx.after(opened, 0, 40);
        let statement_taken_on = cx.happened(statement);
        let input = WitnessInput { person, victim: None, statement_taken_on, testimony_preserved: false };
        cx.step("add_witness", case.add_witness(input, cx.today))?;
    }
    Ok(())
}
