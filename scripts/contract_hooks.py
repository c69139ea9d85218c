"""Schemathesis hooks for scripts/contract: real ids and current ETags.

A generated UUID names no record, so nearly every request about one would be a 404 and the server's
answers to real records would go untested. For requests generated as valid (positive mode) these hooks
put in the path the ids of records the role can read (a case, and a victim, event, referral... of that
same case) and, just before the call, the record's current ETag in If-Match, read with a GET by the same
token. Requests generated as invalid (negative mode) are left as generated. Everything is read through
the API as the role under test (LEKHOTLA_CONTRACT_BASE, LEKHOTLA_CONTRACT_TOKEN); all data is synthetic.
"""

import os
import random

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
    try:
        r = requests.get(BASE + path, headers=HEADERS, params=params, timeout=20)
    except requests.RequestException:
        return None, None
    if r.status_code != 200:
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
        me, _ = _get("/session")
        self.own_org = (me or {}).get("organisation")
        geo, _ = _get("/geography")
        units = _items(geo)
        self.districts = [u["code"] for u in units if u.get("kind") == "district"]
        self.ports = [u["code"] for u in units if u.get("kind") == "port_of_entry"]
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
    return mode is not None and getattr(mode, "is_positive", False)


def _words(path):
    return [w for w in path.strip("/").split("/") if not w.startswith("{")]


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
    chosen = RNG.choice(candidates)
    params["case"] = RNG.choice([chosen["id"], chosen["number"]])
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
    for suffix in ("/actions", "/withdraw", "/transfer", "/docket-transfers", "/revoke", "/renew"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    if path.startswith("/plan/"):
        return "/plan"
    return path


@schemathesis.hook
def before_call(context, case, kwargs):
    """Every phase's valid requests (examples, coverage, fuzzing, stateful) name real records, and a valid
    change carries the record's current ETag."""
    if not _positive(case):
        return
    _fill(case)
    if not case.headers or "If-Match" not in case.headers:
        return
    _, etag = _get(_record_path(case))
    if etag:
        case.headers["If-Match"] = etag
