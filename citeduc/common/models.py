"""Model shapes shared by several apps; abstract, so they own no table."""

from django.conf import settings
from django.db import models


class StoredUpload(models.Model):
    """A file checked by `common.uploads.check_upload` and kept under a random name: its original
    name, real type, size, and who filed it when. A subclass adds `file` with its own folder."""

    original_name = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="déposé par",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        abstract = True


class SpentFormToken(models.Model):
    """A form's one-time token once its submission went through (see `common.once`): the unique
    index refuses the second of two identical submissions, even sent at the same instant."""

    digest = models.CharField("empreinte", max_length=64, unique=True)
    spent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "jeton de formulaire utilisé"
        verbose_name_plural = "jetons de formulaire utilisés"

    def __str__(self) -> str:
        return self.digest[:12]
