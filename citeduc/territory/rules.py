"""R-PER-2, the perimeter of a Cité (convention, art. 2): one or more QPV and one collège chef
de file, which is one of the Cité's own establishments. A gap is shown on the dashboard and in
the annual review; the admin refuses a chef de file that is not a collège of the Cité."""

from django.db.models import Count, Q

from citeduc.common.findings import Finding, Severity
from citeduc.territory.enums import CiteRole
from citeduc.territory.models import CiteEducative, Establishment

RULE = "R-PER-2"


def _warning(message: str, **figures: object) -> Finding:
    return Finding(RULE, Severity.WARNING, message, dict(figures))


def r_per_2(cite: CiteEducative) -> list[Finding]:
    """Every gap of the perimeter, in two queries whatever its size."""
    counts = CiteEducative.objects.filter(pk=cite.pk).aggregate(
        qpvs=Count("qpvs", distinct=True),
    )
    # The designated chef de file and every establishment of the Cité that has that role.
    leads = list(
        Establishment.objects.filter(
            Q(cite=cite, cite_role=CiteRole.CHEF_DE_FILE) | Q(pk=cite.lead_college_id)
        ).order_by("name")
    )
    findings = []
    if not counts["qpvs"]:
        findings.append(
            _warning(
                f"La Cité {cite} ne couvre aucun quartier prioritaire (QPV) : le périmètre de "
                "la convention (art. 2) en nomme au moins un.",
                qpvs=0,
            )
        )
    college = next((e for e in leads if e.pk == cite.lead_college_id), None)
    if college is None:
        findings.append(
            _warning(
                f"La Cité {cite} n'a pas de collège chef de file désigné (convention, art. 2).",
            )
        )
    else:
        problem = cite.lead_college_problem(college)
        if problem:
            findings.append(_warning(f"Collège chef de file : {problem}", lead=str(college)))
        elif college.cite_role != CiteRole.CHEF_DE_FILE:
            findings.append(
                _warning(
                    f"{college} est désigné chef de file mais son rôle dans la Cité est "
                    f"« {college.get_cite_role_display()} ».",
                    lead=str(college),
                )
            )
    others = [str(e) for e in leads if e.pk != cite.lead_college_id]
    if others:
        findings.append(
            _warning(
                "Un seul collège est chef de file ; ont pourtant ce rôle sans être désignés "
                f"comme tel pour la Cité : {', '.join(others)}.",
                others=others,
            )
        )
    return findings
