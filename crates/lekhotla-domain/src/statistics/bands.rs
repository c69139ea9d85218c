//! What statistics keep of a sealed birth date and of the victims' forms of exploitation: the age band at
//! identification (CTDC's broad age ranges) and a case's form (sex, labour, both, other). Both are stored
//! as open derived columns, so the figures never open a sealed value.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::person::Victim;
use crate::vocabulary::ExploitationType;

/// A victim's age on the day of identification, in CTDC's broad ranges ("Age range 2" of the CTDC
/// codebook), which split at 18: the first two are children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    Age0To8,
    Age9To17,
    Age18To20,
    Age21To23,
    Age24To26,
    Age27To29,
    Age30To38,
    Age39To47,
    Age48Plus,
    /// No birth date and no estimated age on record.
    Unknown,
}

impl AgeBand {
    /// Every band, youngest first, unknown last.
    pub const ALL: [Self; 10] = [
        Self::Age0To8,
        Self::Age9To17,
        Self::Age18To20,
        Self::Age21To23,
        Self::Age24To26,
        Self::Age27To29,
        Self::Age30To38,
        Self::Age39To47,
        Self::Age48Plus,
        Self::Unknown,
    ];

    /// The band of an age in whole years.
    pub fn of(age: Option<u8>) -> Self {
        match age {
            None => Self::Unknown,
            Some(0..=8) => Self::Age0To8,
            Some(9..=17) => Self::Age9To17,
            Some(18..=20) => Self::Age18To20,
            Some(21..=23) => Self::Age21To23,
            Some(24..=26) => Self::Age24To26,
            Some(27..=29) => Self::Age27To29,
            Some(30..=38) => Self::Age30To38,
            Some(39..=47) => Self::Age39To47,
            Some(_) => Self::Age48Plus,
        }
    }

    /// The band on `day` of a person born on `birthdate` (where known), else of the estimated age.
    pub fn on(day: Date, birthdate: Option<Date>, estimated_age: Option<u8>) -> Self {
        Self::of(birthdate.map(|b| whole_years(b, day)).or(estimated_age))
    }

    /// The stored code (CTDC's spelling with one hyphen).
    pub fn code(self) -> &'static str {
        match self {
            Self::Age0To8 => "0-8",
            Self::Age9To17 => "9-17",
            Self::Age18To20 => "18-20",
            Self::Age21To23 => "21-23",
            Self::Age24To26 => "24-26",
            Self::Age27To29 => "27-29",
            Self::Age30To38 => "30-38",
            Self::Age39To47 => "39-47",
            Self::Age48Plus => "48+",
            Self::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    /// Under 18 at identification. An unknown age is not counted as a child in the figures (the case file
    /// still treats such a victim as presumed a child until the age is established).
    pub fn is_child(self) -> bool {
        matches!(self, Self::Age0To8 | Self::Age9To17)
    }
}

/// Age in whole years on `day` of a person born on `birth` (0 before birth).
pub fn whole_years(birth: Date, day: Date) -> u8 {
    let mut age = day.year() - birth.year();
    if (day.month() as u8, day.day()) < (birth.month() as u8, birth.day()) {
        age -= 1;
    }
    age.clamp(0, 255) as u8
}

impl Victim {
    /// The age band on the day of identification: from the birth date where known, else the estimated age.
    pub fn age_band_at_identification(&self) -> AgeBand {
        AgeBand::of(self.person.age_on(self.context.identified_on))
    }
}

/// A case's form of exploitation, from its victims' forms: as the US Trafficking in Persons Report splits
/// sex trafficking from labour trafficking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExploitationForm {
    /// Some victim sexually exploited, none in labour.
    Sex,
    /// Some victim in forced or child labour, servitude, forced begging or forced military service; none
    /// sexually exploited.
    Labour,
    /// Both.
    Both,
    /// Neither recorded: forced marriage, organ removal, forced adoption, surrogacy, other, or not known.
    Other,
}

impl ExploitationForm {
    pub const ALL: [Self; 4] = [Self::Sex, Self::Labour, Self::Both, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sex => "sex",
            Self::Labour => "labour",
            Self::Both => "both",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The forms that count as labour exploitation.
    pub const LABOUR: [ExploitationType; 5] = [
        ExploitationType::ForcedLabour,
        ExploitationType::ChildLabour,
        ExploitationType::Servitude,
        ExploitationType::ForcedBegging,
        ExploitationType::ForcedMilitary,
    ];

    /// The form of a set of exploitation types (one victim's, or all of a case's victims').
    pub fn of<'a>(types: impl IntoIterator<Item = &'a ExploitationType>) -> Self {
        let (mut sex, mut labour) = (false, false);
        for t in types {
            sex |= *t == ExploitationType::SexualExploitation;
            labour |= Self::LABOUR.contains(t);
        }
        match (sex, labour) {
            (true, true) => Self::Both,
            (true, false) => Self::Sex,
            (false, true) => Self::Labour,
            (false, false) => Self::Other,
        }
    }
}

impl Case {
    /// The case's form of exploitation, from every victim's forms.
    pub fn exploitation_form(&self) -> ExploitationForm {
        ExploitationForm::of(self.victims.iter().flat_map(|v| v.context.exploitation_types.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_eighteen() {
        assert_eq!(AgeBand::of(Some(17)), AgeBand::Age9To17);
        assert!(AgeBand::of(Some(17)).is_child());
        assert_eq!(AgeBand::of(Some(18)), AgeBand::Age18To20);
        assert!(!AgeBand::of(Some(18)).is_child());
        assert_eq!(AgeBand::of(Some(0)), AgeBand::Age0To8);
        assert_eq!(AgeBand::of(Some(200)), AgeBand::Age48Plus);
        assert_eq!(AgeBand::of(None), AgeBand::Unknown);
        for b in AgeBand::ALL {
            assert_eq!(AgeBand::from_code(b.code()), Some(b));
        }
    }

    #[test]
    fn forms_of_exploitation() {
        use ExploitationType as T;
        assert_eq!(ExploitationForm::of(&[T::SexualExploitation]), ExploitationForm::Sex);
        assert_eq!(ExploitationForm::of(&[T::Servitude, T::Other]), ExploitationForm::Labour);
        assert_eq!(ExploitationForm::of(&[T::SexualExploitation, T::ChildLabour]), ExploitationForm::Both);
        assert_eq!(ExploitationForm::of(&[T::ForcedMarriage]), ExploitationForm::Other);
        assert_eq!(ExploitationForm::of(&[]), ExploitationForm::Other);
    }
}
