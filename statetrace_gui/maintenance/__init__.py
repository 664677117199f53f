"""The Maintenance tab: site database health, on-demand steps, the in-app nightly timer and the OS schedule."""

from statetrace_gui.maintenance.tab import MaintenanceTab

__all__ = ["MaintenanceTab"]
