"""The forms of a call for projects, of the application (Cerfa 12156 step by step), of the
instruction and of the financial report (Cerfa 15059)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from citeduc.action_plan.models import Objective
from citeduc.common.enums import AgeBand
from citeduc.common.fields import MoneyField
from citeduc.common.money import format_euros
from citeduc.common.once import OnceMixin
from citeduc.common.uploads import ACCEPTED_LABEL, CheckedUploadMixin
from citeduc.directory.forms import rna_field, siret_field
from citeduc.funding.enums import Account, AttachmentKind, Verdict
from citeduc.funding.models import Call, Funder, GrantRequest
from citeduc.territory.models import CiteEducative, Qpv

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY: dict[str, Any] = {"required": False}


class CallForm(DsfrBaseForm, forms.ModelForm):
    required_documents = forms.MultipleChoiceField(
        label="Pièces obligatoires",
        choices=AttachmentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Call
        fields = [
            "year",
            "title",
            "text",
            "objectives",
            "opens_on",
            "closes_on",
            "funders",
            "required_documents",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "objectives": forms.CheckboxSelectMultiple,
            "funders": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cite = cite
        self.fields["objectives"].queryset = Objective.objects.filter(axis__cite=cite)  # type: ignore[attr-defined]
        self.fields["funders"].queryset = Funder.objects.filter(cite=cite)  # type: ignore[attr-defined]
        self.fields[
            "year"
        ].help_text = f"Entre {cite.label_start.year} et {cite.label_end.year} (période du label)."

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not self.cite.label_start.year <= year <= self.cite.label_end.year:
            raise ValidationError("L'année doit être dans la période du label de la Cité.")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "La date limite précède l'ouverture.")
        return data


class ApplyForm(DsfrBaseForm):
    """Starting an application: for which structure, and from which earlier request if any."""

    organisation = forms.ChoiceField(label="Structure qui dépose la demande")
    previous = forms.ChoiceField(
        label="Reprendre une demande d'une année précédente",
        required=False,
        help_text="Le projet, le public, le budget et les pièces sont recopiés ; "
        "vous relirez et ajusterez chaque étape.",
    )
    title = forms.CharField(
        label="Intitulé du projet",
        max_length=200,
        required=False,
        help_text="Obligatoire sauf si vous reprenez une demande.",
    )

    def __init__(self, *args: Any, organisations: list[Any], previous: list[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["previous"].choices = [("", "Non, une nouvelle demande")] + [
            (g.pk, f"{g.action.title} — {g.applicant.name} ({g.year})") for g in previous
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("previous") and not (data.get("title") or "").strip():
            self.add_error("title", "Donnez un intitulé au projet, ou reprenez une demande.")
        return data


class IdentityForm(DsfrBaseForm):
    siret = siret_field("SIRET de la structure")
    rna = rna_field(required=False)
    legal_representative = forms.CharField(
        label="Représentant légal (nom et prénom)", max_length=150
    )
    legal_representative_role = forms.CharField(
        label="Qualité du représentant légal", max_length=100, help_text="Ex. : présidente."
    )
    contact_name = forms.CharField(label="Personne chargée du dossier", max_length=150)
    contact_email = forms.EmailField(label="Son adresse e-mail")
    contact_phone = forms.CharField(label="Son téléphone", max_length=30, required=False)

    def __init__(self, *args: Any, is_association: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_association = is_association
        self.fields["rna"].required = is_association  # and said so, not "facultatif"
        self.fields["rna"].error_messages["required"] = (
            "Le numéro RNA est obligatoire pour une association."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_association and not data.get("rna") and "rna" not in self.errors:
            self.add_error("rna", "Le numéro RNA est obligatoire pour une association.")
        return data


class ProjectForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé du projet", max_length=200)
    objectives = forms.ModelMultipleChoiceField(
        label="Objectifs du plan d'actions servis par le projet",
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="Description du projet", widget=forms.Textarea(attrs={"rows": 6})
    )
    age_bands = forms.MultipleChoiceField(
        label="Tranches d'âge du public",
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_girls = forms.IntegerField(label="Filles ou femmes attendues", min_value=0)
    expected_boys = forms.IntegerField(label="Garçons ou hommes attendus", min_value=0)
    qpvs = forms.ModelMultipleChoiceField(
        label="Quartiers prioritaires concernés",
        queryset=Qpv.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    place = forms.CharField(label="Lieu de réalisation", max_length=200, required=False)
    start_date = forms.DateField(label="Début", widget=DATE)
    end_date = forms.DateField(label="Fin", widget=DATE)
    evaluation_indicators = forms.CharField(
        label="Indicateurs d'évaluation proposés",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, grant: GrantRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grant = grant
        objectives = Objective.objects.filter(axis__cite=grant.cite).select_related("axis")
        if grant.call is not None and grant.call.objectives.exists():
            objectives = objectives.filter(calls=grant.call)
        self.fields["objectives"].queryset = objectives
        self.fields["qpvs"].queryset = grant.cite.qpvs.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        year = self.grant.year
        if start and end:
            if end < start:
                self.add_error("end_date", "La fin précède le début.")
            elif not (date(year, 1, 1) <= start <= date(year, 12, 31)):
                self.add_error("start_date", f"Le projet doit commencer en {year}.")
        return data


# Cerfa 12156's accounts, in the order of the form; 74 is split between the Cité's funders and
# the other subsidies.
CHARGE_ACCOUNTS = [a for a in Account if a.is_charge and not a.in_kind]
PRODUCT_ACCOUNTS = [a for a in Account if not a.is_charge and not a.in_kind and a != Account.P74]
IN_KIND_ACCOUNTS = [Account.C86, Account.P87]
OTHER_74 = "autres_74"


class BudgetForm(DsfrBaseForm):
    """One amount (and a detail) per account, and one amount asked of each funder of the call."""

    def __init__(self, *args: Any, funders: list[Funder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.funders = funders
        for account in [*CHARGE_ACCOUNTS, *PRODUCT_ACCOUNTS, *IN_KIND_ACCOUNTS]:
            self.fields[f"amount_{account.value}"] = MoneyField(
                label=f"{account.label} — montant (€)", **MONEY
            )
            self.fields[f"label_{account.value}"] = forms.CharField(
                label=f"{account.label} — détail", max_length=200, required=False
            )
        for funder in funders:
            self.fields[f"asked_{funder.pk}"] = MoneyField(
                label=f"74 — Subvention demandée : {funder.name} (€)", **MONEY
            )
        self.fields[f"amount_{OTHER_74}"] = MoneyField(
            label="74 — Autres subventions (hors financeurs de la Cité) (€)", **MONEY
        )
        self.fields[f"label_{OTHER_74}"] = forms.CharField(
            label="74 — Autres subventions : lesquelles", max_length=200, required=False
        )

    def rows(self, accounts: Sequence[Account]) -> list[tuple[Any, Any]]:
        return [(self[f"amount_{a.value}"], self[f"label_{a.value}"]) for a in accounts]

    def charge_rows(self) -> list[tuple[Any, Any]]:
        return self.rows(CHARGE_ACCOUNTS)

    def product_rows(self) -> list[tuple[Any, Any]]:
        return self.rows(PRODUCT_ACCOUNTS)

    def in_kind_rows(self) -> list[tuple[Any, Any]]:
        return self.rows(IN_KIND_ACCOUNTS)

    def funder_fields(self) -> list[Any]:
        return [self[f"asked_{f.pk}"] for f in self.funders]

    def other_74(self) -> tuple[Any, Any]:
        return self[f"amount_{OTHER_74}"], self[f"label_{OTHER_74}"]


class DeclarationsForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = GrantRequest
        fields = ["republican_commitment", "sworn_obligations", "sworn_accurate", "signatory"]
        labels = {
            "republican_commitment": "La structure s'engage à respecter le contrat d'engagement "
            "républicain (loi n° 2021-1109 du 24 août 2021, décret n° 2021-1947).",
            "sworn_obligations": "Je certifie que la structure est régulièrement déclarée et à "
            "jour de ses obligations administratives, comptables, sociales et fiscales.",
            "sworn_accurate": "Je certifie exactes les informations de la présente demande, "
            "notamment le budget et les montants sollicités.",
            "signatory": "Nom et qualité du signataire",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not required to save the step, but to submit the request: never "facultatif".
        for name in ("republican_commitment", "sworn_obligations", "sworn_accurate", "signatory"):
            self.fields[name].optional_hint = False  # type: ignore[attr-defined]
            self.fields[name].help_text = "Nécessaire pour déposer la demande."


class AttachmentForm(CheckedUploadMixin, DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature de la pièce", choices=AttachmentKind.choices)
    file = forms.FileField(
        label="Fichier",
        help_text=f"{ACCEPTED_LABEL} ; le contenu est vérifié, pas seulement le nom.",
    )


class MessageForm(DsfrBaseForm):
    message = forms.CharField(
        label="Ce qui est à corriger",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Le porteur reçoit ce message par e-mail et dans ses notifications.",
    )


class OpinionForm(DsfrBaseForm):
    funder = forms.ChoiceField(label="Financeur pour lequel l'avis est rendu")
    verdict = forms.ChoiceField(label="Avis", choices=Verdict.choices)
    proposed_amount = MoneyField(label="Montant proposé (€)", **{**MONEY, "required": True})
    comment = forms.CharField(
        label="Commentaire", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, asked: dict[int, tuple[Funder, Decimal]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.asked = asked
        self.fields["funder"].choices = [(pk, f.name) for pk, (f, _) in asked.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        funder, amount = data.get("funder"), data.get("proposed_amount")
        if funder and amount is not None:
            limit = self.asked[int(funder)][1]
            if amount > limit:
                self.add_error(
                    "proposed_amount",
                    f"Le montant proposé dépasse les {format_euros(limit)} demandés à ce "
                    "financeur (R-FUND-6).",
                )
        return data


class DecisionsForm(DsfrBaseForm, OnceMixin):
    """The COPIL's decisions for a year: one amount per request × funder asked, in one go."""

    date = forms.DateField(label="Date de la décision", widget=DATE)
    reference = forms.CharField(
        label="Instance ou référence",
        max_length=200,
        help_text="Ex. : COPIL restreint du 14/03/2025.",
    )

    def __init__(self, *args: Any, cells: list[tuple[GrantRequest, Funder, Decimal]], **kw: Any):
        super().__init__(*args, **kw)
        self.cells = cells
        for grant, funder, asked in cells:
            self.fields[f"d_{grant.pk}_{funder.pk}"] = MoneyField(
                label=f"{grant.action.title} — {funder.code} (demandé : {format_euros(asked)})",
                **MONEY,
            )

    def entries(self) -> list[tuple[GrantRequest, Funder, Decimal]]:
        chosen = []
        for grant, funder, _ in self.cells:
            amount = self.cleaned_data.get(f"d_{grant.pk}_{funder.pk}")
            if amount is not None:
                chosen.append((grant, funder, amount))
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.entries():
            raise ValidationError("Saisissez au moins un montant accordé (0 pour un refus).")
        return data


