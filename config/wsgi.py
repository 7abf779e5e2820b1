import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The garbage collector, measured at national size (docs/performance.md): a page that builds
# thousands of rows triggered a full collection every eight requests or so, which walked every
# object the process holds (Django, the URLs, the referentials, the kept families) and added
# 150–250 ms to that request — the p95 of the programmation. What is loaded now lives as long as
# the process: it is set apart from the collections (freeze), and the youngest generation is
# collected less often (20 000 allocations rather than 700), so fewer full collections run.
get_resolver().url_patterns  # noqa: B018 — the URL configuration imported now, frozen with the rest
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 100)
