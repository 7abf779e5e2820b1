from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from citeduc.governance.models import (
    Amendment,
    Attendance,
    Body,
    BodyMember,
    DecisionRecord,
    Document,
    Meeting,
)


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cite", "kind", "qpv", "frequency", "is_active"]
    list_filter = ["kind", "cite"]
    inlines = [BodyMemberInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "is_demo", "convoked_at"]
    list_filter = ["status", "body__kind", "body__cite"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(DecisionRecord)
class DecisionRecordAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "amount"]
    list_filter = ["kind", "meeting__body__cite"]
    raw_id_fields = ["meeting", "actions", "requests", "funding_decisions"]


@admin.register(Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cite", "status", "submitted_on", "answered_on", "transmitted_on"]
    list_filter = ["status", "cite"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cite", "year", "kind", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "year", "cite"]
    raw_id_fields = ["meeting", "decision", "request", "amendment", "uploaded_by"]
