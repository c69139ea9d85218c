#!/usr/bin/env python3
"""Crash safety: writes through the API while the server is killed with SIGKILL at random moments.

Each round starts `lekhotla serve` on the database, times it to ready (`/healthz` answers 200), lets
writers register cases, add a victim to each and change its summary under If-Match, and kills the server
at a random moment. After the last round it restarts the server once more and checks that:

- every write the server acknowledged (201/200 received) is there, as acknowledged;
- no write is half there: each case's version equals the writes the audit trail records for it (a case
  without its entry, or an entry without its change, breaks the equality), and every victim acknowledged
  or not belongs to a case whose trail records it;
- `lekhotla audit verify` passes, and on SQLite `PRAGMA integrity_check` says ok.

Usage (via scripts/crash): crash.py --bin BIN --db URL --rounds N --port P
Only synthetic people are written. Prints one Markdown row of figures.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

DISTRICTS = ["LS-A", "LS-B", "LS-C", "LS-D", "LS-E", "LS-F", "LS-G", "LS-H", "LS-J", "LS-K"]
WRITERS = 6


class Server:
    """One `lekhotla serve` process."""

    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.proc = None

    def start(self):
        try:
            urllib.request.urlopen(f"{base(self.args)}/healthz", timeout=1)
            sys.exit(f"port {self.args.port} is taken by another server: stop it first")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [self.args.bin, "--db", self.args.db, "serve", "--listen", f"127.0.0.1:{self.args.port}"],
            stdout=self.log, stderr=self.log, start_new_session=True)
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"the server exited with {self.proc.returncode} while starting (see {self.log.name})")
            try:
                with urllib.request.urlopen(f"{base(self.args)}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.monotonic() - began
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() - began > 60:
                sys.exit("the server was not ready within 60 s")
            time.sleep(0.005)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def base(args):
    return f"http://127.0.0.1:{args.port}"


def call(args, method, path, body=None, headers=None):
    """(status, etag, json); raises OSError when the server goes away before answering."""
    data = None if body is None else json.dumps(body).encode()
    h = {"authorization": f"Bearer {args.token}", "content-type": "application/json"}
    h.update(headers or {})
    req = urllib.request.Request(f"{base(args)}/api/v1{path}", data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.headers.get("etag"), json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None, json.loads(e.read() or b"null")
    except urllib.error.URLError as e:
        raise OSError(str(e)) from e


class Ledger:
    """What the server acknowledged, and what was sent without an answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cases = {}  # case id -> {"victims": set(), "summary": str | None}
        self.sent = 0
        self.acknowledged = 0
        self.unanswered = 0
        self.refused = []

    def note(self, ok, what=None):
        with self.lock:
            self.sent += 1
            if ok is None:
                self.unanswered += 1
            elif ok:
                self.acknowledged += 1
            else:
                self.refused.append(what)


def writer(args, ledger, org, stop, seed):
    rnd = random.Random(seed)
    while not stop.is_set():
        try:
            body = {"organisation": org, "district": rnd.choice(DISTRICTS), "detection_source": "Police",
                    "detected_on": "2026-10-01"}
            status, etag, case = call(args, "POST", "/cases", body)
            if status != 201:
                ledger.note(False, f"POST /cases {status} {case}")
                continue
            with ledger.lock:
                ledger.cases[case["id"]] = {"victims": set(), "summary": None}
            ledger.note(True)
            person = {"first_name": f"Synthetic{rnd.randrange(10**6)}", "second_name": "Crashtest",
                      "gender": rnd.choice(["Feminine", "Masculine"]), "birthdate": "2001-02-03",
                      "citizenship": ["LS"], "phone": f"+2665{rnd.randrange(10**7):07d}"}
            context = {"trafficking_status": "PossibleVictimOfTrafficking", "status_decided_by": "Police",
                       "identified_on": "2026-10-02", "exploitation_types": ["ForcedLabour"]}
            status, _, victim = call(args, "POST", f"/cases/{case['id']}/victims",
                                     {"person": person, "context": context})
            if status != 201:
                ledger.note(False, f"POST victims {status} {victim}")
                continue
            with ledger.lock:
                ledger.cases[case["id"]]["victims"].add(victim["id"])
            ledger.note(True)
            status, etag, _ = call(args, "GET", f"/cases/{case['id']}")
            summary = f"crash test summary {rnd.randrange(10**9)}"
            status, _, changed = call(args, "PATCH", f"/cases/{case['id']}", {"summary": summary},
                                      {"if-match": etag})
            if status != 200:
                ledger.note(False, f"PATCH {status} {changed}")
                continue
            with ledger.lock:
                ledger.cases[case["id"]]["summary"] = summary
            ledger.note(True)
        except OSError:
            ledger.note(None)
            return


