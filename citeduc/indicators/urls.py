from django.urls import path

from citeduc.indicators import views

app_name = "indicators"

C = "cites/<slug:slug>/"
IND = C + "indicateurs/<int:pk>/"
P = C + "protocole-evaluation/"

urlpatterns = [
    path(C + "indicateurs/", views.indicator_list, name="indicator_list"),
    path(C + "indicateurs/nouveau/", views.indicator_edit, name="indicator_create"),
    path(C + "indicateurs/catalogue/", views.catalogue_install, name="catalogue_install"),
    path(IND, views.indicator_detail, name="indicator_detail"),
    path(IND + "modifier/", views.indicator_edit, name="indicator_edit"),
    path(IND + "mesures/", views.measurement_entry, name="measurement_entry"),
    path(P, views.protocol, name="protocol"),
    path(P + "protocole.pdf", views.protocol_pdf, name="protocol_pdf"),
    path(P + "protocole.docx", views.protocol_docx, name="protocol_docx"),
    path(P + "gouvernance/", views.protocol_edit, name="protocol_edit"),
    path(P + "preremplir/", views.protocol_prefill, name="protocol_prefill"),
    path(P + "objectifs/<int:pk>/", views.objective_evaluation_edit, name="objective_evaluation"),
    path(C + "tableau-de-bord/<int:year>/", views.dashboard, name="dashboard"),
    path(C + "tableau-de-bord/<int:year>/recalculer/", views.derive, name="derive"),
]
