"""Settings of the test suite: production's settings, with what only tests need changed here.

Nothing else in the suite overrides settings for every test; a test that needs another value
(the HTTPS redirect of the transport tests, say) uses pytest-django's `settings` fixture.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import DATABASES

# Passwords are hashed thousands of times in a run: a fast hasher (production keeps Django's).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client and the live servers speak plain HTTP; the transport tests turn it back on.
SECURE_SSL_REDIRECT = False

# Each request of a live server closes its connection: a worker's test database can be dropped at
# the end of the run without "database is being accessed by other users".
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = 0

# Uploaded files of a test run go to a temporary folder of this process (one per xdist worker),
# never to var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="citeduc-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# Jobs run inside the request by default (the immediate backend): the pages' tests need no worker.
# The worker tests start a real `db_worker` (or `rqworker`) against the test database.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The immediate backend would build every public family after each write of every test: the
# preparation is tested on its own (indicators/tests/test_warm.py).
CITEDUC_WARM_FAMILIES = False
# Likewise every freeze of the tests would print a PDF: tested on its own (jobs/tests).
CITEDUC_PREPARE_REVIEW_PDF = False
# Versions and kept pages live in this process only, emptied before each test (conftest.py).
CACHES["figures"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "figures",
}
if not CITEDUC_REDIS_URL:  # noqa: F405
    CACHES["jobs"]["LOCATION"] = tempfile.mkdtemp(prefix="citeduc-test-jobs-")  # noqa: F405
    atexit.register(shutil.rmtree, CACHES["jobs"]["LOCATION"], ignore_errors=True)  # noqa: F405
