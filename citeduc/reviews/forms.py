from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from citeduc.common.uploads import ACCEPTED_LABEL, CheckedUploadMixin
from citeduc.governance.models import Meeting
from citeduc.reviews.enums import ChecklistItem
from citeduc.reviews.models import AnnualReview, ReviewAnswer
from citeduc.reviews.operations import review_meetings

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class ReviewMeetingForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["meeting", "other_participants", "cooperation", "pathways"]
        widgets = {
            "other_participants": TEXTAREA,
            "cooperation": TEXTAREA,
            "pathways": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = review_meetings(self.instance.cite, self.instance.year)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.empty_label = "Aucune réunion rattachée"


class ReviewAnswerForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ReviewAnswer
        fields = ["successes", "difficulties", "adjustments"]
        widgets = {name: TEXTAREA for name in fields}


class ChecklistPieceForm(CheckedUploadMixin, DsfrBaseForm):
    item = forms.ChoiceField(label="Pièce", choices=ChecklistItem.choices)
    sent_on = forms.DateField(
        label="Transmise à l'ANCT le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label="Document transmis",
        help_text=f"{ACCEPTED_LABEL} ; le contenu est vérifié, pas seulement le nom.",
    )
