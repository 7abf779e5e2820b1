"""Versions of the data, for whatever is kept instead of recomputed (a Cité's rule findings, the
anonymous public pages): a token per Cité and one for everything, replaced by every write.

A write to a row of the apps in ``WATCHED`` replaces the token of its Cité (found by following
its foreign keys to a ``cite_id``) and the token of the whole instance, at once and again once the
transaction commits — so a figure computed by a reader while the write was under way, stored under
the old token, is never read again. A write that belongs to no Cité (a QPV, a referential)
replaces the tokens of every Cité. Tokens are random, not counters: a cache emptied or restarted
cannot give an old token back.

A topic (``TOPICS``) has a token of its own, replaced only by writes to its apps: what is kept
from the children's figures alone (the masked families of the statistical secret, dear to build at
national size) stays kept while grant requests, meetings and the directory change around it. A
bulk write that does not name its app replaces every topic's token."""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from citeduc.common import signals

ALIAS = "figures"
EVERYTHING = "all"
NO_CITE = "none"  # writes no Cité owns: part of every Cité's version
WATCHED = {
    "territory",
    "directory",
    "action_plan",
    "deliberations",
    "funding",
    "governance",
    "indicators",
    "reviews",
}
# What some kept figures read, by the apps whose rows they read.
CHILDREN = "children"  # the children's figures: indicators, and the perimeter they are cut by
TOPICS = {CHILDREN: {"indicators", "territory"}}
# Rows kept from others (they follow the writes; their own writes change nothing).
KEPT = {"moneyfigure", "keptfindings"}
DEPTH = 4
KEPT_FOR = 24 * 3600  # what is kept under a version that no write replaced is rebuilt daily


def _key(scope: str) -> str:
    return f"citeduc-version:{scope}"


def token(scope: str) -> str:
    cache = caches[ALIAS]
    found = cache.get(_key(scope))
    if found is None:
        found = uuid.uuid4().hex
        cache.add(_key(scope), found, timeout=None)
        found = cache.get(_key(scope)) or found
    return str(found)


class _Bump:
    """The one commit callback of a transaction: new tokens for the scopes it wrote."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        bump(*self.scopes)
        _announce(self.scopes)


def _waiting() -> _Bump | None:
    """This transaction's callback, if it wrote already (a rollback drops it with the writes)."""
    for _savepoints, func, _robust in transaction.get_connection().run_on_commit:
        if isinstance(func, _Bump):
            return func
    return None


def cite_version(cite_id: int) -> str | None:
    """What a Cité's kept figures depend on: its own writes and the writes of no Cité. None while
    the current transaction has written to it: what is kept is not its truth yet."""
    waiting = _waiting()
    if waiting is not None and waiting.scopes & {str(cite_id), NO_CITE}:
        return None
    return f"{token(str(cite_id))}.{token(NO_CITE)}"


def everything_version() -> str | None:
    return None if _waiting() is not None else token(EVERYTHING)


def kept[T](name: str, version: str | None, build: Callable[[], T]) -> T:
    """What ``build`` returns, kept in the shared cache under ``name`` and a version of the data
    (``cite_version``, ``topic_version``…): built once per version, by the first reader. A None
    version (this transaction has written) builds without keeping. ``build`` must return what
    pickles, and the same for every reader: what varies with the viewer stays outside."""
    if version is None:
        return build()
    cache = caches[ALIAS]
    key = f"citeduc-kept:{name}:{version}"
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=KEPT_FOR)
    return found


def _topic(name: str) -> str:
    return f"topic:{name}"


def topic_version(name: str) -> str | None:
    """What is kept from the apps of a topic depends on: their writes alone. None while the
    current transaction has written to them."""
    waiting = _waiting()
    if waiting is not None and _topic(name) in waiting.scopes:
        return None
    return token(_topic(name))


def _topics_of(app_label: str | None) -> set[str]:
    return {_topic(t) for t, apps in TOPICS.items() if app_label is None or app_label in apps}


def bump(*scopes: str) -> None:
    cache = caches[ALIAS]
    cache.set_many({_key(s): uuid.uuid4().hex for s in (*scopes, EVERYTHING)}, timeout=None)


def _announce(scopes: set[str]) -> None:
    """Tell who prepares kept figures ahead that a topic's data has changed for good."""
    for name in sorted(TOPICS):
        if _topic(name) in scopes:
            signals.topic_changed.send(sender=None, topic=name)


def changed(cite_id: int | None, app_label: str | None = None) -> None:
    """A write to a row of ``app_label`` (None: any app) changed this Cité (None: no Cité in
    particular): new tokens now, and again when the transaction commits (once per scope and
    transaction)."""
    scopes = {str(cite_id) if cite_id is not None else NO_CITE, *_topics_of(app_label)}
    if not transaction.get_connection().in_atomic_block:
        bump(*scopes)
        _announce(scopes)
        return
    waiting = _waiting()
    if waiting is None:
        waiting = _Bump()
        transaction.on_commit(waiting, robust=True)
    new = scopes - waiting.scopes
    if new:
        waiting.scopes |= new
        bump(*new)


def cite_of(instance: models.Model, depth: int = DEPTH) -> int | None:
    """The Cité a row belongs to, through its foreign keys (None when it has none)."""
    if instance._meta.model_name == "citeeducative":
        return int(instance.pk)
    if isinstance(getattr(instance, "cite_id", None), int):
        return int(instance.cite_id)  # type: ignore[attr-defined]
    if depth == 0:
        return None
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or getattr(instance, field.attname) is None:
            continue
        try:
            parent = getattr(instance, field.name)
        except models.ObjectDoesNotExist:
            continue  # a parent gone in the same cascade
        found = cite_of(parent, depth - 1)
        if found is not None:
            return found
    return None


def _watched(sender: type[models.Model]) -> bool:
    meta = sender._meta
    return (
        meta.app_label in WATCHED
        and meta.model_name not in KEPT
        and not str(meta.model_name).startswith("historical")
    )


def _written(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or not _watched(sender):
        return
    changed(cite_of(instance), sender._meta.app_label)


def _linked(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_") and _watched(type(instance)):
        cite = cite_of(instance)
        changed(cite, instance._meta.app_label)
        other = kwargs.get("model")
        if other is not None and other._meta.app_label != instance._meta.app_label:
            changed(cite, other._meta.app_label)  # the link belongs to both sides


def connect() -> None:
    post_save.connect(_written, dispatch_uid="versions-save")
    post_delete.connect(_written, dispatch_uid="versions-delete")
    m2m_changed.connect(_linked, dispatch_uid="versions-m2m")
