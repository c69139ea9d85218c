"""Schemathesis hooks for scripts/contract: real ids and current ETags.

A generated UUID names no record, so nearly every request about one would be a 404 and the server's
answers to real records would go untested. For requests generated as valid (positive mode) these hooks
put in the path the ids of records the role can read (a case, and a victim, event, referral... of that
same case) and, just before the call, the record's current ETag in If-Match, read with a GET by the same
token. Requests generated as invalid (negative mode) are left as generated. Everything is read through
the API as the role under test (LEKHOTLA_CONTRACT_BASE, LEKHOTLA_CONTRACT_TOKEN); all data is synthetic.

A valid request must also keep the rules JSON Schema cannot state: references to records that exist and
belong together, dates relative to the case and to today, rules between fields. `repair` makes each request
generated as valid keep them (one function per rule, named in REPAIRS by method and path), the way a real
client would build its request from the records it has read. Each repair changes only what its rule needs.
"""

import datetime
import os
import random
import re
import time

import requests
import schemathesis

BASE = os.environ.get("LEKHOTLA_CONTRACT_BASE", "http://127.0.0.1:18142/api/v1")
TOKEN = os.environ.get("LEKHOTLA_CONTRACT_TOKEN", "")
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
RNG = random.Random(13)

# The records of a case by the path word that names them, and the case's member that holds them.
CASE_RECORDS = {
    "victims": "victims",
    "suspects": "suspects",
    "witnesses": "witnesses",
    "events": "events",
    "consents": "consents",
    "support-plans": "support_plans",
    "comments": "comments",
    "referrals": "referrals",
}
# Records outside cases: the path's first word and the list that gives their ids.
LISTS = {
    "campaigns": "/campaigns",
    "trainings": "/trainings",
    "inspections": "/inspections",
    "screenings": "/screenings",
    "organisations": "/organisations",
    "committees": "/committees/meetings",
    "frozen": "/reports/frozen",
    "break-glass": "/break-glass",
    "tokens": "/tokens",
}


def _get(path, **params):
    """The record or list at `path` and its ETag; (None, None) when it cannot be read. A read that times out
    or is told to wait (429, 503) is tried again, twice: on a busy machine a hook that reads nothing leaves
    the generated ids in place, and the request fails for the hook's sake, not the server's."""
    for attempt in range(3):
        try:
            r = requests.get(BASE + path, headers=HEADERS, params=params, timeout=20)
        except requests.RequestException:
            r = None
        if r is not None and r.status_code not in (429, 503):
            break
        time.sleep(0.5 * (attempt + 1))
    if r is None or r.status_code != 200:
        return None, None
    try:
        return r.json(), r.headers.get("ETag")
    except ValueError:
        return None, r.headers.get("ETag")


def _items(body):
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in ("items", "meetings", "reports", "grants", "tokens", "organisations"):
            if isinstance(body.get(key), list):
                return body[key]
    return []


class Known:
    """The ids the role can read, gathered once."""

    def __init__(self):
        self.cases = []
        self.by_list = {}
        self.orgs = []
        self.own_org = None
        self.districts = []
        self.ports = []
        self.own_user = None
        self.services = {}
        self.hubs = []
        self.activities = []

    def load(self):
        page, _ = _get("/cases", limit=40)
        for summary in _items(page):
            case, _ = _get(f"/cases/{summary['id']}")
            if case:
                self.cases.append(case)
        for word, path in LISTS.items():
            body, _ = _get(path)
            self.by_list[word] = [x["id"] for x in _items(body) if isinstance(x, dict) and "id" in x]
        self.orgs = self.by_list.get("organisations", [])
        orgs, _ = _get("/organisations")
        self.services = {o["id"]: o.get("services") or [] for o in _items(orgs) if isinstance(o, dict)}
        me, _ = _get("/session")
        self.own_org = (me or {}).get("organisation")
        self.own_user = (me or {}).get("user")
        plan, _ = _get("/plan")
        self.activities = sorted(
            a["code"]
            for o in ((plan or {}).get("plan") or {}).get("objectives", [])
            for oc in o.get("outcomes", [])
            for a in oc.get("activities", [])
        )
        geo, _ = _get("/geography")
        units = _items(geo)
        self.districts = [u["code"] for u in units if u.get("kind") == "district"]
        self.ports = [u["code"] for u in units if u.get("kind") == "port_of_entry"]
        self.hubs = sorted({u["hub"] for u in units if u.get("kind") == "district" and u.get("hub")})
        return self


KNOWN = None


def known():
    global KNOWN
    if KNOWN is None:
        KNOWN = Known().load()
    return KNOWN


