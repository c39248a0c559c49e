"""Writes of public interaction, one module per part."""

from __future__ import annotations
