from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    REFUSED = "refused", "Refusé : erreurs dans le fichier"
    FAILED = "failed", "Échoué"
    UNDONE = "undone", "Annulé"


FINISHED = {JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED, JobStatus.UNDONE}