def _positive(case):
    meta = getattr(case, "meta", None)
    generation = getattr(meta, "generation", None)
    mode = getattr(generation, "mode", None)
    if mode is None or not getattr(mode, "is_positive", False):
        return False
    # A case of the coverage phase may be positive as a whole with one component made invalid (a path's
    # number past its bound): that one is left as generated too.
    components = getattr(meta, "components", None) or {}
    return not any(getattr(getattr(info, "mode", None), "is_negative", False) for info in components.values())


def _words(path):
    return [w for w in path.strip("/").split("/") if not w.startswith("{")]


# The case each request's path was given, by the request object's id, for the body's repairs.
CHOSEN = {}


def _fill_case_path(case, params):
    """A case of the role's, and records of that same case for the path's other parameters."""
    cases = known().cases
    path = case.operation.path
    if not cases:
        return
    words = _words(path)
    candidates = cases
    record_word = next((w for w in words if w in CASE_RECORDS), None)
    if record_word and len(params) > 1:
        member = CASE_RECORDS[record_word]
        candidates = [c for c in cases if c.get(member)] or cases
    elif record_word in ("consents", "support-plans", "witnesses", "events"):
        # Records that may name a victim of the case: a case with victims.
        candidates = [c for c in cases if c.get("victims")] or cases
    for part in ("investigation", "prosecution"):
        if part in words:
            # Opening one needs a case without one; every other step a case with one (charges: and suspects).
            opening = case.method.upper() == "POST" and path.endswith("/" + part)
            fitting = [c for c in candidates if bool(c.get(part)) != opening]
            if path.endswith("/charges"):
                fitting = [c for c in fitting if c.get("suspects")] or fitting
            candidates = fitting or candidates
    chosen = RNG.choice(candidates)
    params["case"] = RNG.choice([chosen["id"], chosen["number"]])
    CHOSEN[id(case)] = chosen
    if record_word and len(params) > 1:
        records = chosen.get(CASE_RECORDS[record_word]) or []
        if records:
            record = RNG.choice(records)
            for name in params:
                if name != "case":
                    params[name] = record["id"]


# Members of a request body that name a record or a place by a code the server checks, and where real
# ones come from.
ORG_MEMBERS = {"organisation", "to_org", "owner", "status_decided_by_org", "trained_by_org"}
COMMITTEES = ["MSC", "LS-A", "LS-B", "LS-C"]


def _real_references(value, k):
    """Replaces, in place, generated organisation ids, districts and ports by real ones."""
    if isinstance(value, dict):
        for key, v in list(value.items()):
            if key in ORG_MEMBERS and isinstance(v, str) and k.orgs:
                value[key] = RNG.choice(k.orgs)
            elif key == "from_org" and isinstance(v, str) and k.own_org:
                value[key] = k.own_org
            elif key == "district" and isinstance(v, str) and k.districts:
                value[key] = RNG.choice(k.districts)
            elif key in ("port_of_entry", "port") and isinstance(v, str) and k.ports:
                value[key] = RNG.choice(k.ports)
            elif key == "committee" and isinstance(v, str):
                value[key] = RNG.choice(COMMITTEES)
            else:
                _real_references(v, k)
    elif isinstance(value, list):
        for item in value:
            _real_references(item, k)


def _fill(case):
    """Real ids, organisations, districts and ports in a case generated as valid."""
    if isinstance(case.body, (dict, list)):
        _real_references(case.body, known())
    if isinstance(case.query, dict):
        _real_references(case.query, known())
    if not case.path_parameters:
        return
    params = dict(case.path_parameters)
    path = case.operation.path
    if path.startswith("/cases/"):
        _fill_case_path(case, params)
    else:
        first = _words(path)[0] if _words(path) else ""
        word = "frozen" if path.startswith("/reports/frozen") else first
        ids = known().by_list.get(word, [])
        if path.startswith("/providers/"):
            if known().orgs:
                params["org"] = RNG.choice(known().orgs)
        elif ids:
            for name in params:
                params[name] = RNG.choice(ids)
    case.path_parameters = params


def _record_path(case):
    """Where the record a change is made against is read: the path itself, or less its action."""
    path = case.formatted_path if hasattr(case, "formatted_path") else case.path
    for suffix in (
        "/actions",
        "/withdraw",
        "/transfer",
        "/docket-transfers",
        "/revoke",
        "/renew",
        "/charges",
        "/hearings",
        "/verdicts",
        "/sentences",
        "/compensation-orders",
    ):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    if path.startswith("/plan/"):
        return "/plan"
    return path


# --- Rules JSON Schema cannot state, kept by the requests generated as valid ---------------------------

