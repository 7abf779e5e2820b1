"""Load and faults on loopback, each scenario a bounded loop that prints its figures.

    python bench/load.py load      # 50 users, mixed key pages, 60 s: zero errors expected
    python bench/load.py restart   # the same, PostgreSQL restarted at 20 s: after the restart,
                                   # no error beyond the requests that were in flight
    python bench/load.py two       # the load shared by two gunicorn instances on one database

Same database as `make bench` (CITEDUC_BENCH_DATABASE_URL, or its own cluster in
CITEDUC_BENCH_PGDATA). The restart needs CITEDUC_BENCH_PGDATA (the cluster's data directory).
Exit status 1 when the scenario's expectation fails.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national import (  # noqa: E402  # noqa: E402
    PGDATA,
    as_postgres,
    connect,
    fetch,
    free_port,
    key_pages,
    p95,
    pg_bin,
    start_gunicorn,
)


@dataclass
class Hit:
    started: float
    ended: float
    status: int  # 0: no HTTP answer (connection refused or reset)


def user_loop(
    ports: list[int], pages: list, stop_at: float, hits: list[Hit], lock: threading.Lock, seed: int
) -> None:
    chooser = random.Random(seed)
    while time.monotonic() < stop_at:
        _label, path, headers, _who = chooser.choice(pages)
        port = chooser.choice(ports)
        started = time.monotonic()
        try:
            status, _body = fetch(port, path, headers)
        except OSError:
            status = 0
        with lock:
            hits.append(Hit(started, time.monotonic(), status))


def restart_postgres(delay: float, window: list[float]) -> None:
    time.sleep(delay)
    window.append(time.monotonic())
    as_postgres(f"{pg_bin()}/pg_ctl -D {PGDATA} -m fast -w restart >/dev/null")
    window.append(time.monotonic())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["load", "restart", "two"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()

    url = connect()
    pages, _clients = key_pages()
    instances = 2 if options.scenario == "two" else 1
    ports = [free_port() for _ in range(instances)]
    servers = [start_gunicorn(url, port) for port in ports]
    hits: list[Hit] = []
    lock = threading.Lock()
    window: list[float] = []
    try:
        stop_at = time.monotonic() + options.seconds
        threads = [
            threading.Thread(target=user_loop, args=(ports, pages, stop_at, hits, lock, n))
            for n in range(options.users)
        ]
        if options.scenario == "restart":
            if not (PGDATA / "PG_VERSION").exists():
                print(f"CITEDUC_BENCH_PGDATA ({PGDATA}) n'est pas un cluster PostgreSQL.")
                return 2
            threads.append(threading.Thread(target=restart_postgres, args=(20, window)))
        begun = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - begun
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    errors = [h for h in hits if h.status != 200]
    times = [h.ended - h.started for h in hits if h.status == 200]
    print(
        f"Scénario {options.scenario} : {options.users} utilisateurs, {elapsed:.0f} s, "
        f"{instances} instance(s) gunicorn de 2 workers, {len(pages)} pages mêlées"
    )
    print(
        f"  {len(hits)} requêtes ({len(hits) / elapsed:.1f}/s), {len(errors)} erreur(s) ; "
        f"latence médiane {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95(times) * 1000:.0f} ms"
    )
    if options.scenario != "restart":
        return 1 if errors else 0
    down, up = window
    in_flight = [h for h in errors if h.started <= up]
    after = [h for h in errors if h.started > up]
    print(
        f"  PostgreSQL redémarré en {up - down:.1f} s ; erreurs des requêtes commencées avant la "
        f"fin du redémarrage : {len(in_flight)} ; après : {len(after)} "
        f"(statuts {sorted({h.status for h in errors})})"
    )
    return 1 if after else 0


if __name__ == "__main__":
    os.environ.setdefault("CITEDUC_LOG_LEVEL", "WARNING")
    sys.exit(main())
