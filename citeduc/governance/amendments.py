"""The life of an amendment (R-GOV-5): draft → submitted to the Préfet → agreed or refused →
transmitted to the national coordination. An agreed amendment may extend the label period."""

from datetime import date

from django.db import transaction

from citeduc.governance.enums import AMENDMENT_TRANSITIONS, AmendmentStatus
from citeduc.governance.models import Amendment

A = AmendmentStatus
DATE_FIELD = {
    A.SUBMITTED: "submitted_on",
    A.AGREED: "answered_on",
    A.REFUSED: "answered_on",
    A.TRANSMITTED: "transmitted_on",
}


class AmendmentError(Exception):
    pass


def next_number(cite_id: int) -> int:
    last = Amendment.objects.filter(cite_id=cite_id).order_by("-number").first()
    return last.number + 1 if last else 1


@transaction.atomic
def move(amendment: Amendment, target: str, on: date) -> Amendment:
    amendment = Amendment.objects.select_for_update().select_related("cite").get(pk=amendment.pk)
    current = AmendmentStatus(amendment.status)
    if target not in AMENDMENT_TRANSITIONS[current]:
        raise AmendmentError(
            f"Un avenant « {current.label} » ne peut pas passer à « {A(target).label} »."
        )
    previous = [
        getattr(amendment, name)
        for name in ("created_on", "submitted_on", "answered_on")
        if getattr(amendment, name)
    ]
    if previous and on < max(previous):
        raise AmendmentError(
            f"La date du {on:%d/%m/%Y} précède l'étape précédente ({max(previous):%d/%m/%Y})."
        )
    amendment.status = target
    setattr(amendment, DATE_FIELD[A(target)], on)
    if target == A.AGREED and amendment.extends_label_to:
        cite = amendment.cite
        if amendment.extends_label_to <= cite.label_end:
            raise AmendmentError(
                f"La prolongation au {amendment.extends_label_to:%d/%m/%Y} ne dépasse pas la fin "
                f"actuelle du label ({cite.label_end:%d/%m/%Y})."
            )
        amendment.previous_label_end = cite.label_end
        cite.label_end = amendment.extends_label_to
        cite.save(update_fields=["label_end"])
    amendment.save()
    return amendment
