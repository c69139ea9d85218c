//! Times the generation of demo cases and prints a few shares: `cargo run --release -p lekhotla-demo --example bench -- 100000`.

use std::time::Instant;

use lekhotla_demo::DemoGenerator;
use lekhotla_domain::{CaseStage, Gender, Geography};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(100_000);
    let geography = Geography::from_csv(include_str!("../../../data/geography/LS.csv"))?;
    let today = time::OffsetDateTime::now_utc().date();
    let generator = DemoGenerator::new(&geography, 42, today);
    let started = Instant::now();
    let (mut victims, mut female, mut stages) = (0u64, 0u64, [0u64; 6]);
    for case in generator.cases(n) {
        victims += case.victims.len() as u64;
        female += case.victims.iter().filter(|v| v.person.gender == Gender::Feminine).count() as u64;
        stages[case.stage() as usize] += 1;
    }
    let elapsed = started.elapsed();
    println!("generated {n} cases ({victims} victims) in {:.2} s", elapsed.as_secs_f64());
    println!("female victims: {:.1}%", 100.0 * female as f64 / victims.max(1) as f64);
    for (stage, count) in CaseStage::ALL.iter().zip(stages) {
        println!("{:>20}: {:.1}%", stage.code(), 100.0 * count as f64 / n.max(1) as f64);
    }
    Ok(())
}
