from decimal import Decimal
from itertools import product
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from citeduc.action_plan.enums import TimeOfDay
from citeduc.action_plan.models import Objective
from citeduc.common.enums import AgeBand
from citeduc.indicators import collect
from citeduc.indicators.enums import Breakdown, Reporter, Sex, Unit
from citeduc.indicators.models import (
    EvaluationProtocol,
    Indicator,
    Measurement,
    ObjectiveEvaluation,
)
from citeduc.indicators.periods import parse_period
from citeduc.territory.models import Qpv


class IndicatorForm(DsfrBaseForm, forms.ModelForm):
    breakdowns = forms.MultipleChoiceField(
        label="Ventilations exigées",
        choices=Breakdown.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "kind",
            "unit",
            "objectives",
            "breakdowns",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "higher_is_better",
            "source",
            "frequency",
            "reported_by",
            "is_public",
        ]
        widgets = {
            "objectives": forms.CheckboxSelectMultiple,
            "baseline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objectives = Objective.objects.filter(axis__cite=self.instance.cite).select_related("axis")
        self.fields["objectives"].queryset = objectives  # type: ignore[attr-defined]
        reported_by = self.fields["reported_by"]
        assert isinstance(reported_by, forms.ChoiceField)
        # What citeduc computes is installed from the catalogue, never typed in.
        reported_by.choices = [c for c in Reporter.choices if c[0] != Reporter.CITEDUC]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        clash = Indicator.objects.filter(cite=self.instance.cite, code=code).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise ValidationError("Un indicateur de la Cité porte déjà ce code.")
        return code


class ProtocolForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = EvaluationProtocol
        fields = ["evaluator", "governance", "adjusted_on"]
        widgets = {"adjusted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ObjectiveEvaluationForm(DsfrBaseForm, forms.ModelForm):
    age_bands = forms.MultipleChoiceField(
        label="Tranches d'âge du public",
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ObjectiveEvaluation
        fields = [
            "age_bands",
            "gendered",
            "scolaire",
            "periscolaire",
            "extrascolaire",
            "calendar",
            "expected_leverage",
        ]


def cells_of(indicator: Indicator, qpvs: list[Qpv]) -> list[tuple[Qpv | None, str, str, str]]:
    """Every cell the indicator's breakdowns call for: QPV × sex × age band × time of day."""
    wanted = set(indicator.breakdowns)
    qpv_axis: list[Qpv | None] = list(qpvs) if Breakdown.QPV in wanted else [None]
    sex_axis = [s.value for s in Sex] if Breakdown.SEX in wanted else [""]
    band_axis = [b.value for b in AgeBand] if Breakdown.AGE_BAND in wanted else [""]
    time_axis = [t.value for t in TimeOfDay] if Breakdown.TIME_OF_DAY in wanted else [""]
    return list(product(qpv_axis, sex_axis, band_axis, time_axis))


def cell_label(qpv: Qpv | None, sex: str, band: str, time: str) -> str:
    parts = [
        qpv.name if qpv else "",
        Sex(sex).label if sex else "",
        AgeBand(band).label if band else "",
        TimeOfDay(time).label if time else "",
    ]
    return " — ".join(p for p in parts if p) or "Ensemble de la Cité"


class MeasurementGridForm(DsfrBaseForm):
    """Every cell of one indicator for one period; an emptied cell removes its measurement."""

    period = forms.CharField(
        label="Période",
        max_length=20,
        help_text="Une année (2025), une année scolaire (2024-2025) ou un trimestre (2025-T1).",
    )

    def __init__(
        self, *args: Any, indicator: Indicator, qpvs: list[Qpv], period: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.cells = cells_of(indicator, qpvs)
        self.qpvs = {q.code: q for q in qpvs}
        self.fields["period"].initial = period
        existing = self._existing(period)
        is_rate = indicator.unit == Unit.RATE
        for i, cell in enumerate(self.cells):
            label = cell_label(*cell)
            found = existing.get(self._key(cell))
            if is_rate:
                self.fields[f"c{i}_num"] = self._number(f"{label} : numérateur", found, "numerator")
                self.fields[f"c{i}_den"] = self._number(
                    f"{label} : dénominateur", found, "denominator"
                )
            else:
                self.fields[f"c{i}_value"] = self._number(label, found, "value")

    @staticmethod
    def _key(cell: tuple[Qpv | None, str, str, str]) -> tuple[int | None, str, str, str]:
        qpv, sex, band, time = cell
        return (qpv.pk if qpv else None, sex, band, time)

    def _existing(self, period: str) -> dict[tuple[int | None, str, str, str], Measurement]:
        try:
            code = parse_period(period).code
        except ValueError:
            return {}
        return {
            (m.qpv_id, m.sex, m.age_band, m.time_of_day): m
            for m in Measurement.objects.filter(indicator=self.indicator, period=code)
        }

    def _number(self, label: str, found: Measurement | None, attr: str) -> forms.CharField:
        initial = getattr(found, attr) if found else None
        if isinstance(initial, Decimal) and self.indicator.unit == Unit.COUNT:
            initial = int(initial)
        return forms.CharField(
            label=label,
            required=False,
            initial="" if initial is None else str(initial),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except ValueError as exc:
            raise ValidationError(str(exc).capitalize() + ".") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period = data.get("period")
        self.entries: list[tuple[collect.Cell, collect.Figure | None]] = []
        if not period:
            return data
        for i, (qpv, sex, band, time) in enumerate(self.cells):
            cell = collect.cell_of(
                self.indicator,
                self.qpvs,
                period=period,
                qpv=qpv.code if qpv else "",
                sex=sex,
                age_band=band,
                time_of_day=time,
            )
            value = (data.get(f"c{i}_value") or "").strip()
            num = (data.get(f"c{i}_num") or "").strip()
            den = (data.get(f"c{i}_den") or "").strip()
            if not (value or num or den):
                self.entries.append((cell, None))
                continue
            try:
                figure = collect.figure_of(self.indicator, value, num, den)
            except collect.Refused as exc:
                field = f"c{i}_value" if f"c{i}_value" in self.fields else f"c{i}_num"
                self.add_error(field, str(exc).capitalize() + ".")
                continue
            self.entries.append((cell, figure))
        return data
