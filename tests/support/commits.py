"""A test runs inside a transaction that never commits, so the callbacks waiting for a commit
(new data versions, derived measurements) never run by themselves. ``commit()`` runs them as a
commit would — and those their own writes register, as these would have committed on their own."""

from django.db import connection


def commit() -> None:
    while connection.run_on_commit:
        waiting, connection.run_on_commit = connection.run_on_commit, []
        for entry in waiting:
            entry[1]()  # (savepoints, callback, robust)
