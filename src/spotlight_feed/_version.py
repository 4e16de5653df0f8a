"""The package version, alone, so that no module needs to import the package face."""

__version__ = "0.1.0"
