# Maek in production: gunicorn behind your TLS proxy, static files served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/app/media

WORKDIR /app

# gettext: compilemessages turns the committed .po catalogues into .mo files.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system maek \
    && useradd --system --gid maek --home-dir /app --shell /usr/sbin/nologin maek

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Build-time only values: settings refuse to start without a key and hosts when DEBUG is off.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DEBUG=0 \
        python manage.py collectstatic --no-input \
    && if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
        SECRET_KEY=compilemessages-only ALLOWED_HOSTS=localhost DEBUG=0 \
        python manage.py compilemessages --ignore=staticfiles --ignore=static; fi \
    && mkdir -p /app/media \
    && chown -R maek:maek /app/media

USER maek

EXPOSE 8000

# Migrations run on start, then gunicorn replaces the shell (signals reach it).
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile - --error-logfile -"]
