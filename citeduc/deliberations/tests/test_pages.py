"""The sitting, deliberation and data-entry pages on the seed's sitting."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citeduc.accounts.models import Membership, User
from citeduc.deliberations.models import Attendance, Councillor, Deliberation, Proxy, Sitting
from citeduc.demo.loading import DemoResult
from citeduc.territory.models import CiteEducative

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(demo: DemoResult) -> Sitting:
    return Sitting.objects.get()


def editor() -> User:
    user = User.objects.create_user("ville@example.org", "mot-de-passe-long-2024")
    Membership.objects.create(
        user=user, cite=CiteEducative.objects.get(slug="besancon"), role="pilote_ville"
    )
    return user


class TestOnTheSeedSitting:
    """The seed's sitting of 12 December 2024, loaded once with the demo for these tests."""

    def test_sitting_grid_and_counts(self, client: Client, seed: Sitting) -> None:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("deliberations:sitting_detail", args=[seed.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        assert '<th scope="row">n° 42</th><td>45</td><td>9</td><td>1</td>' in page
        assert '<th scope="row">n° 1</th><td>35</td><td>13</td><td>7</td>' in page
        assert page.count("<td>R</td>") > 0 and "Mme Anne VIGNOT" in page
        assert len(queries) < 15  # the grid is computed in memory, not with a query per cell

    def test_deliberation_page_names_everybody(self, client: Client, seed: Sitting) -> None:
        deliberation = Deliberation.objects.get()
        page = client.get(reverse("deliberations:deliberation_detail", args=[deliberation.pk]))
        text = page.content.decode()
        assert "Mme Nadia GARNIER" in text  # the one absent without proxy
        assert "M. André TERZO, par Mme Anne BENEDETTO" in text
        assert "sont conformes" in text and "adoptée" in text
        assert "Cité éducative de Besançon" in text

    def test_a_second_proxy_to_the_same_holder_is_refused_and_keeps_the_input(
        self, client: Client, seed: Sitting
    ) -> None:
        client.force_login(editor())
        url = reverse("deliberations:proxy_create", args=[seed.pk])
        holder = Councillor.objects.get(key="elise aebischer")  # holds BERTAGNOLI's proxy
        giver = Councillor.objects.get(key="nadia garnier")
        response = client.post(url, {"giver": giver.pk, "holder": holder.pk, "first_item": "40"})
        assert response.status_code == 400
        assert "un seul pouvoir" in response.content.decode()
        assert 'value="40"' in response.content.decode()
        assert Proxy.objects.count() == 16
        other = Councillor.objects.get(key="myriam lemercier")  # holds BAILLY's until 20 only
        response = client.post(url, {"giver": giver.pk, "holder": other.pk, "first_item": "21"})
        assert response.status_code == 302 and Proxy.objects.count() == 17
        deliberation = Deliberation.objects.get()
        page = client.get(reverse("deliberations:deliberation_detail", args=[deliberation.pk]))
        assert "R-DELIB-3" in page.content.decode()  # 55 voters now, 54 votes declared

    def test_attendance_form_refuses_a_range_for_an_absent(
        self, client: Client, seed: Sitting
    ) -> None:
        client.force_login(editor())
        url = reverse("deliberations:sitting_attendance", args=[seed.pk])
        form = client.get(url).context["form"]
        data = {
            name: field.initial if field.initial is not None else ""
            for name, field in form.fields.items()
        }
        garnier = Councillor.objects.get(key="nadia garnier")
        data[f"first_{garnier.pk}"] = "3"
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Un absent n&#x27;a pas de plage" in response.content.decode()
        data[f"presence_{garnier.pk}"] = "present"
        assert client.post(url, data).status_code == 302
        assert Attendance.objects.get(councillor=garnier).first_item == 3

    def test_a_sitting_convoked_after_it_is_held_is_refused(
        self, client: Client, seed: Sitting
    ) -> None:
        client.force_login(editor())
        url = reverse("deliberations:sitting_create", args=[seed.council_id])
        chair = Councillor.objects.get(key="anne vignot")
        response = client.post(
            url,
            {
                "date": "2025-02-03",
                "convoked_on": "2025-02-10",
                "chair": chair.pk,
                "convocation": 1,
                "members_in_office": 55,
                "last_item": 30,
            },
        )
        assert response.status_code == 400 and "La convocation précède" in response.content.decode()
        assert Sitting.objects.count() == 1

    def test_a_chair_of_another_council_cannot_be_chosen(
        self, client: Client, seed: Sitting
    ) -> None:
        client.force_login(editor())
        other = Councillor.objects.create(council=seed.council, name="Temp", civility="M.")
        other.delete()
        response = client.post(
            reverse("deliberations:sitting_create", args=[seed.council_id]),
            {
                "date": "2025-02-03",
                "chair": 999999,
                "convocation": 1,
                "members_in_office": 55,
                "last_item": 3,
            },
        )
        assert response.status_code == 400

    def test_a_written_proxy_is_checked_and_kept_for_the_register_only(
        self, client: Client, seed: Sitting
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(editor())
        url = reverse("deliberations:proxy_create", args=[seed.pk])
        giver = Councillor.objects.get(key="nadia garnier")
        holder = Councillor.objects.get(key="myriam lemercier")
        data = {"giver": giver.pk, "holder": holder.pk, "first_item": "21"}
        fake = SimpleUploadedFile("pouvoir.pdf", b"not a pdf at all")
        response = client.post(url, {**data, "document": fake})
        assert response.status_code == 400 and Proxy.objects.count() == 16
        pdf = SimpleUploadedFile("pouvoir.pdf", b"%PDF-1.4 pouvoir signe")
        assert client.post(url, {**data, "document": pdf}).status_code == 302
        proxy = Proxy.objects.get(giver=giver)
        assert "pouvoir" not in str(proxy.document.name)  # an unguessable stored name
        download = reverse("deliberations:proxy_document", args=[proxy.pk])
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 pouvoir signe"  # type: ignore[attr-defined]
        client.logout()
        assert client.get(download).status_code == 302  # not for the public
