"""The web app: JSON API and pages over a store (`dateline serve`)."""

from .app import create_app

__all__ = ["create_app"]
