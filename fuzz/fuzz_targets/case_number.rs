//! `CaseNumber::parse` on any text: never panics; a number that parses is written back as the text it was
//! read from (only the canonical form parses), reads back equal, and reads the same from JSON.
#![no_main]

use lekhotla_domain::CaseNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(number) = CaseNumber::parse(text) else {
        assert!(serde_json::from_value::<CaseNumber>(serde_json::Value::from(text)).is_err());
        return;
    };
    let written = number.to_string();
    assert_eq!(written, text.trim(), "only the canonical form parses");
    assert_eq!(CaseNumber::parse(&written), Ok(number));
    assert_eq!(written.parse::<CaseNumber>(), Ok(number));
    assert_eq!(CaseNumber::new(number.country(), number.year(), number.sequence()), Ok(number));
    let json = serde_json::to_string(&number).expect("a case number is written as JSON");
    assert_eq!(serde_json::from_str::<CaseNumber>(&json).expect("and read back"), number);
});
