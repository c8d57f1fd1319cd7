"""A bare Django "fortunes" page (TechEmpower style: one query on a small table, one template with a loop), mounted
by benchmarks/load_settings.py beside the product's URLs so that benchmarks/load.py measures Django's own ceiling
under the same gunicorn, settings and middleware as the product's pages. Never part of the product's URLs."""
