#!/usr/bin/env python3
"""An independent oracle for the TIP report: reads an HTCDS CSV export (`lekhotla export htcds`, the
transfer files) and computes some of the report's tables from the definitions in the README ("The country's
figures"), with none of the report's code. Prints JSON: {table_id: {"row|column": count}}, every cell,
totals included, unsuppressed.

Usage: tip.py EXPORT_DIR FROM TO     (dates YYYY-MM-DD, both included)
"""
import csv
import json
import sys
from collections import defaultdict
from datetime import date

LABOUR = {"ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging", "ForcedMilitaryByNonStateActors"}
BANDS = [(0, 8, "0-8"), (9, 17, "9-17"), (18, 20, "18-20"), (21, 23, "21-23"), (24, 26, "24-26"),
         (27, 29, "27-29"), (30, 38, "30-38"), (39, 47, "39-47"), (48, 999, "48+")]


def rows(folder, name):
    with open(f"{folder}/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def day(text):
    return date.fromisoformat(text) if text else None


def age_on(birth, on):
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return max(years, 0)


def band(age):
    if age is None:
        return "unknown"
    for low, high, code in BANDS:
        if low <= age <= high:
            return code
    return "unknown"


def sex(gender):
    return {"Feminine": "female", "Masculine": "male"}.get(gender, "other")


def form(types):
    sex_ = "SexualExploitation" in types
    labour = bool(types & LABOUR)
    return "both" if sex_ and labour else "sex" if sex_ else "labour" if labour else "other"


class Table:
    """Counts by row and column, with totals (a row value counted once per column, 'total' too)."""

    def __init__(self):
        self.cells = defaultdict(int)

    def add(self, row_values, col, n=1):
        for r in list(row_values) + ["total"]:
            for c in (col, "total"):
                self.cells[f"{r}|{c}"] += n


def main(folder, start, end):
    start, end = date.fromisoformat(start), date.fromisoformat(end)
    inside = lambda d: d is not None and start <= d <= end
    persons = rows(folder, "persons")
    # Consent to statistics: the latest recorded (file order within a case) decides; none recorded counts.
    latest = {}
    for c in rows(folder, "consents"):
        if c["lk_Purpose"] == "Statistics":
            latest[c["lk_VictimId"]] = c["con_Consent"] == "true" and not c["lk_WithdrawnOn"]
    cases = {c["lk_CaseId"]: c for c in rows(folder, "cases")}
    case_types = defaultdict(set)
    out = {k: Table() for k in ["protection.victims_by_status", "protection.victims_by_age_group",
                                "protection.victims_by_age_band", "protection.victims_by_district",
                                "protection.victims_by_form", "standard.unodc_victims"]}
    for p in persons:
        if p["lk_Role"] != "victim":
            continue
        types = {t for t in p["vic_TypeOfExploitation"].split(";") if t}
        case_types[p["lk_CaseId"]] |= types
        identified = day(p["lk_IdentifiedOn"])
        if not inside(identified) or p["vic_TraffickingStatus"] == "NotAVictimOfTrafficking":
            continue
        if latest.get(p["lk_PersonId"], True) is False:
            continue
        birth = day(p["prs_Birthdate"])
        age = age_on(birth, identified) if birth else (int(p["lk_EstimatedAge"]) if p["lk_EstimatedAge"] else None)
        b = band(age)
        group = "unknown" if b == "unknown" else ("child" if b in ("0-8", "9-17") else "adult")
        s = sex(p["prs_Gender"])
        out["protection.victims_by_status"].add([p["vic_TraffickingStatus"]], s)
        out["protection.victims_by_age_group"].add([group], s)
        out["protection.victims_by_age_band"].add([b], s)
        out["protection.victims_by_district"].add([cases[p["lk_CaseId"]]["lk_District"]], s)
        out["protection.victims_by_form"].add(sorted(types) or [""], s)
        unodc = {("child", "female"): "girls", ("child", "male"): "boys", ("adult", "female"): "women",
                 ("adult", "male"): "men"}.get((group, s), "other")
        out["standard.unodc_victims"].add([unodc], "n")
    # Investigations, prosecutions, convictions by the case's form and when they began.
    inv, pros, conv, court = Table(), Table(), Table(), Table()
    for i in rows(folder, "investigations"):
        opened, closed = day(i["lk_OpenedOn"]), day(i["lk_ClosedOn"])
        if opened <= end and (closed is None or closed >= start):
            inv.add([form(case_types[i["lk_CaseId"]])], "initiated" if opened >= start else "continued")
    charges, verdicts = defaultdict(set), defaultdict(list)
    for c in rows(folder, "charges"):
        charges[c["lk_CaseId"]].add(c["lk_AccusedId"])
    for v in rows(folder, "verdicts"):
        verdicts[v["lk_CaseId"]].append((v["lk_AccusedId"], v["lk_Outcome"], day(v["lk_DecidedOn"])))

    def still_open(p, on, inclusive):
        w = day(p["lk_WithdrawnOn"])
        if w is not None and (w <= on if inclusive else w < on):
            return False
        accused = charges[p["lk_CaseId"]]
        judged = {a for a, _, d in verdicts[p["lk_CaseId"]] if (d <= on if inclusive else d < on)}
        return not (accused and accused <= judged)

    def months_before(d, months):
        total = d.year * 12 + d.month - 1 - months
        y, m = divmod(total, 12)
        import calendar
        return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))

    for p in rows(folder, "prosecutions"):
        decided = day(p["lk_DppDecisionOn"])
        if p["lk_DppDecision"] != "Prosecute" or decided is None:
            continue
        f = form(case_types[p["lk_CaseId"]])
        timing = "initiated" if decided >= start else "continued"
        if decided <= end and (decided >= start or still_open(p, start, False)):
            pros.add([f], timing)
        if any(o == "Conviction" and inside(d) for _, o, d in verdicts[p["lk_CaseId"]]):
            conv.add([f], timing)
        if decided <= end and still_open(p, end, True):
            if decided > months_before(end, 6):
                age = "under_6m"
            elif decided > months_before(end, 12):
                age = "6_to_12m"
            elif decided > months_before(end, 24):
                age = "1_to_2y"
            elif decided > months_before(end, 60):
                age = "2_to_5y"
            else:
                age = "5y_plus"
            court.add([age], "n")
    out["prosecution.investigations"] = inv
    out["prosecution.prosecutions"] = pros
    out["prosecution.convictions"] = conv
    out["prosecution.before_court"] = court
    json.dump({k: dict(t.cells) for k, t in out.items()}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
