"""Demo data of supervision (idempotent)."""

from __future__ import annotations


def seed_demo_supervision() -> str:
    return "督导考核：待补充"
