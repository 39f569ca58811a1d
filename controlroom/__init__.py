"""controlroom: the monitoring desk of a commune police post's camera network."""

__version__ = "0.1.0"