def _today():
    return datetime.datetime.now(datetime.timezone.utc).date()


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _days_today(value):
    """Every day and instant in a case's record moved to today: not in the future, not before the case's
    detection or the record's earlier steps (the server's order checks allow the same day)."""
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, str) and DATE.match(v):
                value[key] = _today().isoformat()
            elif isinstance(v, str) and INSTANT.match(v):
                value[key] = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
            else:
                _days_today(v)
    elif isinstance(value, list):
        for item in value:
            _days_today(item)


def _users(value, k):
    """A user account named in a body (`owner_user`, a case worker's `..._user`): the caller's own."""
    if isinstance(value, dict):
        for key, v in value.items():
            if key.endswith("_user") and isinstance(v, str) and k.own_user:
                value[key] = k.own_user
            else:
                _users(v, k)
    elif isinstance(value, list):
        for item in value:
            _users(item, k)


def _case_numbers(body, k):
    """Case numbers in a body name cases that exist and the caller sees (read now: a transfer in the run may
    have taken one out of reach); none when it sees none."""
    if not isinstance(body, dict):
        return
    page, _ = _get("/cases", limit=40)
    numbers = [c["number"] for c in _items(page) if isinstance(c, dict) and "number" in c]
    if isinstance(body.get("cases"), list):
        body["cases"] = RNG.sample(numbers, min(len(body["cases"]), len(numbers)))
    for action in body.get("actions") or []:
        if isinstance(action, dict) and isinstance(action.get("cases"), list):
            action["cases"] = RNG.sample(numbers, min(len(action["cases"]), len(numbers)))


def _in_lesotho_if_district(body, k, chosen, case=None):
    """A campaign's or training's place: a district in Lesotho, a town abroad. A body naming a district takes
    place in Lesotho; one in Lesotho names a district; one abroad names no district (a change clears the stored
    one) and a town."""
    if not isinstance(body, dict):
        return
    if body.get("district"):
        body["country"] = "LS"
    elif body.get("country") == "LS":
        if k.districts:
            body["district"] = RNG.choice(k.districts)
    elif body.get("country") is not None:
        body["district"] = None
        if not body.get("town"):
            body["town"] = "Welkom"


def _prevention_record(body, k, chosen, case=None):
    """Days today (an end not before a start), real cases; no more foreign workers than workers checked."""
    _days_today(body)
    _case_numbers(body, k)
    if not isinstance(body, dict):
        return
    foreign = _number(body.get("foreign_workers"))
    if foreign is not None:
        body["workers"] = max(_number(body.get("workers")) or 0, foreign)


def _campaign_or_training(body, k, chosen, case=None):
    """As any prevention record, with its place by the rules above; a training given by trainers it trained
    names no training (which must be one of trainers: left out)."""
    _prevention_record(body, k, chosen)
    _in_lesotho_if_district(body, k, chosen)
    if isinstance(body, dict) and body.get("trained_by"):
        body["trained_by"] = None
    lines, seen = [], {}
    for line in (body.get("participants") or []) if isinstance(body, dict) else []:
        if isinstance(line, dict):
            people, certified = _number(line.get("people")), _number(line.get("certified"))
            if people is not None and certified is not None and certified > people:
                line["certified"] = people
            # One line per organisation, role, sex and district: repeated ones are added up.
            key = tuple(str(line.get(m)) for m in ("organisation", "role", "sex", "district"))
            if key in seen:
                first = seen[key]
                for m in ("people", "certified"):
                    if _number(line.get(m)) is not None:
                        first[m] = min(100000, (_number(first.get(m)) or 0) + _number(line[m]))
                continue
            seen[key] = line
        lines.append(line)
    if isinstance(body, dict) and isinstance(body.get("participants"), list):
        body["participants"] = lines


def _screening(body, k, chosen, case=None):
    """A case opened from a screening starts with someone referred: as many referred as cases opened, no more
    referred than travellers screened, and travellers counted by group add up to the travellers."""
    _prevention_record(body, k, chosen)
    if not isinstance(body, dict):
        return
    referred = max(_number(body.get("referred")) or 0, len(body.get("cases") or []))
    if "referred" in body or body.get("cases"):
        body["referred"] = referred
    if "by_group" not in body and "travellers" in body:
        body["by_group"] = None  # a change of the travellers clears the stored count by group
    groups = body.get("by_group")
    if isinstance(groups, dict):
        # A change names every group (a patch of some would add to the stored others).
        for group in ("women", "men", "girls", "boys"):
            if _number(groups.get(group)) is None:
                groups[group] = 0
        counted = sum(_number(v) or 0 for v in groups.values())
        if counted < max(referred, 1):
            groups["women"] = (_number(groups.get("women")) or 0) + max(referred, 1) - counted
            counted = max(referred, 1)
        body["travellers"] = counted
    elif "travellers" in body or referred:
        body["travellers"] = max(_number(body.get("travellers")) or 1, referred)


