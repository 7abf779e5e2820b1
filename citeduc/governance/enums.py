from django.db import models


class BodyKind(models.TextChoices):
    """The bodies of Article 4 of the convention, and the annual review of Article 14."""

    COPIL_RESTREINT = "copil_restreint", "Comité de pilotage restreint"
    COPIL_ELARGI = "copil_elargi", "Comité de pilotage élargi"
    COMITE_TECHNIQUE = "comite_technique", "Comité technique"
    COLLECTIF_EDUCATIF = "collectif_educatif", "Collectif éducatif de quartier"
    REVUE_PROJET = "revue_projet", "Revue annuelle de projet"
    GROUPE_TRAVAIL = "groupe_travail", "Groupe de travail"


class Frequency(models.TextChoices):
    QUARTERLY = "trimestrielle", "Au moins une fois par trimestre"
    YEARLY = "annuelle", "Une fois par an"
    MONTHLY = "mensuelle", "Chaque mois"
    AS_NEEDED = "au_besoin", "En tant que de besoin"


# What the convention sets for each kind (art. 4 and 14); a body may ask for more.
DEFAULT_FREQUENCY = {
    BodyKind.COPIL_RESTREINT: Frequency.QUARTERLY,
    BodyKind.COPIL_ELARGI: Frequency.YEARLY,
    BodyKind.REVUE_PROJET: Frequency.YEARLY,
}


class MeetingStatus(models.TextChoices):
    PLANNED = "prevue", "Prévue"
    HELD = "tenue", "Tenue"
    CANCELLED = "annulee", "Annulée"


class Presence(models.TextChoices):
    INVITED = "invite", "Invité·e (présence non relevée)"
    PRESENT = "present", "Présent·e"
    REPRESENTED = "represente", "Représenté·e"
    EXCUSED = "excuse", "Excusé·e"
    ABSENT = "absent", "Absent·e"


class DecisionKind(models.TextChoices):
    FUNDING = "financement", "Attribution de crédits"
    PROGRAMME = "programmation", "Validation de la programmation"
    ORIENTATION = "orientation", "Orientation stratégique"
    OPINION = "avis", "Avis"
    OTHER = "autre", "Autre"


class AmendmentStatus(models.TextChoices):
    """R-GOV-5: draft → submitted to the Préfet → agreed / refused → transmitted (if agreed)."""

    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumis", "Soumis au préfet"
    AGREED = "accepte", "Accordé par le préfet"
    REFUSED = "refuse", "Refusé par le préfet"
    TRANSMITTED = "transmis", "Transmis à la coordination nationale"


AMENDMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AmendmentStatus.DRAFT: (AmendmentStatus.SUBMITTED,),
    AmendmentStatus.SUBMITTED: (AmendmentStatus.AGREED, AmendmentStatus.REFUSED),
    AmendmentStatus.AGREED: (AmendmentStatus.TRANSMITTED,),
    AmendmentStatus.REFUSED: (),
    AmendmentStatus.TRANSMITTED: (),
}


class DocumentKind(models.TextChoices):
    CONVOCATION = "convocation", "Convocation"
    MINUTES = "compte_rendu", "Compte rendu"
    SLIDES = "support", "Support de présentation"
    DECISIONS = "releve", "Relevé de décisions"
    AMENDMENT = "avenant", "Avenant signé"
    LETTER = "courrier", "Courrier"
    VOUCHER = "justificatif", "Pièce justificative"
    OTHER = "autre", "Autre"
