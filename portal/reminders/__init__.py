"""Reminders shared by every app: a sent-marker per record and threshold, and a sweep.

An app selects its due records by *state* (e.g. due within 5 working days), names the
threshold each has reached, and hands both to :func:`portal.reminders.sweep.sweep`
with a send function. The unique ``ReminderSent`` row claims the reminder before it is
sent, so a task that runs twice, or a day late, sends each reminder once.
"""
