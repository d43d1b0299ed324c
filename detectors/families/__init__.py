"""The detectors by family of provider, one small declarative class per format; the catalog
(`detectors/catalog.py`) lists them in the order ties are settled."""
