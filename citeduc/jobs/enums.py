from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    REFUSED = "refused", "Refusé : erreurs dans le fichier"
    FAILED = "failed", "Échoué"


FINISHED = {JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED}
