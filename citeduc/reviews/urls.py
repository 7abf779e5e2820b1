from django.urls import path

from citeduc.reviews import views

app_name = "reviews"

C = "cites/<slug:slug>/"
R = C + "revues/<int:year>/"
D = C + "delegation-des-credits/<int:year>/"

urlpatterns = [
    path(C + "revues/", views.review_list, name="review_list"),
    path(R, views.review, name="review"),
    path(R + "ouvrir/", views.review_open, name="review_open"),
    path(R + "figer/", views.review_freeze, name="review_freeze"),
    path(R + "reunion/", views.review_meeting, name="review_meeting"),
    path(R + "parties/<slug:part>/", views.review_answer, name="review_answer"),
    path(R + "valider/", views.review_validate, name="review_validate"),
    path(R + "transmettre/", views.review_transmit, name="review_transmit"),
    path(R + "revue.html", views.review_html, name="html"),
    path(D, views.delegation, name="delegation"),
    path(D + "pieces/nouvelle/", views.piece_add, name="piece_add"),
    path(D + "pieces/<int:pk>/", views.piece_download, name="piece"),
]
