import copy
from typing import Any

from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from citeduc.common import versions, widgets
from citeduc.common.fields import IdentifierField
from citeduc.directory import geocoding, places, referentials
from citeduc.directory.contact import HOURS_EXAMPLE, normalize_phone, validate_hours
from citeduc.directory.enums import OrganisationKind
from citeduc.directory.models import Organisation, Public, Service, ServiceQuerySet, Theme
from citeduc.directory.validators import validate_rna, validate_siret
from citeduc.territory.models import CiteEducative, Commune, Qpv

RADII = (1, 2, 5, 10, 20)


def _blank(label: Any, choices: list[tuple[str, str]]) -> list[tuple[Any, Any]]:
    return [("", label), *choices]


Choices = list[tuple[str, str]]


def _search_choices() -> tuple[Choices, Choices, Choices]:
    """The Cités, and the themes and publics some service has, offered by the search: the same
    for every reader, kept until the data change (three queries on every search otherwise)."""
    # EXISTS rather than a join made DISTINCT: 50 000 services at national scale.
    themes = Theme.objects.filter(
        Exists(Service.themes.through.objects.filter(theme=OuterRef("pk")))
    )
    publics = Public.objects.filter(
        Exists(Service.publics.through.objects.filter(public=OuterRef("pk")))
    )
    return (
        list(CiteEducative.objects.order_by("name").values_list("slug", "name")),
        list(themes.values_list("code", "label")),
        list(publics.values_list("code", "label")),
    )


