"""The pages of structures that join by themselves: a person's structures and claims, claiming
or declaring a structure, its members; the coordination's list of claims and its decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from citeduc.accounts.models import User
from citeduc.accounts.views import invite as send_invitation
from citeduc.common.forms_page import render_form_page, saved
from citeduc.directory import access, structures
from citeduc.directory.forms import (
    ClaimMessageForm,
    DeclareForm,
    InviteForm,
    RefuseForm,
    StructureSearchForm,
)
from citeduc.directory.models import Claim, ClaimStatus, Organisation, Service
from citeduc.directory.structures import ClaimRefused
from citeduc.territory.access import cite_manager
from citeduc.territory.models import CiteEducative


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def my_structures(request: HttpRequest) -> HttpResponse:
    """The structures a person answers for, their services, and the state of their claims."""
    user = _user(request)
    organisations = (
        Organisation.objects.active()
        .filter(editors=user)
        .select_related("cite")
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name")))
        .annotate(is_admin=Count("administrators", filter=Q(administrators=user)))
        .order_by("name")
    )
    claims = Claim.objects.filter(user=user).select_related("cite", "organisation")
    return render(
        request,
        "directory/my_structures.html",
        {"organisations": organisations, "claims": claims},
    )


@login_required
def claim_search(request: HttpRequest) -> HttpResponse:
    """Find a structure of the directory and ask to manage it."""
    user = _user(request)
    if request.method == "POST":
        form = ClaimMessageForm(request.POST)
        if form.is_valid():
            organisation = get_object_or_404(
                Organisation.objects.select_related("cite"), pk=form.cleaned_data["organisation"]
            )
            try:
                structures.claim_existing(user, organisation, form.cleaned_data["message"])
            except ClaimRefused as refused:
                messages.error(request, str(refused))
                return redirect(f"{reverse('directory:claim_search')}?q={organisation.name}")
            return saved(
                request,
                f"Votre demande pour « {organisation.name} » est envoyée à la coordination de la "
                f"{organisation.cite.name}. Vous serez prévenu(e) de sa réponse.",
                reverse("directory:my_structures"),
            )
        messages.error(request, "Choisissez une structure dans la liste.")
    search = StructureSearchForm(request.GET or None)
    found = structures.find_organisations(search.cleaned_data["q"]) if search.is_valid() else []
    return render(
        request,
        "directory/claim_search.html",
        {"search": search, "found": found, "message_form": ClaimMessageForm()},
        status=400 if search.is_bound and search.errors else 200,
    )


@login_required
def declare(request: HttpRequest) -> HttpResponse:
    """Declare a structure the directory does not know yet."""
    user = _user(request)
    cites = CiteEducative.objects.order_by("name")
    form = DeclareForm(
        request.POST or None, initial={"cite": cites.first()} if cites.count() == 1 else {}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            structures.declare_new(
                user,
                data["cite"],
                name=data["name"],
                kind=data["kind"],
                commune=data["commune"],
                siret=data.get("siret") or "",
                rna=data.get("rna") or "",
                message=data["message"],
            )
        except ClaimRefused as refused:
            form.add_error(None, str(refused))
        else:
            return saved(
                request,
                f"« {data['name']} » est déclarée : la coordination de la {data['cite'].name} "
                "va examiner votre demande. Vous serez prévenu(e) de sa réponse.",
                reverse("directory:my_structures"),
            )
    return render_form_page(
        request,
        form,
        title="Déclarer une nouvelle structure",
        intro="Votre structure n'est pas dans l'annuaire ? Déclarez-la : la coordination de la "
        "Cité l'ajoutera et vous en confiera la gestion.",
        submit_label="Envoyer la déclaration",
        cancel_url=reverse("directory:my_structures"),
    )


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """The members of a structure; its administrators (and the coordination) invite here."""
    organisation = access.get_administered_organisation(request.user, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, new = structures.invite(
                organisation,
                form.cleaned_data["email"],
                form.cleaned_data["full_name"],
                by=_user(request),
            )
        except ClaimRefused as refused:
            form.add_error("email", str(refused))
        else:
            if new:
                send_invitation(request, person.email, organisation.cite.name)
            text = f"{person.email} est membre de « {organisation.name} »."
            if new:
                text += " Un e-mail l'invite à choisir son mot de passe."
            return saved(request, text, reverse("directory:members", args=[pk]))
    admins = set(organisation.administrators.values_list("pk", flat=True))
    return render(
        request,
        "directory/members.html",
        {
            "organisation": organisation,
            "people": organisation.editors.order_by("full_name", "email"),
            "admins": admins,
            "form": form,
            "me": request.user.pk,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    organisation = access.get_administered_organisation(request.user, pk)
    person = get_object_or_404(organisation.editors.all(), pk=user_pk)
    try:
        structures.remove(organisation, person)
    except ClaimRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{person} n'est plus membre de « {organisation.name} ».")
    if person.pk == request.user.pk:
        return redirect("directory:my_structures")
    return redirect("directory:members", pk=pk)


@login_required
@require_POST
def member_admin(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Make a member administrator; "céder" hands the administration over and steps down."""
    organisation = access.get_administered_organisation(request.user, pk)
    person = get_object_or_404(User, pk=user_pk)
    leaving = _user(request) if request.POST.get("ceder") == "1" else None
    try:
        structures.hand_over(organisation, person, leaving=leaving)
    except ClaimRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"{person} administre « {organisation.name} »"
            + (" ; vous n'en êtes plus administrateur." if leaving else "."),
        )
    return redirect("directory:members", pk=pk)


@login_required
@cite_manager
def claim_list(request: HttpRequest, cite: CiteEducative) -> HttpResponse:
    claims = Claim.objects.filter(cite=cite).select_related(
        "user", "organisation", "commune", "decided_by"
    )
    return render(
        request,
        "directory/claim_list.html",
        {
            "cite": cite,
            "pending": [c for c in claims if c.status == ClaimStatus.PENDING],
            "decided": [c for c in claims if c.status != ClaimStatus.PENDING][:50],
            "organisations": Organisation.objects.active().filter(cite=cite).order_by("name"),
        },
    )


@login_required
@cite_manager
def claim_decide(request: HttpRequest, cite: CiteEducative, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("user", "organisation", "commune"), cite=cite, pk=pk
    )
    # Anything posted but an acceptance is a refusal, whose reason is kept on error.
    refusing = request.method == "POST" and request.POST.get("decision") != "accept"
    refuse_form = RefuseForm(request.POST if refusing else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                organisation = structures.accept(claim, _user(request))
                return saved(
                    request,
                    f"Demande acceptée : {claim.user} gère « {organisation.name} ».",
                    reverse("directory:claim_list", args=[cite.slug]),
                )
            if refuse_form.is_valid():
                structures.refuse(claim, _user(request), refuse_form.cleaned_data["reason"])
                return saved(
                    request,
                    f"Demande refusée ; {claim.user} en reçoit le motif.",
                    reverse("directory:claim_list", args=[cite.slug]),
                )
        except ClaimRefused as refused:
            messages.error(request, str(refused))
            return redirect("directory:claim_list", slug=cite.slug)
    similar = structures.similar_organisations(claim) if claim.is_new else []
    return render(
        request,
        "directory/claim_decide.html",
        {"cite": cite, "claim": claim, "refuse_form": refuse_form, "similar": similar},
        status=400 if refuse_form.is_bound and refuse_form.errors else 200,
    )
