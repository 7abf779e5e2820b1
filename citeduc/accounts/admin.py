from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from citeduc.accounts.models import ApiToken, LoginEvent, Membership, Notification, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cite"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_national", "is_staff", "is_active"]
    list_filter = ["is_national", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("full_name",)}),
        ("Droits", {"fields": ("is_active", "is_national", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "cite", "role", "created_at"]
    list_filter = ["role", "cite"]
    search_fields = ["user__email", "cite__name"]
    autocomplete_fields = ["user", "cite"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    readonly_fields = ["key_hash", "created_at", "last_used_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "created_at", "read_at"]
    list_select_related = ["user"]
    search_fields = ["subject", "user__email"]
    raw_id_fields = ["user"]


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """The login journal, read-only: it is written by the login code alone."""

    list_display = ["at", "kind", "email", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = ["user", "email", "kind", "ip_address", "user_agent", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
