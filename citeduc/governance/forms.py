"""Forms of the bodies, meetings, minutes, decisions, documents and amendments."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from citeduc.accounts.models import User
from citeduc.action_plan.models import Action
from citeduc.common.money import format_euros
from citeduc.common.uploads import ACCEPTED_LABEL, CheckedUploadMixin
from citeduc.funding.models import Decision, GrantRequest
from citeduc.governance.enums import (
    AMENDMENT_TRANSITIONS,
    DEFAULT_FREQUENCY,
    AmendmentStatus,
    DocumentKind,
    Frequency,
    MeetingStatus,
    Presence,
)
from citeduc.governance.models import Amendment, Body, BodyMember, DecisionRecord, Meeting
from citeduc.territory.models import CiteEducative, Qpv

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BodyForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "qpv", "frequency", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cite = cite
        self.fields["qpv"].queryset = Qpv.objects.filter(cites=cite)  # type: ignore[attr-defined]
        self.fields["qpv"].help_text = "Obligatoire pour un collectif éducatif."
        self.fields["frequency"].help_text = (
            "La convention fixe : COPIL restreint au moins une fois par trimestre, COPIL élargi "
            "et revue de projet une fois par an (art. 4 et 14)."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, frequency = data.get("kind"), data.get("frequency")
        required = DEFAULT_FREQUENCY.get(kind) if kind else None
        if required and frequency == Frequency.AS_NEEDED:
            data["frequency"] = required
            self.instance.frequency = required
        return data


class BodyMemberForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = ["office", "name", "institution", "email", "user"]

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__cite=body.cite, is_active=True
        ).distinct()
        self.fields[
            "user"
        ].help_text = (
            "Un membre de la Cité : il lira les comptes rendus et décisions de l'instance."
        )
        self.fields["office"].help_text = "Par exemple : Maire de Besançon, IEN, chef de file."
        self.fields["name"].help_text = "Laisser vide si la fonction suffit."


class MeetingForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "title", "starts_at", "ends_at", "place", "video_link", "agenda"]
        labels = {"body": "Instance"}
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(cite=cite, is_active=True)  # type: ignore[attr-defined]
        self.fields["title"].help_text = "Par défaut, le nom de l'instance."
        self.fields["place"].help_text = "Une adresse, ou laisser vide pour une réunion à distance."

    # A change to any of these is a new version of the meeting in the members' calendars.
    IN_CALENDARS = {"body", "title", "starts_at", "ends_at", "place", "video_link", "agenda"}

    def save(self, commit: bool = True) -> Meeting:
        meeting = super().save(commit=False)
        if meeting.pk and self.IN_CALENDARS & set(self.changed_data):
            meeting.sequence += 1
        if commit:
            meeting.save()
        return meeting

    def clean_title(self) -> str:
        """One line: a title goes into e-mail subjects and calendar entries."""
        return " ".join(str(self.cleaned_data.get("title") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "La fin de la réunion doit suivre son début.")
        return data


class MinutesForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["status", "minutes", "minutes_published"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 14})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("minutes_published") and not (data.get("minutes") or "").strip():
            self.add_error("minutes_published", "Il n'y a pas de compte rendu à publier.")
        starts = self.instance.starts_at
        if data.get("status") == MeetingStatus.HELD and starts and starts > timezone.now():
            self.add_error(
                "status",
                "La réunion n'a pas encore commencé (elle est prévue le "
                f"{timezone.localtime(starts):%d/%m/%Y à %H:%M}) : elle ne peut pas être "
                "« tenue ».",
            )
        return data


class AttendanceForm(DsfrBaseForm):
    """One presence choice per member of the body, and who represents those represented."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(meeting.body.members.all())
        current = {a.member_id: a for a in meeting.attendances.all()}
        for member in self.members:
            attendance = current.get(member.pk)
            self.fields[f"presence_{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=Presence.choices,
                initial=attendance.presence if attendance else Presence.INVITED,
            )
            self.fields[f"represented_by_{member.pk}"] = forms.CharField(
                label=f"Représenté·e par (pour {member})",
                required=False,
                max_length=200,
                initial=attendance.represented_by if attendance else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for member in self.members:
            presence = data.get(f"presence_{member.pk}")
            substitute = (data.get(f"represented_by_{member.pk}") or "").strip()
            if presence == Presence.REPRESENTED and not substitute:
                self.add_error(f"represented_by_{member.pk}", "Indiquez qui représente ce membre.")
            if substitute and presence != Presence.REPRESENTED:
                self.add_error(
                    f"presence_{member.pk}",
                    "Un membre qui a un représentant est « représenté·e ».",
                )
        return data

    def rows(self) -> list[tuple[BodyMember, str, str]]:
        return [
            (
                m,
                self.cleaned_data[f"presence_{m.pk}"],
                self.cleaned_data[f"represented_by_{m.pk}"].strip(),
            )
            for m in self.members
        ]


class DecisionRecordForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = DecisionRecord
        fields = [
            "number",
            "kind",
            "text",
            "actions",
            "requests",
            "funding_decisions",
            "amount",
            "votes_for",
            "votes_against",
            "abstentions",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "actions": forms.CheckboxSelectMultiple,
            "requests": forms.CheckboxSelectMultiple,
            "funding_decisions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        cite, year = meeting.body.cite, timezone.localtime(meeting.starts_at).year
        # What a meeting decides on: the actions and requests of its year and the next one.
        years = (year, year + 1)
        self.fields["actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            cite=cite, year__in=years
        ).order_by("year", "title")
        self.fields["requests"].queryset = (  # type: ignore[attr-defined]
            GrantRequest.objects.filter(cite=cite, year__in=years)
            .select_related("action", "applicant")
            .order_by("year", "action__title")
        )
        self.fields["requests"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            f"{r.year} — {r.action.title} ({r.applicant.name})"
        )
        self.fields["funding_decisions"].queryset = (  # type: ignore[attr-defined]
            Decision.objects.filter(request__cite=cite, request__year__in=years)
            .select_related("funder", "request__action")
            .order_by("request__year", "request__action__title", "funder__code")
        )
        self.fields["funding_decisions"].label_from_instance = lambda d: (  # type: ignore[attr-defined]
            f"{d.request.action.title} — {d.funder.code} : {format_euros(d.amount)}"
        )
        if not self.instance.pk:
            self.initial.setdefault("number", meeting.decisions.count() + 1)
        self.fields[
            "amount"
        ].help_text = "Le montant en euros que la décision engage, s'il y en a un."

    def clean(self) -> dict[str, Any]:
        """No more votes than members present or represented, once the attendance is taken."""
        data = super().clean() or {}
        votes = sum(data.get(name) or 0 for name in ("votes_for", "votes_against", "abstentions"))
        attendances = list(self.instance.meeting.attendances.values_list("presence", flat=True))
        taken = [p for p in attendances if p != Presence.INVITED]
        voters = sum(1 for p in taken if p in (Presence.PRESENT, Presence.REPRESENTED))
        if taken and votes > voters:
            self.add_error(
                "votes_for",
                f"{votes} voix pour {voters} membre{'s' if voters > 1 else ''} présent"
                f"{'s' if voters > 1 else ''} ou représenté{'s' if voters > 1 else ''} : "
                "pour, contre et abstentions ne peuvent pas dépasser les votants relevés.",
            )
        return data

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = DecisionRecord.objects.filter(meeting=self.instance.meeting, number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"La réunion a déjà une décision n° {number}.")
        return number


class DocumentForm(CheckedUploadMixin, DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature du document", choices=DocumentKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200, required=False)
    file = forms.FileField(
        label="Fichier",
        help_text=f"{ACCEPTED_LABEL} ; le contenu est vérifié, pas seulement le nom.",
    )


class AmendmentForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["title", "description", "reason", "extends_label_to"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "reason": forms.Textarea(attrs={"rows": 4}),
            "extends_label_to": DATE,
        }

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cite = cite
        self.fields["extends_label_to"].help_text = (
            f"Le label court aujourd'hui jusqu'au {cite.label_end:%d/%m/%Y} ; à remplir "
            "seulement si l'avenant prolonge la convention."
        )

    def clean_extends_label_to(self) -> date | None:
        day: date | None = self.cleaned_data.get("extends_label_to")
        if day and day <= self.cite.label_end:
            raise ValidationError(
                f"Une prolongation va au-delà de la fin actuelle du label "
                f"({self.cite.label_end:%d/%m/%Y})."
            )
        return day


class AmendmentMoveForm(DsfrBaseForm):
    target = forms.ChoiceField(label="Nouvel état")
    on = forms.DateField(label="Date", widget=DATE)

    def __init__(self, *args: Any, amendment: Amendment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = AMENDMENT_TRANSITIONS[AmendmentStatus(amendment.status)]
        self.fields["target"].choices = [(t, AmendmentStatus(t).label) for t in targets]
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> date:
        day: date = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise ValidationError("La date ne peut pas être dans le futur.")
        return day


class RegisterFilter(forms.Form):
    """The decision register's search: words, body, year, action, organisation."""

    q = forms.CharField(label="Rechercher dans les décisions", required=False, max_length=200)
    instance = forms.ModelChoiceField(
        label="Instance", queryset=Body.objects.none(), required=False, empty_label="Toutes"
    )
    annee = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    action = forms.ModelChoiceField(
        label="Action", queryset=Action.objects.none(), required=False, empty_label="Toutes"
    )
    structure = forms.CharField(label="Structure (porteur)", required=False, max_length=200)

    def __init__(self, *args: Any, cite: CiteEducative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instance"].queryset = Body.objects.filter(cite=cite)  # type: ignore[attr-defined]
        self.fields["action"].queryset = Action.objects.filter(  # type: ignore[attr-defined]
            cite=cite, decision_records__isnull=False
        ).distinct()
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "fr-select" if is_select else "fr-input"

    def apply(self, records: Any) -> Any:
        if not self.is_valid():
            return records
        data = self.cleaned_data
        if data["q"]:
            records = records.filter(text__icontains=data["q"])
        if data["instance"]:
            records = records.filter(meeting__body=data["instance"])
        if data["annee"]:
            records = records.filter(meeting__starts_at__year=data["annee"])
        if data["action"]:
            records = records.filter(Q(actions=data["action"]) | Q(requests__action=data["action"]))
        if data["structure"]:
            name = data["structure"]
            records = records.filter(
                Q(actions__porteurs__name__icontains=name)
                | Q(requests__applicant__name__icontains=name)
            )
        return records.distinct()