def _meeting(body, k, chosen, case=None):
    """Each attendance line names an organisation of the registry or a guest, not both, each organisation on
    one line; action items are due after the meeting (in 30 days)."""
    _days_today(body)
    _case_numbers(body, k)
    if not isinstance(body, dict):
        return
    # A change of the day alone keeps the stored action items, which must not be due before it: the stored day.
    named = (case.path_parameters or {}).get("id") if case is not None else None
    if named and isinstance(body.get("held_on"), str) and not isinstance(body.get("actions"), list):
        stored = _get(f"/committees/meetings/{named}")[0]
        deadlines = [a.get("deadline") for a in (stored or {}).get("actions") or [] if isinstance(a, dict)]
        if any(isinstance(d, str) and d < body["held_on"] for d in deadlines) and stored.get("held_on"):
            body["held_on"] = stored["held_on"]
    due = (_today() + datetime.timedelta(days=30)).isoformat()
    for action in body.get("actions") or []:
        if isinstance(action, dict) and "deadline" in action:
            action["deadline"] = due
        if isinstance(action, dict) and isinstance(action.get("activities"), list):
            n = min(len(action["activities"]), len(k.activities))
            action["activities"] = sorted(RNG.sample(k.activities, n))
    if not isinstance(body.get("attendance"), list):
        return
    lines, seen = [], {}
    for line in body["attendance"]:
        if isinstance(line, dict):
            if not line.get("organisation") and not line.get("guest") and k.orgs:
                line["organisation"] = RNG.choice(k.orgs)
            if line.get("organisation") and line.get("guest"):
                line["guest"] = None
            org = line.get("organisation")
            if org in seen:
                first = seen[org]
                first["people"] = min(1000, (_number(first.get("people")) or 1) + (_number(line.get("people")) or 1))
                continue
            if org:
                seen[org] = line
        lines.append(line)
    body["attendance"] = lines


def _places(value):
    """A place's state is a subdivision of its country (`ZA-GP` in `ZA`)."""
    if isinstance(value, dict):
        country, state = value.get("country"), value.get("state")
        if isinstance(state, str) and not (isinstance(country, str) and state.startswith(country + "-")):
            value["state"] = None  # (a change without the country is judged against the stored one)
        for v in value.values():
            _places(v)
    elif isinstance(value, list):
        for item in value:
            _places(item)


def _coordinates(value):
    """Latitude and longitude go together. In a change (merge patch) a member left out keeps the stored value:
    one coordinate cleared alone would leave its partner, so the partner is cleared with it."""
    if isinstance(value, dict):
        if ("latitude" in value) != ("longitude" in value):
            present = value.get("latitude", value.get("longitude"))
            if present is None:
                value["latitude"] = value["longitude"] = None
        lat, lon = value.get("latitude"), value.get("longitude")
        numbers = [isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lat, lon)]
        sealed = "[sealed]" in (lat, lon) and lat != lon  # `[sealed]` keeps the stored one, `null` clears
        if ("latitude" in value or "longitude" in value) and (numbers[0] != numbers[1] or sealed):
            if "[sealed]" in (lat, lon):
                value.pop("latitude", None)
                value.pop("longitude", None)
            else:
                value["latitude"], value["longitude"] = -29.31, 27.48
        for v in value.values():
            _coordinates(v)
    elif isinstance(value, list):
        for item in value:
            _coordinates(item)


def _case_now(case, chosen):
    """The case the request names, read now: the stateful phase makes cases that were not read at the start,
    and the run changes those that were. `chosen` (as read at the start) when it cannot be read."""
    named = (case.path_parameters or {}).get("case") if case is not None else None
    current = _get(f"/cases/{named}")[0] if named else None
    return current if isinstance(current, dict) else (chosen or {})


