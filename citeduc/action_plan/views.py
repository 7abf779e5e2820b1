from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify

from citeduc.action_plan import access, exports
from citeduc.action_plan.carry_over import carry_over
from citeduc.action_plan.coverage import plan_coverage
from citeduc.action_plan.forms import (
    ActionFilterForm,
    ActionForm,
    AxisForm,
    CarryOverForm,
    ObjectiveForm,
    PriorityForm,
)
from citeduc.action_plan.models import Action, Axis, Objective
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.pagination import paginate
from citeduc.common.text import count_of, is_digits
from citeduc.directory.models import Service
from citeduc.territory.access import get_cite_for_user


def plan_grid(request: HttpRequest, slug: str) -> HttpResponse:
    """Annex 1 made readable: axes, objectives and their concordances, then Annex 2's priorities."""
    cite = get_cite_for_user(request.user, slug)
    axes = (
        Axis.objects.filter(cite=cite)
        .prefetch_related(
            Prefetch(
                "objectives", queryset=Objective.objects.annotate(action_count=Count("actions"))
            ),
            "priorities",
        )
        .order_by("number")
    )
    return render(
        request,
        "action_plan/plan_grid.html",
        {"cite": cite, "axes": axes, "can_edit": access.can_edit_plan(request.user, cite)},
    )


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug)
    form = ActionFilterForm(request.GET or None, cite=cite)
    actions = form.filter(Action.objects.for_cite(cite)).order_by("year", "title", "pk")
    page, query = paginate(request, actions.for_listing(), 25)
    return render(
        request,
        "action_plan/action_list.html",
        {
            "cite": cite,
            "form": form,
            "page": page,
            "query": query,
            "can_edit": access.can_edit_plan(request.user, cite),
        },
    )


@login_required
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = access.get_action_for_user(request.user, slug, pk)
    return render(
        request,
        "action_plan/action_detail.html",
        {
            "cite": action.cite,
            "action": action,
            "objectives": action.objectives.select_related("axis"),
            "porteurs": action.porteurs.all(),
            "qpvs": action.qpvs.all(),
            "establishments": action.establishments.all(),
            "carried_to": action.carried_to.all(),
            "can_edit": access.can_edit_plan(request.user, action.cite),
        },
    )


@login_required
def qpv_plan(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug)
    qpv = get_object_or_404(cite.qpvs, code=code)
    actions = (
        Action.objects.filter(cite=cite, qpvs=qpv)
        .select_related("cite")
        .prefetch_related("objectives__axis", "porteurs")
        .order_by("year", "title", "pk")
    )
    services = (
        Service.objects.published().filter(qpvs=qpv).select_related("organisation").order_by("name")
    )
    return render(
        request,
        "action_plan/qpv_plan.html",
        {"cite": cite, "qpv": qpv, "actions": actions, "services": services},
    )


@login_required
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug)
    year_text = request.GET.get("annee", "")
    year = int(year_text) if is_digits(year_text) and len(year_text) <= 4 else None
    years = (
        Action.objects.filter(cite=cite).values_list("year", flat=True).distinct().order_by("year")
    )
    return render(
        request,
        "action_plan/coverage.html",
        {"cite": cite, "coverage": plan_coverage(cite, year), "year": year, "years": list(years)},
    )


@login_required
def action_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug, edit=True)
    action = access.get_action_for_user(request.user, slug, pk, edit=True) if pk else None
    form = ActionForm(request.POST or None, instance=action, cite=cite)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        return saved(request, "L'action est enregistrée.", action.get_absolute_url())
    return render_form_page(
        request,
        form,
        title=f"Modifier l'action « {action.title} »" if action else "Nouvelle action",
        cancel_url=action.get_absolute_url()
        if action
        else reverse("action_plan:action_list", args=[slug]),
    )


def _plan_object_edit(
    request: HttpRequest, slug: str, form: AxisForm | ObjectiveForm | PriorityForm, title: str
) -> HttpResponse:
    grid = reverse("action_plan:grid", args=[slug])
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, "Le plan est enregistré.", grid)
    return render_form_page(request, form, title=title, cancel_url=grid)


@login_required
def axis_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug, edit=True)
    axis = access.get_axis_for_user(request.user, slug, pk) if pk else Axis(cite=cite)
    form = AxisForm(request.POST or None, instance=axis)
    return _plan_object_edit(request, slug, form, "Modifier l'axe" if pk else "Nouvel axe")


@login_required
def objective_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug, edit=True)
    objective = access.get_objective_for_user(request.user, slug, pk) if pk else None
    form = ObjectiveForm(request.POST or None, instance=objective, cite=cite)
    return _plan_object_edit(
        request, slug, form, "Modifier l'objectif" if pk else "Nouvel objectif"
    )


@login_required
def priority_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug, edit=True)
    priority = access.get_priority_for_user(request.user, slug, pk) if pk else None
    form = PriorityForm(request.POST or None, instance=priority, cite=cite)
    return _plan_object_edit(
        request, slug, form, "Modifier la priorité" if pk else "Nouvelle priorité"
    )


@login_required
def carry_over_view(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug, edit=True)
    year_text = request.GET.get("annee", "")
    year = int(year_text) if is_digits(year_text) and len(year_text) <= 4 else cite.label_start.year
    form = CarryOverForm(request.POST or None, cite=cite, year=year)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target_year"]
        created = carry_over(list(form.cleaned_data["actions"]), target)
        return saved(
            request,
            f"{count_of(len(created), 'action reconduite', 'actions reconduites')} en pistes "
            f"pour {target}.",
            reverse("action_plan:action_list", args=[slug]) + f"?year={target}",
        )
    return render_form_page(
        request,
        form,
        title=f"Reconduire des actions de {year}",
        intro="Les actions choisies sont copiées en pistes, avec leurs objectifs, porteurs, "
        "quartiers et établissements. Une action déjà reconduite vers cette année ne l'est pas "
        "deux fois.",
        submit_label="Reconduire",
        cancel_url=reverse("action_plan:action_list", args=[slug]),
    )


@login_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug)
    response = HttpResponse(
        exports.plan_xlsx(cite),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{slugify(cite.slug)}.xlsx"'
    return response


@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    cite = access.get_plan_cite(request.user, slug)
    response = HttpResponse(exports.plan_csv(cite), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{slugify(cite.slug)}.csv"'
    return response
