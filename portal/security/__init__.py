"""Content security headers, staff two-factor login and the security log (issue 14)."""
