from django.contrib import admin

from citeduc.territory.models import CiteEducative, Commune, Establishment, Qpv


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code"]
    search_fields = ["name", "insee_code"]


@admin.register(Qpv)
class QpvAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "commune", "population"]
    list_select_related = ["commune"]
    search_fields = ["code", "name"]
    list_filter = ["commune"]


@admin.register(CiteEducative)
class CiteEducativeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "label_start", "label_end", "lead_college"]
    list_select_related = ["lead_college"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communes", "qpvs"]
    autocomplete_fields = ["lead_college"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "uai",
        "priority_education",
        "sector",
        "qpv",
        "cite",
        "cite_role",
    ]
    list_select_related = ["qpv", "cite"]
    list_filter = ["kind", "priority_education", "sector", "cite"]
    search_fields = ["name", "uai"]
    autocomplete_fields = ["commune", "qpv", "cite"]
