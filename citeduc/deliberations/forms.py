"""Typing a sitting by hand: the council and its members, the sitting, who was there for which
items, the proxies, and each deliberation with its vote."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from citeduc.common.uploads import ACCEPTED_LABEL, check_upload
from citeduc.deliberations.enums import Civility
from citeduc.deliberations.models import Council, Councillor, Deliberation, Proxy, Sitting
from citeduc.deliberations.tally import Span
from citeduc.territory.models import CiteEducative, Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CouncilForm(DsfrBaseForm, forms.ModelForm):
    new_councillors = forms.CharField(
        label="Conseillers à ajouter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Un par ligne, avec la civilité : « Mme Anne VIGNOT ».",
    )

    class Meta:
        model = Council
        fields = ["name", "siret", "commune", "members_in_office"]

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(cites=cite)  # type: ignore[attr-defined]
        self.fields["commune"].required = True

    def clean_new_councillors(self) -> list[tuple[str, str]]:
        people = []
        for number, line in enumerate(self.cleaned_data["new_councillors"].splitlines(), 1):
            words = line.split()
            if not words:
                continue
            civility = {"m.": Civility.M, "m": Civility.M, "mme": Civility.MME}.get(
                words[0].lower()
            )
            if civility is None or len(words) < 2:
                raise ValidationError(
                    f"Ligne {number} : « {line.strip()} » — commencez par M. ou Mme, puis le nom."
                )
            people.append((str(civility), " ".join(words[1:])))
        return people

    def save(self, commit: bool = True) -> Council:
        council: Council = super().save(commit=commit)
        for civility, name in self.cleaned_data["new_councillors"]:
            councillor = Councillor(council=council, civility=civility, name=name)
            if not Councillor.objects.filter(council=council, key=councillor.key).exists():
                councillor.save()
        return council


def _councillors(field: forms.Field, council: Council) -> None:
    field.queryset = Councillor.objects.filter(council=council)  # type: ignore[attr-defined]


class SittingForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Sitting
        fields = [
            "date",
            "convoked_on",
            "place",
            "chair",
            "secretary",
            "convocation",
            "members_in_office",
            "last_item",
        ]
        widgets = {"date": DATE, "convoked_on": DATE}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        _councillors(self.fields["chair"], council)
        _councillors(self.fields["secretary"], council)
        self.fields["members_in_office"].initial = council.members_in_office

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, convoked = data.get("date"), data.get("convoked_on")
        if day and convoked and convoked > day:
            self.add_error("convoked_on", "La convocation précède la séance.")
        return data


PRESENCE = [("present", "Présent·e"), ("absent", "Absent·e")]


class AttendanceForm(DsfrBaseForm):
    """One line per councillor: present (for a range of items, or all of them) or absent."""

    def __init__(self, *args: Any, sitting: Sitting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sitting = sitting
        self.councillors = list(Councillor.objects.filter(council=sitting.council))
        current = {a.councillor_id: a for a in sitting.attendances.all()}
        for c in self.councillors:
            row = current.get(c.pk)
            self.fields[f"presence_{c.pk}"] = forms.ChoiceField(
                label=str(c),
                choices=PRESENCE,
                initial="present" if row is None or row.present else "absent",
            )
            for bound, label in (
                ("first", "à compter de la question n°"),
                ("last", "jusqu'à la question n°"),
            ):
                self.fields[f"{bound}_{c.pk}"] = forms.IntegerField(
                    label=f"{c} : {label}",
                    required=False,
                    min_value=1,
                    max_value=sitting.last_item,
                    initial=getattr(row, f"{bound}_item", None) if row else None,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for c in self.councillors:
            first, last = data.get(f"first_{c.pk}"), data.get(f"last_{c.pk}")
            if data.get(f"presence_{c.pk}") == "absent" and (first or last):
                self.add_error(f"first_{c.pk}", "Un absent n'a pas de plage de questions.")
            if first and last and last < first:
                self.add_error(f"last_{c.pk}", "La plage de questions est à l'envers.")
        return data

    def rows(self) -> list[tuple[Councillor, bool, Span]]:
        return [
            (
                c,
                self.cleaned_data[f"presence_{c.pk}"] == "present",
                Span(self.cleaned_data[f"first_{c.pk}"], self.cleaned_data[f"last_{c.pk}"]),
            )
            for c in self.councillors
        ]


class ProxyForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Proxy
        fields = ["giver", "holder", "first_item", "last_item", "document"]

    def __init__(self, *args: Any, sitting: Sitting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.sitting = sitting
        _councillors(self.fields["giver"], sitting.council)
        _councillors(self.fields["holder"], sitting.council)
        self.fields[
            "document"
        ].help_text = f"Le pouvoir écrit et signé ({ACCEPTED_LABEL}) ; le contenu est vérifié."

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new file, not the stored one
            check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        giver, holder = data.get("giver"), data.get("holder")
        first, last = data.get("first_item"), data.get("last_item")
        if giver and giver == holder:
            self.add_error("holder", "Un conseiller ne se donne pas procuration.")
        if first and last and last < first:
            self.add_error("last_item", "La plage de questions est à l'envers.")
        if giver and self.instance.sitting.proxies.filter(giver=giver).exists():
            self.add_error("giver", f"{giver} a déjà donné procuration pour cette séance.")
        span = Span(first, last)
        if holder:
            for other in self.instance.sitting.proxies.filter(holder=holder):
                mine = Span(other.first_item, other.last_item)
                overlap = any(
                    span.covers(i) and mine.covers(i)
                    for i in range(1, self.instance.sitting.last_item + 1)
                )
                if overlap:
                    self.add_error(
                        "holder",
                        f"{holder} détient déjà la procuration de {other.giver} sur ces "
                        "questions : un seul pouvoir par conseiller (art. L2121-20 du CGCT).",
                    )
        return data


class DeliberationForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Deliberation
        fields = [
            "number",
            "item",
            "title",
            "rapporteur",
            "rapporteur_role",
            "commission",
            "commission_date",
            "commission_opinion",
            "summary",
            "published_on",
            "subject_code",
            "ballot",
            "votes_for",
            "votes_against",
            "abstentions",
            "not_voting",
            "interested",
            "result",
            "cite",
            "authorises",
            "url",
        ]
        widgets = {
            "commission_date": DATE,
            "published_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "interested": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, sitting: Sitting, cites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.sitting = sitting
        _councillors(self.fields["rapporteur"], sitting.council)
        _councillors(self.fields["interested"], sitting.council)
        self.fields["cite"].queryset = cites  # type: ignore[attr-defined]
        self.fields["item"].help_text = f"De 1 à {sitting.last_item}."
