from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    cancel_url: str,
    intro: str = "",
    submit_label: str = "Enregistrer",
) -> HttpResponse:
    """One page, one form: what every edit view shows, with what the user typed kept on error."""
    return render(
        request,
        "layout/form_page.html",
        {
            "form": form,
            "page_title": title,
            "intro": intro,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
