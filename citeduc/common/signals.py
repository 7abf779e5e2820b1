"""Signals for writes that send no per-row signal."""

from django.dispatch import Signal

# A batch of rows of a Cité's year written at once (``bulk_create``, ``bulk_update``): what follows
# a row's save (derived indicators…) listens to it. Arguments: ``cite_id``, ``year``.
bulk_written = Signal()

# The data a topic of `versions.TOPICS` reads has changed (sent once the writing transaction has
# committed, or at once outside one): what is kept from it may be prepared again. Argument:
# ``topic``, its name.
topic_changed = Signal()

# A review's figures were frozen (sent once the freeze has committed): the documents a reader asks
# next may be prepared. Arguments: ``review``, ``user`` (who froze, whose rights the document
# follows).
review_frozen = Signal()
