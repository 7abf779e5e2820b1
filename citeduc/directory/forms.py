from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from dsfr.forms import DsfrBaseForm

from citeduc.common.fields import IdentifierField
from citeduc.directory import referentials
from citeduc.directory.models import Organisation, Public, Service, ServiceQuerySet, Theme
from citeduc.directory.validators import validate_rna, validate_siret
from citeduc.territory.models import CiteEducative, Qpv


def _blank(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class ServiceSearchForm(DsfrBaseForm):
    """The directory's filters; every field is optional and a wrong value is an error, not a 500."""

    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    cite = forms.ChoiceField(label="Cité éducative", required=False)
    qpv = forms.ChoiceField(label="Quartier", required=False)
    theme = forms.ChoiceField(label="Thématique", required=False)
    age = forms.IntegerField(
        label="Âge de l'enfant ou du jeune (en années)", required=False, min_value=0, max_value=99
    )
    public = forms.ChoiceField(label="Public", required=False)
    cost = forms.ChoiceField(label="Frais", required=False)
    type = forms.ChoiceField(label="Type de service", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["cite"].choices = _blank(
            "Toutes", list(CiteEducative.objects.order_by("name").values_list("slug", "name"))
        )
        fields["qpv"].choices = _blank(
            "Tous", [(q.code, q.name) for q in Qpv.objects.filter(cites__isnull=False).distinct()]
        )
        # EXISTS rather than a join made DISTINCT: 50 000 services at national scale.
        fields["theme"].choices = _blank(
            "Toutes",
            list(
                Theme.objects.filter(
                    Exists(Service.themes.through.objects.filter(theme=OuterRef("pk")))
                ).values_list("code", "label")
            ),
        )
        fields["public"].choices = _blank(
            "Tous",
            list(
                Public.objects.filter(
                    Exists(Service.publics.through.objects.filter(public=OuterRef("pk")))
                ).values_list("code", "label")
            ),
        )
        fields["cost"].choices = _blank("Gratuit ou payant", referentials.choices("Frais"))
        fields["type"].choices = _blank("Tous", referentials.choices("TypeService"))

    def filter(self, services: ServiceQuerySet) -> ServiceQuerySet:
        """Apply the valid filters; invalid ones are reported by the form and left out."""
        if not self.is_bound:
            return services
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return services.search(**self.cleaned_data)


class ServiceForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "themes",
            "publics",
            "publics_details",
            "age_min",
            "age_max",
            "type",
            "cost",
            "cost_details",
            "qpvs",
            "access_conditions",
            "how_to_access",
            "contact_name",
            "phone",
            "email",
            "schedule",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "qpvs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the QPV of the service's own Cité: a service published into another Cité's
        # neighbourhoods would show in that Cité's search and family guide.
        field = self.fields["qpvs"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Qpv.objects.filter(cites__id=self.instance.organisation.cite_id).order_by(
            "name"
        )


def siret_field(label: str = "SIRET", **kwargs: Any) -> IdentifierField:
    """A SIRET as printed on a Kbis (spaces, dots and dashes taken out), checked by its key."""
    kwargs.setdefault("help_text", "14 chiffres ; les espaces sont acceptés.")
    return IdentifierField(label=label, length=14, validators=[validate_siret], **kwargs)


def rna_field(label: str = "Numéro RNA", **kwargs: Any) -> IdentifierField:
    """A numéro RNA as printed on a récépissé: W then 9 characters."""
    kwargs.setdefault("help_text", "W suivi de 9 caractères.")
    return IdentifierField(label=label, length=10, validators=[validate_rna], **kwargs)


class OrganisationForm(DsfrBaseForm, forms.ModelForm):
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
