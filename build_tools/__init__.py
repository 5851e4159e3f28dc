"""Gesprekskit: conversation kits in YAML become an offline guide site and printable sheets."""

__version__ = "0.1.0"
