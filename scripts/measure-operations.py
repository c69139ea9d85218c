#!/usr/bin/env python3
"""Figures of RELIABILITY.md's "Operations": time to liveness and readiness, probe latencies, a metrics scrape,
SIGTERM to exit. Usage: scripts/measure-operations.py [CASES] (default 2000). Builds nothing: runs the binary at
$LEKHOTLA_BIN, else ${CARGO_TARGET_DIR:-target}/debug/lekhotla, on a SQLite database in a temporary folder, on
ports 18470 (public) and 18471 (metrics)."""

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time

CASES = sys.argv[1] if len(sys.argv) > 1 else "2000"
BIN = os.environ.get("LEKHOTLA_BIN") or os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "lekhotla")
PUBLIC, METRICS = 18470, 18471


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    reply = conn.getresponse()
    body = reply.read()
    conn.close()
    return reply.status, body


def keep_alive(path, n):
    conn = http.client.HTTPConnection("127.0.0.1", PUBLIC, timeout=5)
    started = time.monotonic()
    for _ in range(n):
        conn.request("GET", path)
        conn.getresponse().read()
    conn.close()
    return (time.monotonic() - started) / n


with tempfile.TemporaryDirectory() as work, tempfile.TemporaryDirectory() as keys:
    env = dict(os.environ, LEKHOTLA_LOG="warn", LEKHOTLA_MASTER_KEY_FILE=os.path.join(keys, "master.key"),
               LEKHOTLA_AUDIT_KEY_FILE=os.path.join(keys, "audit.key"))
    db = "sqlite://" + os.path.join(work, "lekhotla.db")
    for args in (["migrate"], ["demo-data", "--cases", CASES, "--seed", "5"]):
        subprocess.run([BIN, "--db", db, *args], env=env, check=True, capture_output=True)
    started = time.monotonic()
    server = subprocess.Popen([BIN, "--db", db, "serve", "--listen", f"127.0.0.1:{PUBLIC}",
                               "--metrics-listen", f"127.0.0.1:{METRICS}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    live = ready = None
    starting = False
    while ready is None and time.monotonic() - started < 300:
        try:
            if live is None and get(PUBLIC, "/livez")[0] == 200:
                live = time.monotonic() - started
            status = get(PUBLIC, "/readyz")[0]
            starting |= status == 503
            if status == 200:
                ready = time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.005)
    if ready is None:
        server.kill()
        sys.exit("the server never became ready")
    print(f"{CASES} cases: /livez 200 after {live * 1000:.0f} ms, /readyz 200 after {ready * 1000:.0f} ms "
          f"(503 while starting seen: {starting})")
    print(f"/livez keep-alive x2000: mean {keep_alive('/livez', 2000) * 1e6:.0f} us")
    print(f"/readyz keep-alive x200: mean {keep_alive('/readyz', 200) * 1e3:.2f} ms")
    scrape_started = time.monotonic()
    status, body = get(METRICS, "/metrics")
    samples = [line for line in body.decode().splitlines() if line and not line.startswith("#")]
    print(f"/metrics: {status}, {len(body)} bytes, {len(samples)} samples, "
          f"{(time.monotonic() - scrape_started) * 1000:.1f} ms")
    asked = time.monotonic()
    server.send_signal(signal.SIGTERM)
    server.wait()
    print(f"SIGTERM to exit (idle): {(time.monotonic() - asked) * 1000:.0f} ms, exit code {server.returncode}")
