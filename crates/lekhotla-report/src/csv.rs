//! The report as one CSV file in long form: a line per cell, each line saying its period, scope, rule, table,
//! row and column, so the file can be read without the others.

use crate::model::{CellState, Report, Scope};

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// The scope as a code: `national`, `hub:LS-B`, `district:LS-C`.
pub fn scope_code(s: &Scope) -> String {
    match s {
        Scope::National => "national".to_owned(),
        Scope::Hub { code, .. } => format!("hub:{code}"),
        Scope::District { code, .. } => format!("district:{code}"),
    }
}

/// The CSV text (UTF-8, `\n` line ends, a header line).
pub fn csv(r: &Report) -> String {
    let mut out = String::from(
        "period_from,period_to,scope,rule,threshold,table,table_title,row,row_label,column,column_label,value,state\n",
    );
    let level = r.disclosure.level.code().to_owned();
    for (_, t) in r.tables() {
        for (row, line) in t.rows.iter().zip(&t.cells) {
            for (col, cell) in t.columns.iter().zip(line) {
                let state = match cell.state {
                    CellState::Published => "published",
                    CellState::Primary => "suppressed_primary",
                    CellState::Secondary => "suppressed_secondary",
                };
                let fields = [
                    r.period.from.to_string(),
                    r.period.to.to_string(),
                    scope_code(&r.scope),
                    level.clone(),
                    r.disclosure.threshold.to_string(),
                    t.id.clone(),
                    t.title.clone(),
                    row.code.clone(),
                    row.label.clone(),
                    col.code.clone(),
                    col.label.clone(),
                    cell.text(col.decimals),
                    state.to_owned(),
                ];
                let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
                out.push_str(&line.join(","));
                out.push('\n');
            }
        }
    }
    out
}
