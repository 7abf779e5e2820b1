"""`make bench`: citeduc at national scale, measured against the framework's floor.

On the synthetic national dataset (`generate_national_dataset`, 250 Cités) in PostgreSQL, served by
gunicorn with 2 workers, this script measures for each key page the median and 95th percentile of
its latency over REQUESTS requests and, in the same run, a trivial view (`/sante/`) of the same
server; it prints each page's ratio to the trivial view and its SQL query count. Then it times
the import of a national-sized Annuaire de l'éducation (70 000 generated rows), of a 2 000-line
programmation, and the building of one annual review PDF (all three rolled back).

The database: CITEDUC_BENCH_DATABASE_URL if set; otherwise a PostgreSQL cluster of its own in
CITEDUC_BENCH_PGDATA (default /tmp/citeduc-bench-pg), kept between runs so the dataset (about
3.5 million rows, ~20 minutes to generate) is made once. It prints figures; it asserts nothing.
"""

import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
REQUESTS = int(os.environ.get("CITEDUC_BENCH_REQUESTS", "200"))
# To measure again a few pages while working on them: CITEDUC_BENCH_PAGES=Annuaire measures the
# pages whose label holds that text, and skips the imports and the review.
ONLY = os.environ.get("CITEDUC_BENCH_PAGES", "")
PGDATA = Path(os.environ.get("CITEDUC_BENCH_PGDATA", "/tmp/citeduc-bench-pg"))
PG_PORT = int(os.environ.get("CITEDUC_BENCH_PG_PORT", "54350"))
CITE = "synth-001"
YEAR = 2025


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(command: str) -> None:
    """Run a PostgreSQL server command, as the postgres user when we are root."""
    if os.getuid() == 0:
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True)
    else:
        subprocess.run(["sh", "-c", command], check=True)


def pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
    return versions[-1] / "bin"


def own_cluster() -> str:
    """Start (creating it once) the bench's own PostgreSQL cluster; its URL."""
    bin_ = pg_bin()
    if not (PGDATA / "PG_VERSION").exists():
        PGDATA.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            shutil.chown(PGDATA, "postgres")
        as_postgres(
            f"{bin_}/initdb -D {PGDATA} -U postgres -A trust --locale=C.UTF-8 -E UTF8 >/dev/null"
        )
    as_postgres(
        f"{bin_}/pg_ctl -D {PGDATA} -l {PGDATA}/server.log -w status >/dev/null 2>&1 || "
        f"{bin_}/pg_ctl -D {PGDATA} -l {PGDATA}/server.log -w -o "
        f"'-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {PGDATA}' start >/dev/null"
    )
    return f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres"


def prepare_database(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    probe = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c",
         "from citeduc.territory.models import CiteEducative as C;"
         "print(C.objects.filter(slug__startswith='synth-').count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    if int(probe.stdout.strip() or 0) == 0:
        print("== Jeu national absent : génération (≈ 20 min, une seule fois)")
        subprocess.run(
            [PYTHON, "manage.py", "generate_national_dataset"], cwd=ROOT, env=env, check=True
        )


def start_gunicorn(url: str, port: int, workers: int = 2) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CITEDUC_DEBUG": "0",
        "CITEDUC_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CITEDUC_LOG_LEVEL": "WARNING",
        # As in production behind the TLS proxy: HTTPS is said by the proxy's header (without it
        # every page answers a redirect to https://, and the bench would measure redirects).
        "CITEDUC_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
        # The sessions are opened by the test client's force_login, without the second factor
        # a person gives at login: the bench measures the pages, not the login.
        "CITEDUC_REQUIRE_2FA": "0",
    }
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            status, _body = fetch(port, "/sante/", {})
            if status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn ne répond pas")


