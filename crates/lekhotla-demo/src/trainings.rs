//! The demo's trainings: each year a training of trainers in Maseru (the anti-trafficking unit and the
//! secretariat on the referral SOP), then trainings in the districts given by its graduates to police,
//! immigration, labour and social workers, and now and then one for prosecutors and magistrates. Participants
//! are counted in groups by organisation, role, sex and district. Invented, as the cases are.

use lekhotla_domain::{
    Gender, OrgId, ParticipantGroup, Training, TrainingId, TrainingInput, TrainingRole, UnitCode, ids,
};
use time::{Date, Duration};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const TRAINING_STREAM: u64 = 0x7472_6169;

const TOPICS: [&str; 5] = [
    "Identifying victims and referring them (national referral mechanism)",
    "Interviewing child victims",
    "Investigating trafficking: from report to docket",
    "Labour inspections that find forced labour",
    "Screening travellers at the border",
];

impl DemoGenerator {
    /// A training of trainers each year, then about one training a district given by its graduates, and one
    /// for prosecutors and magistrates; none after today.
    pub fn trainings(&self) -> Vec<Training> {
        let mut rng = Rng::new(mix(self.seed, TRAINING_STREAM));
        let first = self.today.year() - 4;
        let maseru = self.districts.iter().position(|d| d.code.as_str() == "LS-A").unwrap_or(0);
        ids::deterministic(mix(self.seed, TRAINING_STREAM), || {
            let mut out = Vec::new();
            for year in first..=self.today.year() {
                let Ok(start) = Date::from_calendar_date(year, time::Month::February, 1) else { continue };
                if start > self.today {
                    continue;
                }
                let district = |i: usize| self.districts[i].code.clone();
                let groups = |rng: &mut Rng, org: OrgId, role: TrainingRole, at: Option<UnitCode>, size: (i64, i64)| {
                    let size = rng.range(size.0, size.1);
                    let women = rng.range(1, size);
                    [(Gender::Feminine, women), (Gender::Masculine, size - women)]
                        .into_iter()
                        .filter(|(_, n)| *n > 0)
                        .map(|(sex, n)| {
                            let people = u32::try_from(n).unwrap_or(1);
                            let certified = if rng.chance(0.8) { people } else { people.saturating_sub(1) };
                            ParticipantGroup {
                                organisation: Some(org),
                                role,
                                sex,
                                district: at.clone(),
                                people,
                                certified,
                            }
                        })
                        .collect::<Vec<_>>()
                };
                // The training of trainers.
                let mut tot_groups = groups(&mut rng, self.dir.atu, TrainingRole::Police, None, (10, 10));
                tot_groups.extend(groups(&mut rng, self.dir.immigration, TrainingRole::Immigration, None, (4, 4)));
                tot_groups.extend(groups(&mut rng, self.dir.labour, TrainingRole::Labour, None, (4, 4)));
                let tot = TrainingInput {
                    title: "Training of trainers: the referral SOP".to_owned(),
                    organisation: self.dir.secretariat,
                    country: self.country,
                    district: Some(district(maseru)),
                    town: Some("Maseru".to_owned()),
                    started_on: start,
                    ended_on: Some((start + Duration::days(4)).min(self.today)),
                    curriculum: Some("Standard operating procedures for identification and referral".to_owned()),
                    trainers: Some("Anti-trafficking secretariat, with IOM".to_owned()),
                    of_trainers: true,
                    trained_by: None,
                    participants: tot_groups,
                    cost: Some(u64::try_from(rng.range(40_000, 90_000)).unwrap_or(0)),
                };
                let Ok(tot) = Training::new(tot, self.today) else { continue };
                let tot_id: TrainingId = tot.id;
                out.push(tot);
                // Its graduates train the districts.
                for i in 0..self.districts.len() {
                    let started_on = start + Duration::days(rng.range(30, 330));
                    if started_on > self.today || rng.chance(0.2) {
                        continue;
                    }
                    let at = Some(district(i));
                    let police = self.dir.cgpu.get(i).copied().unwrap_or(self.dir.cgpu_national);
                    let social = self.dir.social.get(i).copied().unwrap_or(self.dir.secretariat);
                    let mut participants = groups(&mut rng, police, TrainingRole::Police, at.clone(), (8, 25));
                    participants.extend(groups(&mut rng, social, TrainingRole::SocialWorkers, at.clone(), (2, 8)));
                    if rng.chance(0.5) {
                        participants.extend(groups(
                            &mut rng,
                            self.dir.labour,
                            TrainingRole::Labour,
                            at.clone(),
                            (2, 6),
                        ));
                    }
                    let input = TrainingInput {
                        title: (*rng.pick(&TOPICS)).to_owned(),
                        organisation: police,
                        country: self.country,
                        district: at,
                        town: None,
                        started_on,
                        ended_on: rng.chance(0.6).then(|| (started_on + Duration::days(2)).min(self.today)),
                        curriculum: Some("Standard operating procedures for identification and referral".to_owned()),
                        trainers: None,
                        of_trainers: false,
                        trained_by: Some(tot_id),
                        participants,
                        cost: rng.chance(0.5).then(|| u64::try_from(rng.range(3_000, 15_000)).unwrap_or(0)),
                    };
                    if let Ok(t) = Training::new(input, self.today) {
                        out.push(t);
                    }
                }
                // Prosecutors and magistrates, in Maseru.
                let started_on = start + Duration::days(rng.range(60, 300));
                if started_on <= self.today {
                    let mut participants = groups(&mut rng, self.dir.dpp, TrainingRole::Prosecutors, None, (6, 15));
                    participants.extend(groups(&mut rng, self.dir.legal_aid, TrainingRole::Magistrates, None, (3, 8)));
                    let input = TrainingInput {
                        title: "Prosecuting trafficking under the Anti-Trafficking in Persons Act".to_owned(),
                        organisation: self.dir.dpp,
                        country: self.country,
                        district: Some(district(maseru)),
                        town: Some("Maseru".to_owned()),
                        started_on,
                        ended_on: Some((started_on + Duration::days(1)).min(self.today)),
                        curriculum: None,
                        trainers: Some("UNODC and the DPP".to_owned()),
                        of_trainers: false,
                        trained_by: None,
                        participants,
                        cost: None,
                    };
                    if let Ok(t) = Training::new(input, self.today) {
                        out.push(t);
                    }
                }
            }
            out.sort_by_key(|t| t.details.started_on);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::Geography;
    use time::macros::date;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_valid_trainings_and_their_cascade() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let today = date!(2026 - 06 - 30);
        let a = DemoGenerator::new(&geo, 7, today).trainings();
        assert_eq!(a, DemoGenerator::new(&geo, 7, today).trainings());
        assert!(a.len() > 30, "{}", a.len());
        assert!(a.iter().all(|t| t.details.validate(today).is_ok() && t.details.started_on <= today));
        let tot = a.iter().find(|t| t.details.of_trainers).expect("a training of trainers");
        assert!(a.iter().any(|t| t.details.trained_by == Some(tot.id)));
    }
}
