from django.urls import path

from citeduc.national import views

app_name = "national"

IND = "national/indicateurs/"
REV = "national/revues/"

urlpatterns = [
    path(IND, views.indicator_list, name="indicator_list"),
    path(IND + "<str:code>/", views.indicator, name="indicator"),
    path(IND + "<str:code>/export.csv", views.indicator_csv, name="indicator_csv"),
    path(IND + "<str:code>/export.xlsx", views.indicator_xlsx, name="indicator_xlsx"),
    path(REV, views.review_list, name="review_list"),
    path(REV + "questionnaire.csv", views.review_csv, name="review_csv"),
    path(REV + "questionnaire.json", views.review_json, name="review_json"),
]
