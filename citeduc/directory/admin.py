from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from citeduc.directory.models import Organisation, Public, Scheme, Service, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "category"]
    search_fields = ["label", "code"]


@admin.register(Public)
class PublicAdmin(admin.ModelAdmin):
    list_display = ["label", "code"]
    search_fields = ["label", "code"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "cite", "updated_on", "merged_into"]
    list_select_related = ["cite", "merged_into"]
    list_filter = ["kind", "cite"]
    search_fields = ["name", "acronym", "siret", "external_id"]
    autocomplete_fields = ["commune", "merged_into", "editors"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "status", "age_min", "age_max", "updated_on"]
    list_select_related = ["organisation"]
    list_filter = ["status", "type", "organisation__cite"]
    search_fields = ["name", "external_id", "organisation__name"]
    autocomplete_fields = ["organisation", "commune"]
    filter_horizontal = ["themes", "publics", "qpvs"]
    readonly_fields = ["search_text"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "cite"]
    list_filter = ["cite"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["porteurs", "qpvs", "services"]