class ServiceSearchForm(DsfrBaseForm):
    """The directory's filters; every field is optional and a wrong value is an error, not a 500."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    # Drawn in Python: 250 Cités on a national instance, on every search.
    cite = forms.ChoiceField(label=_("Cité éducative"), required=False, widget=widgets.Select)
    qpv = forms.ChoiceField(label=_("Quartier"), required=False, widget=widgets.Select)
    theme = forms.ChoiceField(label=_("Thématique"), required=False, widget=widgets.Select)
    age = forms.IntegerField(
        label=_("Âge de l'enfant ou du jeune (en années)"),
        required=False,
        min_value=0,
        max_value=99,
    )
    public = forms.ChoiceField(label=_("Public"), required=False, widget=widgets.Select)
    cost = forms.ChoiceField(label=_("Frais"), required=False, widget=widgets.Select)
    type = forms.ChoiceField(label=_("Type de service"), required=False, widget=widgets.Select)
    near = forms.CharField(
        label=_("Près de"),
        required=False,
        max_length=200,
        help_text=_(
            "Une adresse ou le nom d'un quartier ; les services sont alors classés du "
            "plus proche au plus loin."
        ),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=float,
        empty_value=None,
        choices=[
            ("", _("Toutes distances")),
            *[(str(n), format_lazy(_("À moins de {} km"), n)) for n in RADII],
        ],
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    PLACE_FIELDS = ("near", "radius", "lat", "lon")
    # On a phone the place comes first: it is what a family starts from.
    field_order = ["near", "radius", "q", "cite", "qpv", "theme", "age", "public", "cost", "type"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cites, themes, publics = versions.kept(
            "directory-search-choices", versions.everything_version(), _search_choices
        )
        fields["cite"].choices = _blank(_("Toutes"), cites)
        fields["qpv"].choices = _blank(_("Tous"), self._quarters(len(cites)))
        fields["theme"].choices = _blank(_("Toutes"), themes)
        fields["public"].choices = _blank(_("Tous"), publics)
        fields["cost"].choices = _blank(_("Gratuit ou payant"), referentials.choices("Frais"))
        fields["type"].choices = _blank(_("Tous"), referentials.choices("TypeService"))

    def _quarters(self, cite_count: int) -> list[tuple[str, str]]:
        """The quarters offered: those of the Cité chosen, or of the only Cité; on a national
        instance (600 quarters) none until a Cité is chosen — but a quarter given in the address
        (a guide's link) stays valid."""
        qpvs = Qpv.objects.filter(cites__isnull=False)
        chosen = str(self.data.get("cite", "")) if self.is_bound else ""
        if chosen:
            qpvs = qpvs.filter(cites__slug=chosen)
        elif cite_count > 1:
            given = str(self.data.get("qpv", "")) if self.is_bound else ""
            qpvs = qpvs.filter(code=given) if given else qpvs.none()
            self.fields["qpv"].help_text = _(
                "Choisissez d'abord une Cité éducative et lancez la recherche : ses quartiers "
                "s'afficheront ici."
            )
        return [(q.code, q.name) for q in qpvs.distinct().order_by("name")]

    def clean(self) -> dict[str, Any]:
        """The place searched: the browser's position, else a neighbourhood's name, else an
        address through the geocoder."""
        data = super().clean()
        self.origin: places.Origin | None = None
        if data.get("lat") is not None and data.get("lon") is not None:
            self.origin = places.Origin(data["lat"], data["lon"], gettext("votre position"), False)
        elif data.get("near"):
            try:
                self.origin = places.resolve(data["near"])
            except places.PlaceNotFound as error:
                self.add_error("near", str(error))
        if data.get("radius") and self.origin is None and "near" not in self.errors:
            self.add_error(
                "near", _("Indiquez une adresse ou un quartier pour chercher par distance.")
            )
        return data

    def filter(self, services: ServiceQuerySet) -> ServiceQuerySet:
        """Apply the valid filters; invalid ones are reported by the form and left out. With a
        place, the services are ordered by distance (``distance2`` annotated)."""
        self.origin = None
        if not self.is_bound:
            return services
        self.is_valid()  # fills cleaned_data with the fields that are valid
        criteria = {k: v for k, v in self.cleaned_data.items() if k not in self.PLACE_FIELDS}
        services = services.search(**criteria)
        if self.origin is None:
            return services
        near = services.near(
            self.origin.latitude, self.origin.longitude, self.cleaned_data.get("radius")
        )
        return near.order_by(F("distance2").asc(nulls_last=True), "name", "pk")


class PhoneField(forms.CharField):
    """A phone number typed as people write it, kept in E.164 (``+33381000000``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", "Un seul numéro, ex. 03 81 00 00 00.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return normalize_phone(super().clean(value) or "")


class CategorisedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry their theme's category, so that the form draws a heading each
    time it changes: a hundred themes read as a dozen short lists."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        option["category"] = getattr(instance, "category", "")
        return option


PLACE_MODES = [
    ("en-presentiel", "Sur place, à l'adresse indiquée"),
    ("a-distance", "À distance (téléphone, visio…)"),
]


class ServiceForm(DsfrBaseForm, forms.ModelForm):
    """Everything a family needs to use a service, in data·inclusion's terms. A published
    service must keep what publishing asked for (``Service.publication_gaps``); a position
    comes from the pin the editor placed, else from the address through the geocoder."""

    phone = PhoneField(label="Téléphone", required=False)
    schedule = forms.CharField(
        label="Horaires d'accueil",
        required=False,
        max_length=300,
        validators=[validate_hours],
        help_text=f"Au format OpenStreetMap, ex. « {HOURS_EXAMPLE} » (Mo lundi, Tu mardi, We "
        "mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche). Ils sont affichés en toutes "
        "lettres sur la fiche.",
    )
    reception_modes = forms.MultipleChoiceField(
        label="Où le service accueille",
        required=False,
        choices=PLACE_MODES,
        widget=forms.CheckboxSelectMultiple,
    )
    mobilisation_modes = forms.MultipleChoiceField(
        label="Comment le demander",
        required=False,
        # Without a field for the mobilisation link, its mode is not offered.
        choices=[
            choice
            for choice in referentials.choices("ModeMobilisation")
            if choice[0] != "utiliser-lien-mobilisation"
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    mobilisable_by = forms.MultipleChoiceField(
        label="Qui peut le demander",
        required=False,
        choices=referentials.choices("PersonneMobilisatrice"),
        widget=forms.CheckboxSelectMultiple,
    )
    latitude = forms.FloatField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text="Remplie par la carte ou par l'adresse ; ex. 47.2231.",
    )
    longitude = forms.FloatField(
        label="Longitude",
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text="Ex. 5.9512.",
    )

    class Meta:
        model = Service
        # Where it takes place comes last, right above the map that places it.
        fields = [
            "name",
            "description",
            "themes",
            "publics",
            "publics_details",
            "age_min",
            "age_max",
            "type",
            "qpvs",
            "contact_name",
            "phone",
            "email",
            "schedule",
            "on_appointment",
            "cost",
            "cost_details",
            "access_conditions",
            "how_to_access",
            "mobilisation_modes",
            "mobilisable_by",
            "reception_modes",
            "at_home",
            "address",
            "postal_code",
            "commune",
            "latitude",
            "longitude",
        ]
        widgets = {
            "themes": CategorisedCheckboxes,
            "publics": forms.CheckboxSelectMultiple,
            "qpvs": forms.CheckboxSelectMultiple,
        }
        labels = {"at_home": "À domicile (chez la famille)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the geocoder said: "found", "not_found", "unavailable", "off" or "" (not asked).
        self.geocoded = ""
        cite_id = self.instance.organisation.cite_id
        # Only the QPV of the service's own Cité: a service published into another Cité's
        # neighbourhoods would show in that Cité's search and family guide.
        field = self.fields["qpvs"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Qpv.objects.filter(cites__id=cite_id).order_by("name")
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = Commune.objects.filter(cites__id=cite_id).order_by("name")
        self.fields["themes"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self._place(data)
        if self.instance.status == "published" and not self.errors:
            gaps = self._new_gaps(data)
            if gaps:
                self.add_error(
                    None,
                    "Ce service est publié : il doit garder " + " ; ".join(gaps) + ".",
                )
        return data

    def _new_gaps(self, data: dict[str, Any]) -> list[str]:
        """What this edit would take away from a published service (a service published
        before the rule, and still incomplete, may be edited without completing it at once)."""
        before = self.instance.publication_gaps()
        candidate = copy.copy(self.instance)
        for name in ("phone", "email", "address", "schedule", "cost", "at_home"):
            setattr(candidate, name, data.get(name))
        candidate.reception_modes = data.get("reception_modes") or []
        candidate.age_min, candidate.age_max = data.get("age_min"), data.get("age_max")
        candidate.publics_details = data.get("publics_details", "")
        after = [g for g in candidate.publication_gaps() if "pour qui" not in g]
        who = data.get("publics") or data.get("publics_details")
        if not who and data.get("age_min") is None and data.get("age_max") is None:
            after.append("pour qui (des âges ou des publics)")
        return [gap for gap in after if gap not in before]

    def _place(self, data: dict[str, Any]) -> None:
        """The position: the pin when the editor moved it, else the geocoded address."""
        if "en-presentiel" in (data.get("reception_modes") or []) and not data.get("address"):
            self.add_error("address", "Indiquez l'adresse où le service accueille sur place.")
            return
        pinned = data.get("latitude") is not None and data.get("longitude") is not None
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", "Indiquez la latitude et la longitude, ou aucune des deux.")
            return
        moved = pinned and any(name in self.changed_data for name in ("latitude", "longitude"))
        address_changed = any(n in self.changed_data for n in ("address", "postal_code", "commune"))
        if moved:
            data["position_approximate"] = False
            return
        if not data.get("address") or not (address_changed or not pinned):
            return
        if not geocoding.enabled():
            self.geocoded = "off"
            return
        commune = data.get("commune")
        text = " ".join(
            part
            for part in (
                data["address"],
                data.get("postal_code", ""),
                commune.name if commune else "",
            )
            if part
        )
        try:
            found = geocoding.geocode(text, postcode=data.get("postal_code", ""))
        except geocoding.GeocoderUnavailable:
            self.geocoded = "unavailable"
            return
        if found is None:
            self.geocoded = "not_found"
            self.add_error(
                "address",
                "Adresse introuvable par le service de géolocalisation : vérifiez-la, ou placez "
                "le service sur la carte (un clic sur la carte remplit la latitude et la "
                "longitude).",
            )
            return
        self.geocoded = "found"
        data["latitude"], data["longitude"] = found.latitude, found.longitude
        data["position_approximate"] = False

    def save(self, commit: bool = True) -> Service:
        service = super().save(commit=False)
        if "position_approximate" in self.cleaned_data:
            service.position_approximate = self.cleaned_data["position_approximate"]
        if commit:
            service.save()
            self._save_m2m()
        return service


def siret_field(label: str = "SIRET", **kwargs: Any) -> IdentifierField:
    """A SIRET as printed on a Kbis (spaces, dots and dashes taken out), checked by its key."""
    kwargs.setdefault("help_text", "14 chiffres ; les espaces sont acceptés.")
    return IdentifierField(label=label, length=14, validators=[validate_siret], **kwargs)


def rna_field(label: str = "Numéro RNA", **kwargs: Any) -> IdentifierField:
    """A numéro RNA as printed on a récépissé: W then 9 characters."""
    kwargs.setdefault("help_text", "W suivi de 9 caractères.")
    return IdentifierField(label=label, length=10, validators=[validate_rna], **kwargs)


class OrganisationForm(DsfrBaseForm, forms.ModelForm):
    phone = PhoneField(label="Téléphone", required=False)
    opening_hours = forms.CharField(
        label="Horaires d'accueil",
        required=False,
        max_length=300,
        validators=[validate_hours],
        help_text=f"Au format OpenStreetMap, ex. « {HOURS_EXAMPLE} ».",
    )
    siret = siret_field(required=False)
    rna = rna_field(required=False, help_text="Pour une association : W suivi de 9 caractères.")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "siret",
            "rna",
            "kind",
            "address",
            "postal_code",
            "phone",
            "email",
            "website",
            "opening_hours",
            "description",
        ]


class MergeForm(DsfrBaseForm):
    kept = forms.ModelChoiceField(
        label="Structure à conserver", queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, duplicate: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = (
            Organisation.objects.active().filter(cite=duplicate.cite).exclude(pk=duplicate.pk)
        )


class StructureSearchForm(DsfrBaseForm):
    q = forms.CharField(
        label="SIRET, numéro RNA ou nom de la structure",
        max_length=150,
        help_text="Ex. 443 121 009 00017, W251000123 ou « Maison de quartier ».",
    )


class ClaimMessageForm(DsfrBaseForm):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label="Un mot pour la coordination",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Votre fonction dans la structure, par exemple.",
    )


class DeclareForm(DsfrBaseForm):
    """A new structure: identified by its SIRET (Luhn key checked), or by its RNA number for an
    association without SIRET."""

    cite = forms.ModelChoiceField(
        label="Cité éducative", queryset=CiteEducative.objects.order_by("name"), empty_label=None
    )
    name = forms.CharField(label="Nom de la structure", max_length=150)
    kind = forms.ChoiceField(label="Type de structure", choices=_blank("Choisir", []))
    siret = siret_field(required=False, help_text="14 chiffres ; les espaces sont acceptés.")
    rna = rna_field(
        required=False, help_text="Pour une association sans SIRET : W suivi de 9 caractères."
    )
    commune = forms.ModelChoiceField(
        label="Commune", queryset=Commune.objects.filter(cites__isnull=False).distinct()
    )
    message = forms.CharField(
        label="Un mot pour la coordination",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _blank("Choisir", OrganisationKind.choices)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = Commune.objects.filter(cites__isnull=False).distinct().order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("siret") and not data.get("rna"):
            self.add_error("siret", "Indiquez le SIRET, ou le numéro RNA d'une association.")
        cite, commune = data.get("cite"), data.get("commune")
        if cite and commune and not cite.communes.filter(pk=commune.pk).exists():
            self.add_error("commune", f"Cette commune n'est pas dans la {cite.name}.")
        return data


class InviteForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse e-mail de la personne", max_length=254)
    full_name = forms.CharField(
        label="Prénom et nom",
        required=False,
        max_length=150,
        help_text="Pour un nouveau compte seulement.",
    )


class RefuseForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif du refus",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Envoyé au demandeur par e-mail et dans ses notifications.",
    )
