"""A net goods handbook's public outputs: the printed PDF and the shop data package (ZIP).

`sheets` reads what they show (public data only), `pdf` and `package` render it, `services`
stores the files, and `schedule` queues the Celery tasks (catalog/tasks.py) that call it.
"""
