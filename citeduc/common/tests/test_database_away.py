"""While PostgreSQL restarts, a request that cannot reach it gets « come back soon » (503 with
Retry-After), not a server error; any other failure is still a 500."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from citeduc.common.views import RETRY_AFTER_SECONDS


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_request_the_database_cannot_answer_gets_503_and_retry_after(
    db: None, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "une-session-quelconque"

    def away(self: SessionStore) -> dict[str, object]:
        raise error

    monkeypatch.setattr(SessionStore, "load", away)
    response = client.get("/", secure=True)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    text = response.content.decode()
    assert "momentanément indisponible" in text and "réessayez" in text


def test_any_other_failure_is_still_a_server_error(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "une-session-quelconque"

    def broken(self: SessionStore) -> dict[str, object]:
        raise RuntimeError("un défaut du code")

    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/", secure=True)
    assert response.status_code == 500
    assert "Retry-After" not in response
