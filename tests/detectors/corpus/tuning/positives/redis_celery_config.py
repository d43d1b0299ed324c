# celeryconfig.py
broker_url = "amqp://celery:⟦url_password/amqp:By8bxn6EVkXhMkQZnafd8w16vUhA6ahy⟧@rabbitmq.acme.internal:5672/tasks"
result_backend = "redis://:⟦url_password/redis:WhhzHjvN3musJiHHHfKs2uNrOt1D⟧@redis-master.acme.internal:6379/2"
task_serializer = "json"
result_expires = 3600
worker_prefetch_multiplier = 1
timezone = "Europe/Amsterdam"
