"""The shared 三审三校 publishing mechanism: review workflow, proofreading, scheduling,
withdrawal and the one visibility rule, for any model that subclasses ``Publishable``."""