def check_acknowledged(args, ledger):
    """Every acknowledged case, victim and summary, read back through the API."""
    lost = []
    for case_id, expected in ledger.cases.items():
        status, _, case = call(args, "GET", f"/cases/{case_id}")
        if status != 200:
            lost.append(f"case {case_id}: {status}")
            continue
        victims = {v["id"] for v in case.get("victims", [])}
        lost += [f"victim {v} of case {case_id}" for v in expected["victims"] - victims]
        if expected["summary"] is not None and case.get("summary") != expected["summary"]:
            lost.append(f"summary of case {case_id}")
    return lost


def check_whole(args):
    """Each case's version against the writes its trail records (none half there)."""
    query = ("SELECT c.id, c.version, (SELECT count(*) FROM audit_log a WHERE a.record = 'case/' || c.id "
             "AND a.action IN ('case.create', 'case.update')) FROM cases c")
    if args.db.startswith("sqlite"):
        path = args.db.split("://", 1)[1]
        with sqlite3.connect(path) as db:
            rows = db.execute(query).fetchall()
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    else:
        out = subprocess.run(["psql", "-qAt", "-F", "\t", args.db, "-c", query.replace("c.id,", "c.id::text,", 1)],
                             check=True, capture_output=True, text=True).stdout
        rows = [tuple(line.split("\t")) for line in out.splitlines() if line]
        integrity = "n/a"
    half = [f"case {r[0]}: version {r[1]}, {r[2]} recorded writes" for r in rows if int(r[1]) != int(r[2])]
    return len(rows), half, integrity


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--org", required=True)
    p.add_argument("--rounds", type=int, default=200)
    p.add_argument("--port", type=int, default=18981)
    p.add_argument("--log", required=True)
    p.add_argument("--seed", type=int, default=int(time.time()))
    args = p.parse_args()
    rnd = random.Random(args.seed)
    ledger = Ledger()
    ready = []
    with open(args.log, "a") as log:
        server = Server(args, log)
        for n in range(args.rounds):
            ready.append(server.start())
            stop = threading.Event()
            threads = [threading.Thread(target=writer, args=(args, ledger, args.org, stop, rnd.random()))
                       for _ in range(WRITERS)]
            for t in threads:
                t.start()
            time.sleep(rnd.uniform(0.05, 0.6))
            server.kill()
            stop.set()
            for t in threads:
                t.join()
            if (n + 1) % 20 == 0:
                print(f"  {n + 1}/{args.rounds} kills, {ledger.acknowledged} writes acknowledged", file=sys.stderr)
        ready.append(server.start())
        try:
            lost = check_acknowledged(args, ledger)
        finally:
            server.kill()
    cases, half, integrity = check_whole(args)
    verify = subprocess.run([args.bin, "--db", args.db, "audit", "verify"], capture_output=True, text=True)
    backend = args.db.split(":", 1)[0]
    ready_ms = sorted(t * 1000 for t in ready)
    p95 = ready_ms[int(0.95 * (len(ready_ms) - 1))]
    print(f"| {backend} | {args.rounds} | {ledger.sent} | {ledger.acknowledged} | {ledger.unanswered} | "
          f"{len(lost)} | {len(half)} | {'ok' if verify.returncode == 0 else 'FAILED'} | {integrity} | "
          f"{statistics.median(ready_ms):.0f} / {p95:.0f} / {max(ready_ms):.0f} ms |")
    problems = lost + half + [f"refused: {r}" for r in ledger.refused[:5]]
    if verify.returncode != 0:
        problems.append(f"audit verify: {verify.stdout.strip()} {verify.stderr.strip()}")
    if integrity not in ("ok", "n/a"):
        problems.append(f"integrity_check: {integrity}")
    if ledger.acknowledged == 0:
        problems.append("no write was acknowledged: the harness tested nothing")
    for problem in problems[:20]:
        print(f"  problem: {problem}", file=sys.stderr)
    print(f"  {cases} cases checked; seed {args.seed}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
