from django.urls import path

from citeduc.action_plan import views

app_name = "action_plan"

P = "cites/<slug:slug>/plan/"

urlpatterns = [
    path(P, views.plan_grid, name="grid"),
    path(P + "actions/", views.action_list, name="action_list"),
    path(P + "actions/nouvelle/", views.action_edit, name="action_create"),
    path(P + "actions/<int:pk>/", views.action_detail, name="action_detail"),
    path(P + "actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path(P + "quartiers/<str:code>/", views.qpv_plan, name="qpv_plan"),
    path(P + "couverture/", views.coverage, name="coverage"),
    path(P + "reconduire/", views.carry_over_view, name="carry_over"),
    path(P + "axes/nouveau/", views.axis_edit, name="axis_create"),
    path(P + "axes/<int:pk>/modifier/", views.axis_edit, name="axis_edit"),
    path(P + "objectifs/nouveau/", views.objective_edit, name="objective_create"),
    path(P + "objectifs/<int:pk>/modifier/", views.objective_edit, name="objective_edit"),
    path(P + "priorites/nouvelle/", views.priority_edit, name="priority_create"),
    path(P + "priorites/<int:pk>/modifier/", views.priority_edit, name="priority_edit"),
    path(P + "export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(P + "export.csv", views.export_csv, name="export_csv"),
]