def _case_record(body, k, chosen, case=None):
    """A case's record: days today, the caller's own account for users, places within their country,
    coordinates in pairs, a victim of this case."""
    _days_today(body)
    _users(body, k)
    _places(body)
    _coordinates(body)
    if not isinstance(body, dict):
        return
    if isinstance(body.get("victim"), str):
        victims = _case_now(case, chosen).get("victims") or []
        if victims:
            body["victim"] = RNG.choice(victims)["id"]
        elif case is not None and not case.operation.path.endswith("/consents"):
            del body["victim"]  # optional on events and witnesses; a case without victims names none
    # A child's assent only for a victim presumed a child: none.
    if body.get("child_assent") is not None:
        body["child_assent"] = None
    # Sexual exploitation's kinds only with sexual exploitation among the forms.
    context = body.get("context")
    if isinstance(context, dict) and context.get("sex_exploitation_types"):
        forms = context.get("exploitation_types")
        if isinstance(forms, list):
            if "SexualExploitation" not in forms:
                forms.append("SexualExploitation")
        else:
            context["sex_exploitation_types"] = []
    # A forced-labour industry only with forced labour among the forms.
    if isinstance(context, dict) and context.get("forced_labour_industry"):
        forms = context.get("exploitation_types")
        if isinstance(forms, list):
            if "ForcedLabour" not in forms:
                forms.append("ForcedLabour")
        else:
            context["exploitation_types"] = ["ForcedLabour"]
    # Where a victim was recruited and exploited: a country, or a subdivision the registry knows.
    for member in ("recruitment_location", "exploitation_location"):
        if isinstance(context, dict) and isinstance(context.get(member), str):
            context[member] = RNG.choice(["LS", "ZA", "ZA-GP", "BW"] + k.districts)
    # Closing names why: a case's closure reason, an investigation's closing day.
    if str(body.get("status", "")).lower().startswith("closed") and not body.get("closure_reason"):
        body["closure_reason"] = "Victim reintegrated with the family"


def _add_adult_victim(case_key):
    """Records a synthetic adult victim in case `case_key`; the victim as the server answers it, its person's
    birthdate (which the caller may not see) filled in from what was sent. None when it cannot be recorded."""
    born = "1990-01-01"
    body = {
        "person": {"first_name": "Contract-Test", "second_name": "Synthetic", "birthdate": born, "gender": "Feminine"},
        "context": {
            "trafficking_status": "PossibleVictimOfTrafficking",
            "identified_on": _today().isoformat(),
            "exploitation_types": ["ForcedLabour"],
        },
    }
    try:
        r = requests.post(f"{BASE}/cases/{case_key}/victims", headers=HEADERS, json=body, timeout=20)
    except requests.RequestException:
        return None
    if r.status_code != 201:
        return None
    try:
        victim = r.json()
    except ValueError:
        return None
    if not isinstance(victim, dict) or "id" not in victim:
        return None
    victim.setdefault("person", {})["birthdate"] = born
    victim.setdefault("context", {})["identified_on"] = body["context"]["identified_on"]
    return victim


def _presumed_child(victim):
    """Whether the server presumes a victim a child (under 18 when identified, or of unknown age); None where the
    caller cannot see the age (sealed)."""
    person, context = victim.get("person") or {}, victim.get("context") or {}
    born, estimated, identified = person.get("birthdate"), person.get("estimated_age"), context.get("identified_on")
    if "[sealed]" in (born, estimated):
        return None
    if isinstance(born, str) and DATE.match(born) and isinstance(identified, str) and DATE.match(identified):
        b, i = datetime.date.fromisoformat(born), datetime.date.fromisoformat(identified)
        return i.year - b.year - ((i.month, i.day) < (b.month, b.day)) < 18
    if _number(estimated) is not None:
        return _number(estimated) < 18
    return True


def _consent(body, k, chosen, case=None):
    """A consent given for a victim presumed a child is given by a parent or guardian, or a court, with the
    child's assent recorded; an adult's by the victim or a court, with no assent. The victim: one whose age the
    caller can see."""
    if not isinstance(body, dict):
        return
    victims = [v for v in _case_now(case, chosen).get("victims") or [] if _presumed_child(v) is not None]
    if not victims and case is not None and case.path_parameters:
        # A case without victims (one the stateful phase made) takes no consent: one of the role's cases that
        # has victims instead.
        with_victims = [c for c in k.cases if c.get("victims")]
        if with_victims:
            other = RNG.choice(with_victims)
            case.path_parameters = {**case.path_parameters, "case": other["id"]}
            victims = [v for v in _case_now(case, other).get("victims") or [] if _presumed_child(v) is not None]
    if not victims and case is not None and case.path_parameters:
        # Still none (the caller sees no victim's age anywhere): a synthetic adult recorded in the named case
        # now, whose age the hook knows because it gave it.
        added = _add_adult_victim(case.path_parameters["case"])
        if added:
            victims = [added]
    if not victims:
        return
    victim = next((v for v in victims if v["id"] == body.get("victim")), None) or RNG.choice(victims)
    body["victim"] = victim["id"]
    if _presumed_child(victim):
        if body.get("given") and body.get("given_by") in (None, "Victim"):
            body["given_by"] = "ParentOrGuardian"
        if body.get("given") and body.get("child_assent") is None:
            body["child_assent"] = True
    else:
        if body.get("given_by") == "ParentOrGuardian":
            body["given_by"] = "Victim"
        body.pop("child_assent", None)


