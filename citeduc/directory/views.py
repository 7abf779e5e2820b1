import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from citeduc.common.forms_page import render_form_page, saved
from citeduc.common.languages import translated
from citeduc.common.page_cache import kept_for_visitors
from citeduc.common.pagination import paginate_keys
from citeduc.common.text import count_of
from citeduc.directory import access, curation, freshness, geocoding, places, referentials
from citeduc.directory.coverage import coverage_of
from citeduc.directory.enums import ServiceStatus
from citeduc.directory.forms import MergeForm, OrganisationForm, ServiceForm, ServiceSearchForm
from citeduc.directory.guide import incomplete, render_guide_pdf
from citeduc.directory.models import (
    Claim,
    ClaimStatus,
    Organisation,
    Scheme,
    Service,
    ServiceQuerySet,
    map_points,
)
from citeduc.territory.access import can_read_private, cite_reader, get_cite_for_user
from citeduc.territory.models import CiteEducative, Qpv

PAGE_SIZE = 20
# A map of the whole country's 50 000 services is unreadable and weighs megabytes: the map asks
# for the places of the area on screen, and past this many services it shows the places of the
# first ones and says so.
MAP_LIMIT = 500


@translated
@kept_for_visitors
def directory_search(request: HttpRequest) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    services = form.filter(Service.objects.published())
    if form.origin is None:
        # Words searched: the best matches first (PostgreSQL ranks them; SQLite by name).
        ranked = "rank" in services.query.annotations
        services = services.order_by(*(["-rank"] if ranked else []), "name", "pk")
    page, query = paginate_keys(request, services, PAGE_SIZE, _listed)
    origin = form.origin
    return render(
        request,
        "directory/service_search.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "guide_qpvs": _guide_qpvs(form),
            "map_data": {
                "tiles": settings.CITEDUC_MAP_TILES_URL,
                "attribution": settings.CITEDUC_MAP_ATTRIBUTION,
                "points_url": _points_url(request, origin),
                "origin": [origin.latitude, origin.longitude, origin.label] if origin else None,
            },
            "origin": origin,
        },
    )


def _listed(services: QuerySet[Service]) -> QuerySet[Service]:
    return ServiceQuerySet.for_listing(services)  # type: ignore[arg-type]


def _points_url(request: HttpRequest, origin: places.Origin | None) -> str:
    """The address of the map's places for this search: the same criteria, the page number
    left out, an address already found given as its position (never looked up twice; one not
    found is left out, as the list leaves it out)."""
    criteria = request.GET.copy()
    criteria.pop("page", None)
    criteria.pop("zone", None)
    if criteria.pop("near", None) and origin is not None:
        criteria["lat"], criteria["lon"] = str(origin.latitude), str(origin.longitude)
    encoded = criteria.urlencode()
    return reverse("directory:map_points") + (f"?{encoded}" if encoded else "")


@translated
@kept_for_visitors
def directory_map_points(request: HttpRequest) -> HttpResponse:
    """The places of the services found, for the map: those inside ``zone`` (the area on
    screen) when given, of ``MAP_LIMIT`` services at most (``truncated`` then says so); the
    nearest first when searched from a place, else in a fixed order. Two queries, whatever the
    number of services."""
    try:
        area = places.Area.parse(request.GET["zone"]) if "zone" in request.GET else None
    except places.BadArea as error:
        return JsonResponse({"erreur": str(error)}, status=400)
    form = ServiceSearchForm(request.GET or None)
    services = form.filter(Service.objects.published())
    if form.origin is None:
        services = services.order_by("pk")
    # Only services the map can place count towards the limit.
    services = services.within(area or places.EARTH)
    # The limit counts services, not rows: a service of five quarters is five rows of the join.
    ids = list(services.values_list("pk", flat=True)[: MAP_LIMIT + 1])
    rank = {pk: n for n, pk in enumerate(ids[:MAP_LIMIT])}
    points = map_points(Service.objects.filter(pk__in=list(rank)), area=area)
    points.sort(key=lambda point: rank[point["id"]])
    return JsonResponse({"points": points, "truncated": len(ids) > MAP_LIMIT})


def _guide_qpvs(form: ServiceSearchForm) -> QuerySet[Qpv] | None:
    """The quarters whose printable guide the page offers: those of the chosen Cité or quarter;
    every quarter while the instance serves one Cité; None (a prompt) on a national instance."""
    qpvs = Qpv.objects.filter(cites__isnull=False).distinct().order_by("name")
    chosen = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    if chosen.get("qpv"):
        return qpvs.filter(code=chosen["qpv"])
    if chosen.get("cite"):
        return qpvs.filter(cites__slug=chosen["cite"])
    return qpvs if CiteEducative.objects.count() <= 1 else None


