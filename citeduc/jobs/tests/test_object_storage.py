"""Uploads go through Django's storage API: with the S3 backend (django-storages) pointed at a
real S3-speaking server on loopback (moto's, started by .ci/run), an import file is kept in the
bucket — nothing on the web server's disk — read back by the job, and downloaded again."""

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from citeduc.accounts.enums import Role
from citeduc.jobs.enums import JobStatus
from citeduc.jobs.models import Job
from tests.support.access import finish
from tests.support.world import World

# Storage does not depend on the database: checked once, in the PostgreSQL pass.
pytestmark = pytest.mark.pg_only


@pytest.fixture
def bucket(settings: Any) -> Iterator[tuple[Any, str]]:
    url = os.environ.get("CITEDUC_TEST_S3_URL", "")
    if not url:
        if os.environ.get("CITEDUC_REQUIRE_ALL") == "1":
            pytest.fail("CITEDUC_REQUIRE_ALL=1 mais CITEDUC_TEST_S3_URL n'est pas défini")
        pytest.skip("pas de serveur S3 (CITEDUC_TEST_S3_URL)")
    name = f"citeduc-test-{uuid.uuid4().hex[:12]}"
    keys = {"aws_access_key_id": "citeduc", "aws_secret_access_key": "citeduc-secret"}
    client = boto3.client("s3", endpoint_url=url, region_name="us-east-1", **keys)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": url,
                "region_name": "us-east-1",
                "access_key": keys["aws_access_key_id"],
                "secret_key": keys["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client, name
    for item in client.list_objects_v2(Bucket=name).get("Contents", []):
        client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def test_an_import_file_lives_in_the_bucket_and_the_job_reads_it(
    world: World,
    client: Client,
    bucket: tuple[Any, str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    s3, name = bucket
    side = world.own
    objective = side.action.objectives.get().number
    content = (
        "action;objectif;porteur;siret;qpv;financeur;montant_demande;montant_accorde;ingenierie\n"
        f"Atelier stocké;{objective};Association Stock;;{side.qpv.code};VILLE;1000;900;non\n"
    ).encode()
    client.force_login(world.users[Role.COORDINATION])
    url = reverse("jobs:upload", args=[world.cite.slug, "programmation"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"year": world.cite.label_start.year, "file": SimpleUploadedFile(
            "programmation.csv", content)})  # fmt: skip
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.report
    assert job.report["created"] == 1
    objects = s3.list_objects_v2(Bucket=name)["Contents"]
    assert [item["Key"] for item in objects] == [job.file.name]
    stored = s3.get_object(Bucket=name, Key=job.file.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == job.sha256 == hashlib.sha256(content).hexdigest()
    assert not (django_settings.MEDIA_ROOT / str(job.file.name)).exists()  # not on the disk
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    finish(response)
