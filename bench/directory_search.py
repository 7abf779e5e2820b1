"""Benchmark: searching the directory with 10 000 services.

Run: CITEDUC_ALLOW_DEV_SECRET=1 .venv/bin/python bench/directory_search.py [--services 10000]
(add DATABASE_URL=postgres://… to measure on PostgreSQL). Everything is written inside one
transaction that is rolled back, so the database is left as it was. Prints timings; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CITEDUC_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from citeduc.common.text import fold  # noqa: E402
from citeduc.directory.enums import ServiceStatus  # noqa: E402
from citeduc.directory.models import Organisation, Service, Theme  # noqa: E402
from citeduc.territory.models import CiteEducative, Commune, Qpv  # noqa: E402

WORDS = [
    "atelier",
    "parentalité",
    "lecture",
    "sport",
    "numérique",
    "orientation",
    "santé",
    "culture",
    "devoirs",
    "théâtre",
    "musique",
    "jardin",
    "cuisine",
    "parents",
    "collégiens",
]


def timed(label: str, action, runs: int = 7) -> None:  # type: ignore[no-untyped-def]
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        durations.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:55} médiane {statistics.median(durations):8.1f} ms   min {min(durations):8.1f} ms"
    )


def populate(count: int) -> None:
    commune, _ = Commune.objects.get_or_create(insee_code="99001", defaults={"name": "Bench"})
    cite = CiteEducative.objects.create(
        slug="bench", name="Cité de banc d'essai", label_start="2024-01-01", label_end="2026-12-31"
    )
    cite.communes.add(commune)
    qpvs = [
        Qpv.objects.create(
            code=f"QN990{i:02d}B",
            name=f"Quartier {i}",
            commune=commune,
            centroid_lat=47 + i / 100,
            centroid_lon=6 + i / 100,
        )
        for i in range(12)
    ]
    cite.qpvs.set(qpvs)
    orgs = Organisation.objects.bulk_create(
        Organisation(
            cite=cite,
            source="bench",
            external_id=f"bench--o{i}",
            name=f"Structure {i}",
            kind="association",
        )
        for i in range(count // 5)
    )
    themes = list(Theme.objects.all())
    services = []
    for i in range(count):
        name = f"{WORDS[i % len(WORDS)].capitalize()} {i}"
        description = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(12))
        services.append(
            Service(
                organisation=orgs[i % len(orgs)],
                source="bench",
                external_id=f"bench--s{i}",
                name=name,
                description=description,
                status=ServiceStatus.PUBLISHED,
                age_min=i % 12,
                age_max=i % 12 + 6,
                search_text=fold(f"{name} {description} Structure {i % len(orgs)}"),
                # Spread over ~20 km around the quartiers, for the distance search.
                latitude=47 + (i % 180) / 1000,
                longitude=6 + (i * 7 % 180) / 1000,
            )
        )
    created = Service.objects.bulk_create(services, batch_size=2000)
    through_qpv = Service.qpvs.through
    through_qpv.objects.bulk_create(
        [
            through_qpv(service_id=s.pk, qpv_id=qpvs[k % len(qpvs)].pk)
            for k, s in enumerate(created)
        ],
        batch_size=5000,
    )
    through_theme = Service.themes.through
    through_theme.objects.bulk_create(
        [
            through_theme(service_id=s.pk, theme_id=themes[k % len(themes)].pk)
            for k, s in enumerate(created)
        ],
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    from django.db import connection

    print(f"Base : {connection.vendor} — {args.services} services publiés")
    with transaction.atomic():
        start = time.perf_counter()
        populate(args.services)
        print(f"Création des données : {time.perf_counter() - start:.1f} s")
        published = Service.objects.published()
        client = Client()

        def page(path: str, params: dict[str, str] | None = None) -> None:
            # Over HTTPS, as production settings require; anything but 200 is a broken bench.
            response = client.get(path, params or {}, secure=True)
            assert response.status_code == 200, (path, response.status_code)

        timed(
            "Recherche « parentalite » (comptage)",
            lambda: published.search(q="parentalite").count(),
        )
        timed(
            "Recherche 2 mots « atelier parents » (comptage)",
            lambda: published.search(q="atelier parents").count(),
        )
        timed(
            "Filtre âge 4 ans + QPV (comptage)",
            lambda: published.search(age=4, qpv="QN99003B").count(),
        )
        timed(
            "Page /annuaire/?q=parentalite (HTML complet, carte)",
            lambda: page("/annuaire/", {"q": "parentalite"}),
        )
        timed(
            "Page /annuaire/ sans filtre (HTML complet, carte)",
            lambda: page("/annuaire/"),
            runs=3,
        )
        timed(
            "Page /annuaire/ par distance, à moins de 5 km",
            lambda: page("/annuaire/", {"lat": "47.05", "lon": "6.05", "radius": "5"}),
        )
        timed(
            "Page /annuaire/ par distance + « parentalite »",
            lambda: page("/annuaire/", {"lat": "47.05", "lon": "6.05", "q": "parentalite"}),
        )
        timed(
            "API /api/cites/bench/services?q=parentalite",
            lambda: page("/api/cites/bench/services", {"q": "parentalite"}),
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