@translated
@kept_for_visitors
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, pk)
    can_edit = access.can_edit_organisation(request.user, service.organisation)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "place": service.place(),
            "themes": list(service.themes.all()),
            "publics": list(service.publics.all()),
            "qpvs": list(service.qpvs.all()),
            "schemes": list(service.schemes.all()),
            "can_edit": can_edit,
            "can_read_private": can_read_private(request.user, service.organisation.cite),
            "gaps": service.publication_gaps() if can_edit else [],
            "mobilisation": [
                label
                for code, label in referentials.choices("ModeMobilisation")
                if code in service.mobilisation_modes
            ],
            "share_url": request.build_absolute_uri(service.get_absolute_url()),
        },
    )


def _service_form_page(
    request: HttpRequest, form: ServiceForm, service: Service, *, title: str, cancel_url: str
) -> HttpResponse:
    place = service.place() if service.pk else service.organisation
    if place.has_position:
        center = [place.latitude, place.longitude]
    else:
        qpv = Qpv.objects.filter(cites=service.organisation.cite_id, centroid_lat__isnull=False)
        first = qpv.order_by("name").first()
        center = [first.centroid_lat, first.centroid_lon] if first else [46.6, 2.4]
    return render(
        request,
        "directory/service_form.html",
        {
            "form": form,
            "page_title": title,
            "intro": "Une famille doit pouvoir joindre le service, savoir où et quand il "
            "accueille, pour qui et à quelles conditions : c'est ce que demande la publication.",
            "submit_label": "Enregistrer",
            "cancel_url": cancel_url,
            "geocoder": geocoding.enabled(),
            "pin_map": {
                "tiles": settings.CITEDUC_MAP_TILES_URL,
                "attribution": settings.CITEDUC_MAP_ATTRIBUTION,
                "center": center,
                "zoom": 16 if place.has_position else 13,
            },
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _save_service(request: HttpRequest, form: ServiceForm) -> Service:
    service = form.save(commit=False)
    service.updated_on = timezone.localdate()
    service.save()
    service.set_vocabulary(list(form.cleaned_data["themes"]), list(form.cleaned_data["publics"]))
    service.qpvs.set(form.cleaned_data["qpvs"])
    if form.geocoded == "unavailable":
        messages.warning(
            request,
            "Le service de géolocalisation n'a pas répondu : le service est enregistré sans "
            "position. Placez-le sur la carte, ou enregistrez-le de nouveau plus tard.",
        )
    elif form.geocoded == "off" and not service.has_position:
        messages.info(
            request,
            "Le service n'a pas encore de position : placez-le d'un clic sur la carte de sa "
            "fiche de modification, pour qu'il apparaisse au bon endroit et dans la recherche "
            "par distance.",
        )
    return service


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, pk, edit=True)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        service = _save_service(request, form)
        return saved(request, "Le service est enregistré.", service.get_absolute_url())
    return _service_form_page(
        request,
        form,
        service,
        title=f"Modifier le service « {service.name} »",
        cancel_url=service.get_absolute_url(),
    )


@login_required
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new service of a structure, a draft until its editor publishes it."""
    organisation = access.get_organisation_for_user(request.user, pk)
    source = f"citeduc-{organisation.cite.slug}"
    service = Service(
        organisation=organisation,
        source=source,
        status=ServiceStatus.DRAFT,
        address=organisation.address,
        postal_code=organisation.postal_code,
        commune=organisation.commune,
        phone=organisation.phone,
        email=organisation.email,
        schedule=organisation.opening_hours,
    )
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        service = form.save(commit=False)
        service.external_id = f"{source}--{organisation.pk}--{uuid.uuid4().hex[:12]}"
        form.instance = service
        service = _save_service(request, form)
        return saved(
            request,
            "Le service est enregistré comme brouillon : publiez-le depuis sa fiche quand il "
            "est complet.",
            service.get_absolute_url(),
        )
    return _service_form_page(
        request,
        form,
        service,
        title=f"Nouveau service de « {organisation.name} »",
        cancel_url=reverse("directory:my_structures"),
    )


@login_required
@require_POST
def service_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor publishes a complete service, or takes it back to a draft."""
    service = access.get_service_for_user(request.user, pk, edit=True)
    if request.POST.get("publish") == "0":
        service.status = ServiceStatus.DRAFT
        service.save(update_fields=["status"])
        messages.success(request, f"« {service.name} » n'est plus publié : il est en brouillon.")
        return redirect(service.get_absolute_url())
    gaps = service.publication_gaps()
    if gaps:
        messages.error(
            request,
            "Le service ne peut pas être publié : il lui manque " + " ; ".join(gaps) + ".",
        )
    elif service.status != ServiceStatus.CLOSED:
        service.status = ServiceStatus.PUBLISHED
        service.updated_on = timezone.localdate()
        service.save(update_fields=["status", "updated_on"])
        messages.success(request, f"« {service.name} » est publié dans l'annuaire.")
    return redirect(service.get_absolute_url())


@login_required
@require_POST
def service_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor says the service's card is still true: its date moves to today."""
    service = access.get_service_for_user(request.user, pk, edit=True)
    freshness.confirm(service)
    messages.success(request, f"Merci : « {service.name} » est confirmé à jour.")
    return redirect(service.get_absolute_url())


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk)
    # Its members come back to their structures, the coordination to the Cité's directory.
    back = (
        reverse("directory:manage", args=[organisation.cite.slug])
        if access.can_curate(request.user, organisation.cite)
        else reverse("directory:my_structures")
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        organisation.updated_on = timezone.localdate()
        organisation.save()
        return saved(request, "La structure est enregistrée.", back)
    return render_form_page(
        request,
        form,
        title=f"Modifier la structure « {organisation.name} »",
        cancel_url=back,
    )


@login_required
@cite_reader
def manage(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    """The coordination's list of the Cité's organisations and services, stale ones first."""
    organisations = (
        Organisation.objects.filter(cite=cite)
        .select_related("merged_into")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("updated_on", "name"))
        )
        .order_by("name")
    )
    return render(
        request,
        "directory/manage.html",
        {
            "cite": cite,
            "organisations": organisations,
            "can_curate": access.can_curate(request.user, cite),
            "editable": access.editable_organisations(request.user, cite),
            "statuses": ServiceStatus.choices,
            "incomplete": incomplete(Service.objects.filter(organisation__cite=cite))
            .select_related("organisation")
            .order_by("name"),
            "pending_claims": Claim.objects.filter(cite=cite, status=ClaimStatus.PENDING).count(),
        },
    )


