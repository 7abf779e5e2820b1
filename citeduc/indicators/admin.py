from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from citeduc.indicators.models import (
    EvaluationProtocol,
    Indicator,
    Measurement,
    ObjectiveEvaluation,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "cite", "kind", "unit", "reported_by"]
    list_filter = ["kind", "unit", "cite"]
    search_fields = ["code", "name"]
    filter_horizontal = ["objectives"]
    raw_id_fields = ["actions"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "qpv", "sex", "age_band", "value", "origin"]
    list_filter = ["origin", "period_kind", "year"]
    list_select_related = ["indicator", "qpv"]
    raw_id_fields = ["indicator", "entered_by"]


@admin.register(EvaluationProtocol)
class EvaluationProtocolAdmin(SimpleHistoryAdmin):
    list_display = ["cite", "evaluator", "adjusted_on"]


@admin.register(ObjectiveEvaluation)
class ObjectiveEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["objective", "calendar"]
    list_select_related = ["objective"]
