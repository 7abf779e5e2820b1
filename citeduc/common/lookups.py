"""`__in` on an integer column, safe with numbers no column can hold.

Django already turns `id=99999999999999999999` into "no row" (its integer `exact`, `gt`, … lookups
check the column's range), but not `id__in=[…]`: SQLite then fails to bind the number and the
request ends in a server error. A model form with a multiple choice sends exactly that lookup
with what the user posted. An id beyond the column's range names no row, so it is dropped; an
empty list is no row at all, as Django does for `__in=[]`."""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
