"""The review pages: the list of a Cité's reviews, one review (its figures, narrative,
validations and the changes of the last freeze), its report in three formats, the narrative
forms, Article 9's checklist, and the national list with the questionnaire export."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from citeduc.accounts.models import User
from citeduc.common import signals
from citeduc.common.downloads import attachment
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.text import count_of
from citeduc.common.uploads import serve
from citeduc.funding.access import is_partner
from citeduc.funding.decide import record_delegation_piece
from citeduc.indicators.access import sees_exact
from citeduc.reviews import operations, report
from citeduc.reviews.checklist import FIELD_OF, checklist
from citeduc.reviews.enums import ChecklistItem, ReviewPart, ReviewStatus
from citeduc.reviews.forms import ChecklistPieceForm, ReviewAnswerForm, ReviewMeetingForm
from citeduc.reviews.models import AnnualReview, ChecklistPiece, ReviewLocked
from citeduc.reviews.reading import diff
from citeduc.territory.access import (
    can_manage,
    cite_manager,
    cite_reader,
    get_cite_for_user,
    require_manager,
)
from citeduc.territory.models import CiteEducative


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _label_year(cite: CiteEducative, year: int) -> int:
    if year not in cite.label_years():
        raise Http404("Année hors du label de la Cité.")
    return year


def _review(request: HttpRequest, slug: str, year: int) -> AnnualReview:
    cite = get_cite_for_user(request.user, slug, private=True)
    return get_object_or_404(AnnualReview.objects.select_related("cite"), cite=cite, year=year)


@login_required
@cite_reader
def review_list(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    reviews = {r.year: r for r in AnnualReview.objects.filter(cite=cite)}
    return render(
        request,
        "reviews/review_list.html",
        {
            "cite": cite,
            "years": [(year, reviews.get(year)) for year in cite.label_years()],
            "can_manage": can_manage(request.user, cite),
            "can_read_review": is_partner(request.user, cite),
        },
    )


@login_required
@require_POST
@cite_manager
def review_open(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    try:
        review = operations.open_review(cite, year)
    except operations.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:review_list", cite.slug)
    return saved(request, f"Revue de projet {year} ouverte.", review.get_absolute_url())


@login_required
@cite_reader
def review(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    _require_partner(request, cite)
    _label_year(cite, year)
    found = (
        AnnualReview.objects.filter(cite=cite, year=year)
        .select_related("cite", "meeting", "transmitted_by")
        .first()
    )
    context: dict[str, object] = {
        "cite": cite,
        "year": year,
        "review": found,
        "can_manage": can_manage(request.user, cite),
    }
    if found:
        snapshots = list(found.snapshots.order_by("-number")[:2])
        if snapshots:
            context["report"] = report.build(
                found, snapshots[0], exact=sees_exact(request.user, cite)
            )
        if len(snapshots) == 2:
            context["changes"] = diff(snapshots[1].data, snapshots[0].data)
        roles = operations.pilot_roles_of(_user(request), found)
        done = {v.role for v in found.validations.all()}
        context["can_validate"] = bool(snapshots) and bool(roles - done) and not found.is_locked
        context["pending_roles"] = [
            label for value, label in operations.PILOT_LABELS if value not in done
        ]
        context["answers"] = list(found.answers.order_by("pk"))
    return render(request, "reviews/review.html", context)


def _action(request: HttpRequest, slug: str, year: int) -> AnnualReview:
    found = _review(request, slug, year)
    require_manager(request.user, found.cite)
    return found


@login_required
@require_POST
def review_freeze(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    found = _action(request, slug, year)
    try:
        taken, changes = operations.freeze(found, _user(request))
    except ReviewLocked as error:
        messages.error(request, str(error))
        return redirect(found)
    user = _user(request)
    transaction.on_commit(
        lambda: signals.review_frozen.send(sender=AnnualReview, review=found, user=user)
    )
    text = f"Chiffres figés (n° {taken.number})."
    if taken.number > 1 and not changes:
        text += " Aucun changement depuis les précédents."
    elif taken.number > 1:
        text += (
            f" {count_of(len(changes), 'changement', 'changements')} depuis les précédents, "
            "listés ci-dessous."
        )
    return saved(request, text, found.get_absolute_url())


@login_required
@require_POST
def review_validate(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    found = _review(request, slug, year)
    if not operations.pilot_roles_of(_user(request), found):
        # Readers of the review (members, national coordination) do not validate it.
        raise Http404("Seuls les trois pilotes de la Cité valident sa revue.")
    try:
        added = operations.validate(found, _user(request))
    except (operations.ReviewError, ReviewLocked) as error:
        messages.error(request, str(error))
        return redirect(found)
    found.refresh_from_db()
    roles = ", ".join(v.get_role_display() for v in added)
    text = f"Validation enregistrée ({roles})."
    if found.status == ReviewStatus.VALIDATED:
        text += " Les trois pilotes ont validé : la revue ne peut plus être modifiée."
    return saved(request, text, found.get_absolute_url())


@login_required
@require_POST
def review_transmit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    found = _action(request, slug, year)
    try:
        operations.transmit(found, _user(request))
    except operations.ReviewError as error:
        messages.error(request, str(error))
        return redirect(found)
    return saved(
        request,
        f"Revue {year} transmise à la coordination nationale ; la liste de l'article 9 pour "
        f"{year + 1} en tient compte.",
        found.get_absolute_url(),
    )


def _editable(request: HttpRequest, slug: str, year: int) -> AnnualReview | HttpResponse:
    found = _action(request, slug, year)
    if found.is_locked:
        messages.error(request, str(ReviewLocked(found)))
        return redirect(found)
    return found


@login_required
def review_meeting(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    found = _editable(request, slug, year)
    if isinstance(found, HttpResponse):
        return found
    form = ReviewMeetingForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            operations.withdraw_validations(found)
        return saved(
            request, "Réunion et dynamique du projet enregistrées.", found.get_absolute_url()
        )
    return render_form_page(
        request,
        form,
        title=f"Réunion de revue et dynamique du projet — {year}",
        cancel_url=found.get_absolute_url(),
        intro=(
            "Article 14 : la revue fait un point d'étape sur les modalités de coopération et sur "
            "la logique de parcours éducatif. Les validations déjà données sont retirées si le "
            "texte change."
        ),
    )


@login_required
def review_answer(request: HttpRequest, slug: str, year: int, part: str) -> HttpResponse:
    found = _editable(request, slug, year)
    if isinstance(found, HttpResponse):
        return found
    if part not in ReviewPart.values:
        raise Http404("Partie inconnue du questionnaire.")
    answer = found.answers.filter(part=part).first() or found.answers.model(review=found, part=part)
    form = ReviewAnswerForm(request.POST or None, instance=answer)
    label = ReviewPart(part).label
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            operations.withdraw_validations(found)
        return saved(request, f"Partie « {label} » enregistrée.", found.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"{label} — revue de projet {year}",
        cancel_url=found.get_absolute_url(),
        intro="Une partie du questionnaire national de la revue de projet.",
    )


def _require_partner(request: HttpRequest, cite: CiteEducative) -> None:
    """The review holds the programmation's amounts per action: like the programmation, it is
    read by the partners (and the national level), not by the porteurs."""
    if not is_partner(request.user, cite):
        raise Http404("La revue de projet est lue par les partenaires de la Cité.")


def report_for(request: HttpRequest, slug: str, year: int) -> report.Report:
    """The review's report as this reader may read it (404 to others)."""
    found = _review(request, slug, year)
    _require_partner(request, found.cite)
    taken = operations.latest(found)
    if taken is None:
        raise Http404("Aucun chiffre figé pour cette revue.")
    return report.build(found, taken, exact=sees_exact(request.user, found.cite))


