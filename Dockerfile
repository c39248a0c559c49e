FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk curl libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
# collectstatic needs settings that load; these values are not used at run time.
RUN DEBUG=0 SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R portal:portal /app/media

USER portal
EXPOSE 8000
# Bind, workers and the access log (query strings masked) are in portal/gunicorn_conf.py
#. The client tools let `manage.py backup`/`restore` run inside.
CMD ["gunicorn", "-c", "python:portal.gunicorn_conf", "portal.wsgi:application"]