def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **headers})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def latencies(port: int, path: str, headers: dict[str, str], count: int) -> list[float]:
    times = []
    for _ in range(5):  # warm the workers' caches and connections
        fetch(port, path, headers)
    for _ in range(count):
        start = time.perf_counter()
        status, _body = fetch(port, path, headers)
        times.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"{path} : HTTP {status}")
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def connect() -> str:
    """The bench database, migrated and filled; Django set up on it. Its URL."""
    url = os.environ.get("CITEDUC_BENCH_DATABASE_URL") or own_cluster()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CITEDUC_ALLOW_DEV_SECRET", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CITEDUC_REQUIRE_2FA"] = "0"  # sessions opened by force_login (see start_gunicorn)
    # This process counts each page's queries through Django's test client.
    os.environ["CITEDUC_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    prepare_database(url)

    import django

    django.setup()
    return url


# (label, path, headers for HTTP, who: the in-process client that counts its queries)
Page = tuple[str, str, dict[str, str], str | None]


def key_pages() -> tuple[list[Page], dict[str, Any]]:
    """The pages every benchmark and load test reads, with a session per role and a token."""
    from django.test import Client

    from citeduc.accounts.models import ApiToken, User
    from citeduc.demo.national import BENCH_DOMAIN
    from citeduc.territory.models import CiteEducative

    clients: dict[str, Any] = {}
    for name in ("coordination", "national"):
        client = Client()
        client.force_login(User.objects.get(email=f"{name}@{BENCH_DOMAIN}"))
        clients[name] = client
    _token, raw = ApiToken.issue(User.objects.get(email=f"national@{BENCH_DOMAIN}"), "banc d'essai")
    cookie = {
        n: {"Cookie": f"sessionid={c.cookies['sessionid'].value}"} for n, c in clients.items()
    }
    bearer = {"Authorization": f"Bearer {raw}"}
    clients["api"] = Client(headers=bearer)
    clients[""] = Client()
    qpv = CiteEducative.objects.get(slug=CITE).qpvs.order_by("code").first()
    assert qpv is not None
    lat, lon = qpv.centroid_lat or 47.2, qpv.centroid_lon or 6.0
    c = f"/cites/{CITE}"
    pages: list[Page] = [
        ("Accueil", "/", {}, ""),
        ("Tableau de bord de la Cité", f"{c}/", cookie["coordination"], "coordination"),
        ("Programmation", f"{c}/financements/{YEAR}/programmation/", cookie["coordination"],
         "coordination"),
        ("Liste des actions", f"{c}/plan/actions/", cookie["coordination"], "coordination"),
        ("Annuaire : recherche", "/annuaire/?q=soutien", {}, ""),
        ("Annuaire : carte d'un quartier", f"/annuaire/?qpv={qpv.code}", {}, ""),
        # The same two searches by a signed-in person: never a kept page, always rendered.
        ("Annuaire : recherche, connecté", "/annuaire/?q=soutien", cookie["coordination"],
         "coordination"),
        ("Annuaire : quartier, connecté", f"/annuaire/?qpv={qpv.code}", cookie["coordination"],
         "coordination"),
        # The places the map asks for, the area on screen around the quarter (signed in: built).
        ("Annuaire : lieux de la carte, connecté", f"/annuaire/carte.json?qpv={qpv.code}&zone="
         f"{lat - 0.03:.3f},{lon - 0.05:.3f},{lat + 0.03:.3f},{lon + 0.05:.3f}",
         cookie["coordination"], "coordination"),
        ("Calendrier des réunions", f"{c}/reunions/", cookie["coordination"], "coordination"),
        ("Tableau de bord des indicateurs", f"{c}/tableau-de-bord/{YEAR}/",
         cookie["coordination"], "coordination"),
        ("Consolidation nationale", f"/national/indicateurs/SYNTH_01/?annee={YEAR}",
         cookie["national"], "national"),
        ("API : consolidation", f"/api/indicators/SYNTH_01/rollup?year={YEAR}", bearer, "api"),
        ("API : financements par Cité", f"/api/national/money?year={YEAR}&limit=50", bearer,
         "api"),
    ]  # fmt: skip
    return pages, clients


def main() -> None:
    url = connect()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from citeduc.territory.models import CiteEducative

    pages, clients = key_pages()

    version = connection.cursor().connection.info.server_version
    print(
        f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, PostgreSQL {version // 10000}.{version % 10000}"
    )
    print(f"Jeu : {CiteEducative.objects.count()} Cités ; {REQUESTS} requêtes par page.")

    port = free_port()
    server = start_gunicorn(url, port)
    try:
        floor = latencies(port, "/sante/", {}, REQUESTS)
        floor_median = statistics.median(floor)
        print()
        print("| page | médiane | p95 | × vue triviale | requêtes SQL |")
        print("|---|---:|---:|---:|---:|")
        print(
            f"| Vue triviale `/sante/` | {floor_median * 1000:.1f} ms | "
            f"{p95(floor) * 1000:.1f} ms | 1,0 | 0 |"
        )
        for label, path, headers, who in pages:
            if ONLY not in label:
                continue
            times = latencies(port, path, headers, REQUESTS)
            with CaptureQueriesContext(connection) as queries:
                response = clients[who or ""].get(path, secure=True)
            assert response.status_code == 200, (path, response.status_code)
            median = statistics.median(times)
            print(
                f"| {label} `{path.split('?')[0]}` | {median * 1000:.1f} ms | "
                f"{p95(times) * 1000:.1f} ms | {median / floor_median:.1f} | {len(queries)} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    if not ONLY:
        print()
        imports(CITE)


def imports(slug: str) -> None:
    from django.db import transaction
    from django.db.models import F

    from bench.fixtures import annuaire_csv, programmation_csv
    from citeduc.funding.models import Envelope
    from citeduc.funding.programmation_import import import_programmation
    from citeduc.reviews import operations, report
    from citeduc.territory.importers import import_annuaire_file
    from citeduc.territory.models import CiteEducative

    cite = CiteEducative.objects.get(slug=slug)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "annuaire.csv"
        rows = annuaire_csv(path, 70_000)
        with transaction.atomic():
            start = time.perf_counter()
            result = import_annuaire_file(path)
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        print(
            f"Import Annuaire de l'éducation, {rows} lignes : {elapsed:.1f} s — "
            f"{result.summary(dry_run=False)}"
        )
        path = Path(directory) / "programmation.csv"
        lines = programmation_csv(path, cite, 1000)
        with transaction.atomic():
            # The Cité's funders announce enough for 1 000 more actions (rolled back below).
            Envelope.objects.filter(cite=cite, year=YEAR).update(amount=F("amount") + 10**7)
            start = time.perf_counter()
            result = import_programmation(path, cite, YEAR, dry_run=False)
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        print(
            f"Import d'une programmation, {lines} lignes : {elapsed:.1f} s — "
            f"{result.summary(dry_run=False)}"
        )
    with transaction.atomic():
        review = operations.open_review(cite, YEAR)
        start = time.perf_counter()
        taken, _changes = operations.freeze(review, None)
        frozen = time.perf_counter() - start
        built = report.build(review, taken, exact=True)
        pdf = report.pdf_document(built)
        printed = time.perf_counter() - start - frozen
        transaction.set_rollback(True)
    # The person who freezes waits for the freeze; the PDF is then built by the worker
    # (CITEDUC_PREPARE_REVIEW_PDF) and found ready by the download.
    print(
        f"Revue annuelle : figer les chiffres {frozen:.1f} s ; "
        f"rapport PDF ({len(pdf) // 1024} Kio, produit ensuite par le worker) {printed:.1f} s"
    )


if __name__ == "__main__":
    main()
