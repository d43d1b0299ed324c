"""Secrets and client data in text: what is found (sans-IO), for the redactor to hide."""

from detectors.base import Category, Detector, Finding
from detectors.scanner import Scanner, default_scanner, known_names

__all__ = ["Category", "Detector", "Finding", "Scanner", "default_scanner", "known_names"]
