"""The national level: every Cité at once, for the national coordination (ANCT, ministries).

The top of the apps (see docs/architecture.md): it reads funding, indicators and reviews; no
feature app reads it. Rollups of children counts are masked here as everywhere (R-EVAL-3)."""
