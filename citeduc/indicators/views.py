"""Pages of the evaluation: the indicators (public, counts masked), measurement entry, the
evaluation protocol (page, PDF, DOCX) and the Cité dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from citeduc.accounts.models import User
from citeduc.action_plan.enums import ActionStatus
from citeduc.action_plan.models import Objective
from citeduc.common.downloads import DOCX, attachment
from citeduc.common.enums import AgeBand
from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.money import format_euros
from citeduc.common.page_cache import kept_for_visitors
from citeduc.common.pdf import render_pdf
from citeduc.common.text import count_of, is_digits
from citeduc.indicators import access, exports, secrecy
from citeduc.indicators.charts import BarChart
from citeduc.indicators.collect import save_grid
from citeduc.indicators.dashboard import Filters, kept_dashboard, mask_lines
from citeduc.indicators.derive import derive_measurements
from citeduc.indicators.enums import Sex, Unit
from citeduc.indicators.figures import (
    by_period,
    format_value,
    measurements_by_indicator,
)
from citeduc.indicators.forms import (
    IndicatorForm,
    MeasurementGridForm,
    ObjectiveEvaluationForm,
    ProtocolForm,
)
from citeduc.indicators.install import install_catalogue
from citeduc.indicators.masking import mask_value
from citeduc.indicators.models import (
    EvaluationProtocol,
    Indicator,
    Measurement,
    ObjectiveEvaluation,
)
from citeduc.indicators.protocol import build_protocol, prefill_from_plan
from citeduc.territory.access import (
    can_manage,
    cite_manager,
    cite_reader,
    get_cite_for_user,
    get_managed_cite,
    require_manager,
)
from citeduc.territory.models import CiteEducative


@kept_for_visitors
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug)
    exact = access.sees_exact(request.user, cite)
    measurements = measurements_by_indicator(cite)
    indicators = list(access.visible_indicators(cite, exact=exact).order_by("code"))
    latest = {
        i.pk: measurements[i.pk][-1] for i in indicators if measurements[i.pk]
    }  # measurements come oldest period first
    values = iter(
        secrecy.figure_texts(
            [
                (i, m.year, secrecy.period_key(cite.pk, m.period))
                for i in indicators
                if (m := latest.get(i.pk))
            ],
            known=secrecy.viewer_known(request.user, *([cite.pk] if exact else [])),
        )
    )
    rows = [
        {
            "indicator": indicator,
            "period": latest[indicator.pk].period if indicator.pk in latest else "",
            "value": next(values) if indicator.pk in latest else "—",
            "target": format_value(indicator, indicator.target_value)
            if indicator.target_value is not None
            else "",
        }
        for indicator in indicators
    ]
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "cite": cite,
            "rows": rows,
            "exact": exact,
            "can_manage": can_manage(request.user, cite),
            "threshold": mask_value(0).limit,
        },
    )


@kept_for_visitors
def indicator_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    indicator = access.get_indicator_for_user(request.user, slug, pk)
    cite = indicator.cite
    exact = access.sees_exact(request.user, cite)
    measurements = list(
        Measurement.objects.filter(indicator=indicator).select_related("qpv").order_by("period")
    )
    periods = by_period(indicator, measurements)
    year_of = {m.period: m.year for m in measurements}
    known = secrecy.viewer_known(request.user, *([cite.pk] if exact else []))
    years = sorted(set(year_of.values()))
    families = secrecy.families_of(indicator, years, known=known)
    labels = {q.pk: q.name for q in cite.qpvs.order_by("name")}
    tables: list[dict[str, object]] = []
    series = []
    for period, _agg in periods:
        family = families[(indicator.code, year_of[period])]
        series.append((period, family.text(secrecy.period_key(cite.pk, period))))
        if indicator.unit == Unit.COUNT:
            table: dict[str, object] = {
                "grid": secrecy.family_grid(family, cite.pk, period, labels)
            }
        else:
            table = {
                "lines": [
                    (name, family.text(secrecy.qpv_key(cite.pk, period, q, secrecy.TOTAL)))
                    for q, name in [*labels.items(), (secrecy.NO_QPV, "Ensemble ou hors QPV")]
                    if family.has(secrecy.qpv_key(cite.pk, period, q, secrecy.TOTAL))
                ]
            }
        tables.insert(0, {"period": period, **table})
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "cite": cite,
            "indicator": indicator,
            "series": series,
            "tables": tables,
            "exact": exact,
            "can_manage": can_manage(request.user, cite),
            "can_report": access.can_report(request.user, indicator),
            "objectives": indicator.objectives.select_related("axis"),
            "is_demo": any(m.is_demo for m in measurements),
            "threshold": mask_value(0).limit,
        },
    )


def _indicator_for_manager(request: HttpRequest, slug: str, pk: int) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("cite"), cite__slug=slug, pk=pk)
    require_manager(request.user, indicator.cite)
    return indicator


@login_required
def indicator_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    if pk is None:
        cite = get_managed_cite(request.user, slug)
        indicator = Indicator(cite=cite)
    else:
        indicator = _indicator_for_manager(request, slug, pk)
        cite = indicator.cite
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        return saved(
            request, f"Indicateur {indicator.code} enregistré.", indicator.get_absolute_url()
        )
    return render_form_page(
        request,
        form,
        title=f"Modifier l'indicateur {indicator.code}" if pk else "Nouvel indicateur",
        cancel_url=reverse("indicators:indicator_list", args=[cite.slug]),
    )


@login_required
def measurement_entry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("cite"), cite__slug=slug, pk=pk)
    if not access.can_report(request.user, indicator):
        raise Http404("Saisie réservée à la coordination et aux porteurs désignés.")
    today = timezone.localdate()
    period = request.GET.get("periode") or str(today.year - 1)
    form = MeasurementGridForm(
        request.POST or None,
        indicator=indicator,
        qpvs=list(indicator.cite.qpvs.order_by("name")),
        period=request.POST.get("period", period) if request.method == "POST" else period,
    )
    if request.method == "POST" and form.is_valid():
        by = request.user if isinstance(request.user, User) else None
        written = save_grid(indicator, form.entries, by=by)
        return saved(
            request,
            f"{count_of(written, 'mesure enregistrée', 'mesures enregistrées')} pour "
            f"{form.cleaned_data['period']}.",
            indicator.get_absolute_url(),
        )
    return render_form_page(
        request,
        form,
        title=f"Saisir les mesures — {indicator.name}",
        intro=(
            f"{indicator.get_unit_display()}. Effectifs agrégés uniquement (aucune donnée sur un "
            "enfant nommé). Une case laissée vide n'a pas de mesure ; vider une case efface la "
            "mesure saisie."
        ),
        cancel_url=indicator.get_absolute_url(),
    )


@login_required
@require_POST
@cite_manager
def catalogue_install(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    indicators = install_catalogue(cite)
    return saved(
        request,
        f"Catalogue : {len(indicators)} indicateurs présents dans la Cité.",
        reverse("indicators:indicator_list", args=[cite.slug]),
    )


@login_required
@require_POST
@cite_manager
def derive(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    if year not in cite.label_years():
        raise Http404("Année hors de la période du label.")
    written = derive_measurements(cite, year)
    return saved(
        request,
        f"{count_of(written, 'mesure recalculée', 'mesures recalculées')} à partir des "
        f"données de citeduc pour {year}.",
        reverse("indicators:dashboard", args=[cite.slug, year]),
    )


@login_required
@cite_reader
def protocol(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    return render(
        request,
        "indicators/protocol.html",
        {
            "cite": cite,
            "protocol": build_protocol(cite),
            "can_manage": can_manage(request.user, cite),
        },
    )


@login_required
@cite_reader
def protocol_pdf(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    pdf = render_pdf(
        "indicators/protocol_pdf.html",
        {"cite": cite, "protocol": build_protocol(cite), "today": timezone.localdate()},
    )
    return attachment(pdf, "application/pdf", f"protocole-evaluation-{slugify(cite.slug)}.pdf")


@login_required
@cite_reader
def protocol_docx(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    content = exports.protocol_docx(build_protocol(cite))
    return attachment(content, DOCX, f"protocole-evaluation-{slugify(cite.slug)}.docx")


@login_required
@cite_manager
def protocol_edit(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    instance, _ = EvaluationProtocol.objects.get_or_create(cite=cite)
    form = ProtocolForm(request.POST or None, instance=instance)
    url = reverse("indicators:protocol", args=[cite.slug])
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, "Gouvernance de l'évaluation enregistrée.", url)
    return render_form_page(request, form, title="Gouvernance de l'évaluation", cancel_url=url)


@login_required
def objective_evaluation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("axis__cite"), axis__cite__slug=slug, pk=pk
    )
    cite = objective.axis.cite
    require_manager(request.user, cite)
    instance = ObjectiveEvaluation.objects.filter(objective=objective).first()
    form = ObjectiveEvaluationForm(
        request.POST or None, instance=instance or ObjectiveEvaluation(objective=objective)
    )
    url = reverse("indicators:protocol", args=[cite.slug]) + f"#objectif-{objective.number}"
    if request.method == "POST" and form.is_valid():
        form.save()
        return saved(request, f"Protocole de l'objectif {objective.number} enregistré.", url)
    return render_form_page(
        request,
        form,
        title=f"Protocole — objectif {objective.number} : {objective.title}",
        cancel_url=url,
    )


@login_required
@require_POST
@cite_manager
def protocol_prefill(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    filled = prefill_from_plan(cite)
    return saved(
        request,
        f"{count_of(filled, 'objectif complété', 'objectifs complétés')} à partir des "
        "actions du plan ; relisez-les.",
        reverse("indicators:protocol", args=[cite.slug]),
    )


@login_required
@cite_reader
def dashboard(request: HttpRequest, cite: CiteEducative, year: int) -> HttpResponse:
    if year not in cite.label_years():
        raise Http404("Année hors de la période du label.")
    qpv = cite.qpvs.filter(code=request.GET.get("qpv", "")).first()
    axis_number = request.GET.get("axe", "")
    axis = (
        cite.axes.filter(number=axis_number).first()
        if is_digits(axis_number) and len(axis_number) <= 4
        else None
    )
    filters = Filters(year, qpv, axis)
    board = kept_dashboard(cite, filters)
    exact = access.sees_exact(request.user, cite)
    mask_lines(
        board.indicators,
        filters,
        known=secrecy.viewer_known(request.user, *([cite.pk] if exact else [])),
    )
    return render(
        request,
        "indicators/dashboard.html",
        {
            "cite": cite,
            "year": year,
            "years": cite.label_years(),
            "board": board,
            "charts": _charts(board),
            "can_manage": can_manage(request.user, cite),
            "status_labels": ActionStatus.choices,
        },
    )


def _charts(board) -> dict[str, BarChart]:  # type: ignore[no-untyped-def]
    axes = board.axes
    actions = BarChart(
        "actions-axe",
        "Actions par axe",
        "Nombre d'actions de l'année par axe, toutes situations confondues.",
        ["Actions"],
        [
            (f"Axe {a.number}", [sum(board.actions_by_axis.get(a.number, {}).values())])
            for a in axes
        ],
    )
    money = BarChart(
        "credits-axe",
        "Crédits accordés par axe",
        "Somme des décisions de financement de l'année par axe, en euros.",
        ["Crédits"],
        [(f"Axe {a.number}", [board.money_by_axis.get(a.number, 0)]) for a in axes],
        [[format_euros(board.money_by_axis.get(a.number, 0))] for a in axes],
    )
    reach = BarChart(
        "public-age",
        "Enfants et jeunes touchés par tranche d'âge et par sexe",
        "Effectifs agrégés déclarés dans les comptes-rendus, filles et garçons.",
        [Sex.GIRLS.label, Sex.BOYS.label],
        [
            (AgeBand(band).label, [cells[Sex.GIRLS], cells[Sex.BOYS]])
            for band, cells in board.reach_by_band.items()
        ],
    )
    trend = BarChart(
        "tendance",
        "Évolution des actions sur la durée du label",
        "Actions programmées par année du label.",
        ["Actions"],
        [(str(year), [n]) for year, n, _money, _reached in board.trend],
    )
    return {"actions": actions, "money": money, "reach": reach, "trend": trend}
