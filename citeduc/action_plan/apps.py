from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "citeduc.action_plan"
    verbose_name = "Stratégie et plan d'actions"
