from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from citeduc.common.uploads import check_data_file
from citeduc.territory.models import CiteEducative


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252), XLSX ou ODS.",
    )

    def __init__(
        self, *args: Any, cite: CiteEducative | None, with_year: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_year and cite is not None:
            years = cite.label_years()
            self.fields["year"] = forms.TypedChoiceField(
                label="Année importée",
                choices=[(y, str(y)) for y in years],
                coerce=int,
                initial=max(years),
                help_text="Les lignes du fichier deviennent la programmation de cette année.",
            )
            self.order_fields(["year", "file"])

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_data_file(upload)
        return upload
