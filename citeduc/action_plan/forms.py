from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from citeduc.action_plan.enums import ActionStatus, TimeOfDay
from citeduc.action_plan.models import Action, Axis, Objective, Priority
from citeduc.common.enums import AgeBand
from citeduc.common.widgets import Select
from citeduc.directory.models import Organisation, Scheme
from citeduc.territory.models import CiteEducative

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AxisForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["number", "title", "text"]

    def _get_validation_exclusions(self) -> set[str]:
        # The Cité is set by the view, not typed: keep it in the uniqueness check, so that a
        # number already taken in this Cité is a form error, not a database crash.
        return super()._get_validation_exclusions() - {"cite"}


class ObjectiveForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Objective
        fields = [
            "axis",
            "number",
            "title",
            "examples",
            "concordance_contrat_ville",
            "concordance_peb_axis",
            "concordance_peb",
            "concordance_education_nationale",
        ]

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(cite=cite)  # type: ignore[attr-defined]


class PriorityForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["axis", "number", "text"]

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(cite=cite)  # type: ignore[attr-defined]


class ActionForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "objectives",
            "priority",
            "porteurs",
            "scheme",
            "qpvs",
            "establishments",
            "age_min",
            "age_max",
            "for_parents",
            "for_professionals",
            "expected_participants",
            "scolaire",
            "periscolaire",
            "extrascolaire",
            "start_date",
            "end_date",
            "year",
            "status",
            "is_engineering",
            "expected_leverage",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "objectives": forms.CheckboxSelectMultiple,
            "qpvs": forms.CheckboxSelectMultiple,
            "porteurs": forms.CheckboxSelectMultiple,
            "establishments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cite = cite
        querysets = {
            "objectives": Objective.objects.filter(axis__cite=cite),
            "priority": Priority.objects.filter(axis__cite=cite).select_related("axis"),
            "porteurs": Organisation.objects.active().filter(cite=cite),
            "scheme": Scheme.objects.filter(cite=cite),
            "qpvs": cite.qpvs.all(),
            "establishments": cite.establishments.all(),
        }
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


def _choices(blank: str, rows: Any) -> list[tuple[Any, str]]:
    return [("", blank), *rows]


class ActionFilterForm(DsfrBaseForm):
    axis = forms.ChoiceField(label="Axe", required=False, widget=Select)
    objective = forms.ChoiceField(label="Objectif général", required=False, widget=Select)
    qpv = forms.ChoiceField(label="Quartier", required=False, widget=Select)
    porteur = forms.ChoiceField(label="Porteur", required=False, widget=Select)
    year = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="Statut", required=False, widget=Select)
    public = forms.ChoiceField(label="Public", required=False, widget=Select)
    time = forms.ChoiceField(label="Temps de l'enfant", required=False, widget=Select)

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["axis"].choices = _choices(
            "Tous", [(a.pk, str(a)) for a in Axis.objects.filter(cite=cite)]
        )
        f["objective"].choices = _choices(
            "Tous", [(o.pk, str(o)) for o in Objective.objects.filter(axis__cite=cite)]
        )
        f["qpv"].choices = _choices("Tous", list(cite.qpvs.values_list("code", "name")))
        f["porteur"].choices = _choices(
            "Tous",
            Organisation.objects.filter(cite=cite, actions__isnull=False)
            .order_by("name", "pk")
            .distinct()
            .values_list("pk", "name"),
        )
        f["status"].choices = _choices("Tous", ActionStatus.choices)
        f["public"].choices = _choices(
            "Tous", [*AgeBand.choices, ("parents", "Parents"), ("professionnels", "Professionnels")]
        )
        f["time"].choices = _choices("Tous", TimeOfDay.choices)

    def filter(self, actions: Any) -> Any:
        if not self.is_bound:
            return actions
        self.is_valid()
        data = self.cleaned_data
        exact = {
            "objectives__axis": data.get("axis"),
            "objectives": data.get("objective"),
            "qpvs__code": data.get("qpv"),
            "porteurs": data.get("porteur"),
            "year": data.get("year"),
            "status": data.get("status"),
        }
        actions = actions.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
        public = data.get("public")
        if public == "parents":
            actions = actions.filter(for_parents=True)
        elif public == "professionnels":
            actions = actions.filter(for_professionals=True)
        elif public:
            actions = actions.for_age_band(AgeBand(public))
        if data.get("time"):
            actions = actions.filter(**{data["time"]: True})
        return actions.distinct()


class CarryOverForm(DsfrBaseForm):
    actions = forms.ModelMultipleChoiceField(
        label="Actions à reconduire",
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    target_year = forms.IntegerField(label="Année de destination")

    def __init__(self, *args: Any, cite: CiteEducative, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cite = cite
        self.fields["actions"].queryset = Action.objects.filter(cite=cite, year=year)
        self.fields["target_year"].initial = year + 1

    def clean_target_year(self) -> int:
        year: int = self.cleaned_data["target_year"]
        if not self.cite.label_start.year <= year <= self.cite.label_end.year:
            raise forms.ValidationError(
                f"L'année {year} est hors de la période du label "
                f"({self.cite.label_start.year}-{self.cite.label_end.year}) [R-PER-1]."
            )
        return year
