"""Rate limits of the public filing and tracking (HTML forms and API share them).

Only an accepted filing and a failed tracking look-up count; a refusal says how long to
wait and where to call (the office phone from site settings).
"""

from __future__ import annotations

from portal.selectors import get_site_settings
from portal.throttles import RateLimit, Refusal


class FilingThrottle(RateLimit):
    def __init__(self) -> None:
        super().__init__("filing")


class TrackingThrottle(RateLimit):
    def __init__(self) -> None:
        super().__init__("tracking")


def refusal_message(refusal: Refusal, *, action: str) -> str:
    """Return the Chinese refusal: how long to wait and the office's phone number."""
    message = f"{action}过于频繁，请{refusal.wait_text}后再试。"
    phone = get_site_settings().contact_phone
    if phone:
        return message + f"如需帮助，请致电政务公开办公室：{phone}。"
    return message + "如需帮助，请联系政务公开办公室。"