def _charge(body, k, chosen, case=None):
    """The accused is a suspect of the case."""
    suspects = _case_now(case, chosen).get("suspects") or []
    if isinstance(body, dict) and "accused" in body and suspects:
        body["accused"] = RNG.choice(suspects)["id"]


def _response_times(body, k, chosen, case):
    """`from` not after `to`, which is today when left out (as the server takes it)."""
    q = case.query if isinstance(case.query, dict) else {}
    a, b = q.get("from"), q.get("to")
    if isinstance(a, str) and b is None and DATE.match(a) and a > _today().isoformat():
        q["from"] = _today().isoformat()
    if isinstance(a, str) and isinstance(b, str) and DATE.match(a) and DATE.match(b) and a > b:
        q["from"], q["to"] = b, a


def _new_case(body, k, chosen, case=None):
    """A new case: as a case's record, registered for the caller's own organisation."""
    _case_record(body, k, chosen, case)
    if isinstance(body, dict) and k.own_org and "organisation" in body:
        body["organisation"] = k.own_org


def _referral(body, k, chosen, case=None):
    """From the caller's organisation to another that offers the service, the case referred without naming a
    victim (a referral naming one needs the victim's consent to services in force)."""
    _case_record(body, k, chosen, case)
    if not isinstance(body, dict):
        return
    if k.own_org:
        body["from_org"] = k.own_org
    offering = [(o, svc) for o, services in k.services.items() for svc in services if o != body.get("from_org")]
    if offering:
        body["to_org"], body["service"] = RNG.choice(offering)
    if "victim" in body:
        body["victim"] = None


def _transfer(body, k, chosen, case=None):
    """A case is handed to an organisation other than the one that holds it now (read now: a transfer earlier
    in the run may have moved it since the cases were first read)."""
    current = _get(_record_path(case))[0] if case is not None else None
    holder = (current or chosen or {}).get("organisation")
    if isinstance(body, dict) and holder and body.get("to_org") == holder:
        others = [o for o in k.orgs if o != holder]
        if others:
            body["to_org"] = RNG.choice(others)


def _investigation(body, k, chosen, case=None):
    """An investigation is opened by the caller's own unit, closed on a day and with a reason (a change that
    closes one with no reason stored gives one)."""
    _case_record(body, k, chosen, case)
    if isinstance(body, dict) and k.own_org and "organisation" in body:
        body["organisation"] = k.own_org
    if isinstance(body, dict) and body.get("closure_reason") and not body.get("closed_on"):
        body["closed_on"] = _today().isoformat()
    if isinstance(body, dict) and body.get("closed_on") and not body.get("closure_reason"):
        stored = _get(_record_path(case))[0] if case is not None and case.method.upper() == "PATCH" else None
        if not (stored or {}).get("closure_reason") or "closure_reason" in body:
            body["closure_reason"] = "No evidence of trafficking after the interviews"


def _link(body, k, chosen, case=None):
    """The other case exists, is the caller's to see (read now: a transfer in the run may have taken one out of
    the caller's scope) and is not this one."""
    page, _ = _get("/cases", limit=20)
    named = (case.path_parameters or {}).get("case") if case is not None else None
    this = _case_now(case, chosen)
    itself = {named, this.get("id"), this.get("number"), (chosen or {}).get("id")} - {None}
    others = [c["number"] for c in _items(page) if c.get("id") not in itself and c.get("number") not in itself]
    if isinstance(body, dict) and others:
        body["other"] = RNG.choice(others)


def _break_glass(body, k, chosen, case=None):
    """A reason of five words or more, four of them different."""
    if isinstance(body, dict) and "reason" in body:
        body["reason"] = "Preparing the victim's court hearing with the prosecutor"


