"""A user's roles: defined with the Cité they are held in (``territory.enums``), named here too
because every app that asks "who is this user" reads them from accounts."""

from citeduc.territory.enums import MANAGER_ROLES, PILOT_ROLES, Role

__all__ = ["MANAGER_ROLES", "PILOT_ROLES", "Role"]
