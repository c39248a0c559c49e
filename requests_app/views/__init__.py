"""Pages of on-request disclosure, one module per audience and job.

- :mod:`~requests_app.views.public`: filing, tracking with the reply files, cases;
- :mod:`~requests_app.views.staff`: dashboard, registration, analysis, letters;
- :mod:`~requests_app.views.workbench`: one application's page and its steps.

Views are thin: authorise, parse the form, call one service or selector, render.
"""