def _number(v):
    """An integer as JSON may write it (`39` or `39.0`), else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and v == int(v):
        return int(v)
    if isinstance(v, str) and v.lstrip("-").isdigit():
        return int(v)
    return None


def _deadlines(body, k, chosen, case=None):
    """A child's deadline is not longer than an adult's; each service once."""
    if not isinstance(body, dict) or not isinstance(body.get("services"), list):
        return
    seen, kept = set(), []
    for line in body["services"]:
        if isinstance(line, dict):
            child, adult = _number(line.get("child_days")), _number(line.get("adult_days"))
            if child is not None and adult is not None and child > adult:
                line["child_days"] = adult
            if line.get("service") in seen:
                continue
            seen.add(line.get("service"))
        kept.append(line)
    body["services"] = kept


def _plan_activity(body, k, chosen, case):
    """The body's code is the path's."""
    if isinstance(body, dict) and "code" in (case.path_parameters or {}):
        body["code"] = case.path_parameters["code"]
    # Districts of the loaded geography, each once (a pattern says the form, not which exist).
    if isinstance(body, dict) and isinstance(body.get("districts"), str):
        body["districts"] = "|".join(sorted(RNG.sample(k.districts, 2))) if k.districts else "national"


def _plan_recommendation(body, k, chosen, case):
    """The body's year and number are the path's key (`2025-3`)."""
    key = (case.path_parameters or {}).get("key")
    if isinstance(body, dict) and isinstance(key, str) and re.match(r"^\d{4}-\d+$", key):
        year, number = key.split("-")
        body["year"], body["number"] = int(year), int(number)


def _carry_over(body, k, chosen, case):
    """A year with open or partly met recommendations (read now: an earlier carry-over moves them on)."""
    plan, _ = _get("/plan")
    years = sorted(
        {r["year"] for r in (plan or {}).get("recommendations", []) if r.get("status") in ("open", "partly_met")}
    )
    if years and case.path_parameters and "year" in case.path_parameters:
        case.path_parameters = {**case.path_parameters, "year": RNG.choice(years)}


def _provider_year(body, k, chosen, case):
    """A year from 2000 to next year (the bound moves with the calendar)."""
    year = _number((case.path_parameters or {}).get("year"))
    if year is not None and not 2000 <= year <= _today().year + 1:
        case.path_parameters = {**case.path_parameters, "year": _today().year}
    # A year already recorded is changed against its ETag (the first recording needs none).
    p = case.path_parameters or {}
    _, etag = _get(f"/providers/{p.get('org')}/years/{p.get('year')}")
    if etag:
        case.headers = {**(case.headers or {}), "If-Match": etag}


def _shelters(body, k, chosen, case):
    """A shelter year from 2000 to this one."""
    year = _number(case.query.get("year")) if isinstance(case.query, dict) else None
    if year is not None and not 2000 <= year <= _today().year:
        case.query["year"] = _today().year


PERIOD = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def _period(text):
    """`FROM..TO` in order and ten years at most; anything else as it is."""
    m = PERIOD.match(text) if isinstance(text, str) else None
    if not m:
        return text
    try:
        a, b = sorted(datetime.date.fromisoformat(d) for d in m.groups())
    except ValueError:
        return text
    if (b - a).days > 3650:
        b = a + datetime.timedelta(days=3650)
    return f"{a.isoformat()}..{b.isoformat()}"


def _frozen(body, k, chosen, case):
    """A frozen report's period as the TIP report's."""
    if isinstance(body, dict) and "period" in body:
        body["period"] = _period(body["period"])
    _tip_period(body, k, chosen, case)


def _tip_period(body, k, chosen, case):
    """A hub that serves districts; a period from its first day to its last, ten years at most."""
    if not isinstance(case.query, dict):
        return
    area = case.query.get("area")
    if isinstance(area, str) and area.startswith("hub:") and k.hubs:
        case.query["area"] = "hub:" + RNG.choice(k.hubs)
    elif isinstance(area, str) and area not in ("", "national") and k.districts:
        case.query["area"] = RNG.choice(k.districts)
    if "period" in case.query:
        case.query["period"] = _period(case.query["period"])


# Members a change cannot clear once they hold a value (`cannot be cleared`): a case's, an investigation's
# and a prosecution's.
UNCLEARABLE = re.compile(r"^/cases/\{case\}(/investigation|/prosecution)?$")


def _stored_days(body, current):
    """A change's days: a member that holds a day keeps it, one that holds none gets today (on or after every
    stored day). The record's later steps (an end, a decision) are ordered against its stored days."""
    if not isinstance(body, dict) or not isinstance(current, dict):
        return
    for key in list(body):
        v, stored = body[key], current.get(key)
        if isinstance(v, str) and (DATE.match(v) or INSTANT.match(v)):
            if isinstance(stored, str):
                body[key] = stored
        elif isinstance(v, dict):
            _stored_days(v, stored if isinstance(stored, dict) else {})