@login_required
@require_POST
def service_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service_for_user(request.user, pk, edit=True)
    cite = service.organisation.cite
    if not access.can_curate(request.user, cite):
        raise Http404("Service introuvable.")
    status = request.POST.get("status", "")
    if status not in ServiceStatus.values:
        messages.error(request, "Statut inconnu.")
    elif status == ServiceStatus.PUBLISHED and service.publication_gaps():
        messages.error(
            request,
            f"« {service.name} » ne peut pas être publié : il lui manque "
            + " ; ".join(service.publication_gaps())
            + ".",
        )
    else:
        curation.set_status(service, ServiceStatus(status))
        messages.success(request, f"« {service.name} » : {service.get_status_display().lower()}.")
    return redirect(reverse("directory:manage", args=[cite.slug]))


@login_required
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    duplicate = access.get_organisation_for_user(request.user, pk)
    if not access.can_curate(request.user, duplicate.cite):
        raise Http404("Structure introuvable.")
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        kept = form.cleaned_data["kept"]
        moved = curation.merge_organisations(duplicate, kept)
        return saved(
            request,
            f"« {duplicate.name} » est fusionnée dans « {kept.name} » "
            f"({count_of(moved, 'service déplacé', 'services déplacés')}).",
            reverse("directory:manage", args=[duplicate.cite.slug]),
        )
    return render_form_page(
        request,
        form,
        title=f"Fusionner « {duplicate.name} », doublon d'une autre structure",
        intro="Ses services et ses dispositifs passent à la structure conservée ; "
        "le doublon reste dans l'historique, marqué fusionné.",
        submit_label="Fusionner",
        cancel_url=reverse("directory:manage", args=[duplicate.cite.slug]),
    )


@login_required
@cite_reader
def coverage(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    return render(request, "directory/coverage.html", {"cite": cite, "coverage": coverage_of(cite)})


def qpv_guide(request: HttpRequest, code: str) -> HttpResponse:
    qpv = get_object_or_404(Qpv.objects.filter(cites__isnull=False).distinct(), code=code)
    response = HttpResponse(render_guide_pdf(qpv), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-familles-{qpv.code}.pdf"'
    return response


@kept_for_visitors
def scheme_list(request: HttpRequest, slug: str) -> HttpResponse:
    cite = get_cite_for_user(request.user, slug)
    schemes = (
        Scheme.objects.filter(cite=cite)
        .prefetch_related(
            "porteurs",
            "qpvs",
            Prefetch("services", queryset=Service.objects.published().order_by("name")),
        )
        .order_by("name")
    )
    return render(request, "directory/scheme_list.html", {"cite": cite, "schemes": schemes})
