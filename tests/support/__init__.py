"""Helpers shared by the test modules: data builders, the access matrix's vocabulary, the
browser's log-in and axe-core checks. Fixtures that use them live in the conftest files."""