class SignForm(DsfrBaseForm):
    signed_on = forms.DateField(label="Convention signée le", widget=DATE)


class PaymentForm(DsfrBaseForm, OnceMixin):
    decision = forms.ChoiceField(label="Décision concernée")
    amount = MoneyField(label="Montant versé (€)", **{**MONEY, "required": True})
    date = forms.DateField(label="Date du versement", widget=DATE)

    def __init__(self, *args: Any, decisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = {d.pk: d for d in decisions}
        field = self.fields["decision"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (d.pk, f"{d.funder.name} — {format_euros(d.amount)} accordés") for d in decisions
        ]


class ReportForm(DsfrBaseForm):
    """Cerfa 15059: the realised amount of each forecast account, the gaps explained, the public
    reached (counts only) and the qualitative report."""

    qualitative_report = forms.CharField(
        label="Bilan qualitatif de l'action",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce qui a été réalisé, les écarts au projet, les effets observés.",
    )

    def __init__(
        self,
        *args: Any,
        forecast: dict[str, Decimal],
        qpvs: list[Qpv],
        gap_share: Decimal,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.forecast, self.qpvs, self.gap_share = forecast, qpvs, gap_share
        for account, planned in forecast.items():
            label = Account(account).label
            self.fields[f"realised_{account}"] = MoneyField(
                label=f"{label} — réalisé (€), prévu {format_euros(planned)}",
                **{**MONEY, "required": True},
            )
            self.fields[f"explain_{account}"] = forms.CharField(
                label=f"{label} — explication de l'écart",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        for qpv in [None, *qpvs]:
            for band in AgeBand:
                for sex, sex_label in (("girls", "filles"), ("boys", "garçons")):
                    self.fields[self.reach_key(qpv, band, sex)] = forms.IntegerField(
                        label=f"{qpv.name if qpv else 'Hors QPV'}, {band.label} : {sex_label}",
                        min_value=0,
                        required=False,
                    )

    @staticmethod
    def reach_key(qpv: Qpv | None, band: AgeBand, sex: str) -> str:
        return f"reach_{qpv.pk if qpv else 0}_{band.value}_{sex}"

    def account_rows(self) -> list[tuple[str, Decimal, Any, Any]]:
        return [
            (Account(a).label, planned, self[f"realised_{a}"], self[f"explain_{a}"])
            for a, planned in self.forecast.items()
        ]

    def reach_rows(self) -> list[tuple[str, str, Any, Any]]:
        return [
            (
                qpv.name if qpv else "Hors QPV",
                band.label,
                self[self.reach_key(qpv, band, "girls")],
                self[self.reach_key(qpv, band, "boys")],
            )
            for qpv in [None, *self.qpvs]
            for band in AgeBand
        ]

    def clean(self) -> dict[str, Any]:
        """Gaps beyond the Cité's tolerated share need an explanation (R-FUND-7)."""
        data = super().clean() or {}
        for account, planned in self.forecast.items():
            done = data.get(f"realised_{account}")
            if done is None:
                continue
            if (
                abs(done - planned) > self.gap_share * planned
                and not (data.get(f"explain_{account}") or "").strip()
            ):
                share = f"{self.gap_share * 100:.0f}".replace(".", ",")
                self.add_error(
                    f"explain_{account}",
                    f"Écart de plus de {share} % entre le prévu ({format_euros(planned)}) et le "
                    f"réalisé ({format_euros(done)}) : expliquez-le (R-FUND-7).",
                )
        charges = sum(
            (data.get(f"realised_{a}") or Decimal("0"))
            for a in self.forecast
            if Account(a).is_charge and not Account(a).in_kind
        )
        products = sum(
            (data.get(f"realised_{a}") or Decimal("0"))
            for a in self.forecast
            if not Account(a).is_charge and not Account(a).in_kind
        )
        if not self.errors and charges != products:
            raise ValidationError(
                "Le compte-rendu n'est pas équilibré : charges réalisées "
                f"{format_euros(Decimal(charges))} ≠ produits réalisés "
                f"{format_euros(Decimal(products))}."
            )
        return data


class FunderSiretForm(DsfrBaseForm):
    """The SIRET a granting authority publishes its subsidies under (idAttribuant)."""

    siret = siret_field(label="SIRET du financeur")
