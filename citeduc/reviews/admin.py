from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from citeduc.reviews.models import AnnualReview, ChecklistPiece


@admin.register(AnnualReview)
class AnnualReviewAdmin(SimpleHistoryAdmin):
    list_display = ["cite", "year", "status", "transmitted_on"]
    list_filter = ["status", "year"]
    readonly_fields = ["status", "transmitted_on", "transmitted_by"]


@admin.register(ChecklistPiece)
class ChecklistPieceAdmin(SimpleHistoryAdmin):
    list_display = ["cite", "year", "item", "sent_on", "original_name"]
    list_filter = ["item", "year"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by"]
