"""TIP Kiosk: an offline desktop kiosk for the Trauma-Informed Practice learning programme."""

__version__ = "0.1.0"