def file_name(r: report.Report, suffix: str) -> str:
    return f"revue-de-projet-{r.review.cite.slug}-{r.review.year}.{suffix}"


@login_required
def review_html(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    r = report_for(request, slug, year)
    return attachment(report.html_document(r), "text/html; charset=utf-8", file_name(r, "html"))


@login_required
@cite_reader
def delegation(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    _label_year(cite, year)
    return render(
        request,
        "reviews/checklist.html",
        {
            "cite": cite,
            "can_read_review": is_partner(request.user, cite),
            "year": year,
            "checklist": checklist(cite, year),
            "years": cite.label_years(),
            "can_manage": can_manage(request.user, cite),
        },
    )


@login_required
@cite_manager
def piece_add(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    _label_year(cite, year)
    back = reverse("reviews:delegation", args=[cite.slug, year])
    form = ChecklistPieceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        item = ChecklistItem(form.cleaned_data["item"])
        ChecklistPiece.objects.create(
            cite=cite,
            year=year,
            item=item,
            sent_on=form.cleaned_data["sent_on"],
            file=upload,
            original_name=(upload.name or "document")[:200],
            content_type=form.file_type.content_type,
            size=upload.size or 0,
            uploaded_by=_user(request),
        )
        record_delegation_piece(cite, year, FIELD_OF[item], form.cleaned_data["sent_on"])
        return saved(request, f"Pièce « {item.label} » enregistrée.", back)
    return render_form_page(
        request,
        form,
        title=f"Pièce transmise pour les crédits {year}",
        cancel_url=back,
        intro=(
            "Article 9 : la délégation des crédits P147 suit la transmission de ces pièces "
            "à l'ANCT."
        ),
        submit_label="Déposer",
    )


@login_required
@cite_reader
def piece_download(request: HttpRequest, cite: CiteEducative, year: int, pk: int) -> FileResponse:
    piece = get_object_or_404(ChecklistPiece, cite=cite, year=year, pk=pk)
    return serve(piece.file, piece.original_name, piece.content_type)
