"""Partner provinces' monthly settlement: statements of their channel's orders (gross,
refunds, commission, net due) as CSV and XLSX, issued by a Celery beat job on the 1st, and
downloaded by the partner's app through signed links."""
