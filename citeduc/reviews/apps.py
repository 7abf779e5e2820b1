from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "citeduc.reviews"
    verbose_name = "Revue annuelle de projet"
