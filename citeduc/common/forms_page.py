from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


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


def saved(request: HttpRequest, message: str, url: str) -> HttpResponse:
    """After a successful write: say so, then go where the user can see the result."""
    messages.success(request, message)
    return redirect(url)
