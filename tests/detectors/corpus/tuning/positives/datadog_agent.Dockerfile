FROM python:3.12-slim@sha256:59a8e2d57df35523c1b1fe412dbd2fab997d0bb49c9f385099b4b07623efe48b
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt ddtrace==2.8.5
COPY . .
ENV DD_SERVICE=checkout DD_ENV=prod DD_VERSION=4.1.0
ENV DD_API_KEY=⟦datadog_key/api_key:57204321887a1202011362b3e9696c7e⟧
CMD ["ddtrace-run", "gunicorn", "app:server", "-b", "0.0.0.0:8000"]
