from django.urls import re_path

from catalog.views import thumbnail

urlpatterns = [
    # A global ID is base64: it may hold "+", "/" and "=".
    re_path(
        r"^thumbnail/(?P<instance_id>[A-Za-z0-9+/=_-]+?)/(?P<size>\d+)/(?:(?P<format>[a-zA-Z]+)/)?$",
        thumbnail,
        name="thumbnail",
    ),
]
