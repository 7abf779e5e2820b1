from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from citeduc.funding.models import (
    Attachment,
    BudgetLine,
    Call,
    CreditDelegation,
    Decision,
    Envelope,
    FinancialReport,
    FundEntry,
    Funder,
    FundingPolicy,
    FundLedger,
    GrantRequest,
    Opinion,
    Payment,
    ReportLine,
    ReportReach,
    RequestedAmount,
    RequestEvent,
)


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class RequestedAmountInline(admin.TabularInline):
    model = RequestedAmount
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class OpinionInline(admin.TabularInline):
    model = Opinion
    extra = 0
    raw_id_fields = ["author"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    raw_id_fields = ["uploaded_by"]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "message"]
    can_delete = False


@admin.register(GrantRequest)
class GrantRequestAdmin(SimpleHistoryAdmin):
    list_display = ["action", "applicant", "year", "status", "is_demo"]
    list_select_related = ["action", "applicant"]
    list_filter = ["year", "status", "cite", "is_demo"]
    search_fields = ["action__title", "applicant__name"]
    autocomplete_fields = ["applicant"]
    raw_id_fields = ["action", "call"]
    inlines = [
        BudgetLineInline,
        RequestedAmountInline,
        OpinionInline,
        DecisionInline,
        AttachmentInline,
        RequestEventInline,
    ]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cite", "year", "opens_on", "closes_on"]
    list_filter = ["cite", "year"]
    filter_horizontal = ["objectives", "funders"]


class ReportLineInline(admin.TabularInline):
    model = ReportLine
    extra = 0


class ReportReachInline(admin.TabularInline):
    model = ReportReach
    extra = 0


@admin.register(FinancialReport)
class FinancialReportAdmin(SimpleHistoryAdmin):
    list_display = ["request", "submitted_on"]
    raw_id_fields = ["request"]
    inlines = [ReportLineInline, ReportReachInline]


class FundEntryInline(admin.TabularInline):
    model = FundEntry
    extra = 0


@admin.register(FundLedger)
class FundLedgerAdmin(SimpleHistoryAdmin):
    list_display = ["cite", "authorising_officer"]
    inlines = [FundEntryInline]


for model, columns in (
    (Funder, ["code", "name", "cite", "is_state", "siret"]),
    (Envelope, ["cite", "funder", "year", "amount"]),
    (Payment, ["decision", "amount", "date"]),
    (FundingPolicy, ["cite", "engineering_min_share", "report_gap_share"]),
    (
        CreditDelegation,
        ["cite", "year", "convention_sent_on", "protocol_sent_on", "review_sent_on"],
    ),
):
    admin.site.register(model, SimpleHistoryAdmin, list_display=columns)
