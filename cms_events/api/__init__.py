"""The read API: published events, their dates, venues, organisers, themes and audiences as
JSON, with an OpenAPI document (`urls.py` mounts it at /api/v1/)."""
