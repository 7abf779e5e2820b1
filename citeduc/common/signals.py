"""Signals for writes that send no per-row signal."""

from django.dispatch import Signal

# A batch of rows of a Cité's year written at once (``bulk_create``, ``bulk_update``): what follows
# a row's save (derived indicators…) listens to it. Arguments: ``cite_id``, ``year``.
bulk_written = Signal()