def _change(body, k, chosen, case):
    """A change (merge patch) keeps the record's days (above), sends `null` only to members that can be
    cleared, and does not switch a suspect's identity to the other kind (the merge would keep the old kind's
    members, which the document does not let a patch clear)."""
    if not isinstance(body, dict):
        return
    current, _ = _get(_record_path(case))
    if not isinstance(current, dict):
        return
    if not re.match(r"^/(committees|plan)", case.operation.path):
        _stored_days(body, current)
    # New forms of exploitation keep the forms the stored kinds need (an industry needs forced labour, kinds of
    # sexual exploitation need sexual exploitation): the merge keeps the kinds the change leaves out.
    ctx, stored_ctx = body.get("context"), current.get("context")
    if isinstance(ctx, dict) and isinstance(stored_ctx, dict) and isinstance(ctx.get("exploitation_types"), list):
        for member, form in (("forced_labour_industry", "ForcedLabour"), ("sex_exploitation_types", "SexualExploitation")):
            kept = ctx[member] if member in ctx else stored_ctx.get(member)
            if kept and form not in ctx["exploitation_types"]:
                ctx["exploitation_types"].append(form)
    if UNCLEARABLE.match(case.operation.path):
        for key in [key for key, v in body.items() if v is None and current.get(key) is not None]:
            del body[key]
    # An object merges into the stored one; where none is stored, a patch does not build one member by member
    # (the members it needs may be missing): left out.
    for key in [key for key, v in body.items() if isinstance(v, dict) and not isinstance(current.get(key), dict)]:
        del body[key]
    # An event's new country clears the stored state (a state is judged against its country).
    if "/events/" in case.operation.path and body.get("country") and "state" not in body:
        body["state"] = None
    # A screening session lasts 31 days at most, from its stored start.
    start = current.get("started_on")
    if case.operation.path.startswith("/screenings") and isinstance(start, str) and DATE.match(start):
        if isinstance(body.get("ended_on"), str) and DATE.match(body["ended_on"]):
            last = datetime.date.fromisoformat(start) + datetime.timedelta(days=31)
            body["ended_on"] = min(last, _today()).isoformat()
    new, old = body.get("identity"), current.get("identity")
    if isinstance(new, dict) and isinstance(old, dict) and new.get("kind") != old.get("kind"):
        del body["identity"]


def _organisation(body, k, chosen, case=None):
    """An organisation's coordinates in pairs."""
    _coordinates(body)


# (method, path pattern, repair): each takes the body, what is known, the path's case and the request (whose path
# or query it may change).
REPAIRS = [
    ("GET", r"^/reports/tip$", _tip_period),
    ("GET", r"^/shelters$", _shelters),
    ("POST", r"^/reports/frozen$", _frozen),
    ("POST", r"^/cases$", _new_case),
    ("POST", r"^/cases/\{case\}/referrals$", _referral),
    ("POST|PATCH", r"^/cases/\{case\}/investigation$", _investigation),
    ("POST", r"^/cases/\{case\}/links$", _link),
    ("POST", r"^/cases/\{case\}/break-glass$", _break_glass),
    ("POST|PATCH|PUT", r"^/cases/\{case\}/(?!referrals$|investigation$|links$|break-glass$)", _case_record),
    ("POST", r"^/cases/\{case\}/consents$", _consent),
    ("POST", r"^/cases/\{case\}/transfer$", _transfer),
    ("POST", r"^/cases/\{case\}/prosecution/charges$", _charge),
    ("GET", r"^/referrals/response-times$", _response_times),
    ("PATCH", r"^/cases/\{case\}$", _case_record),
    ("POST|PATCH|PUT", r"^/(campaigns|trainings)(/\{id\})?$", _campaign_or_training),
    ("POST|PATCH|PUT", r"^/inspections(/\{id\})?$", _prevention_record),
    ("POST|PATCH|PUT", r"^/screenings(/\{id\})?$", _screening),
    ("POST|PATCH", r"^/committees/meetings(/\{id\})?$", _meeting),
    ("PUT", r"^/referral-deadlines$", _deadlines),
    ("PUT", r"^/plan/activities/\{code\}$", _plan_activity),
    ("PUT", r"^/plan/recommendations/\{key\}$", _plan_recommendation),
    ("POST", r"^/plan/recommendations/\{year\}/carry-over$", _carry_over),
    ("PUT", r"^/providers/\{org\}/years/\{year\}$", _provider_year),
    ("POST|PATCH", r"^/organisations(/\{id\})?$", _organisation),
    ("PATCH", r".", _change),
]


def repair(case):
    """Applies every repair whose method and path match `case` (after its path holds real records)."""
    k = known()
    chosen = CHOSEN.pop(id(case), None)
    for methods, pattern, fix in REPAIRS:
        if case.method.upper() in methods.split("|") and re.search(pattern, case.operation.path):
            fix(case.body, k, chosen, case)


@schemathesis.hook
def before_call(context, case, kwargs):
    """Every phase's valid requests (examples, coverage, fuzzing, stateful) name real records, and a valid
    change carries the record's current ETag."""
    if not _positive(case):
        return
    _fill(case)
    repair(case)
    if not case.headers or "If-Match" not in case.headers:
        return
    _, etag = _get(_record_path(case))
    if etag:
        case.headers["If-Match"] = etag
