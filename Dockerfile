FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      fonts-noto-cjk fonts-noto-core fonts-tibetan-machine libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY infra infra
COPY catalog catalog
COPY storefront storefront
COPY showroom showroom
COPY manage.py ./
RUN pip install --no-cache-dir .
ENV DJANGO_SETTINGS_MODULE=infra.settings.production
EXPOSE 8000
CMD ["gunicorn", "infra.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
